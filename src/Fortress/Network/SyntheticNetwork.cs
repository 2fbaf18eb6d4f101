using Fortress.Units;

namespace Fortress.Network;

/// <summary>
/// Generated networks for benchmarks and tests: a square grid of lines (every node a junction of up to four lines),
/// reproducible from a seed, with line speeds drawn from main-line values. No real railway looks like this, but its size
/// and its long shortest paths make it a fair test of search speed.
/// </summary>
public static class SyntheticNetwork
{
    private static readonly double[] SpeedsKmh = [60, 80, 100, 120, 140, 160, 200];

    /// <summary>
    /// A <paramref name="side"/> x <paramref name="side"/> grid with <paramref name="spacingKm"/> between neighbours,
    /// 2·side·(side−1) edges (710 gives 1,006,780), one named station per <paramref name="stationEvery"/> nodes.
    /// </summary>
    public static RailNetwork Grid(int side, double spacingKm = 2.0, int seed = 42, int stationEvery = 1000)
    {
        var rng = new Random(seed);
        var lat0 = 40.0; var lon0 = 10.0;
        var dLat = spacingKm / 111.195;
        var dLon = spacingKm / (111.195 * Math.Cos((lat0 + side * dLat / 2) * Math.PI / 180));
        var nodes = new NetworkNode[side * side];
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
            nodes[y * side + x] = new NetworkNode(new GeoPoint(lat0 + y * dLat, lon0 + x * dLon));
        var speedSets = SpeedsKmh.Select(k => (IReadOnlyList<EdgeSpeed>)[new EdgeSpeed(Length.Zero, Speed.FromKilometersPerHour(k), Speed.FromKilometersPerHour(k))]).ToArray();
        IReadOnlyList<int> gauge = [1435];
        var edges = new List<TrackEdge>(2 * side * (side - 1));
        void Add(int a, int b)
        {
            var pa = nodes[a].Location; var pb = nodes[b].Location;
            var id = edges.Count;
            edges.Add(new TrackEdge
            {
                Id = new EdgeId(id), From = new NodeId(a), To = new NodeId(b), Geometry = [pa, pb], Length = pa.DistanceTo(pb),
                Gauges = gauge, Speeds = speedSets[rng.Next(speedSets.Length)], AxleLoadLimit = Mass.FromTonnes(22.5),
                SourceWayId = id + 1, StartBearing = pa.BearingTo(pb), EndBearing = pb.BearingTo(pa),
            });
        }
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            var n = y * side + x;
            if (x + 1 < side) Add(n, n + 1);
            if (y + 1 < side) Add(n, n + side);
        }
        var ops = new List<OperationalPoint>();
        for (var i = 0; i < edges.Count; i += stationEvery)
        {
            var e = edges[i];
            ops.Add(new OperationalPoint($"op{i}", OperationalPointKind.Station, new Dictionary<string, string> { ["name"] = $"Station {i}" },
                e.Id, e.Length / 2, e.PointAt(e.Length / 2)));
        }
        return RailNetwork.Create($"synthetic grid {side}x{side}", nodes, edges, ops);
    }
}
