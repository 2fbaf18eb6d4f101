using Fortress.Network;
using Fortress.Rolling;

namespace Fortress.Routing;

/// <summary>
/// The network flattened into arrays for searching: per edge its ends, length, bearings at both ends, gauges as a bit
/// mask, electrification as an index, axle-load limit; per node its facilities and stations. Built once per network;
/// immutable apart from the lazily built landmark table. Thread-safe.
/// </summary>
internal sealed class RoutingGraph
{
    public readonly RailNetwork Network;
    public readonly int NodeCount, EdgeCount;
    public readonly int[] From, To;
    public readonly double[] LengthM;
    public readonly float[] StartX, StartY, EndX, EndY; // unit vectors of the bearing leaving each end into the edge
    public readonly ulong[] GaugeMask;
    public readonly int[] Gauges;
    public readonly int[] ElecIndex;
    public readonly Electrification[] Electrifications;
    public readonly double[] AxleLimitKg;
    public readonly int[] AdjStart, AdjEnds;
    public readonly bool[] Crossing;
    public readonly Dictionary<int, GaugeChangeFacility> Facilities = new();
    public readonly Dictionary<int, string> StationAtNode = new();
    public readonly Dictionary<int, List<OperationalPoint>> PointsOnEdge = new();
    public readonly double NetworkMaxSpeedMps;
    private readonly Dictionary<double, (double[] F, double[] B)> timeCache = new();
    private readonly object gate = new();
    private readonly List<Landmarks> landmarks = [];

    public RoutingGraph(RailNetwork net)
    {
        Network = net;
        NodeCount = net.Nodes.Count;
        EdgeCount = net.Edges.Count;
        From = new int[EdgeCount]; To = new int[EdgeCount]; LengthM = new double[EdgeCount];
        StartX = new float[EdgeCount]; StartY = new float[EdgeCount]; EndX = new float[EdgeCount]; EndY = new float[EdgeCount];
        GaugeMask = new ulong[EdgeCount]; ElecIndex = new int[EdgeCount]; AxleLimitKg = new double[EdgeCount];
        var gauges = new List<int>();
        var elecs = new List<Electrification>();
        var vmax = 0.0;
        for (var i = 0; i < EdgeCount; i++)
        {
            var e = net.Edges[i];
            From[i] = e.From.Value; To[i] = e.To.Value; LengthM[i] = e.Length.Meters;
            (StartX[i], StartY[i]) = Unit(e.StartBearing);
            (EndX[i], EndY[i]) = Unit(e.EndBearing);
            ulong mask = 0;
            foreach (var g in e.Gauges)
            {
                var gi = gauges.IndexOf(g);
                if (gi < 0) { gi = gauges.Count; gauges.Add(g); }
                if (gi < 64) mask |= 1UL << gi;
            }
            GaugeMask[i] = mask;
            if (e.Electrification is { } el)
            {
                var ei = elecs.FindIndex(x => x.Matches(el));
                if (ei < 0) { ei = elecs.Count; elecs.Add(el); }
                ElecIndex[i] = ei;
            }
            else ElecIndex[i] = -1;
            AxleLimitKg[i] = e.AxleLoadLimit?.Kilograms ?? double.PositiveInfinity;
            vmax = Math.Max(vmax, e.MaxSpeed.MetersPerSecond);
        }
        NetworkMaxSpeedMps = vmax;
        Gauges = gauges.ToArray();
        Electrifications = elecs.ToArray();
        var (start, ends) = net.Adjacency;
        AdjStart = (int[])start; AdjEnds = (int[])ends;
        Crossing = net.Nodes.Select(n => n.IsDiamondCrossing).ToArray();
        foreach (var f in net.GaugeChangeFacilities) Facilities.TryAdd(f.Node.Value, f);
        foreach (var op in net.OperationalPoints)
        {
            if (!PointsOnEdge.TryGetValue(op.Edge.Value, out var list)) PointsOnEdge[op.Edge.Value] = list = [];
            list.Add(op);
            if (op.Kind is OperationalPointKind.Station or OperationalPointKind.Halt or OperationalPointKind.StopPosition or OperationalPointKind.BorderCrossing)
            {
                var e = net.Edges[op.Edge.Value];
                var node = op.Offset.Meters <= e.Length.Meters / 2 ? e.From : e.To;
                StationAtNode.TryAdd(node.Value, op.Name);
            }
        }
    }

