using Fortress.Network;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Tests.Routing;

/// <summary>Small networks built in code: straight track running east along a parallel, one edge per segment.</summary>
internal static class TestNetworks
{
    public static GeoPoint At(double km) => new(42.4, 130.0 + km / (111.195 * Math.Cos(42.4 * Math.PI / 180)));

    public static TrackEdge Edge(int id, int from, int to, GeoPoint a, GeoPoint b, int[] gauges, double kmh = 80, Mass? axle = null, Electrification? elec = null, long way = 0) =>
        new()
        {
            Id = new EdgeId(id), From = new NodeId(from), To = new NodeId(to), Geometry = [a, b], Length = a.DistanceTo(b),
            Gauges = gauges, Speeds = [new EdgeSpeed(Length.Zero, Speed.FromKilometersPerHour(kmh), Speed.FromKilometersPerHour(kmh))],
            AxleLoadLimit = axle, Electrification = elec, SourceWayId = way == 0 ? 1000 + id : way, SourceRef = $"way/{(way == 0 ? 1000 + id : way)}",
            StartBearing = a.BearingTo(b), EndBearing = b.BearingTo(a),
        };

    public static OperationalPoint Station(string name, int edge, double offsetMeters, GeoPoint at, params (string Key, string Value)[] more) =>
        new($"op/{name}", OperationalPointKind.Station,
            new Dictionary<string, string> { ["name"] = name }.Concat(more.ToDictionary(m => m.Key, m => m.Value)).ToDictionary(),
            new EdgeId(edge), Length.FromMeters(offsetMeters), at);

    /// <summary>
    /// Sariwon (1435) — 20 km — node 1 (Tumen, a possible bogie exchange) — 20 km — Khasan (1520), with stations in the
    /// middle of each edge; the facility is added only when <paramref name="facilityMinutes"/> is given.
    /// </summary>
    public static RailNetwork GaugeBreak(double? facilityMinutes, Mass? axleLimitOnWest = null)
    {
        var nodes = new[] { new NetworkNode(At(0)), new NetworkNode(At(20)), new NetworkNode(At(40)) };
        var edges = new[]
        {
            Edge(0, 0, 1, At(0), At(20), [1435], axle: axleLimitOnWest),
            Edge(1, 1, 2, At(20), At(40), [1520]),
        };
        var ops = new[]
        {
            Station("West", 0, 1000, At(1), ("name:ko", "서쪽")),
            Station("Tumen", 0, edges[0].Length.Meters, At(20)),
            Station("Khasan", 1, edges[1].Length.Meters - 1000, At(39), ("name:ru", "Хасан")),
        };
        var facilities = facilityMinutes is { } m ? new[] { new GaugeChangeFacility("Tumen bogie exchange", new NodeId(1), Duration.FromMinutes(m), "data") } : [];
        return RailNetwork.Create("gauge-break", nodes, edges, ops, facilities);
    }
}
