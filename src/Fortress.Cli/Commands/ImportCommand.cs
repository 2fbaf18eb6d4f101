using System.CommandLine;
using System.Diagnostics;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.IO.NetworkFile;
using Fortress.IO.Osm;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress import osm|railjson FILE -o NET</c>: builds a network file and prints what the import defaulted.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var cmd = new Command("import", "Imports a rail network (OpenStreetMap or OSRD RailJSON) into a Fortress network file that loads fast.");
        cmd.Add(Sub("osm", "OpenStreetMap extract (.osm.pbf or .osm XML): railway=rail ways, stations, gauge, speed, electrification, axle load.", NetworkSources.Kind.Osm));
        cmd.Add(Sub("railjson", "OSRD RailJSON infrastructure (infra.json): track sections, switches, speed sections, slopes, curves, electrification, operational points.", NetworkSources.Kind.RailJson));
        return cmd;
    }

    private static Command Sub(string name, string description, NetworkSources.Kind kind)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The file to import." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The network file to write (e.g. cologne.fnet).", Required = true };
        var lightRail = new Option<bool>("--light-rail") { Description = "OSM: also import railway=light_rail." };
        var narrow = new Option<bool>("--narrow-gauge") { Description = "OSM: also import railway=narrow_gauge." };
        var cmd = new Command(name, description) { file, output };
        if (kind == NetworkSources.Kind.Osm) { cmd.Add(lightRail); cmd.Add(narrow); }
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            OutputFile.CheckTarget(parse.GetValue(output)!.FullName); // a folder or a missing folder named by -o: said before the import runs
            var sw = Stopwatch.StartNew();
            var (network, report) = ConsoleProgress.Run($"importing {Path.GetFileName(path)}", progress =>
                NetworkSources.Load(path, kind, new OsmImportOptions
                {
                    IncludeLightRail = parse.GetValue(lightRail),
                    IncludeNarrowGauge = parse.GetValue(narrow),
                    Progress = progress,
                }));
            var outPath = parse.GetValue(output)!.FullName;
            NetworkFileFormat.Write(network, outPath);
            if (report is not null) parse.InvocationConfiguration.Output.Write(report.ToString());
            parse.InvocationConfiguration.Output.WriteLine($"{network}");
            parse.InvocationConfiguration.Output.WriteLine($"wrote {outPath} ({new FileInfo(outPath).Length:N0} bytes) in {sw.Elapsed.TotalSeconds:0.00} s");
            return CliHost.Ok;
        });
        return cmd;
    }
}