    private static (float, float) Unit(double bearingDeg)
    {
        var r = bearingDeg * Math.PI / 180;
        return ((float)Math.Sin(r), (float)Math.Cos(r));
    }

    /// <summary>Travel times of every edge in both directions for a train whose speed is capped at <paramref name="vmaxMps"/>.</summary>
    public (double[] F, double[] B) EdgeTimes(double vmaxMps)
    {
        lock (gate)
        {
            if (timeCache.TryGetValue(vmaxMps, out var t)) return t;
            var f = new double[EdgeCount];
            var b = new double[EdgeCount];
            for (var i = 0; i < EdgeCount; i++)
            {
                f[i] = TimeBetween(i, 0, LengthM[i], EdgeDirection.Forward, vmaxMps);
                b[i] = TimeBetween(i, 0, LengthM[i], EdgeDirection.Backward, vmaxMps);
            }
            if (timeCache.Count > 8) timeCache.Clear();
            timeCache[vmaxMps] = (f, b);
            return (f, b);
        }
    }

    /// <summary>Seconds to run between offsets a &lt;= b of an edge in a direction, at min(line speed, vmax).</summary>
    public double TimeBetween(int edge, double a, double b, EdgeDirection dir, double vmaxMps)
    {
        var speeds = Network.Edges[edge].Speeds;
        if (speeds.Count == 1)
        {
            var v = dir == EdgeDirection.Forward ? speeds[0].Forward.MetersPerSecond : speeds[0].Backward.MetersPerSecond;
            return (b - a) / Math.Min(v, vmaxMps);
        }
        var total = 0.0;
        for (var i = 0; i < speeds.Count; i++)
        {
            var s0 = speeds[i].Start.Meters;
            var s1 = i + 1 < speeds.Count ? speeds[i + 1].Start.Meters : LengthM[edge];
            var lo = Math.Max(a, s0); var hi = Math.Min(b, s1);
            if (hi <= lo) continue;
            var v = dir == EdgeDirection.Forward ? speeds[i].Forward.MetersPerSecond : speeds[i].Backward.MetersPerSecond;
            total += (hi - lo) / Math.Min(v, vmaxMps);
        }
        return total;
    }

    private readonly System.Collections.Concurrent.ConcurrentBag<SearchWorkspace> pool = new();

    /// <summary>A workspace with room for <paramref name="states"/> states (reused across queries; one per concurrent search).</summary>
    public SearchWorkspace RentWorkspace(int states)
    {
        var tried = new List<SearchWorkspace>();
        SearchWorkspace? found = null;
        while (pool.TryTake(out var ws))
        {
            if (ws.Capacity >= states) { found = ws; break; }
            tried.Add(ws);
        }
        foreach (var t in tried) pool.Add(t);
        return found ?? new SearchWorkspace(states, NodeCount);
    }

    public void ReturnWorkspace(SearchWorkspace ws)
    {
        if (pool.Count < 4) pool.Add(ws);
    }

    /// <summary>Builds (once) the landmark table for trains up to <paramref name="capMps"/> (thread-safe).</summary>
    public Landmarks BuildLandmarks(int count, double capMps)
    {
        lock (gate)
        {
            var existing = landmarks.FirstOrDefault(l => l.SpeedCapMps == capMps && l.Count >= count);
            if (existing is not null) return existing;
        }
        var built = Landmarks.Build(this, count, capMps);
        lock (gate) landmarks.Add(built);
        return built;
    }

    /// <summary>The tightest landmark table valid for a train of maximum speed <paramref name="trainMps"/>, or null.</summary>
    public Landmarks? LandmarksFor(double trainMps)
    {
        lock (gate) return landmarks.Where(l => l.SpeedCapMps >= trainMps - 1e-9).OrderBy(l => l.SpeedCapMps).FirstOrDefault();
    }
}

/// <summary>
/// ALT lower bounds (A*, landmarks, triangle inequality; Goldberg and Harrelson 2005): shortest times from a few far-apart
/// landmark nodes to every node, on the undirected node graph, each edge at min(its faster direction's line speed,
/// <see cref="SpeedCapMps"/>), with no constraint and no turn rule. For any train whose own maximum speed is at most the
/// cap, |d(L,u) - d(L,v)| never overestimates its time between u and v, so A* stays exact. Stored node-major
/// (the landmarks of one node side by side) so that a bound costs one or two cache lines.
/// </summary>
internal sealed class Landmarks
{
    private readonly float[] d; // d[node * Count + landmark]

    public readonly int Count;
    public readonly int[] Nodes;
    public readonly double SpeedCapMps;

