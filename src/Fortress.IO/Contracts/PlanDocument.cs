using System.Text.Json.Serialization;
using Fortress.Timetable;
using Fortress.Views;
using NodaTime;

namespace Fortress.IO.Contracts;

/// <summary>
/// A plan view as JSON (<c>fortress plan --format json</c>, <c>GET /api/plans/{id}</c>; docs/formats.md, "Plan JSON"):
/// exactly what the view model holds, so what a view may contain is decided by the <see cref="ViewPolicy"/> alone.
/// Times are ISO-8601 local times with their offset.
/// </summary>
/// <param name="Trains">The convoy's trains (security) or the regular trains of the public timetable; null for the dispatcher.</param>
/// <param name="ReservedPaths">The convoy's paths under neutral ids (dispatcher); null otherwise.</param>
/// <param name="ClearanceOrders">The orders (dispatcher, security) or the passenger notices (public), in neutral words.</param>
/// <param name="Orders">The orders as data, in time order (dispatcher, security).</param>
public sealed record PlanDocument(
    string View,
    string Title,
    string? Purpose,
    IReadOnlyList<TrainDocument>? Trains,
    IReadOnlyList<TrainDocument>? ReservedPaths,
    IReadOnlyList<OccupationDocument> GaugeChanges,
    IReadOnlyList<OccupationDocument> TractionChanges,
    IReadOnlyList<string> ClearanceOrders,
    IReadOnlyList<OrderDocument>? Orders,
    SweepsDocument? Sweeps,
    BerthsDocument? Berths,
    ProvisioningDocument? Provisioning,
    EvacuationDocument? Evacuation,
    SummaryDocument Summary)
{
    public static PlanDocument From(PlanViewModel m)
    {
        var trains = m.Trains.Select(t => new TrainDocument(t.Id, t.Role, t.Name, t.Consist?.Select(l => $"{l.From} - {l.To}: {l.Consist}").ToArray(),
            t.Stops.Select(s => new StopDocument(s.Station, Iso(s.Arrival), Iso(s.Departure), ActivityName(s.Activity))).ToArray())).ToArray();
        var dispatcherPaths = m.ConvoyTrains && !m.Policy.May(Disclosure.ConvoyIdentity);
        var s = m.Summary;
        return new PlanDocument(
            m.View.Name, m.Title, m.Purpose,
            dispatcherPaths ? null : trains,
            dispatcherPaths ? trains : null,
            m.GaugeChanges.Select(Occupation).ToArray(),
            m.TractionChanges.Select(Occupation).ToArray(),
            m.ClearanceOrders,
            m.Policy.May(Disclosure.ClearanceOrders) ? m.Orders.Select(o => new OrderDocument(o.Train, KindName(o.Kind), o.Place, Iso(o.From), Iso(o.Until), Math.Round(o.Delay.TotalMinutes, 1))).ToArray() : null,
            m.Sweeps is { } r ? SweepsDocument.From(r) : null,
            m.Berths is { } b ? BerthsDocument.From(b, m.Zone) : null,
            m.Provisioning is { } p ? ProvisioningDocument.From(p, m.ZoneAt) : null,
            m.Evacuation is { } e ? EvacuationDocument.From(e) : null,
            new SummaryDocument(s.TrainsHeld, s.TotalDelayImposedMinutes, s.TrainsCancelled, s.DistanceKm, s.DurationHours, s.GaugeChanges, s.TractionChanges, s.DepartureSearch,
                s.Simulation is { } sim ? new SimulationSummaryDocument(sim.ConvoyRestrictiveAspects, sim.MaxConvoyDelaySeconds, sim.MaxConvoyStopDelaySeconds, sim.RegularTrainsDelayed,
                    sim.Aspects.Select(a => new AspectDocument(a.Train, a.Signal, a.Km, TimeText.Iso(a.Time), a.LostSeconds)).ToArray()) : null,
                s.Clearance is { } cq ? ClearanceQualityDocument.From(cq) : null));
    }

    internal static string? Iso(ZonedDateTime? t) => t is { } v ? TimeText.Iso(v) : null;

    /// <summary>The activity as the JSON names it: depart, arrive, stop, pass, gauge change, locomotive change, cancelled.</summary>
    public static string ActivityName(Activity a) => ActivityText.Name(a);

    /// <summary>The order's kind as the JSON names it: runLater, hold, crossAt, cancel.</summary>
    public static string KindName(Fortress.Clearance.OrderKind k) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(k.ToString());

    private static OccupationDocument Occupation(ViewOccupation o) => new(o.Place, o.What, TimeText.Iso(o.Start), TimeText.Iso(o.End), o.Train);
}

