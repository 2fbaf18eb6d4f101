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

    /// <summary>SIGXFSZ (25 on Linux), raised when a write goes over the file-size limit.</summary>
    public static readonly System.Runtime.InteropServices.PosixSignal SigXfsz = (System.Runtime.InteropServices.PosixSignal)25;

    /// <summary>The command tree; every command's action writes to the invocation's Output writer.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Fortress: plans, simulates and runs the journey of a special train.") { HelpName = "fortress" };
        root.Add(Commands.CliOptions.Limit());
        root.Add(Commands.RunCommand.Create());
        root.Add(Commands.PlanCommand.Create());
        root.Add(Commands.RouteCommand.Create());
        root.Add(Commands.ImportCommand.Create());
        root.Add(Commands.ScenarioCommand.Create());
        root.Add(Commands.ServeCommand.Create());
        root.Add(Commands.ReplayCommand.Create());
        root.Add(Commands.SimulateCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers (tests pass StringWriters).</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("Try 'fortress --help'.");
                return UserError;
            }
            var limits = parse.GetValue<string[]>("--limit") is { Length: > 0 } specs ? Commands.CliOptions.Limits(specs) : WorkLimits.Default;
            using (WorkLimits.Use(limits))
                return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (Exception ex)
        {
            return Report(ex, stderr);
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
                if (Environment.GetEnvironmentVariable("FORTRESS_TRACE") == "1") err.WriteLine(ex); // the stack, for the report
                return InternalError;
        }
    }
}
