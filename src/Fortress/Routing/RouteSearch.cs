using Fortress.Network;

namespace Fortress.Routing;

/// <summary>Which constraints a search ignores (to find out which one blocks a route).</summary>
[Flags]
internal enum Relax { None = 0, Gauge = 1, AxleLoad = 2, Electrification = 4, Reversal = 8 }

/// <summary>One state of the search chain: an edge run in a direction, with the gauge index and traction mode on it.</summary>
internal readonly record struct ChainStep(int Edge, EdgeDirection Direction, int Gauge, int Traction, double Cost);

/// <summary>The result of one search: the chain of states from a source to a target and the finishing offsets.</summary>
internal sealed record SearchResult(IReadOnlyList<ChainStep> Chain, int SourceIndex, int TargetIndex, double Cost, int Settled);

/// <summary>
/// A* (or Dijkstra without landmarks) over states (directed edge, gauge, traction): a state is "arrived at the far end
/// of this edge, running in this direction, wheels on this gauge, with own or substitute traction". Moving from one
/// edge to the next at a node is allowed when the change of direction is small enough (no reversal through a switch's
/// acute angle), the next edge carries the gauge (or a gauge-change facility at the node lets the train change, at its
/// duration), the axle load fits, and the traction can run there (or a locomotive change at a station, when allowed).
/// One instance per query; not thread-safe.
/// </summary>
internal sealed class RouteSearch
{
    private readonly RoutingGraph g;
    private readonly RoutingTrain train;
    private readonly RouteOptions options;
    private readonly Relax relax;
    private readonly double vmax;
    private readonly double[] tf, tb, tf1, tb1; // edge times with own traction, and with the substitute diesel
    private readonly double vmax1;
    private readonly int G, T;
    private readonly bool[] elecOk;
    private readonly double axleKg;
    private readonly float maxDot, crossingDot;
    private readonly Landmarks? landmarks;

    public RouteSearch(RoutingGraph graph, RoutingTrain train, RouteOptions options, Relax relax)
    {
        g = graph;
        this.train = train;
        this.options = options;
        this.relax = relax;
        vmax = train.Consist.MaxSpeed.MetersPerSecond;
        (tf, tb) = g.EdgeTimes(vmax);
        vmax1 = Math.Min(vmax, options.SubstituteLocomotiveMaxSpeed.MetersPerSecond);
        (tf1, tb1) = options.AllowLocomotiveChange ? g.EdgeTimes(vmax1) : (tf, tb);
        G = Math.Max(1, g.Gauges.Length);
        T = options.AllowLocomotiveChange && train.IsElectric ? 2 : 1;
        elecOk = g.Electrifications.Select(e => train.CanRunUnder(e)).ToArray();
        NoElecOk = train.CanRunUnder(null);
        axleKg = train.Consist.MaxAxleLoad.Kilograms;
        maxDot = (float)-Math.Cos(options.MaxDeflectionDegrees * Math.PI / 180);
        crossingDot = (float)-Math.Cos(20 * Math.PI / 180);
        landmarks = options.UseLandmarks ? g.LandmarksFor(vmax) : null;
    }

    private bool NoElecOk { get; }

    /// <summary>How many of the landmarks a query uses (the best for its source and target).</summary>
    private const int ActiveLandmarks = 6;

    /// <summary>Index of the train's gauge among the network's gauges, or -1 when no track has it.</summary>
    public int TrainGaugeIndex => Array.IndexOf(g.Gauges, train.GaugeMillimeters);

    private bool TractionOk(int edge, int t) =>
        t == 1 || (relax & Relax.Electrification) != 0 || (g.ElecIndex[edge] < 0 ? NoElecOk : elecOk[g.ElecIndex[edge]]);

    private bool EdgeOk(int edge) => (relax & Relax.AxleLoad) != 0 || g.AxleLimitKg[edge] >= axleKg - 1e-6;

    private bool GaugeOk(int edge, int gi) => (relax & Relax.Gauge) != 0 || (gi >= 0 && gi < 64 && ((g.GaugeMask[edge] >> gi) & 1) == 1);

    private double Time(int edge, EdgeDirection dir, int traction) => traction == 1
        ? (dir == EdgeDirection.Forward ? tf1[edge] : tb1[edge])
        : (dir == EdgeDirection.Forward ? tf[edge] : tb[edge]);

