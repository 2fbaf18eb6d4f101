using Spectre.Console;

namespace Fortress.Cli.Commands;

/// <summary>
/// Runs a long job with a Spectre.Console progress bar on standard error when it is a terminal; silently otherwise
/// (so redirected output and tests stay clean).
/// </summary>
internal static class ConsoleProgress
{
    public static T Run<T>(string title, Func<IProgress<(string Stage, double Fraction)>?, T> job)
    {
        if (Console.IsErrorRedirected) return job(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(title, maxValue: 1.0);
            result = job(new Reporter(task));
            task.Value = 1.0;
        });
        return result;
    }

    private sealed class Reporter(ProgressTask task) : IProgress<(string Stage, double Fraction)>
    {
        public void Report((string Stage, double Fraction) value)
        {
            task.Description = value.Stage;
            task.Value = Math.Clamp(value.Fraction, 0, 1);
        }
    }
}
