using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Network;

/// <summary>
/// A rail network: nodes, track edges, operational points and gauge-change facilities. Immutable and thread-safe;
/// build with <see cref="Create"/>, which checks every element and reports all problems at once. Ids are indexes:
/// node <c>n</c> is <c>Nodes[n.Value]</c>, edge <c>e</c> is <c>Edges[e.Value]</c>.
/// </summary>
public sealed class RailNetwork
{
    private readonly int[] incidentStart;
    private readonly int[] incident; // edge index * 2 + (1 when the node is the edge's To end)
    private readonly Lazy<SpatialIndex> spatial;

    private RailNetwork(string name, NetworkNode[] nodes, TrackEdge[] edges, OperationalPoint[] ops, GaugeChangeFacility[] facilities)
    {
        Name = name;
        Nodes = nodes;
        Edges = edges;
        OperationalPoints = ops;
        GaugeChangeFacilities = facilities;
        incidentStart = new int[nodes.Length + 1];
        foreach (var e in edges)
        {
            incidentStart[e.From.Value + 1]++;
            incidentStart[e.To.Value + 1]++;
        }
        for (var i = 0; i < nodes.Length; i++) incidentStart[i + 1] += incidentStart[i];
        incident = new int[incidentStart[^1]];
        var fill = (int[])incidentStart.Clone();
        foreach (var e in edges)
        {
            incident[fill[e.From.Value]++] = e.Id.Value * 2;
            incident[fill[e.To.Value]++] = e.Id.Value * 2 + 1;
        }
        spatial = new Lazy<SpatialIndex>(() => new SpatialIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Where the network came from (a file name, "generated"...).</summary>
    public string Name { get; }
    public IReadOnlyList<NetworkNode> Nodes { get; }
    public IReadOnlyList<TrackEdge> Edges { get; }
    public IReadOnlyList<OperationalPoint> OperationalPoints { get; }
    public IReadOnlyList<GaugeChangeFacility> GaugeChangeFacilities { get; }

    public TrackEdge this[EdgeId id] => Edges[id.Value];

    /// <summary>Total track length of the edges.</summary>
    public Length TotalLength => Length.FromMeters(Edges.Sum(e => e.Length.Meters));

    /// <summary>
    /// Validates and builds a network. Edge <c>i</c> must have id <c>i</c>; every node, edge and offset referred to
    /// must exist; lengths and speeds must be positive; every edge needs a gauge and a speed section starting at 0.
    /// </summary>
    public static RailNetwork Create(string name, IReadOnlyList<NetworkNode> nodes, IReadOnlyList<TrackEdge> edges,
        IReadOnlyList<OperationalPoint>? operationalPoints = null, IReadOnlyList<GaugeChangeFacility>? gaugeChangeFacilities = null)
    {
        operationalPoints ??= [];
        gaugeChangeFacilities ??= [];
        var p = new ProblemList();
        if (edges.Count == 0) p.Add(name, "the network has no track");
        for (var i = 0; i < edges.Count; i++)
        {
            var e = edges[i];
            var where = $"{name}: edge {i} ({e.SourceRef})";
            if (e.Id.Value != i) p.Add(where, $"edge id {e.Id.Value} does not match its index {i}");
            if (e.From.Value < 0 || e.From.Value >= nodes.Count) p.Add(where, $"From node {e.From.Value} does not exist");
            if (e.To.Value < 0 || e.To.Value >= nodes.Count) p.Add(where, $"To node {e.To.Value} does not exist");
            if (!(e.Length.Meters > 0)) p.Add(where, $"length must be positive, got {e.Length}");
            if (e.Geometry.Count < 2) p.Add(where, "geometry needs at least two points");
            if (e.Gauges.Count == 0 || e.Gauges.Any(g => g <= 0)) p.Add(where, "needs at least one positive gauge");
            if (e.Speeds.Count == 0 || e.Speeds[0].Start != Length.Zero) p.Add(where, "needs speed sections starting at 0 m");
            else if (e.Speeds.Any(s => !(s.Forward.MetersPerSecond > 0) || !(s.Backward.MetersPerSecond > 0))) p.Add(where, "speed limits must be positive");
            if (e.AxleLoadLimit is { } a && !(a.Kilograms > 0)) p.Add(where, $"axle-load limit must be positive, got {a}");
            if (e.Tracks < 1) p.Add(where, $"track count must be at least 1, got {e.Tracks}");
            foreach (var c in e.Curves)
                if (!(c.Radius.Meters > 0) || c.End <= c.Start) p.Add(where, $"curve {c.Start}..{c.End} radius {c.Radius} is not valid");
        }
        for (var i = 0; i < operationalPoints.Count; i++)
        {
            var op = operationalPoints[i];
            var where = $"{name}: operational point {op.SourceId}";
            if (op.Names.Count == 0) p.Add(where, "needs at least one name");
            if (op.Edge.Value < 0 || op.Edge.Value >= edges.Count) p.Add(where, $"edge {op.Edge.Value} does not exist");
            else if (op.Offset.Meters < 0 || op.Offset > edges[op.Edge.Value].Length) p.Add(where, $"offset {op.Offset} lies outside its edge");
        }
        foreach (var f in gaugeChangeFacilities)
        {
            if (f.Node.Value < 0 || f.Node.Value >= nodes.Count) p.Add($"{name}: gauge-change facility {f.Name}", $"node {f.Node.Value} does not exist");
            if (f.Duration.Seconds < 0) p.Add($"{name}: gauge-change facility {f.Name}", "duration must not be negative");
        }
        p.ThrowIfAny();
        return new RailNetwork(name, nodes.ToArray(), edges.ToArray(), operationalPoints.ToArray(), gaugeChangeFacilities.ToArray());
    }

    /// <summary>This network with more gauge-change facilities (for example given by the user).</summary>
    public RailNetwork WithGaugeChangeFacilities(IEnumerable<GaugeChangeFacility> more) =>
        new(Name, (NetworkNode[])Nodes, (TrackEdge[])Edges, (OperationalPoint[])OperationalPoints, GaugeChangeFacilities.Concat(more).ToArray());

    /// <summary>The edge ends at a node: each edge and whether the node is that edge's To end.</summary>
    public IEnumerable<(EdgeId Edge, bool AtTo)> IncidentEdges(NodeId node)
    {
        for (var i = incidentStart[node.Value]; i < incidentStart[node.Value + 1]; i++)
            yield return (new EdgeId(incident[i] >> 1), (incident[i] & 1) == 1);
    }

    /// <summary>Raw adjacency (CSR) for routers: ends of node n are <c>ends[start[n]..start[n+1]]</c>, each edge*2 + (1 at To).</summary>
    public (IReadOnlyList<int> Start, IReadOnlyList<int> Ends) Adjacency => (incidentStart, incident);

    /// <summary>The gauge carried by the greatest length of track (the usual gauge of the network).</summary>
    public int MajorityGauge => Edges.SelectMany(e => e.Gauges.Select(g => (g, e.Length.Meters)))
        .GroupBy(x => x.g).OrderByDescending(g => g.Sum(x => x.Meters)).Select(g => g.Key).FirstOrDefault(1435);

    /// <summary>
    /// Operational points any of whose names (<see cref="OperationalPoint.AllNames"/>: the name, translations, short,
    /// alternative and official names, the railway's code) matches <paramref name="name"/> as <see cref="NameText.Normalize"/>
    /// compares them (case, accents, spacing, abbreviations such as Hbf).
    /// </summary>
    public IReadOnlyList<OperationalPoint> FindOperationalPoints(string name)
    {
        var q = NameText.Normalize(name);
        return OperationalPoints.Where(op => op.AllNames.Any(n => NameText.Normalize(n) == q)).ToArray();
    }

    /// <summary>Up to <paramref name="count"/> names closest to <paramref name="name"/> by edit distance (for "did you mean").</summary>
    public IReadOnlyList<string> SuggestNames(string name, int count = 5)
    {
        var q = NameText.Normalize(name);
        return OperationalPoints.SelectMany(op => op.AllNames).Distinct()
            .Select(n => (n, d: Score(q, NameText.Normalize(n))))
            .OrderBy(x => x.d).ThenBy(x => x.n, StringComparer.Ordinal).Take(count).Select(x => x.n).ToArray();

        static int Score(string q, string n) =>
            n.Contains(q, StringComparison.Ordinal) || (q.Length > 0 && q.Contains(n, StringComparison.Ordinal))
                ? Math.Abs(n.Length - q.Length) / 4 : NameText.EditDistance(q, n);
    }

    /// <summary>The nearest point of track to <paramref name="point"/> within <paramref name="maxDistance"/>, or null.</summary>
    public (EdgeId Edge, Length Offset, Length Distance)? Snap(GeoPoint point, Length maxDistance, Func<TrackEdge, bool>? accept = null) =>
        spatial.Value.Nearest(point, maxDistance.Meters, accept);

    /// <summary>
    /// Every edge within <paramref name="maxDistance"/> of <paramref name="point"/>, with the nearest point on each, nearest
    /// first (the tracks of a multi-track line or a station lie a few metres apart).
    /// </summary>
    public IReadOnlyList<(EdgeId Edge, Length Offset, Length Distance)> SnapAll(GeoPoint point, Length maxDistance) =>
        spatial.Value.All(point, maxDistance.Meters);

    /// <summary>The operational point nearest to an edge (by its midpoint), for messages such as "near Horrem".</summary>
    public OperationalPoint? NearestOperationalPoint(EdgeId edge)
    {
        var mid = this[edge].PointAt(this[edge].Length / 2);
        OperationalPoint? best = null;
        var bestD = double.PositiveInfinity;
        foreach (var op in OperationalPoints)
        {
            var d = GeoPoint.Meters(mid, op.Location);
            if (d < bestD) { bestD = d; best = op; }
        }
        return best;
    }

    public override string ToString() => $"{Name}: {Nodes.Count} nodes, {Edges.Count} edges, {TotalLength}, {OperationalPoints.Count} operational points";

    /// <summary>A uniform grid over the edges' segments, for snapping points to track.</summary>
    private sealed class SpatialIndex
    {
        private const double Cell = 0.01; // degrees, about 1.1 km north-south
        private readonly Dictionary<(int, int), List<int>> cells = new();
        private readonly RailNetwork net;

        public SpatialIndex(RailNetwork net)
        {
            this.net = net;
            foreach (var e in net.Edges)
            {
                var seen = new HashSet<(int, int)>();
                foreach (var g in e.Geometry) seen.Add(Key(g));
                for (var i = 0; i + 1 < e.Geometry.Count; i++) seen.Add(Key(e.Geometry[i].Lerp(e.Geometry[i + 1], 0.5)));
                foreach (var k in seen)
                {
                    if (!cells.TryGetValue(k, out var list)) cells[k] = list = [];
                    list.Add(e.Id.Value);
                }
            }
        }

        private static (int, int) Key(GeoPoint p) => ((int)Math.Floor(p.Latitude / Cell), (int)Math.Floor(p.Longitude / Cell));

        public IReadOnlyList<(EdgeId, Length, Length)> All(GeoPoint p, double maxMeters)
        {
            var found = new List<(EdgeId, Length, Length)>();
            Visit(p, maxMeters, (e, d, offset) => { found.Add((e.Id, offset, Length.FromMeters(d))); return maxMeters; });
            return found.OrderBy(x => x.Item3.Meters).ToArray();
        }

        public (EdgeId, Length, Length)? Nearest(GeoPoint p, double maxMeters, Func<TrackEdge, bool>? accept)
        {
            (EdgeId, Length, Length)? best = null;
            Visit(p, maxMeters, (e, d, offset) =>
            {
                if (accept is not null && !accept(e)) return maxMeters;
                if (best is null || d < best.Value.Item3.Meters) best = (e.Id, offset, Length.FromMeters(d));
                return best.Value.Item3.Meters;
            });
            return best;
        }

        /// <summary>Calls <paramref name="visit"/> for every edge within the limit; it returns the new limit.</summary>
        private void Visit(GeoPoint p, double maxMeters, Func<TrackEdge, double, Length, double> visit)
        {
            var (ky, kx) = Key(p);
            var ry = (int)Math.Ceiling(maxMeters / 111_000 / Cell) + 1;
            var rx = (int)Math.Ceiling(maxMeters / (111_000 * Math.Max(0.05, Math.Cos(p.Latitude * Math.PI / 180))) / Cell) + 1;
            var limit = maxMeters;
            var done = new HashSet<int>();
            for (var y = ky - ry; y <= ky + ry; y++)
            for (var x = kx - rx; x <= kx + rx; x++)
            {
                if (!cells.TryGetValue((y, x), out var list)) continue;
                foreach (var ei in list)
                {
                    if (!done.Add(ei)) continue;
                    var e = net.Edges[ei];
                    var (d, seg, t) = GeoMath.DistanceToPolyline(p, e.Geometry);
                    if (d > limit) continue;
                    var along = 0.0;
                    for (var i = 0; i < seg; i++) along += GeoPoint.Meters(e.Geometry[i], e.Geometry[i + 1]);
                    along += t * GeoPoint.Meters(e.Geometry[seg], e.Geometry[seg + 1 < e.Geometry.Count ? seg + 1 : seg]);
                    var scale = e.Length.Meters / Math.Max(GeoMath.PolylineMeters(e.Geometry), 1e-9);
                    limit = visit(e, d, Length.FromMeters(Math.Clamp(along * scale, 0, e.Length.Meters)));
                }
            }
        }
    }
}
