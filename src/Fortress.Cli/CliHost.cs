using System.CommandLine;
using Fortress.Diagnostics;

namespace Fortress.Cli;

/// <summary>
/// Runs a command and maps errors to exit codes: 0 success, 2 bad input or an infeasible request (every problem
/// printed on its own line, no stack trace), 1 an internal fault.
/// </summary>
internal static class CliHost
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int UserError = 2;

    public static int Invoke(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("Try 'fortress --help'.");
            return UserError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return Report(ex, Console.Error);
        }
    }

    /// <summary>Prints an error for people and returns its exit code.</summary>
    public static int Report(Exception ex, TextWriter err)
    {
        switch (ex)
        {
            case InvalidInputException inv:
                err.WriteLine(inv.Problems.Count == 1 ? "error: invalid input" : $"error: invalid input ({inv.Problems.Count} problems)");
                foreach (var p in inv.Problems) err.WriteLine($"  {p}");
                return UserError;
            case FortressException fe when fe.Cause == ErrorCause.User:
                err.WriteLine($"error ({fe.Code}): {fe.Message}");
                return UserError;
            case FileNotFoundException fnf:
                err.WriteLine($"error: file not found: {fnf.FileName ?? fnf.Message}");
                return UserError;
            case DirectoryNotFoundException dnf:
                err.WriteLine($"error: {dnf.Message}");
                return UserError;
            case UnauthorizedAccessException ua:
                err.WriteLine($"error: {ua.Message}");
                return UserError;
            default:
                err.WriteLine($"internal error ({ex.GetType().Name}): {ex.Message}");
                err.WriteLine("This is a fault in Fortress; please report it with the command you ran.");
                return InternalError;
        }
    }
}
