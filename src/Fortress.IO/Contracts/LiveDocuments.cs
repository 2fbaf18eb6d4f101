using System.Text.Json.Serialization;
using Fortress.Operations;
using Fortress.Planning;
using Fortress.Timetable;
using Fortress.Views;
using NodaTime;

namespace Fortress.IO.Contracts;

/// <summary>
/// The live state in a view (docs/api.md, "Live state"): train ids as the view gives them, the role only where the view
/// may see the convoy's identity; times ISO-8601 in the zone of the place. Passing loops are left off the stops.
/// </summary>
public sealed record LiveDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AsOf,
    IReadOnlyList<LiveTrainDocument> Trains,
    IReadOnlyList<AlertDocument> Alerts)
{
    /// <summary>The live state as <paramref name="policy"/> may see it; a view without <see cref="Disclosure.LiveState"/> gets no trains, without <see cref="Disclosure.Alerts"/> no alerts.</summary>
    public static LiveDocument From(LiveState state, ConvoyPlan plan, ViewPolicy policy)
    {
        var corridor = plan.Journey.Corridor;
        var kinds = corridor.Places.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Kind, StringComparer.OrdinalIgnoreCase);
        var passing = policy.May(Disclosure.PassingTimes);
        string? asOf = null;
        if (state.AsOf is { } t && policy.May(Disclosure.LiveState))
        {
            var lead = state.Trains.Where(x => x.Position is not null).MaxBy(x => x.Position!.Along);
            asOf = TimeText.Iso(t, corridor.ZoneAt(lead?.Position?.Along ?? Fortress.Units.Position.Origin));
        }
        var trains = !policy.May(Disclosure.LiveState) ? [] : state.Trains.OrderBy(x => plan.Train(x.Train).Departure).ThenBy(x => x.Train).Select(x => new LiveTrainDocument(
            PlanViewBuilder.TrainId(plan, x.Train, policy),
            policy.May(Disclosure.ConvoyIdentity) ? x.Role.ToString().ToLowerInvariant() : null,
            x.Position is { } p ? new LivePositionDocument(TimeText.Iso(p.Time, corridor.ZoneAt(p.Along)), Math.Round(p.Latitude, 6), Math.Round(p.Longitude, 6),
                Math.Round(p.Along.Meters / 1000, 3), Math.Round(p.Speed.KilometersPerHour, 1), p.OnRoute) : null,
            x.Delay is { } d ? Math.Round(d.TotalSeconds) : null,
            x.Stops.Where(s => s.Kind != CallKind.Pass || (passing && !(kinds.TryGetValue(s.Station, out var k) && k == PlaceKind.PassingLoop)))
                .Select(s => new LiveStopDocument(s.Station, Iso(s.PlannedArrival, s.Zone), Iso(s.PlannedDeparture, s.Zone), Iso(s.ActualArrival, s.Zone),
                    Iso(s.ActualDeparture, s.Zone), Iso(s.ForecastArrival, s.Zone), Iso(s.ForecastDeparture, s.Zone))).ToArray())).ToArray();
        var alerts = !policy.May(Disclosure.Alerts) ? [] : state.Alerts.Select(a => AlertDocument.From(a, plan, policy)).ToArray();
        return new LiveDocument(asOf, trains, alerts);
    }

    private static string? Iso(Instant? t, DateTimeZone zone) => t is { } v ? TimeText.Iso(v, zone) : null;
}

public sealed record LiveTrainDocument(
    string Id,
    string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] LivePositionDocument? Position,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? DelaySeconds,
    IReadOnlyList<LiveStopDocument> Stops);

public sealed record LivePositionDocument(string Time, double Lat, double Lon, double Km, double SpeedKmh, bool OnRoute);

public sealed record LiveStopDocument(
    string Station,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PlannedArrival,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PlannedDeparture,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ActualArrival,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ActualDeparture,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ForecastArrival,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ForecastDeparture);

/// <summary>An alert (also the payload of an <c>event: alert</c>): when, what kind (headway, stoppedOutsideStation, offRoute, lateArrival), which train, the message.</summary>
public sealed record AlertDocument(string Time, string Kind, string Train, string Message)
{
    public static AlertDocument From(Alert a, ConvoyPlan plan, ViewPolicy policy) =>
        new(TimeText.Iso(a.Time, plan.Journey.Corridor.Places[0].Zone), KindName(a.Kind), PlanViewBuilder.TrainId(plan, a.Train, policy), a.Message);

    /// <summary>The kind as the JSON names it.</summary>
    public static string KindName(AlertKind k) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(k.ToString());
}

/// <summary>
/// Planned speed against distance (the console's <c>/speed</c>, docs/api.md): each convoy train's envelope in corridor
/// kilometres and km/h with the line limit; only for a view granted <see cref="Disclosure.SpeedProfile"/>.
/// </summary>
public sealed record SpeedDocument(IReadOnlyList<SpeedTrainDocument> Trains);

public sealed record SpeedTrainDocument(string Id, IReadOnlyList<SpeedPointDocument> Points);

public sealed record SpeedPointDocument(double Km, double SpeedKmh, double LimitKmh);

/// <summary>A position report from a train (<c>POST /api/plans/{id}/positions</c>, <c>fortress replay</c>): train id in the sender's view, ISO-8601 time with an offset, WGS 84 degrees, optional speed.</summary>
public sealed record PositionReportDocument(string Train, string Time, double Lat, double Lon, double? SpeedKmh = null);

/// <summary>
/// The regular trains as cleared, along the corridor (<c>GET /api/plans/{id}/traffic</c>): times ISO-8601 at the offset of
/// the corridor's first place (the console's time axis), km to 0.01. Regular trains only: nothing of the convoy.
/// </summary>
public sealed record TrafficDocument(IReadOnlyList<TrafficTrainDocument> Trains)
{
    public static TrafficDocument From(Fortress.Application.PlanState state, ConvoyPlan plan)
    {
        var zone = plan.Journey.Corridor.Places[0].Zone;
        return new(Fortress.Clearance.TrafficPaths.Of(state.Clearance).Select(p =>
            new TrafficTrainDocument(p.Train, p.Points.Select(x => new TrafficPointDocument(TimeText.Iso(x.Time, zone), Math.Round(x.Km, 2))).ToArray())).ToArray());
    }
}

public sealed record TrafficTrainDocument(string Id, IReadOnlyList<TrafficPointDocument> Points);

public sealed record TrafficPointDocument(string Time, double Km);
