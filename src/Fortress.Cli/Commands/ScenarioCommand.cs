using System.CommandLine;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.IO.Json;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress scenario export|list</c>: the built-in scenarios as files a user can edit and plan again.</summary>
internal static class ScenarioCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Built-in scenario to export (see 'fortress scenario list').", DefaultValueFactory = _ => ScenarioReader.Flagship };
        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write (default: the scenario's name in the current folder).", };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var export = new Command("export", "Write a built-in scenario (with the trains it uses) to a file, to edit and plan again with 'fortress plan FILE'.") { name, output, force };
        export.SetAction(parse =>
        {
            var n = parse.GetValue(name)!;
            if (!n.EndsWith(".json", StringComparison.Ordinal)) n += ".json";
            if (!BuiltIn.Names.Contains(n)) throw new Fortress.Diagnostics.InvalidInputException(n, $"no built-in scenario of that name; built-in: {string.Join(", ", BuiltInScenarios())}");
            var target = parse.GetValue(output)?.FullName ?? Path.GetFullPath(n);
            if (File.Exists(target) && !parse.GetValue(force)) throw new Fortress.Diagnostics.InvalidInputException(target, "the file exists; use --force to overwrite it");
            // The scenario refers to built-in trains as builtin:NAME, which stay valid outside the program's folder.
            var text = BuiltIn.Text(n);
            Scenarios.Read(text, n, null); // never write something that would not read
            OutputFile.WriteText(target, text);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {target}; plan it with: fortress plan {target}");
            return CliHost.Ok;
        });
        var list = new Command("list", "List the built-in scenarios and trains.");
        list.SetAction(parse =>
        {
            foreach (var s in BuiltInScenarios()) parse.InvocationConfiguration.Output.WriteLine($"scenario  {s}");
            foreach (var t in BuiltIn.Names.Where(x => x.Contains("train", StringComparison.Ordinal))) parse.InvocationConfiguration.Output.WriteLine($"train     builtin:{t}");
            return CliHost.Ok;
        });
        return new Command("scenario", "Built-in scenarios: list them, export one to edit.") { export, list };
    }

    private static IEnumerable<string> BuiltInScenarios() =>
        BuiltIn.Names.Where(n => BuiltIn.Text(n).Contains("\"fortress.scenario/1\"", StringComparison.Ordinal));
}
