using Fortress.Diagnostics;

namespace Fortress.Planning;

/// <summary>
/// The identity of a train in a plan: a convoy train's id from its scenario (default its role, numbered where a role
/// repeats: "pilot", "pilot-2"), or a regular train's id from its timetable. Ids are unique across every train of a
/// plan; a train's role is an attribute, never its identity. Case-sensitive; 1 to 64 characters of letters, digits and
/// <c>- _ . : /</c>.
/// </summary>
public readonly record struct TrainId : IComparable<TrainId>
{
    private readonly string? value;

    private TrainId(string value) => this.value = value;

    public string Value => value ?? "";

    /// <summary>The id of that text, or an error naming <paramref name="where"/> when it is not a valid id.</summary>
    public static TrainId Parse(string text, string where)
    {
        if (!IsValid(text)) throw new InvalidInputException(where, Explain(text));
        return new TrainId(text);
    }

    /// <summary>Whether <paramref name="text"/> is a valid id.</summary>
    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/');

    /// <summary>Why a text is not a valid id (for a problem message).</summary>
    public static string Explain(string? text) => text is null or ""
        ? "a train id must not be empty"
        : text.Length > 64 ? "a train id has at most 64 characters"
        : $"'{text}' is not a train id: use letters, digits and - _ . : / only";

    /// <summary>An id from code (a role name, a timetable's own id); throws on an invalid one.</summary>
    public static TrainId Of(string text) => IsValid(text) ? new TrainId(text) : throw new ArgumentException(Explain(text), nameof(text));

    public int CompareTo(TrainId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;
}
