using System.Text;
using System.Text.Json;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.IO.Json;

/// <summary>
/// The regular trains as they will run after the clearance orders, along the corridor: what the report's space-time
/// chart draws thin under the convoy, and what <c>GET /api/plans/{id}/traffic</c> gives the console (docs/api.md).
/// </summary>
public static class TrafficJson
{
    /// <summary>A regular train's front: its number and (instant, corridor kilometre) points in time order.</summary>
    public sealed record Path(string Train, IReadOnlyList<(Instant Time, double Km)> Points);

    /// <summary>
    /// Every regular train of the plan's cleared traffic, its front sampled every <paramref name="stepMeters"/> along its
    /// own path (2 km by default) and flat at each stop from arrival to departure; none without background traffic.
    /// </summary>
    public static IReadOnlyList<Path> Paths(ConvoyPlan plan, double stepMeters = 2000)
    {
        var list = new List<Path>();
        if (plan.Clearance is null) return list;
        foreach (var t in plan.Clearance.Traffic)
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
            list.Add(new Path(t.Train.Number, pts));
        }
        return list;
    }

    /// <summary>
    /// <c>{"trains":[{"id","points":[{"time","km"}]}]}</c>: times ISO-8601 at the offset of the corridor's first place
    /// (the console's time axis), km to 0.01. Regular trains only: nothing of the convoy.
    /// </summary>
    public static string Write(ConvoyPlan plan)
    {
        var zone = plan.Journey.Corridor.Places[0].Zone;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("trains");
            foreach (var p in Paths(plan))
            {
                w.WriteStartObject();
                w.WriteString("id", p.Train);
                w.WriteStartArray("points");
                foreach (var (time, km) in p.Points)
                {
                    w.WriteStartObject();
                    w.WriteString("time", ConvoyPlanner.Iso(time, zone));
                    w.WriteNumber("km", Math.Round(km, 2));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
