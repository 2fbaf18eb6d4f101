using System.CommandLine;
using System.Globalization;
using Fortress.Diagnostics;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.IO.Osm;
using Fortress.Network;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Cli.Commands;

/// <summary>
/// <c>fortress route</c>: the fastest feasible route for a train between two places of a network, with its running
/// time from the engine, the stations passed, gauge and traction changes, and the geometry.
/// </summary>
internal static class RouteCommand
{
    public static Command Create()
    {
        var network = new Option<FileInfo?>("--network") { Description = "A Fortress network file (from 'fortress import')." };
        var osm = new Option<FileInfo?>("--osm") { Description = "An OpenStreetMap extract (.osm.pbf or .osm), imported on the fly." };
        var railjson = new Option<FileInfo?>("--railjson") { Description = "An OSRD RailJSON infrastructure (infra.json), imported on the fly." };
        var from = new Option<string>("--from") { Description = "Start: a station name (any language, case and accents ignored) or \"lat,lon\".", Required = true };
        var to = new Option<string>("--to") { Description = "End: a station name or \"lat,lon\".", Required = true };
        var via = new Option<string[]>("--via") { Description = "A place to pass on the way (repeatable, in order)." };
        var train = new Option<FileInfo?>("--train")
        {
            Description = $"Train file (railtoolkit YAML or Fortress train JSON). Default: the built-in \"{DefaultTrain.Name}\" (diesel, 120 km/h, 21 t axle load).",
        };
        var gauge = new Option<int?>("--gauge") { Description = "Track gauge in mm the train's wheelsets are set to at the start. Default: the gauge of most of the network's track." };
        var format = new Option<string>("--format") { Description = "Output: table (for people), json, or geojson.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "geojson");
        var reversal = new Option<bool>("--allow-reversal") { Description = "Let the train change direction at a node (10 min each); by default a route never turns back through a switch." };
        var locoChange = new Option<bool>("--allow-locomotive-change") { Description = "Let a diesel locomotive take over (30 min) at a station where the catenary does not suit an electric train." };
        var gaugeChange = new Option<string[]>("--gauge-change") { Description = "Add a gauge-change facility at a station: NAME=MINUTES (repeatable)." };
        var lightRail = new Option<bool>("--light-rail") { Description = "OSM: also import railway=light_rail." };
        var narrow = new Option<bool>("--narrow-gauge") { Description = "OSM: also import railway=narrow_gauge." };

        var cmd = new Command("route", "Fastest feasible route for a train: gauge, axle load, speed, electrification and reversal constraints; running time from the engine.")
        {
            network, osm, railjson, from, to, via, train, gauge, format, reversal, locoChange, gaugeChange, lightRail, narrow,
        };
        cmd.SetAction(parse =>
        {
            var sources = new (FileInfo? File, NetworkSources.Kind Kind)[]
            {
                (parse.GetValue(network), NetworkSources.Kind.NetworkFile), (parse.GetValue(osm), NetworkSources.Kind.Osm), (parse.GetValue(railjson), NetworkSources.Kind.RailJson),
            }.Where(s => s.File is not null).ToArray();
            if (sources.Length != 1)
                throw new InvalidInputException("route", "give exactly one of --network NET, --osm FILE or --railjson FILE");
            var (file, kind) = sources[0];
            var net = ConsoleProgress.Run($"loading {file!.Name}", progress =>
                NetworkSources.Load(file.FullName, kind, new OsmImportOptions
                {
                    IncludeLightRail = parse.GetValue(lightRail),
                    IncludeNarrowGauge = parse.GetValue(narrow),
                    Progress = progress,
                }).Network);
            net = WithUserFacilities(net, parse.GetValue(gaugeChange) ?? []);
            var consist = parse.GetValue(train) is { } tf ? RunInputs.LoadTrain(tf.FullName) : DefaultTrain.Create();
            var routingTrain = new RoutingTrain(consist, parse.GetValue(gauge) ?? net.MajorityGauge);
            var options = RouteOptions.Default with
            {
                AllowReversal = parse.GetValue(reversal),
                AllowLocomotiveChange = parse.GetValue(locoChange),
            };
            var router = new Router(net);
            var route = router.Find(routingTrain, RouteEndpoint.Parse(parse.GetValue(from)!), RouteEndpoint.Parse(parse.GetValue(to)!),
                (parse.GetValue(via) ?? []).Select(RouteEndpoint.Parse).ToArray(), options);
            var text = parse.GetValue(format) switch
            {
                "json" => RouteOutput.Json(route, routingTrain, net),
                "geojson" => RouteOutput.GeoJson(route, routingTrain),
                _ => RouteOutput.Table(route, routingTrain, net),
            };
            parse.InvocationConfiguration.Output.Write(text);
            return CliHost.Ok;
        });
        return cmd;
    }

    /// <summary>Adds a facility for each "NAME=MINUTES" at the node nearest each operational point of that name.</summary>
    internal static RailNetwork WithUserFacilities(RailNetwork net, IReadOnlyList<string> specs)
    {
        if (specs.Count == 0) return net;
        var problems = new ProblemList();
        var added = new List<GaugeChangeFacility>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var where = $"--gauge-change[{i}] \"{spec}\"";
            var eq = spec.LastIndexOf('=');
            if (eq <= 0 || !double.TryParse(spec[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes < 0)
            {
                problems.Add(where, "expected NAME=MINUTES, e.g. \"Khasan=240\"");
                continue;
            }
            var name = spec[..eq].Trim();
            var ops = net.FindOperationalPoints(name);
            if (ops.Count == 0)
            {
                var s = net.SuggestNames(name);
                problems.Add(where, $"no station named \"{name}\"" + (s.Count > 0 ? "; did you mean: " + string.Join(", ", s.Select(x => $"\"{x}\"")) + "?" : ""));
                continue;
            }
            foreach (var node in ops.Select(op => NearestNode(net, op)).Distinct())
                added.Add(new GaugeChangeFacility(name, node, Duration.FromMinutes(minutes), "user"));
        }
        problems.ThrowIfAny();
        return net.WithGaugeChangeFacilities(added);
    }

    private static NodeId NearestNode(RailNetwork net, OperationalPoint op)
    {
        var e = net[op.Edge];
        return op.Offset.Meters <= e.Length.Meters / 2 ? e.From : e.To;
    }
}
