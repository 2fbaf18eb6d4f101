using System.CommandLine;
using System.Globalization;
using Fortress.Diagnostics;
using Fortress.Application;
using Fortress.IO.Contracts;
using Fortress.IO.Files;
using Fortress.Planning;
using Fortress.Simulation;
using Fortress.Views;
using Fortress.Units;

namespace Fortress.Cli.Commands;

/// <summary>
/// <c>fortress simulate</c>: plans a journey as <c>fortress plan</c> does, then simulates the plan as cleared with every
/// train on the line at once (signals, blocks, the trains' own physics), with unplanned holds and late starts, or runs a
/// Monte-Carlo study of ordinary delays.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario file (fortress.scenario/1, docs/formats.md). Default: the built-in state visit Pyongyang -> Vladivostok.", Arity = ArgumentArity.ZeroOrOne };
        var hold = new Option<string[]>("--hold") { Description = "TRAIN@KM=MINUTES: the train stops unplanned at that kilometre of the corridor for that long (repeatable). TRAIN: a convoy train's id, or pilot, main, escort (the one nearest the main train where a role repeats), or a regular train's number.", AllowMultipleArgumentsPerToken = false };
        var late = new Option<string[]>("--late") { Description = "TRAIN=MINUTES: the train leaves its origin that much late (repeatable). Holds and late starts are 0 to 2,880 minutes (two days)." };
        var runs = new Option<int?>("--runs") { Description = "A Monte-Carlo study of N runs with ordinary delays drawn (late departures of regular trains, longer stops, each train's performance) instead of one run. At most the monteCarloRuns work limit (10,000; --limit monteCarloRuns=N)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the study (the same seed gives the same result).", DefaultValueFactory = _ => 1 };
        var view = new Option<string>("--view") { Description = "Who is reading: public (regular trains only), dispatcher (reserved paths, no roles), security (everything).", DefaultValueFactory = _ => "security" };
        view.AcceptOnlyFromAmong("public", "dispatcher", "security");
        var format = new Option<string>("--format") { Description = "table (for people) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("simulate", "Simulate the plan as cleared: every train at once on the corridor's blocks and signals, each with its own physics; unplanned holds, late starts, or a Monte-Carlo robustness study.")
        {
            scenario, hold, late, runs, seed, view, format,
        };
        cmd.SetAction(parse =>
        {
            var file = parse.GetValue(scenario);
            if (file is not null) Fortress.IO.InputFile.Require(file.FullName); // a folder, a device or a FIFO: a clear message, never a wait
            var n = parse.GetValue(runs);
            // Options that need no plan are checked first, so a bad command line fails at once.
            var early = new ProblemList();
            if (n is { } r && r < 1) early.Add("--runs", $"a study needs at least one run, got {r}");
            // The study's size is known before planning: refused at once above the monteCarloRuns limit (MonteCarlo.Run checks it too).
            if (n is { } big) WorkLimits.Check("--runs", "monteCarloRuns", "runs of the Monte-Carlo study", big, WorkLimits.Current.MonteCarloRuns);
            var holds = (parse.GetValue(hold) ?? []).Select(h => (Text: h, Parsed: ParseHold(h, early))).ToArray();
            var lates = (parse.GetValue(late) ?? []).Select(l => (Text: l, Parsed: ParseLate(l, early))).ToArray();
            early.ThrowIfAny();

            var input = file is null ? Scenarios.ReadBuiltIn() : Scenarios.ReadFile(file.FullName);
            var state = ProblemPlaces.InDocument(file?.Name ?? "built-in " + Fortress.IO.Json.ScenarioReader.Flagship, () => PlanPipeline.Default.Run(input));
            // The plan's own simulation model, compiled by the pipeline's simulation stage, runs again with the disturbances.
            var model = state.Simulation!.Model;
            var disturbances = Disturbances(state.Plan, model, holds, lates);
            var policy = ViewPolicy.For(PlanView.Parse(parse.GetValue(view)!, "--view"));
            SimulationViewModel result;
            if (n is { } count)
                result = SimulationViews.Build(MonteCarlo.Run(model, count, parse.GetValue(seed), state.Scenario.MonteCarlo, fixedDisturbances: disturbances), model, policy);
            else
                result = SimulationViews.Build(model.Run(disturbances), model.Trains, policy);
            var text = parse.GetValue(format) == "json" ? SimulationJson.Write(result) : SimulateOutput.Table(result, state.Plan.Journey.Name);
            parse.InvocationConfiguration.Output.Write(text);
            return CliHost.Ok;
        });
        return cmd;
    }

    /// <summary>TRAIN@KM=MINUTES, or a problem naming the option.</summary>
    private static (string Train, double Km, double Minutes)? ParseHold(string text, ProblemList problems)
    {
        var where = $"--hold {text}";
        var at = text.IndexOf('@');
        var eq = text.LastIndexOf('=');
        if (at <= 0 || eq < at + 2 || eq == text.Length - 1) { problems.Add(where, "expected TRAIN@KM=MINUTES, e.g. main@490=20"); return null; }
        var ok = true;
        if (!double.TryParse(text[(at + 1)..eq], NumberStyles.Float, CultureInfo.InvariantCulture, out var km) || !double.IsFinite(km)) { problems.Add(where, $"'{text[(at + 1)..eq]}' is not a kilometre"); ok = false; }
        if (!double.TryParse(text[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var min) || !double.IsFinite(min)) { problems.Add(where, $"'{text[(eq + 1)..]}' is not a number of minutes"); ok = false; }
        else if (Plausible.DisturbanceMinutes.Problem(min) is { } p) { problems.Add(where, $"the hold {p}"); ok = false; }
        return ok ? (text[..at], km, min) : null;
    }

    /// <summary>TRAIN=MINUTES, or a problem naming the option.</summary>
    private static (string Train, double Minutes)? ParseLate(string text, ProblemList problems)
    {
        var where = $"--late {text}";
        var eq = text.LastIndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) { problems.Add(where, "expected TRAIN=MINUTES, e.g. escort=10"); return null; }
        if (!double.TryParse(text[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var min) || !double.IsFinite(min)) { problems.Add(where, $"'{text[(eq + 1)..]}' is not a number of minutes"); return null; }
        if (Plausible.DisturbanceMinutes.Problem(min) is { } p) { problems.Add(where, $"the late departure {p}"); return null; }
        return (text[..eq], min);
    }

    /// <summary>The disturbances, every unknown train and every kilometre off a train's way reported at once.</summary>
    private static IReadOnlyList<Disturbance> Disturbances(ConvoyPlan plan, SimulationModel model,
        IReadOnlyList<(string Text, (string Train, double Km, double Minutes)? Parsed)> holds, IReadOnlyList<(string Text, (string Train, double Minutes)? Parsed)> lates)
    {
        var problems = new ProblemList();
        var list = new List<Disturbance>();
        SimTrain? Find(string name, string where)
        {
            // A convoy train by its id, or by its role (pilot, main, escort: the one nearest the main train where a role repeats),
            // a regular train by its id or number.
            var byRole = name.ToLowerInvariant() switch
            {
                "main" => plan.Main.Id.Value,
                "pilot" => plan.Trains.LastOrDefault(x => x.Role == ConvoyRole.Pilot)?.Id.Value,
                "escort" => plan.Trains.FirstOrDefault(x => x.Role == ConvoyRole.Escort)?.Id.Value,
                _ => null,
            };
            var t = model.Trains.FirstOrDefault(x => string.Equals(x.Id, name, StringComparison.Ordinal))
                ?? (byRole is null ? null : model.Trains.FirstOrDefault(x => x.Id == byRole))
                ?? model.Trains.FirstOrDefault(x => string.Equals(x.Number, name, StringComparison.OrdinalIgnoreCase) && !x.IsConvoy);
            if (t is null)
            {
                var convoy = model.Trains.Where(x => x.IsConvoy).Select(x => x.Id);
                var near = model.Trains.Where(x => !x.IsConvoy).Select(x => x.Number).OrderBy(x => Network.NameText.EditDistance(x.ToLowerInvariant(), name.ToLowerInvariant())).Take(3);
                problems.Add(where, $"unknown train '{name}' (the convoy's trains are {string.Join(", ", convoy)}; regular trains by number, e.g. {string.Join(", ", near)})");
            }
            return t;
        }
        foreach (var (text, parsed) in holds)
        {
            if (parsed is not { } h) continue;
            var where = $"--hold {text}";
            if (Find(h.Train, where) is not { } t) continue;
            var x = Position.FromKilometers(h.Km);
            var lo = Position.Min(t.StartPosition, t.EndPosition);
            var hi = Position.Max(t.StartPosition, t.EndPosition);
            if (!(x > lo && x < hi)) { problems.Add(where, $"km {h.Km} is not on train {t.Id}'s way (it runs from km {t.StartPosition.Meters / 1000:0.###} to km {t.EndPosition.Meters / 1000:0.###})"); continue; }
            list.Add(new UnplannedHold(t.Id, x, Duration.FromMinutes(h.Minutes)));
        }
        foreach (var (text, parsed) in lates)
        {
            if (parsed is not { } l) continue;
            if (Find(l.Train, $"--late {text}") is not { } t) continue;
            list.Add(new LateDeparture(t.Id, Duration.FromMinutes(l.Minutes)));
        }
        problems.ThrowIfAny();
        return list;
    }
}
