using System.CommandLine;
using Fortress.Application;
using Fortress.Clearance;
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
            if (parse.GetValue(serve)) Fortress.Web.FortressWebApp.CheckAddressesFree(parse.GetValue(urls)!); // a busy port fails before planning
            var input = file is null ? Scenarios.ReadBuiltIn() : Scenarios.ReadFile(file.FullName);
            if (parse.GetValue(clearance) is { } method)
                input = input with { Clearance = (input.Clearance ?? ClearanceSettings.Default) with { Method = method == "greedy" ? ClearanceMethod.Greedy : ClearanceMethod.Optimal } };
            var state = PlanPipeline.Default.Run(input);
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
                OutputFile.Write(reportFile, "--report", w => Fortress.IO.Reports.PlanReport.Write(state, policy, w, state.Plan.Journey.Corridor.Coordinates()));
            if (!json) parse.InvocationConfiguration.Output.WriteLine(PlanViewLine.Of(policy.View, parse.GetResult(view) is null or { Implicit: true }));
            parse.InvocationConfiguration.Output.Write(text);
            if (reportFile is not null && !json) parse.InvocationConfiguration.Output.WriteLine($"Report ({policy.View.Name} view) written to {reportFile}");
            if (parse.GetValue(serve)) return ServeCommand.Run(parse.GetValue(urls)!, parse.GetValue(store)!, demo: true, parse.InvocationConfiguration.Output, file);
            return CliHost.Ok;
        });
        return cmd;
    }
}

/// <summary>
/// Writes an output file whole or not at all: to a uniquely named temporary file beside the target, then renamed into
/// place. On any failure the temporary file is removed and an existing target is left as it was.
/// </summary>
internal static class OutputFile
{
    public static void Write(string target, string option, Action<TextWriter> write)
    {
        if (Directory.Exists(target)) throw new Fortress.Diagnostics.InvalidInputException(option, $"'{target}' is a folder; give a file name");
        var dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        if (!Directory.Exists(dir)) throw new Fortress.Diagnostics.InvalidInputException(option, $"the folder '{dir}' does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var w = new StreamWriter(tmp)) write(w);
            File.Move(tmp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { /* best effort: nothing of ours is left if it can be removed */ }
            throw;
        }
    }
}