    /// <summary>Whether running from edge e (arriving at node v) into edge f (leaving v) is a run-through, not a reversal.</summary>
    public bool RunsThrough(int v, int e, EdgeDirection arrDir, int f, bool fAtTo)
    {
        if (e == f) return false;
        float ax, ay;
        if (arrDir == EdgeDirection.Forward) { ax = g.EndX[e]; ay = g.EndY[e]; } else { ax = g.StartX[e]; ay = g.StartY[e]; }
        float bx, by;
        if (fAtTo) { bx = g.EndX[f]; by = g.EndY[f]; } else { bx = g.StartX[f]; by = g.StartY[f]; }
        var dot = ax * bx + ay * by;
        return dot <= (g.Crossing[v] ? crossingDot : maxDot);
    }

    public SearchResult? Run(IReadOnlyList<NetworkPlace> sources, IReadOnlyList<NetworkPlace> targets)
    {
        var g0 = (relax & Relax.Gauge) != 0 ? Math.Max(0, TrainGaugeIndex) : TrainGaugeIndex;
        if (g0 < 0) return null;
        var stateCount = (long)g.EdgeCount * 2 * G * T;
        if (stateCount > int.MaxValue / 2) throw new InvalidOperationException("network too large for the search state space");
        var ws = g.RentWorkspace((int)stateCount);
        try { return Search(ws, g0, sources, targets); }
        finally { g.ReturnWorkspace(ws); }
    }

    private SearchResult? Search(SearchWorkspace ws, int g0, IReadOnlyList<NetworkPlace> sources, IReadOnlyList<NetworkPlace> targets)
    {
        ws.Begin();
        var pq = ws.Queue;
        var targetsByEdge = new Dictionary<int, List<(double Off, int Idx)>>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (!targetsByEdge.TryGetValue(targets[i].Edge.Value, out var l)) targetsByEdge[targets[i].Edge.Value] = l = [];
            l.Add((targets[i].Offset.Meters, i));
        }
        var targetNodes = targets.SelectMany(t => new[] { g.From[t.Edge.Value], g.To[t.Edge.Value] }).Distinct().ToArray();
        var active = landmarks is null || sources.Count == 0 || targets.Count == 0 ? []
            : landmarks.Active(g.From[sources[0].Edge.Value], g.From[targets[0].Edge.Value], ActiveLandmarks);
        double H(int node)
        {
            if (landmarks is null) return 0;
            if (ws.TryGetH(node, out var h)) return h;
            h = double.PositiveInfinity;
            foreach (var u in targetNodes) h = Math.Min(h, landmarks.Bound(node, u, active));
            ws.SetH(node, h);
            return h;
        }

        var best = double.PositiveInfinity;
        (int Prev, int Edge, EdgeDirection Dir, int Gauge, int Traction, int Target, int Source, double Cost)? finish = null;
        int Encode(int e, EdgeDirection d, int gi, int t) => ((e * 2 + (int)d) * G + gi) * T + t;
        int ArrivalNode(int e, EdgeDirection d) => d == EdgeDirection.Forward ? g.To[e] : g.From[e];

        // Sources: start on the source edge, running either way.
        for (var si = 0; si < sources.Count; si++)
        {
            var s = sources[si];
            var e = s.Edge.Value;
            if (!EdgeOk(e) || !GaugeOk(e, g0) || !TractionOk(e, 0)) continue;
            var off = s.Offset.Meters;
            foreach (var dir in new[] { EdgeDirection.Forward, EdgeDirection.Backward })
            {
                var c = dir == EdgeDirection.Forward
                    ? g.TimeBetween(e, off, g.LengthM[e], dir, vmax)
                    : g.TimeBetween(e, 0, off, dir, vmax);
                if (targetsByEdge.TryGetValue(e, out var tl))
                    foreach (var (toff, ti) in tl)
                    {
                        var ahead = dir == EdgeDirection.Forward ? toff >= off : toff <= off;
                        if (!ahead) continue;
                        var fc = g.TimeBetween(e, Math.Min(off, toff), Math.Max(off, toff), dir, vmax);
                        if (fc < best) { best = fc; finish = (-1 - si, e, dir, g0, 0, ti, si, fc); }
                    }
                var st = Encode(e, dir, g0, 0);
                if (c < ws.Dist(st))
                {
                    ws.Set(st, c, -1 - si);
                    pq.Enqueue(st, c + H(ArrivalNode(e, dir)));
                }
            }
        }

