using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Routing;
using Fortress.Running;
using Fortress.Units;
using NodaTime;

namespace Fortress.Planning;

/// <summary>
/// A corridor from a route found on a real network (OSM, RailJSON): the route's running path without its stops,
/// the stations it passes as places (in the given zone), its gauge and traction changes, and the track count of each
/// edge it uses. This is how a journey on imported data gets planned.
/// </summary>
public static class CorridorFromRoute
{
    public static Corridor Build(RailNetwork network, Route route, string name, DateTimeZone zone, string country)
    {
        var path = (route.Path ?? throw new FortressException("plan.route", ErrorCause.Internal, "the route has no running path")).WithStops([]);
        var places = new List<CorridorPlace>();
        void Add(string placeName, double x, PlaceKind kind, GeoPoint? at = null)
        {
            x = Math.Clamp(x, 0, path.Length.Meters);
            // Places closer than 50 m to one already there are the same place.
            if (places.Any(p => Math.Abs(p.Position.Meters - x) < 50 || string.Equals(p.Name, placeName, StringComparison.OrdinalIgnoreCase))) return;
            places.Add(new CorridorPlace(placeName, Position.FromMeters(x), zone, country, kind, kind != PlaceKind.Halt,
                at is { } g ? (g.Latitude, g.Longitude) : null));
        }
        Add(route.From, 0, PlaceKind.Station, route.Geometry.Count > 0 ? route.Geometry[0] : null);
        Add(route.To, path.Length.Meters, PlaceKind.Station, route.Geometry.Count > 0 ? route.Geometry[^1] : null);
        foreach (var g in route.GaugeChanges) Add(g.Facility, g.Position.Meters, PlaceKind.GaugeChange, g.Location);
        foreach (var t in route.TractionChanges) Add(t.Place, t.Position.Meters, PlaceKind.Station, t.Location);
        foreach (var s in route.Stations)
            Add(s.Name, s.Position.Meters, s.Kind == OperationalPointKind.Halt ? PlaceKind.Halt : s.Kind == OperationalPointKind.Junction ? PlaceKind.Junction : PlaceKind.Station, s.Location);
        places.Sort((a, b) => a.Position.CompareTo(b.Position));

        var gauges = route.GaugeChanges.Select(g => new GaugeChange(places.First(p => Math.Abs(p.Position.Meters - Math.Clamp(g.Position.Meters, 0, path.Length.Meters)) < 50).Name,
            g.Position, g.FromGauge, g.ToGauge, g.Duration, g.Facility)).ToArray();
        var tractions = route.TractionChanges.Select(t => new TractionChange(places.First(p => Math.Abs(p.Position.Meters - Math.Clamp(t.Position.Meters, 0, path.Length.Meters)) < 50).Name,
            t.Position, t.Duration, $"{t.From} to {t.To}")).ToArray();

        // Track count along the route, edge by edge, merged where it does not change; the signals met on the way.
        var tracks = new List<TrackSection>();
        var signals = new List<CorridorSignal>();
        var pos = 0.0;
        foreach (var leg in route.Legs)
        {
            var len = Math.Abs((leg.ToOffset - leg.FromOffset).Meters);
            if (len <= 0) continue;
            var forwardOnEdge = leg.ToOffset >= leg.FromOffset;
            var lo = Math.Min(leg.FromOffset.Meters, leg.ToOffset.Meters);
            var hi = Math.Max(leg.FromOffset.Meters, leg.ToOffset.Meters);
            foreach (var sg in network[leg.Edge].Signals)
            {
                if (sg.Offset.Meters < lo || sg.Offset.Meters > hi) continue;
                var x = pos + Math.Abs(sg.Offset.Meters - leg.FromOffset.Meters);
                if (x > path.Length.Meters) continue;
                // Facing the route's direction of travel when the signal's direction on the edge is the one the route runs.
                var facing = (sg.Direction == EdgeDirection.Forward) == forwardOnEdge;
                signals.Add(new CorridorSignal(sg.Id, Position.FromMeters(x), facing));
            }
            var n = Math.Max(1, network[leg.Edge].Tracks);
            var end = Math.Min(pos + len, path.Length.Meters);
            if (tracks.Count > 0 && tracks[^1].Tracks == n) tracks[^1] = tracks[^1] with { End = Position.FromMeters(end) };
            else if (end > pos) tracks.Add(new TrackSection(Position.FromMeters(pos), Position.FromMeters(end), n));
            pos = end;
        }
        if (tracks.Count == 0 || tracks[^1].End < path.End) tracks.Add(new TrackSection(tracks.Count == 0 ? Position.Origin : tracks[^1].End, path.End, tracks.Count == 0 ? 1 : tracks[^1].Tracks));
        return Corridor.Create(name, path, places, gauges, tractions, tracks.Where(t => t.End > t.Start).ToArray(), $"route {route.From} - {route.To}", signals);
    }
}
