using System.CommandLine;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress plan</c>: plans a journey (the built-in state visit when no scenario is given) and prints a view of it.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario file (fortress.scenario/1, docs/formats.md). Default: the built-in state visit Pyongyang -> Vladivostok.", Arity = ArgumentArity.ZeroOrOne };
        var view = new Option<string>("--view") { Description = "Who is reading: public (regular timetable only), dispatcher (reserved paths and orders), security (everything).", DefaultValueFactory = _ => "security" };
        view.AcceptOnlyFromAmong("public", "dispatcher", "security");
        var format = new Option<string>("--format") { Description = "table (for people) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var report = new Option<FileInfo?>("--report") { Description = "Write the plan report (one self-contained HTML page, for the chosen view) to this file. With no scenario argument it is written to plan-report.html in the current folder." };
        var serve = new Option<bool>("--serve") { Description = "Then start the operations console (fortress serve --demo) on the built-in state visit with a replayed journey." };
        var urls = ServeCommand.Urls();
        var store = ServeCommand.Store();
        var cmd = new Command("plan", "Plan the convoy's journey: pilot, main and escort trains, breaks of gauge, traction changes, line clearance, local times.") { scenario, view, format, report, serve, urls, store };
        cmd.SetAction(parse =>
        {
            var file = parse.GetValue(scenario);
            if (file is not null) Fortress.IO.InputFile.Require(file.FullName); // a folder, a device or a FIFO: a clear message, never a wait
            var journey = file is null ? ScenarioReader.ReadBuiltIn() : ScenarioReader.ReadFile(file.FullName);
            var (plan, slot) = PlanningService.Plan(journey);
            var v = parse.GetValue(view) switch { "public" => PlanView.Public, "dispatcher" => PlanView.Dispatcher, _ => PlanView.Security };
            var model = PlanViewBuilder.Build(plan, v, slot);
            var text = parse.GetValue(format) == "json" ? Fortress.IO.Json.PlanJson.Write(model) : PlanOutput.Table(model);
            var reportFile = parse.GetValue(report)?.FullName ?? (file is null ? Path.GetFullPath("plan-report.html") : null);
            if (reportFile is not null)
            {
                var coordinates = journey.Corridor.Coordinates();
                // Written whole to a temporary file, then moved: a reader never sees half a report, a failure leaves nothing.
                Fortress.IO.OutputFile.WriteText(reportFile, w => Fortress.IO.Reports.PlanReport.Write(plan, v, w, coordinates));
            }
            parse.InvocationConfiguration.Output.Write(text);
            if (reportFile is not null && parse.GetValue(format) != "json") parse.InvocationConfiguration.Output.WriteLine($"Report written to {reportFile}");
            if (parse.GetValue(serve)) return ServeCommand.Run(parse.GetValue(urls)!, parse.GetValue(store)!, demo: true, parse.InvocationConfiguration.Output);
            return CliHost.Ok;
        });
        return cmd;
    }
}
