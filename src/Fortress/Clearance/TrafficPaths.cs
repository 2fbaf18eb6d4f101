using Fortress.Units;
using NodaTime;

namespace Fortress.Clearance;

/// <summary>A regular train's front as it will run after the clearance orders: its number and (instant, corridor kilometre) points in time order.</summary>
public sealed record TrafficPath(string Train, IReadOnlyList<(Instant Time, double Km)> Points);

/// <summary>
/// The regular trains as they will run after the clearance orders, along the corridor: what the report's space-time
/// chart draws thin under the convoy, and what the console's <c>/traffic</c> gives (docs/api.md).
/// </summary>
public static class TrafficPaths
{
    /// <summary>
    /// Every regular train of the cleared traffic, its front sampled every <paramref name="stepMeters"/> along its own path
    /// (2 km by default) and flat at each stop from arrival to departure; none without a clearance.
    /// </summary>
    public static IReadOnlyList<TrafficPath> Of(ClearanceResult? clearance, double stepMeters = 2000)
    {
        var list = new List<TrafficPath>();
        if (clearance is null) return list;
        foreach (var t in clearance.Traffic)
        {
            var pts = new List<(Instant, double)>();
            var end = t.Movement.End.Meters;
            double Km(double along) => (t.Forward ? t.From.Meters + along : t.From.Meters - along) / 1000;
            var stops = t.Movement.Stops.ToDictionary(s => s.Position.Meters, s => s.Departure.Seconds);
            var xs = new SortedSet<double>(stops.Keys) { 0, end };
            for (var x = 0.0; x < end; x += stepMeters) xs.Add(x);
            foreach (var x in xs)
            {
                if (t.Movement.TimeAtFront(Position.FromMeters(x)) is not { } at) continue;
                pts.Add((t.Departure + NodaTime.Duration.FromSeconds(at.Seconds), Km(x)));
                if (stops.TryGetValue(x, out var leave) && leave > at.Seconds) pts.Add((t.Departure + NodaTime.Duration.FromSeconds(leave), Km(x)));
            }
            list.Add(new TrafficPath(t.Train.Number, pts));
        }
        return list;
    }
}
