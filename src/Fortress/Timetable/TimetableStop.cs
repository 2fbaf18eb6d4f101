using NodaTime;

namespace Fortress.Timetable;

/// <summary>Whether a train calls at a timing point (stops, possibly with zero dwell) or runs through it.</summary>
public enum StopKind
{
    /// <summary>The train stops (passengers board or alight, or an operational stop).</summary>
    Stop,
    /// <summary>The train passes without stopping; at most one passing time.</summary>
    Pass,
}

/// <summary>
/// One timing point of a regular train. Times are exact <see cref="Instant"/>s (so a time after midnight or in another
/// zone compares and subtracts correctly); <see cref="Zone"/> is the zone of the place, kept only to show the times
/// as local clock times. Either time may be absent: the first stop has no arrival, the last no departure, and many
/// timetables give no time at all for a passing point.
/// </summary>
/// <param name="Station">Where.</param>
/// <param name="Arrival">Arrival (or passing) instant, if the timetable gives one.</param>
/// <param name="Departure">Departure (or passing) instant, if the timetable gives one.</param>
/// <param name="Zone">The place's time zone, for display.</param>
/// <param name="Kind">Stop or pass.</param>
public sealed record TimetableStop(StationRef Station, Instant? Arrival, Instant? Departure, DateTimeZone Zone, StopKind Kind = StopKind.Stop)
{
    /// <summary>The earliest time given at this point (arrival, else departure); null if none.</summary>
    public Instant? FirstTime => Arrival ?? Departure;

    /// <summary>The latest time given at this point (departure, else arrival); null if none.</summary>
    public Instant? LastTime => Departure ?? Arrival;

    /// <summary>Departure minus arrival where both are given; zero for a pass.</summary>
    public NodaTime.Duration? Dwell => Arrival is { } a && Departure is { } d ? d - a : null;

    /// <summary>Whether this point carries any time.</summary>
    public bool IsTimed => Arrival is not null || Departure is not null;

    /// <summary>Arrival as a local clock time in the place's zone.</summary>
    public ZonedDateTime? LocalArrival => Arrival?.InZone(Zone);

    /// <summary>Departure as a local clock time in the place's zone.</summary>
    public ZonedDateTime? LocalDeparture => Departure?.InZone(Zone);

    public override string ToString()
    {
        static string F(ZonedDateTime? z) => z is { } v ? v.ToString("HH:mm:ss", null) : "--:--:--";
        return $"{Station.Name} {F(LocalArrival)} {F(LocalDeparture)}{(Kind == StopKind.Pass ? " pass" : "")}";
    }
}
