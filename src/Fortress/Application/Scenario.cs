using Fortress.Clearance;
using Fortress.Conflicts;
using Fortress.Logistics;
using Fortress.Network;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Security;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Application;

/// <summary>
/// A scenario as read (docs/formats.md, <c>fortress.scenario/1</c>): typed and checked field by field, every file it
/// names already read, nothing yet derived from it. Routing, traffic generation, geodesy and the planning itself are
/// the <see cref="PlanPipeline"/>'s stages. Every <c>Where</c> is the JSON path of the part it came from, so the
/// stages name it in their problems.
/// </summary>
public sealed record Scenario(
    string Name,
    string Purpose,
    CorridorSource Corridor,
    IReadOnlyList<TrainSpec> Trains,
    JourneySpec Journey,
    TrafficSpec? Traffic = null,
    SecuritySettings? Security = null,
    DelegationSpec? Delegation = null,
    ProvisioningSettings? Provisioning = null,
    EvacuationSpec? Evacuation = null,
    Signalling? Signalling = null,
    ClearanceOptions? Clearance = null,
    RunOptions? Timing = null);

/// <summary>Where the corridor comes from: authored in the scenario, or routed on a network.</summary>
public abstract record CorridorSource(string Where);

/// <summary>A corridor written out in the scenario (path, places, changes, tracks).</summary>
public sealed record AuthoredCorridor(Corridor Corridor, string Where = "$.corridor") : CorridorSource(Where);

/// <summary>
/// A corridor to route on a network, for the main train's first consist: from, to, via (operational point names, OSM
/// ids or coordinates as <see cref="Routing.RouteEndpoint.Parse"/> reads them), the time zone and country of its places.
/// </summary>
/// <param name="GaugeMm">The gauge to route on; null: the network's majority gauge.</param>
/// <param name="Tracks">The line's track count where the data cannot tell (OSM maps each track as its own way); null: as derived.</param>
public sealed record RoutedCorridor(RailNetwork Network, string From, string To, IReadOnlyList<string> Via, DateTimeZone Zone, string Country,
    int? GaugeMm = null, int? Tracks = null, string Where = "$.corridor.route") : CorridorSource(Where);

/// <summary>A consist of a convoy train from a named place on.</summary>
public sealed record ConsistSpec(string FromPlace, Consist Consist, string Where);

/// <summary>A convoy train as the scenario gives it; its consists start at places (resolved on the corridor by the pipeline).</summary>
public sealed record TrainSpec(TrainId Id, ConvoyRole Role, string Name, IReadOnlyList<ConsistSpec> Consists, Duration? Headway, string Where);

/// <summary>
/// When the journey runs and where it stops. Times are local, in the zone of their place (the origin's for departures, the
/// destination's for the arrival): the corridor's places give the zones.
/// </summary>
/// <param name="LatestDeparture">With <see cref="EarliestDeparture"/>, the window in which the departure is searched.</param>
public sealed record JourneySpec(IReadOnlyList<JourneyStop> Stops, LocalDateTime? EarliestDeparture, LocalDateTime? RequiredArrival,
    LocalDateTime? LatestDeparture);

/// <summary>
/// The regular traffic: typical consists per category, generated services and/or a timetable, over a number of days
/// around the journey.
/// </summary>
/// <param name="Days">How many days of generated services, from the day before the journey. Default <see cref="DefaultDays"/>.</param>
public sealed record TrafficSpec(IReadOnlyDictionary<string, Consist> Consists, Consist DefaultConsist, int Days, IReadOnlyList<TrafficPattern> Patterns,
    RegularTimetable? Timetable)
{
    /// <summary>
    /// 2 days. Assumption: a journey of one to two days needs the services of the day before (trains already under way
    /// at departure) and of the journey's days; longer journeys set <c>traffic.days</c>.
    /// </summary>
    public const int DefaultDays = 2;
}

/// <summary>A meeting in the conference car, in the origin's local time.</summary>
public sealed record MeetingSpec(string Title, LocalDateTime Start, LocalDateTime End, string Where);

/// <summary>The delegation on the main train and the meetings to hold.</summary>
public sealed record DelegationSpec(IReadOnlyList<Passenger> Passengers, IReadOnlyList<MeetingSpec> Meetings);

/// <summary>An evacuation point as the scenario gives it: at a place, at a position, or at coordinates (its rail access the nearest place with coordinates).</summary>
public sealed record EvacuationPointSpec(string Name, EvacuationKind Kind, AccessMode Mode, string? Place, double? PositionMeters, (double Lat, double Lon)? At,
    double? AccessKm, string Where);

/// <summary>The evacuation points and the model's settings (<see cref="EvacuationSettings"/> without its points).</summary>
/// <param name="RampsAtStations">Every station of the corridor taken to have an unloading ramp (an assumption the user states).</param>
public sealed record EvacuationSpec(IReadOnlyList<EvacuationPointSpec> Points, bool RampsAtStations, EvacuationSettings Settings);
