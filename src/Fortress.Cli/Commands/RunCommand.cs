using System.CommandLine;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress run</c>: the running-time calculation of one train over one path.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo?>("--train") { Description = "Train file: railtoolkit rolling-stock YAML (schema 2022.05) or Fortress train JSON. Default: the built-in armoured state train." };
        var path = new Option<FileInfo?>("--path") { Description = "Path file: railtoolkit running-path YAML (schema 2022.05) or Fortress path JSON. Default: the built-in arrival at Vladivostok with a red-carpet stop." };
        var format = new Option<string>("--format") { Description = "Output: table (for people), json or csv (samples).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var allowance = new Option<double>("--allowance") { Description = "Running-time allowance in per cent of the minimum running time (0 to 100).", DefaultValueFactory = _ => 0 }
            .InRange(Fortress.Diagnostics.Plausible.AllowancePercent);
        var margin = new Option<double>("--margin") { Description = "Extra time margin in seconds, spread over the sections between stops (0 to 86400).", DefaultValueFactory = _ => 0 }
            .InRange(Fortress.Diagnostics.Plausible.MarginSeconds);
        var distribution = new Option<string>("--distribution") { Description = "How an allowance is spread: linear (all speeds scaled) or ceiling (lower cruising speed).", DefaultValueFactory = _ => "linear" };
        distribution.AcceptOnlyFromAmong("linear", "ceiling");
        var gradient = new Option<string?>("--gradient-model") { Description = "Where gradients act: train-length (averaged, Fortress default) or mass-point (at the front; the default for railtoolkit paths)." };
        gradient.AcceptOnlyFromAmong("train-length", "mass-point");
        var integration = new Option<string>("--integration") { Description = "accurate (RK4, converged; default) or reference (20 m explicit steps as in TrainRuns.jl, to compare like for like).", DefaultValueFactory = _ => "accurate" };
        integration.AcceptOnlyFromAmong("accurate", "reference");
        var step = new Option<double?>("--profile-step") { Description = "Resample the profile every N metres, 0.01 to 100000 (default: every envelope point); at most --limit profileSamples samples." }
            .InRange(Fortress.Diagnostics.Plausible.ProfileStep);

        var cmd = new Command("run", "Running-time calculation: speed, time and energy along a path (envelope pipeline).")
        {
            train, path, format, allowance, margin, distribution, gradient, integration, step,
        };
        cmd.SetAction(parse =>
        {
            var input = RunInputs.Load(parse.GetValue(train)?.FullName, parse.GetValue(path)?.FullName);
            var profileStep = parse.GetValue(step) is { } s ? Length.FromMeters(s) : (Length?)null;
            if (profileStep is { } ps)
                Fortress.Diagnostics.WorkLimits.Check("--profile-step", "profileSamples", "profile samples (path length / step)",
                    input.Path.Length.Meters / ps.Meters, Fortress.Diagnostics.WorkLimits.Current.ProfileSamples);
            var model = parse.GetValue(gradient) switch
            {
                "mass-point" => GradientModel.MassPoint,
                "train-length" => GradientModel.TrainLength,
                _ => input.Convention,
            };
            var options = RunOptions.Default with
            {
                GradientModel = model,
                Integration = parse.GetValue(integration) == "reference" ? IntegrationScheme.Reference : IntegrationScheme.Accurate,
                Allowance = new Allowance(parse.GetValue(allowance), Duration.FromSeconds(parse.GetValue(margin)),
                    parse.GetValue(distribution) == "ceiling" ? AllowanceDistribution.SpeedCeiling : AllowanceDistribution.Linear),
            };
            var result = RunningTimeCalculator.Run(input.Consist, input.Path, options);
            var text = parse.GetValue(format) switch
            {
                "json" => RunOutput.Json(result, input.Consist, options, profileStep),
                "csv" => RunOutput.Csv(result, profileStep),
                _ => RunOutput.Table(result, input.Consist, options),
            };
            parse.InvocationConfiguration.Output.Write(text);
            return CliHost.Ok;
        });
        return cmd;
    }
}
