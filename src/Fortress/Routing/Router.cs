using System.Globalization;
using System.Runtime.CompilerServices;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Routing;

/// <summary>
/// Finds the fastest feasible route for a train over a <see cref="RailNetwork"/>, and explains, when there is none, which
/// constraint blocks it and where. Thread-safe; the flattened graph and the landmark table are built once per network.
/// </summary>
public sealed class Router
{
    private static readonly ConditionalWeakTable<RailNetwork, RoutingGraph> graphs = new();
    private readonly RoutingGraph graph;

    public Router(RailNetwork network)
    {
        Network = network;
        graph = graphs.GetValue(network, n => new RoutingGraph(n));
    }

    public RailNetwork Network { get; }

    /// <summary>How much farther than the nearest track other tracks may be and still count as "at" a coordinate.</summary>
    public static Length ParallelTrackTolerance { get; } = Length.FromMeters(30);

    /// <summary>
    /// Preprocessing for fast queries: shortest times from <paramref name="landmarkCount"/> far-apart landmarks to every
    /// node (see docs/decisions/0002-routing-speedup.md). Optional; queries are exact either way.
    /// </summary>
    /// <param name="speedCap">Bounds are built for trains up to this speed (tighter bounds, faster queries); default:
    /// the network's highest line speed, valid for every train. Several caps may be preprocessed; a query uses the
    /// tightest one valid for its train.</param>
    public void Preprocess(int landmarkCount = 16, Speed? speedCap = null) =>
        graph.BuildLandmarks(landmarkCount, speedCap?.MetersPerSecond ?? graph.NetworkMaxSpeedMps);

