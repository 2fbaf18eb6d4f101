using System.CommandLine;
using Fortress.Application;
using Fortress.Clearance;
using Fortress.IO;
using Fortress.IO.Contracts;
using Fortress.IO.Files;
using Fortress.Views;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress plan</c>: plans a journey (the built-in state visit when no scenario is given) and prints a view of it.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario file (fortress.scenario/1, docs/formats.md). Default: the built-in state visit Pyongyang -> Vladivostok.", Arity = ArgumentArity.ZeroOrOne };
        var view = new Option<string>("--view") { Description = "Who is reading: public (regular timetable only), dispatcher (reserved paths and orders), security (everything; the default).", DefaultValueFactory = _ => "security" };
        view.AcceptOnlyFromAmong("public", "dispatcher", "security");
        var format = new Option<string>("--format") { Description = "table (for people) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var seconds = new Option<bool>("--seconds") { Description = "Show times to the second in the tables (JSON always has seconds)." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the plan report (one self-contained HTML page, for the chosen view) to this file. Default with --format table: plan-report.html (security view), plan-report-dispatcher.html or plan-report-public.html in the current folder; none with --format json." };
        var runs = new Option<int>("--robustness-runs") { Description = $"Simulated days of the robustness study shown in the security report (ordinary delays drawn from the scenario's \"monteCarlo\"; seed 1); 0 leaves it out.", DefaultValueFactory = _ => RobustnessStage.DefaultRuns };
        var clearance = new Option<string?>("--clearance") { Description = "How the line is cleared of regular trains: optimal (CP-SAT: the least weighted delay within the time limit, with its gap) or greedy (first come, first served, for comparison). Default: the scenario's clearance.method, else optimal." };
        clearance.AcceptOnlyFromAmong("optimal", "greedy");
        var serve = new Option<bool>("--serve") { Description = "Then start the operations console (fortress serve --demo) on this scenario (default the built-in state visit) with a replayed journey." };
        var urls = ServeCommand.Urls();
        var store = ServeCommand.Store();
        var cmd = new Command("plan", "Plan the convoy's journey: pilot, main and escort trains, breaks of gauge, traction changes, line clearance, local times.") { scenario, view, format, seconds, report, runs, clearance, serve, urls, store };
        cmd.SetAction(parse =>
        {
            var file = parse.GetValue(scenario);
            var studyRuns = parse.GetValue(runs);
            if (studyRuns is < 0 or > 10_000) throw new Fortress.Diagnostics.InvalidInputException("--robustness-runs", $"must be between 0 and 10,000, got {studyRuns}");
            if (file is not null) InputFile.Require(file.FullName); // a folder, a device or a FIFO: a clear message, never a wait
            if (parse.GetValue(serve)) Fortress.Web.FortressWebApp.CheckAddressesFree(parse.GetValue(urls)!); // a busy port fails before planning
            var input = file is null ? Scenarios.ReadBuiltIn() : Scenarios.ReadFile(file.FullName);
            if (parse.GetValue(clearance) is { } method)
                input = input with { Clearance = (input.Clearance ?? ClearanceSettings.Default) with { Method = method == "greedy" ? ClearanceMethod.Greedy : ClearanceMethod.Optimal } };
            var state = Fortress.Diagnostics.ProblemPlaces.InDocument(file?.Name ?? "built-in " + Fortress.IO.Json.ScenarioReader.Flagship, () => PlanPipeline.Default.Run(input));
            var policy = ViewPolicy.For(PlanView.Parse(parse.GetValue(view)!, "--view"));
            var model = PlanViewBuilder.Build(state, policy);
            var json = parse.GetValue(format) == "json";
            var text = json ? FortressJson.Write(PlanDocument.From(model)) : PlanOutput.Table(model, parse.GetValue(seconds));
            var reportFile = parse.GetValue(report)?.FullName
                ?? (json ? null : Path.GetFullPath(policy.View == PlanView.Security ? "plan-report.html" : $"plan-report-{policy.View.Name}.html"));
            // The robustness study is for the security report only (it names the convoy's trains); other views skip its cost.
            if (reportFile is not null && studyRuns > 0 && policy.May(Disclosure.ConvoyIdentity))
                state = new RobustnessStage(studyRuns).Run(state, default);
            if (reportFile is not null)
                OutputFile.WriteText(reportFile, w => Fortress.IO.Reports.PlanReport.Write(state, policy, w, state.Plan.Journey.Corridor.Coordinates()));
            if (!json) parse.InvocationConfiguration.Output.WriteLine(PlanViewLine.Of(policy.View, parse.GetResult(view) is null or { Implicit: true }));
            parse.InvocationConfiguration.Output.Write(text);
            if (reportFile is not null && !json) parse.InvocationConfiguration.Output.WriteLine($"Report ({policy.View.Name} view) written to {reportFile}");
            if (parse.GetValue(serve)) return ServeCommand.Run(parse.GetValue(urls)!, parse.GetValue(store)!, demo: true, parse.InvocationConfiguration.Output, file);
            return CliHost.Ok;
        });
        return cmd;
    }
}