        var settledCount = 0;
        while (pq.TryDequeue(out var st, out var key))
        {
            if (key >= best) break;
            if (!ws.Settle(st)) continue;
            settledCount++;
            var c = ws.Dist(st);
            var t = (int)(st % T); var rest = st / T;
            var gi = (int)(rest % G); rest /= G;
            var dir = (EdgeDirection)(rest % 2); var e = (int)(rest / 2);
            var v = ArrivalNode(e, dir);
            var facility = g.Facilities.TryGetValue(v, out var fac) ? fac : null;
            var station = T == 2 && g.StationAtNode.ContainsKey(v);
            for (var k = g.AdjStart[v]; k < g.AdjStart[v + 1]; k++)
            {
                var end = g.AdjEnds[k];
                var f = end >> 1;
                var fAtTo = (end & 1) == 1;
                var fdir = fAtTo ? EdgeDirection.Backward : EdgeDirection.Forward;
                var penalty = 0.0;
                if (!RunsThrough(v, e, dir, f, fAtTo))
                {
                    if (!options.AllowReversal && (relax & Relax.Reversal) == 0) continue;
                    penalty += options.AllowReversal ? options.ReversalTime.Seconds : 0;
                }
                if (!EdgeOk(f)) continue;
                var ng = gi;
                if (!GaugeOk(f, gi))
                {
                    if (facility is null) continue;
                    ng = -1;
                    for (var x = 0; x < G; x++) if (GaugeOk(f, x)) { ng = x; break; }
                    if (ng < 0) continue;
                    penalty += facility.Duration.Seconds;
                }
                // Up to two ways on: with the traction as it is (or a diesel locomotive where it cannot run), and back to
                // the train's own electric traction at a station where the catenary suits it again.
                int nt1, nt2 = -1;
                double pen1 = penalty, pen2 = 0;
                if (!TractionOk(f, t))
                {
                    if (!station) continue;
                    nt1 = 1;
                    pen1 += options.LocomotiveChangeTime.Seconds;
                }
                else
                {
                    nt1 = t;
                    if (t == 1 && station && TractionOk(f, 0)) { nt2 = 0; pen2 = penalty + options.LocomotiveChangeTime.Seconds; }
                }
                for (var option = 0; option < 2; option++)
                {
                    var nt = option == 0 ? nt1 : nt2;
                    if (nt < 0) break;
                    var cEntry = c + (option == 0 ? pen1 : pen2);
                    if (targetsByEdge.TryGetValue(f, out var tl))
                        foreach (var (toff, ti) in tl)
                        {
                            var vt = nt == 1 ? vmax1 : vmax;
                            var fc = cEntry + (fdir == EdgeDirection.Forward
                                ? g.TimeBetween(f, 0, toff, fdir, vt)
                                : g.TimeBetween(f, toff, g.LengthM[f], fdir, vt));
                            if (fc < best) { best = fc; finish = (st, f, fdir, ng, nt, ti, -1, fc); }
                        }
                    var ns = Encode(f, fdir, ng, nt);
                    var nc = cEntry + Time(f, fdir, nt);
                    if (ws.IsSettled(ns) || nc >= ws.Dist(ns)) continue;
                    var h = H(ArrivalNode(f, fdir));
                    if (double.IsPositiveInfinity(h)) continue;
                    ws.Set(ns, nc, st);
                    pq.Enqueue(ns, nc + h);
                }
            }
        }
        if (finish is not { } fin) return null;

        // Rebuild the chain from the source to the finishing edge.
        var chain = new List<ChainStep> { new(fin.Edge, fin.Dir, fin.Gauge, fin.Traction, fin.Cost) };
        var source = fin.Source;
        var cur = fin.Prev;
        while (cur >= 0)
        {
            var t = (int)(cur % T); var rest = cur / T;
            var gi = (int)(rest % G); rest /= G;
            var d = (EdgeDirection)(rest % 2); var e = (int)(rest / 2);
            chain.Add(new ChainStep(e, d, gi, t, ws.Dist(cur)));
            var p = ws.Parent(cur);
            if (p < 0) { source = -1 - p; break; }
            cur = p;
        }
        if (cur < 0) source = -1 - cur;
        chain.Reverse();
        return new SearchResult(chain, source, fin.Target, fin.Cost, settledCount);
    }
}
