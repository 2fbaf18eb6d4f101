using Fortress.Diagnostics;
using NodaTime;

namespace Fortress.Timetable;

/// <summary>
/// A train of the regular (background) traffic: what the timetable says about it on one service date or, where the
/// source gives only a pattern, on the days described by <see cref="OperatingDays"/>. Immutable.
/// </summary>
/// <param name="Id">The source's identifier (GTFS trip_id, railML train id). Unique within one <see cref="RegularTimetable"/>.</param>
/// <param name="Number">The public train number (GTFS trip_short_name, railML trainNumber); the id when none is given.</param>
/// <param name="Name">A descriptive name or headsign, if any.</param>
/// <param name="Operator">The railway undertaking or agency, if known.</param>
/// <param name="Category">Category or product (GTFS route name such as "Bullet", railML trainType), if known.</param>
/// <param name="ServiceDate">The operating day whose timetable this is (times after midnight belong to the same service date).</param>
/// <param name="OperatingDays">The source's description of the days it runs, if any (e.g. "Mon-Fri", a railML operating period).</param>
/// <param name="Stops">Timing points in running order; at least two.</param>
public sealed record RegularTrain(
    string Id,
    string Number,
    string? Name,
    string? Operator,
    string? Category,
    LocalDate? ServiceDate,
    string? OperatingDays,
    IReadOnlyList<TimetableStop> Stops)
{
    /// <summary>First time of the run (departure from the first timed point).</summary>
    public Instant? FirstDeparture => Stops.Select(s => s.LastTime).FirstOrDefault(t => t is not null);

    /// <summary>Last time of the run (arrival at the last timed point).</summary>
    public Instant? LastArrival => Stops.Select(s => s.FirstTime).LastOrDefault(t => t is not null);

    /// <summary>
    /// The train's own consistency problems: fewer than two timing points, or a time earlier than a time given
    /// before it (arrival after departure at a point, or a point earlier than the one before).
    /// </summary>
    public IEnumerable<Problem> Check(string where)
    {
        if (Stops.Count < 2) yield return new Problem(where, $"train {Id} has {Stops.Count} timing point(s); at least 2 are needed");
        Instant? last = null;
        for (var i = 0; i < Stops.Count; i++)
        {
            var s = Stops[i];
            foreach (var t in new[] { s.Arrival, s.Departure })
            {
                if (t is not { } v) continue;
                if (last is { } l && v < l)
                    yield return new Problem($"{where} stop {i + 1} ({s.Station.Name})",
                        $"train {Id}: time {v.InZone(s.Zone):yyyy-MM-dd HH:mm:ss} is earlier than the time before it ({l.InZone(s.Zone):yyyy-MM-dd HH:mm:ss})");
                last = v;
            }
        }
    }

    public override string ToString() => $"{Number} {Name} ({Stops.Count} points)";
}