    /// <summary>Where a route endpoint lies: every operational point of that name, or the nearest track to a coordinate.</summary>
    /// <exception cref="InvalidInputException">Unknown name (with suggestions) or a point too far from any track.</exception>
    public IReadOnlyList<NetworkPlace> Resolve(RouteEndpoint endpoint, string role, RouteOptions? options = null)
    {
        options ??= RouteOptions.Default;
        switch (endpoint)
        {
            case NamedEndpoint n:
            {
                var ops = Network.FindOperationalPoints(n.Name);
                if (ops.Count > 0) return ops.Select(op => new NetworkPlace(op.Edge, op.Offset, op.Name)).ToArray();
                var suggestions = Network.SuggestNames(n.Name);
                throw new InvalidInputException(role,
                    $"no station, halt or junction named \"{n.Name}\" in {Network.Name}" +
                    (suggestions.Count > 0 ? "; did you mean: " + string.Join(", ", suggestions.Select(s => $"\"{s}\"")) + "?" : " (it has no named places)"));
            }
            case CoordinateEndpoint c:
            {
                var snap = Network.Snap(c.Point, options.SnapDistance);
                if (snap is not { } s)
                    throw new InvalidInputException(role, $"no track within {options.SnapDistance} of {c.Point}");
                // Every track within 30 m of the nearest one is a candidate: a point on a multi-track line does not
                // say which track, and the search picks the one that gives the fastest route.
                return Network.SnapAll(c.Point, s.Distance + ParallelTrackTolerance)
                    .Select(x => new NetworkPlace(x.Edge, x.Offset, c.Point.ToString())).ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint));
        }
    }

    /// <summary>The fastest feasible route from <paramref name="from"/> through each of <paramref name="via"/> to <paramref name="to"/>.</summary>
    /// <exception cref="InvalidInputException">An endpoint cannot be found.</exception>
    /// <exception cref="NoRouteException">No route for this train; the message names the blocking constraint and where.</exception>
    public Route Find(RoutingTrain train, RouteEndpoint from, RouteEndpoint to, IReadOnlyList<RouteEndpoint>? via = null, RouteOptions? options = null)
    {
        options ??= RouteOptions.Default;
        via ??= [];
        var problems = new ProblemList();
        var stops = new List<IReadOnlyList<NetworkPlace>>();
        var all = new List<(RouteEndpoint Ep, string Role)> { (from, "--from") };
        all.AddRange(via.Select((v, i) => (v, $"--via[{i}]")));
        all.Add((to, "--to"));
        foreach (var (ep, role) in all)
        {
            try { stops.Add(Resolve(ep, role, options)); }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        }
        problems.ThrowIfAny();
        return FindBetween(train, stops, options, from.ToString(), to.ToString());
    }

    /// <summary>The fastest feasible route between places already resolved (each stop: any one of its places).</summary>
    public Route FindBetween(RoutingTrain train, IReadOnlyList<IReadOnlyList<NetworkPlace>> stops, RouteOptions? options = null, string? fromLabel = null, string? toLabel = null)
    {
        options ??= RouteOptions.Default;
        if (stops.Count < 2) throw new ArgumentException("at least two stops are needed", nameof(stops));
        var legs = new List<(SearchResult Result, NetworkPlace Source, NetworkPlace Target)>();
        var currentTrain = train;
        for (var i = 0; i + 1 < stops.Count; i++)
        {
            var sources = i == 0 ? stops[0] : [legs[^1].Target];
            var search = new RouteSearch(graph, currentTrain, options, Relax.None);
            var result = search.Run(sources, stops[i + 1]);
            if (result is null) throw Diagnose(currentTrain, sources, stops[i + 1], options);
            legs.Add((result, sources[result.SourceIndex], stops[i + 1][result.TargetIndex]));
            var lastGauge = graph.Gauges.Length > 0 ? graph.Gauges[result.Chain[^1].Gauge] : train.GaugeMillimeters;
            currentTrain = currentTrain with { GaugeMillimeters = lastGauge };
        }
        return Assemble(train, legs, options, fromLabel ?? legs[0].Source.Label, toLabel ?? legs[^1].Target.Label);
    }

    private Route Assemble(RoutingTrain train, List<(SearchResult Result, NetworkPlace Source, NetworkPlace Target)> searches, RouteOptions options, string fromLabel, string toLabel)
    {
        var legs = new List<RouteLeg>();
        var gaugeChanges = new List<GaugeChange>();
        var tractionChanges = new List<TractionChange>();
        var reversals = new List<Reversal>();
        var position = Position.Origin;
        var estimate = 0.0;
        var tractionName = train.Consist.TractionUnits.FirstOrDefault()?.Traction?.ToString() ?? "own traction";
        var strict = new RouteSearch(graph, train, options with { AllowReversal = false }, Relax.None);
        var scanned = new List<RouteLeg>(); // every piece, zero-length ones too (a station at a node where the route starts)
        foreach (var (result, source, target) in searches)
        {
            var chain = result.Chain;
            estimate += result.Cost;
            for (var i = 0; i < chain.Count; i++)
            {
                var step = chain[i];
                var e = graph.Network.Edges[step.Edge];
                var startOff = step.Direction == EdgeDirection.Forward ? Length.Zero : e.Length;
                var endOff = step.Direction == EdgeDirection.Forward ? e.Length : Length.Zero;
                if (i == 0) startOff = source.Offset;
                if (i == chain.Count - 1) endOff = target.Offset;
                if (i > 0)
                {
                    var prev = chain[i - 1];
                    var node = step.Direction == EdgeDirection.Forward ? e.From : e.To;
                    var loc = graph.Network.Nodes[node.Value].Location;
                    if (prev.Gauge != step.Gauge && graph.Facilities.TryGetValue(node.Value, out var fac))
                        gaugeChanges.Add(new GaugeChange(fac.Name, node, loc, position, graph.Gauges[prev.Gauge], graph.Gauges[step.Gauge], fac.Duration));
                    if (prev.Traction != step.Traction)
                        tractionChanges.Add(new TractionChange(graph.StationAtNode.GetValueOrDefault(node.Value, node.ToString()), node, loc, position,
                            prev.Traction == 0 ? tractionName : "diesel locomotive", step.Traction == 0 ? tractionName : "diesel locomotive",
                            options.LocomotiveChangeTime));
                    if (!strict.RunsThrough(node.Value, prev.Edge, prev.Direction, step.Edge, step.Direction == EdgeDirection.Backward))
                        reversals.Add(new Reversal(node, loc, position, options.ReversalTime));
                }
                var leg = new RouteLeg(e.Id, step.Direction, startOff, endOff);
                if (leg.Length.Meters > 0 || (i == 0 && chain.Count == 1)) legs.Add(leg);
                scanned.Add(leg);
                position += leg.Length;
            }
        }
        var length = position - Position.Origin;
        if (!(length.Meters > 0))
            throw new InvalidInputException("route", $"\"{fromLabel}\" and \"{toLabel}\" are the same place: nothing to route");

        var stations = new List<PassedStation>();
        var geometry = new List<GeoPoint>();
        var pos = Position.Origin;
        foreach (var leg in scanned)
        {
            var e = graph.Network[leg.Edge];
            if (graph.PointsOnEdge.TryGetValue(leg.Edge.Value, out var ops))
            {
                var lo = Length.Min(leg.FromOffset, leg.ToOffset); var hi = Length.Max(leg.FromOffset, leg.ToOffset);
                foreach (var op in ops.Where(o => o.Offset >= lo && o.Offset <= hi)
                             .OrderBy(o => leg.Direction == EdgeDirection.Forward ? o.Offset.Meters : -o.Offset.Meters))
                {
                    var at = pos + (op.Offset - leg.FromOffset).Abs();
                    if (stations.Count > 0 && stations[^1].Name == op.Name) continue;
                    stations.Add(new PassedStation(op.Name, op.Kind, at, op.Location));
                }
            }
            var slice = Slice(e, leg.FromOffset, leg.ToOffset);
            foreach (var p in slice)
                if (geometry.Count == 0 || geometry[^1] != p) geometry.Add(p);
            pos += leg.Length;
        }

        var route = new Route
        {
            From = fromLabel,
            To = toLabel,
            Legs = legs,
            Length = length,
            EstimatedTime = Duration.FromSeconds(estimate),
            Stations = stations,
            GaugeChanges = gaugeChanges,
            TractionChanges = tractionChanges,
            Reversals = reversals,
            Geometry = geometry,
            SettledStates = searches.Sum(s => s.Result.Settled),
        };
        if (!options.ComputeRunningTime) return route;
        var path = RouteRunningPath.Build(graph.Network, route, train, options.SubstituteLocomotiveMaxSpeed);
        var run = RunningTimeCalculator.Run(train.Consist, path);
        return route with { Path = path, Run = run };
    }

    /// <summary>The part of an edge's geometry between two offsets, in the order given.</summary>
    internal static IReadOnlyList<GeoPoint> Slice(TrackEdge e, Length from, Length to)
    {
        var forward = from <= to;
        var lo = Length.Min(from, to).Meters; var hi = Length.Max(from, to).Meters;
        var scale = GeoMath.PolylineMeters(e.Geometry) / Math.Max(e.Length.Meters, 1e-9);
        lo *= scale; hi *= scale;
        var pts = new List<GeoPoint> { e.PointAt(Length.Min(from, to)) };
        var run = 0.0;
        for (var i = 1; i < e.Geometry.Count; i++)
        {
            run += GeoPoint.Meters(e.Geometry[i - 1], e.Geometry[i]);
            if (run > lo && run < hi) pts.Add(e.Geometry[i]);
        }
        pts.Add(e.PointAt(Length.Max(from, to)));
        if (!forward) pts.Reverse();
        return pts;
    }

    /// <summary>Relaxes the constraints one at a time (then all together) to name the one that blocks, and where.</summary>
    private NoRouteException Diagnose(RoutingTrain train, IReadOnlyList<NetworkPlace> sources, IReadOnlyList<NetworkPlace> targets, RouteOptions options)
    {
        var from = sources[0].Label; var to = targets[0].Label;
        var checks = new (Relax Relax, string Name)[]
        {
            (Relax.Gauge, "gauge"), (Relax.AxleLoad, "axle load"), (Relax.Electrification, "electrification"), (Relax.Reversal, "reversal"),
        };
        foreach (var (r, name) in checks)
        {
            var res = new RouteSearch(graph, train, options, r).Run(sources, targets);
            if (res is not null)
                return new NoRouteException($"no route from \"{from}\" to \"{to}\" for {train.Consist.Name}: {Explain(r, res, train, options)}", [name]);
        }
        var allRelax = Relax.Gauge | Relax.AxleLoad | Relax.Electrification | Relax.Reversal;
        var any = new RouteSearch(graph, train, options, allRelax).Run(sources, targets);
        if (any is null)
            return new NoRouteException($"no route from \"{from}\" to \"{to}\": the two places are not connected by track in {Network.Name}", []);
        var reasons = checks.Select(c => (c.Name, Text: Explain(c.Relax, any, train, options))).Where(x => x.Text.Length > 0).ToArray();
        return new NoRouteException($"no route from \"{from}\" to \"{to}\" for {train.Consist.Name}: several constraints block it together: " +
                                    string.Join("; ", reasons.Select(x => x.Text)), reasons.Select(x => x.Name).ToArray());
    }

    private string Where(int edge)
    {
        var e = graph.Network.Edges[edge];
        var id = e.SourceWayId != 0 ? $"way {e.SourceWayId}" : $"track {e.SourceRef}";
        var near = graph.Network.NearestOperationalPoint(e.Id);
        return near is null ? id : $"{id} near {near.Name}";
    }

    /// <summary>What the first edge of a relaxed route that breaks constraint <paramref name="r"/> is, in words.</summary>
    private string Explain(Relax r, SearchResult res, RoutingTrain train, RouteOptions options)
    {
        var ci = CultureInfo.InvariantCulture;
        var gauge = train.GaugeMillimeters;
        var strict = new RouteSearch(graph, train, options, Relax.None);
        for (var i = 0; i < res.Chain.Count; i++)
        {
            var step = res.Chain[i];
            var e = graph.Network.Edges[step.Edge];
            switch (r)
            {
                case Relax.Gauge when !e.HasGauge(gauge):
                {
                    var facilities = graph.Network.GaugeChangeFacilities.Count == 0 ? "the network has no gauge-change facility"
                        : "no gauge-change facility lets it change on the way";
                    return $"gauge: the train runs on {gauge} mm but {Where(step.Edge)} is {string.Join("/", e.Gauges)} mm, and {facilities}";
                }
                case Relax.Gauge when i > 0 && e.HasGauge(gauge):
                    break;
                case Relax.AxleLoad when e.AxleLoadLimit is { } lim && lim < train.Consist.MaxAxleLoad:
                    return string.Create(ci, $"axle load {train.Consist.MaxAxleLoad.Tonnes:0.0#} t exceeds the {lim.Tonnes:0.0#} t limit on {Where(step.Edge)}");
                case Relax.Electrification when !train.CanRunUnder(e.Electrification):
                    return $"electrification: electric traction ({string.Join(", ", train.Consist.TractionUnits.Select(u => u.Traction?.ToString() ?? "?").Distinct())}) cannot run on {Where(step.Edge)}, " +
                           (e.Electrification is null ? "which is not electrified"
                               : e.Electrification.Volts == 0 ? "which is electrified with a system the data does not state"
                               : $"which is electrified at {e.Electrification}") +
                           (options.AllowLocomotiveChange ? ", and there is no station to change locomotives before it" : " (allow locomotive changes to use a diesel locomotive there)");
                case Relax.Reversal when i > 0:
                {
                    var prev = res.Chain[i - 1];
                    var node = step.Direction == EdgeDirection.Forward ? e.From : e.To;
                    if (!strict.RunsThrough(node.Value, prev.Edge, prev.Direction, step.Edge, step.Direction == EdgeDirection.Backward))
                        return $"reversal: the only way turns back at the node between {Where(prev.Edge)} and {Where(step.Edge)} (allow reversals to use it)";
                    break;
                }
            }
        }
        return "";
    }
}