    private Landmarks(int[] nodes, float[] d, double cap) { Nodes = nodes; this.d = d; Count = nodes.Length; SpeedCapMps = cap; }

    public static Landmarks Build(RoutingGraph g, int count, double capMps)
    {
        var (tf, tb) = g.EdgeTimes(capMps);
        var w = new double[g.EdgeCount];
        for (var i = 0; i < w.Length; i++) w[i] = Math.Min(tf[i], tb[i]);
        var chosen = new List<int>();
        var dists = new List<float[]>();
        // Farthest-first: start from the node farthest from node 0, then repeatedly the node farthest from all chosen.
        var seed = Dijkstra(g, w, 0);
        var next = ArgMaxFinite(seed, null);
        var minToChosen = new float[g.NodeCount];
        Array.Fill(minToChosen, float.PositiveInfinity);
        while (chosen.Count < count && next >= 0)
        {
            var dist = Dijkstra(g, w, next);
            chosen.Add(next);
            dists.Add(dist);
            for (var i = 0; i < dist.Length; i++) if (dist[i] < minToChosen[i]) minToChosen[i] = dist[i];
            next = ArgMaxFinite(minToChosen, chosen);
        }
        var l = chosen.Count;
        var all = new float[(long)g.NodeCount * l];
        for (var k = 0; k < l; k++)
            for (var v = 0; v < g.NodeCount; v++) all[v * l + k] = dists[k][v];
        return new Landmarks(chosen.ToArray(), all, capMps);
    }

    private static int ArgMaxFinite(float[] d, List<int>? exclude)
    {
        var best = -1; var bestV = -1f;
        for (var i = 0; i < d.Length; i++)
            if (!float.IsPositiveInfinity(d[i]) && d[i] > bestV && (exclude is null || !exclude.Contains(i))) { best = i; bestV = d[i]; }
        return bestV > 0 ? best : -1;
    }

    private static float[] Dijkstra(RoutingGraph g, double[] w, int source)
    {
        var dist = new double[g.NodeCount];
        Array.Fill(dist, double.PositiveInfinity);
        var pq = new PriorityQueue<int, double>();
        dist[source] = 0;
        pq.Enqueue(source, 0);
        while (pq.TryDequeue(out var v, out var dv))
        {
            if (dv > dist[v]) continue;
            for (var k = g.AdjStart[v]; k < g.AdjStart[v + 1]; k++)
            {
                var end = g.AdjEnds[k];
                var e = end >> 1;
                var u = (end & 1) == 1 ? g.From[e] : g.To[e];
                var du = dv + w[e];
                if (du < dist[u]) { dist[u] = du; pq.Enqueue(u, du); }
            }
        }
        var r = new float[g.NodeCount];
        // Round down so that float storage never makes the bound exceed the true distance.
        for (var i = 0; i < r.Length; i++) r[i] = double.IsPositiveInfinity(dist[i]) ? float.PositiveInfinity : MathF.BitDecrement((float)dist[i]);
        return r;
    }

    /// <summary>
    /// The landmarks that give the best bound between two nodes (at most <paramref name="max"/>): a query uses only these
    /// ("active landmarks"), which costs less per node and loses little.
    /// </summary>
    public int[] Active(int from, int to, int max)
    {
        return Enumerable.Range(0, Count)
            .Select(k => (k, b: Pair(from, to, k)))
            .Where(x => !double.IsNaN(x.b))
            .OrderByDescending(x => x.b).Take(max).Select(x => x.k).ToArray();
    }

    private double Pair(int u, int v, int k)
    {
        var a = d[u * Count + k]; var b = d[v * Count + k];
        if (float.IsPositiveInfinity(a) || float.IsPositiveInfinity(b)) return double.NaN;
        return Math.Abs(a - b);
    }

    /// <summary>A lower bound of the time between nodes u and v over the given landmarks; +infinity when they are in different components.</summary>
    public double Bound(int u, int v, int[] active)
    {
        var best = 0.0;
        var bu = u * Count; var bv = v * Count;
        foreach (var k in active)
        {
            var a = d[bu + k]; var b = d[bv + k];
            if (float.IsPositiveInfinity(a) || float.IsPositiveInfinity(b))
            {
                if (float.IsPositiveInfinity(a) != float.IsPositiveInfinity(b)) return double.PositiveInfinity;
                continue;
            }
            var x = Math.Abs(a - b) * (1 - 1e-6);
            if (x > best) best = x;
        }
        return best;
    }
}
