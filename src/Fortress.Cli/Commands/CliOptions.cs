using System.CommandLine;
using System.CommandLine.Parsing;
using Fortress.Diagnostics;

namespace Fortress.Cli.Commands;

/// <summary>Checks shared by the commands' options: numbers in their plausible ranges, the <c>--limit</c> option.</summary>
internal static class CliOptions
{
    /// <summary>
    /// Refuses, at parse time (exit 2 with the option named), a value outside <paramref name="range"/>: NaN, infinities,
    /// 1e308 and negative values where none make sense.
    /// </summary>
    public static T InRange<T>(this T option, PlausibleRange range) where T : Option
    {
        option.Validators.Add(result =>
        {
            // The token's own text: a value that is not a number at all is the parser's to report (never an exception here).
            if (result.Tokens.Count == 0) return;
            if (double.TryParse(result.Tokens[^1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
                && range.Problem(v) is { } p)
                result.AddError($"{option.Name} {p}");
        });
        return option;
    }

    /// <summary>
    /// <c>--limit NAME=VALUE</c> (repeatable, on every command): raises or lowers one of the work limits
    /// (<see cref="WorkLimits"/>, docs/decisions/0015) for this run.
    /// </summary>
    public static Option<string[]> Limit() => new("--limit")
    {
        Description = "Change a work limit for this run, e.g. --limit generatedTrains=50000 (repeatable). Limits: " + string.Join(", ", WorkLimits.Names) + "; defaults in docs/decisions/0015-work-limits.md.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "NAME=VALUE",
    };

    /// <summary>The limits <c>--limit</c> asks for, on top of the defaults; every bad one is a problem at once.</summary>
    public static WorkLimits Limits(IReadOnlyList<string> specs)
    {
        var limits = WorkLimits.Default;
        var problems = new ProblemList();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { problems.Add($"--limit \"{spec}\"", $"expected NAME=VALUE, e.g. generatedTrains=50000; the limits are {string.Join(", ", WorkLimits.Names)}"); continue; }
            limits = limits.With(spec[..eq].Trim(), spec[(eq + 1)..].Trim(), $"--limit \"{spec}\"", problems);
        }
        problems.ThrowIfAny();
        return limits;
    }
}