/// <summary>A train: id, and for security its role, name and consists; its calls.</summary>
public sealed record TrainDocument(string Id, string? Role, string? Name, IReadOnlyList<string>? Consist, IReadOnlyList<StopDocument> Stops);

/// <summary>A call: station, arrival and departure (null at the origin / destination), activity.</summary>
public sealed record StopDocument(
    string Station,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Arrival,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Departure,
    string Activity);

/// <summary>A facility occupation: where, what, from when until when, which train (by its id in the view).</summary>
public sealed record OccupationDocument(string Place, string What, string Start, string End, string Train);

/// <summary>An order to a regular train: its number, the kind, the place, from when until when, and the delay it imposes.</summary>
public sealed record OrderDocument(string Train, string Kind, string Place, string? From, string? Until, double DelayMinutes);

/// <summary>The headline figures; a figure the view may not see is left out.</summary>
public sealed record SummaryDocument(
    int? TrainsHeld,
    double? TotalDelayImposedMinutes,
    int? TrainsCancelled,
    double? DistanceKm,
    double? DurationHours,
    int? GaugeChanges,
    int? TractionChanges,
    string? DepartureSearch,
    SimulationSummaryDocument? Simulation,
    ClearanceQualityDocument? Clearance = null);

/// <summary>
/// How good a decision is (docs/formats.md, "Plan JSON"): its objective in <c>unit</c>, a proven lower bound no answer
/// can beat, the gap (objective − bound) / bound in percent (null when the bound is 0 and the objective is not), the
/// method (<c>optimal</c>: proven; <c>bounded</c>: the time limit ended the search; <c>greedy</c>: first come, first
/// served or earliest deadline, best fit) and the same in words. Not the seconds spent deciding: the plan document is
/// the same on every run (limits are counted in work, decision 0014), and a wall time would make it differ.
/// </summary>
public sealed record QualityDocument(
    double Objective,
    double Bound,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? GapPercent,
    string Method,
    string Unit,
    string InWords)
{
    public static QualityDocument From(Fortress.Optimisation.Optimality q) =>
        new(Math.Round(q.Objective, 2), Math.Round(q.Bound, 2), q.GapPercent is { } g ? Math.Round(g, 2) : null, q.MethodName, q.Unit, q.Describe());
}

/// <summary>The clearance's quality (<see cref="QualityDocument"/>'s fields) and the new conflicts between regular trains its orders leave (0 for the optimiser).</summary>
public sealed record ClearanceQualityDocument(
    double Objective,
    double Bound,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? GapPercent,
    string Method,
    string Unit,
    string InWords,
    int KnockOnConflicts)
{
    public static ClearanceQualityDocument From(ViewClearanceQuality c)
    {
        var q = QualityDocument.From(c.Quality);
        return new(q.Objective, q.Bound, q.GapPercent, q.Method, q.Unit, q.InWords, c.KnockOnConflicts);
    }
}

/// <summary>
/// What the plan's own simulation found (dispatcher and security): restrictive aspects met by the convoy (the plan
/// promises none; each is listed with where and when), the largest convoy delay at the last stop and at any stop on the
/// way (seconds; -1: a train never arrived), regular trains delayed by a minute or more.
/// </summary>
public sealed record SimulationSummaryDocument(int ConvoyRestrictiveAspects, double MaxConvoyDelaySeconds, double MaxConvoyStopDelaySeconds, int RegularTrainsDelayed,
    IReadOnlyList<AspectDocument> Aspects);

/// <summary>A restrictive aspect a convoy train met: which train (in the view's ids), which signal or block, where, when, how much time it cost.</summary>
public sealed record AspectDocument(string Train, string Signal, double Km, string Time, double LostSeconds);
