using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Operations;

/// <summary>A position report from a train: when, where (WGS 84 degrees) and, if the source gives it, how fast.</summary>
public sealed record PositionReport(TrainId Train, Instant Time, double Latitude, double Longitude, Speed? Speed = null);

/// <summary>A train's last matched position.</summary>
/// <param name="Along">Corridor position of the front (the last position on the route while the train is off it).</param>
/// <param name="OnRoute">False while reports are farther from the route than its tolerance.</param>
public sealed record LivePosition(Instant Time, double Latitude, double Longitude, Position Along, Speed Speed, bool OnRoute);

/// <summary>A call of a train: planned, actual (once it has happened) and forecast (while it has not) times, all instants shown in <see cref="Zone"/>.</summary>
public sealed record LiveStop(string Station, DateTimeZone Zone, CallKind Kind, Position Position,
    Instant? PlannedArrival, Instant? PlannedDeparture, Instant? ActualArrival, Instant? ActualDeparture, Instant? ForecastArrival, Instant? ForecastDeparture);

/// <summary>A train in the live state: where it is, how late, and its calls.</summary>
/// <param name="Delay">Actual minus planned time at its current position (negative when early); null before the first report.</param>
public sealed record LiveTrain(TrainId Train, ConvoyRole Role, LivePosition? Position, NodaTime.Duration? Delay, IReadOnlyList<LiveStop> Stops);

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>A convoy train is closer behind the train ahead than the minimum headway.</summary>
    Headway,
    /// <summary>A train has stood still away from any station or loop.</summary>
    StoppedOutsideStation,
    /// <summary>Reports lie off the planned route.</summary>
    OffRoute,
    /// <summary>A stop's forecast arrival is later than planned by more than the threshold.</summary>
    LateArrival,
}

/// <summary>An alert. The message names places and figures, never the train's role or what it carries (views add their own train ids).</summary>
public sealed record Alert(Instant Time, AlertKind Kind, TrainId Train, string Message);

/// <summary>The live state of a plan: every train, and every alert raised so far.</summary>
/// <param name="AsOf">Time of the latest report, null before any.</param>
public sealed record LiveState(Instant? AsOf, IReadOnlyList<LiveTrain> Trains, IReadOnlyList<Alert> Alerts);

/// <summary>Thresholds of live tracking (defaults are assumptions, docs/decisions/0008-live-tracking.md).</summary>
public sealed record TrackingOptions
{
    /// <summary>Headway below which an alert is raised; default: the planned headway less 2 min, at least 2 min.</summary>
    public NodaTime.Duration? MinimumHeadway { get; init; }

    /// <summary>How long a train may stand outside a station before an alert.</summary>
    public NodaTime.Duration StoppedAlertAfter { get; init; } = NodaTime.Duration.FromMinutes(3);

    /// <summary>Distance from a place within which a train at rest is "in the station".</summary>
    public Length StationZone { get; init; } = Length.FromMeters(1000);

    /// <summary>A forecast arrival later than planned by this much raises an alert.</summary>
    public NodaTime.Duration LateThreshold { get; init; } = NodaTime.Duration.FromMinutes(5);

    /// <summary>Below this speed a train is at rest.</summary>
    public Speed AtRest { get; init; } = Speed.FromKilometersPerHour(1);

    public static TrackingOptions Default { get; } = new();
}
