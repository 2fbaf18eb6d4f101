namespace Fortress.Diagnostics;

/// <summary>One thing wrong with an input, and where: a file and line, an element id, a field path.</summary>
/// <param name="Where">The place, e.g. "paths/broken.yaml:12" or "train.formation[3]".</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
public sealed record Problem(string Where, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Where) ? Message : $"{Where}: {Message}";
}

/// <summary>Whether an error is the user's to fix (CLI exit 2, HTTP 400) or a fault of Fortress (exit 1, HTTP 500).</summary>
public enum ErrorCause { User, Internal }

/// <summary>Base of every error Fortress raises on purpose. Carries a stable code and its cause.</summary>
public class FortressException : Exception
{
    public FortressException(string code, ErrorCause cause, string message, Exception? inner = null) : base(message, inner)
    {
        Code = code;
        Cause = cause;
    }

    /// <summary>A stable, machine-readable code such as "input.invalid" or "run.stall".</summary>
    public string Code { get; }

    public ErrorCause Cause { get; }
}

/// <summary>
/// Input that cannot be used, with every problem found (not just the first). Raised before anything is
/// computed or written, so a caller never sees a half-read input.
/// </summary>
public sealed class InvalidInputException : FortressException
{
    public InvalidInputException(IReadOnlyList<Problem> problems)
        : base("input.invalid", ErrorCause.User, Describe(problems))
    {
        if (problems.Count == 0) throw new ArgumentException("at least one problem is required", nameof(problems));
        Problems = problems;
    }

    public InvalidInputException(string where, string message) : this([new Problem(where, message)]) { }

    public IReadOnlyList<Problem> Problems { get; }

    private static string Describe(IReadOnlyList<Problem> problems) =>
        problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems:\n" + string.Join("\n", problems);
}

/// <summary>A request that is well-formed but physically or operationally impossible (a train that cannot climb a gradient, a marker it cannot reach).</summary>
public sealed class InfeasibleException : FortressException
{
    public InfeasibleException(string code, string message) : base(code, ErrorCause.User, message) { }
}

/// <summary>Collects problems while reading or validating, then throws them all at once.</summary>
public sealed class ProblemList
{
    private readonly List<Problem> problems = [];

    public int Count => problems.Count;
    public IReadOnlyList<Problem> Items => problems;

    public void Add(string where, string message) => problems.Add(new Problem(where, message));

    public void AddRange(IEnumerable<Problem> more) => problems.AddRange(more);

    /// <summary>Throws an <see cref="InvalidInputException"/> naming every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (problems.Count > 0) throw new InvalidInputException(problems.ToArray());
    }
}
