using Fortress.Application;
using Fortress.Clearance;
using Fortress.Planning;
using Fortress.Timetable;
using NodaTime;

namespace Fortress.Views;

/// <summary>What a train does at a place, as a timetable says it.</summary>
public enum Activity { Depart, Arrive, Stop, Pass, GaugeChange, LocomotiveChange, Cancelled }

/// <summary>The words timetables use for an activity: depart, arrive, stop, pass, gauge change, locomotive change, cancelled.</summary>
public static class ActivityText
{
    public static string Name(Activity a) => a switch
    {
        Activity.GaugeChange => "gauge change",
        Activity.LocomotiveChange => "locomotive change",
        _ => a.ToString().ToLowerInvariant(),
    };
}

/// <summary>A call as a view may show it: place, local times (in the place's zone), what happens there.</summary>
public sealed record ViewCall(string Station, ZonedDateTime? Arrival, ZonedDateTime? Departure, Activity Activity);

/// <summary>The consist a train runs with between two halts.</summary>
public sealed record ViewLeg(string From, string To, string Consist);

/// <summary>
/// A train as a view may show it: a convoy train (its id in this view, and for security its role, name and consists) or,
/// in the public view, a regular train (its number and name).
/// </summary>
public sealed record ViewTrain(string Id, string? Role, string? Name, IReadOnlyList<ViewLeg>? Consist, IReadOnlyList<ViewCall> Stops);

/// <summary>A facility occupation (gauge change, traction change) as a view may show it.</summary>
public sealed record ViewOccupation(string Place, string What, ZonedDateTime Start, ZonedDateTime End, string Train);

/// <summary>An order to a regular train as the dispatcher reads it: which train, what, where, from when until when, and its delay.</summary>
public sealed record ViewOrder(string Train, OrderKind Kind, string Place, ZonedDateTime? From, ZonedDateTime? Until, NodaTime.Duration Delay)
{
    /// <summary>The order in neutral words (nothing about why), e.g. "train 712: hold at Ussuriysk from 2019-04-24 10:02 to 10:41 +10:00 (+39 min)".</summary>
    public string Describe()
    {
        var delay = $"+{Delay.TotalMinutes:0} min";
        return Kind switch
        {
            OrderKind.RunLater => $"train {Train}: depart {Place} at {TimeText.Span(Until, null)} instead of {TimeText.Clock(From)} ({delay})",
            OrderKind.Hold => $"train {Train}: hold at {Place} from {TimeText.Span(From, Until)} ({delay})",
            OrderKind.CrossAt => $"train {Train}: wait at {Place} from {TimeText.Span(From, Until)} to let the opposing train pass ({delay})",
            _ => $"train {Train}: cancelled between its origin and destination",
        };
    }
}

/// <summary>A change as a passenger notice says it: no reason, no other train.</summary>
public sealed record ViewNotice(string Train, OrderKind Kind, string Place, NodaTime.Duration Delay)
{
    public string Describe() => Kind switch
    {
        OrderKind.Cancel => $"train {Train} does not run",
        OrderKind.RunLater => $"train {Train} leaves {Place} {Delay.TotalMinutes:0} min later",
        _ => $"train {Train} runs {Delay.TotalMinutes:0} min later from {Place}",
    };
}

/// <summary>A restrictive aspect a convoy train met in the plan's simulation: the defect the plan reports with where and why.</summary>
public sealed record ViewAspect(string Train, string Signal, double Km, ZonedDateTime Time, double LostSeconds)
{
    public string Describe() => $"{Train} met a restrictive aspect at {Signal}, km {Km:0.0}, {TimeText.Clock(Time)}" + (LostSeconds >= 0.5 ? $", {LostSeconds:0} s lost" : ", no time lost");
}

/// <summary>
/// What the plan's own simulation found (undisturbed, every train at once): the plan promises no restrictive aspect to the
/// convoy, and no delay at its last stop (<see cref="MaxConvoyDelaySeconds"/>) nor at any stop on its way
/// (<see cref="MaxConvoyStopDelaySeconds"/>: a delay a long stand absorbs still moves the sweeps and guards that follow the
/// convoy's times); -1 where a convoy train never arrives.
/// </summary>
public sealed record ViewSimulation(int ConvoyRestrictiveAspects, double MaxConvoyDelaySeconds, int RegularTrainsDelayed, IReadOnlyList<ViewAspect> Aspects,
    double MaxConvoyStopDelaySeconds);

/// <summary>
/// How good the line clearance is: its objective (weighted minutes of delay), the proven lower bound, the gap and the
/// method (<see cref="Fortress.Optimisation.Optimality"/>), and the new conflicts between regular trains its orders leave
/// (none with the optimiser; the greedy method counts them for the dispatcher).
/// </summary>
public sealed record ViewClearanceQuality(Fortress.Optimisation.Optimality Quality, int KnockOnConflicts);

/// <summary>The headline figures a view may show; a figure the view may not see is null.</summary>
/// <param name="Clearance">How good the clearance is (views that see the regular timetable's changes or the orders).</param>
public sealed record ViewSummary(
    int? TrainsHeld,
    double? TotalDelayImposedMinutes,
    int? TrainsCancelled,
    double? DistanceKm,
    double? DurationHours,
    int? GaugeChanges,
    int? TractionChanges,
    string? DepartureSearch,
    ViewSimulation? Simulation = null,
    ViewClearanceQuality? Clearance = null);

/// <summary>
/// What a view of a plan contains; the writers (JSON, table, HTML) only format it. Built by <see cref="PlanViewBuilder"/>
/// under the view's <see cref="ViewPolicy"/>: a part the view may not see is empty or null.
/// </summary>
public sealed record PlanViewModel(
    ViewPolicy Policy,
    string Title,
    string? Purpose,
    IReadOnlyList<ViewTrain> Trains,
    IReadOnlyList<ViewOccupation> GaugeChanges,
    IReadOnlyList<ViewOccupation> TractionChanges,
    IReadOnlyList<ViewOrder> Orders,
    IReadOnlyList<ViewNotice> Notices,
    ViewSummary Summary,
    Fortress.Security.SweepRoster? Sweeps = null,
    Fortress.Security.BerthPlan? Berths = null,
    Fortress.Logistics.ProvisioningPlan? Provisioning = null,
    Fortress.Logistics.EvacuationCoverage? Evacuation = null)
{
    public PlanView View => Policy.View;

    /// <summary>The origin's time zone (meetings and bookings are in its local time).</summary>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    /// <summary>The time zone at a corridor position (stock levels and other events along the route).</summary>
    public Func<Fortress.Units.Position, DateTimeZone> ZoneAt { get; init; } = _ => DateTimeZone.Utc;

    /// <summary>Whether <see cref="Trains"/> are the convoy's paths (else the regular trains of the public timetable).</summary>
    public bool ConvoyTrains => Policy.SeesConvoy;

    /// <summary>The orders or, for the public, the notices, in neutral words.</summary>
    public IReadOnlyList<string> ClearanceOrders => Policy.May(Disclosure.ClearanceOrders) ? Orders.Select(o => o.Describe()).ToArray() : Notices.Select(n => n.Describe()).ToArray();
}

/// <summary>Builds the view model of a plan for a view. All filtering happens here, under the view's policy, before anything is written.</summary>
public static class PlanViewBuilder
{
    /// <summary>
    /// The id a view gives a convoy train: its own id where the view may see the convoy's identity, otherwise "RP1",
    /// "RP2"... in order of departure. Every front end names trains through this, so ids agree across plan, map, live
    /// state and simulation.
    /// </summary>
    public static string TrainId(ConvoyPlan plan, TrainId id, ViewPolicy policy)
    {
        if (policy.May(Disclosure.ConvoyIdentity)) return id.Value;
        var ordered = plan.Trains.OrderBy(t => t.Departure).ThenBy(t => t.Id).ToList();
        return $"RP{ordered.FindIndex(t => t.Id == id) + 1}";
    }

    /// <summary>The plan as the view of <paramref name="policy"/> may see it.</summary>
    public static PlanViewModel Build(PlanState state, ViewPolicy policy)
    {
        var plan = state.Plan;
        var corridor = plan.Journey.Corridor;
        var clearance = state.Clearance;
        var s = plan.Summary;
        bool May(Disclosure d) => policy.May(d);
        var identity = May(Disclosure.ConvoyIdentity);

        string? search = null;
        if (state.DepartureSearch is { } slot && May(Disclosure.DepartureSearch))
            search = $"{slot.FreeWindows.Count} free window{(slot.FreeWindows.Count == 1 ? "" : "s")}, {slot.CandidatesEvaluated} departure{(slot.CandidatesEvaluated == 1 ? "" : "s")} planned"
                + (slot.LongerStops.Count == 0 ? "" : $", stops lengthened: {string.Join(", ", slot.LongerStops.Select(x => $"{x.Place} +{x.Extra.TotalMinutes:0.#} min"))}");
        var changes = May(Disclosure.RegularTimetable) || May(Disclosure.ClearanceOrders);
        var summary = new ViewSummary(
            changes ? clearance?.TrainsHeld ?? 0 : null,
            changes ? Math.Round(clearance?.TotalDelay.TotalMinutes ?? 0) : null,
            clearance is null || !changes ? null : clearance.Cancelled.Count,
            May(Disclosure.ReservedPaths) ? Math.Round(s.Distance.Kilometers, 1) : null,
            May(Disclosure.ReservedPaths) ? Math.Round(s.MainTrainDuration.TotalHours, 2) : null,
            May(Disclosure.FacilityUse) ? s.GaugeChanges : null,
            May(Disclosure.FacilityUse) ? s.TractionChanges : null,
            search,
            Simulation(state, policy),
            changes && clearance?.Quality is { } quality ? new ViewClearanceQuality(quality, clearance.KnockOnConflicts) : null);

        var orders = clearance is null || !May(Disclosure.ClearanceOrders) ? [] : clearance.Orders
            .Select(o => new ViewOrder(o.TrainNumber, o.Kind, o.Place, Zoned(o.From, o.Zone), Zoned(o.Until, o.Zone), o.Delay))
            .OrderBy(o => o.From?.ToInstant() ?? o.Until?.ToInstant() ?? Instant.MaxValue).ThenBy(o => o.Train, StringComparer.Ordinal).ToArray();
        var notices = clearance is null || !May(Disclosure.PublicNotices) ? [] : clearance.Orders
            .OrderBy(o => o.From ?? o.Until ?? Instant.MaxValue).Select(o => new ViewNotice(o.TrainNumber, o.Kind, o.Place, o.Delay)).ToArray();

        IReadOnlyList<ViewTrain> trains = [];
        if (May(Disclosure.ReservedPaths))
        {
            var kinds = corridor.Places.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Kind, StringComparer.OrdinalIgnoreCase);
            var passing = May(Disclosure.PassingTimes);
            trains = plan.Trains.OrderBy(t => t.Departure).ThenBy(t => t.Id).Select(t => new ViewTrain(
                TrainId(plan, t.Id, policy),
                identity ? t.Role.ToString().ToLowerInvariant() : null,
                identity ? t.Name : null,
                May(Disclosure.Consists) ? Legs(t) : null,
                // Passing loops run through are left out everywhere (a halt at a loop stays); stations passed only where the view may see passing times.
                t.Calls.Where(c => c.Kind != CallKind.Pass || (passing && !(kinds.TryGetValue(c.Place, out var k) && k == PlaceKind.PassingLoop)))
                    .Select(c => new ViewCall(c.Place, Zoned(c.Arrival, c.Zone), Zoned(c.Departure, c.Zone), ActivityOf(c.Kind))).ToArray())).ToArray();
        }
        else if (May(Disclosure.RegularTimetable) && clearance is not null && state.Traffic is not null)
        {
            trains = state.Traffic.Traffic.Select(p => p.Train).OrderBy(t => t.FirstDeparture).Select(t => RegularView(t, clearance, corridor)).ToArray();
        }

        var zoneOf = corridor.Places.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Zone, StringComparer.OrdinalIgnoreCase);
        ViewOccupation Occ(string place, string what, Instant a, Instant b, TrainId t) =>
            new(place, what, a.InZone(zoneOf[place]), b.InZone(zoneOf[place]), TrainId(plan, t, policy));
        var facilities = May(Disclosure.FacilityUse);
        var detail = May(Disclosure.Consists);
        var gauge = !facilities ? [] : plan.GaugeChanges.SelectMany(g => g.Occupation.Select(o =>
            Occ(g.Change.Place, detail ? $"{g.Change.Facility}: {g.Change.FromGaugeMm} mm to {g.Change.ToGaugeMm} mm" : $"gauge change {g.Change.FromGaugeMm} mm to {g.Change.ToGaugeMm} mm",
                o.Start, o.End, o.Train))).ToArray();
        var traction = !facilities ? [] : plan.TractionChanges.SelectMany(tc => tc.Occupation.Select(o =>
            Occ(tc.Change.Place, detail ? $"locomotive change: {o.NewConsist}" : "locomotive change", o.Start, o.End, o.Train))).ToArray();
        return new PlanViewModel(policy,
            identity ? plan.Journey.Name : May(Disclosure.ReservedPaths) ? "Reserved paths" : May(Disclosure.RegularTimetable) ? "Timetable and changes" : "Nothing to show",
            identity ? plan.Journey.Purpose : null,
            trains, gauge, traction, orders, notices, summary,
            May(Disclosure.Sweeps) ? state.Sweeps : null,
            May(Disclosure.Berths) ? state.Berths : null,
            May(Disclosure.Provisioning) ? state.Provisioning : null,
            May(Disclosure.Evacuation) ? state.Evacuation : null)
        {
            Zone = corridor.Places[0].Zone,
            ZoneAt = corridor.ZoneAt,
        };
    }

    /// <summary>The plan's simulation as the view may see it (its convoy trains under the view's ids).</summary>
    private static ViewSimulation? Simulation(PlanState state, ViewPolicy policy)
    {
        if (state.Simulation is not { } sim || !policy.May(Disclosure.Simulation) || !policy.May(Disclosure.ConvoyIdentity)) return null; // its keys name the convoy
        var plan = state.Plan;
        var r = sim.Undisturbed;
        var aspects = r.Trains.Where(t => t.IsConvoy).SelectMany(t => t.RestrictiveAspects.Select(a => (t, a))).OrderBy(x => x.a.Time)
            .Select(x => new ViewAspect(TrainId(plan, Fortress.Planning.TrainId.Of(x.t.Id), policy), x.a.Signal, Math.Round(x.a.Position.Meters / 1000, 1),
                x.a.Time.InZone(plan.Journey.Corridor.ZoneAt(x.a.Position)), Math.Round(x.a.LostSeconds, 1))).ToArray();
        var s = r.Summary;
        static double Seconds(double x) => double.IsFinite(x) ? Math.Round(Math.Max(0, x)) : -1;
        return new ViewSimulation(s.ConvoyRestrictiveAspects, Seconds(s.MaxConvoyDelaySeconds), s.RegularTrainsDelayed, aspects, Seconds(s.MaxConvoyStopDelaySeconds));
    }

    /// <summary>The consists a convoy train runs with, one line per run of legs with the same consist.</summary>
    private static IReadOnlyList<ViewLeg> Legs(PlannedTrain t)
    {
        var list = new List<ViewLeg>();
        foreach (var l in t.Legs)
        {
            if (list.Count > 0 && list[^1].Consist == l.ConsistName) list[^1] = list[^1] with { To = l.To };
            else list.Add(new ViewLeg(l.From, l.To, l.ConsistName));
        }
        return list;
    }

    private static ZonedDateTime? Zoned(Instant? t, DateTimeZone zone) => t is { } v ? v.InZone(zone) : null;

    /// <summary>A regular train as the public timetable shows it, with any delay applied from the place it is held at.</summary>
    private static ViewTrain RegularView(Fortress.Timetable.RegularTrain t, ClearanceResult c, Corridor corridor)
    {
        var cancelled = c.Cancelled.Contains(t.Id);
        double? Pos(string name) => corridor.Places.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Position.Meters;
        var first = Pos(t.Stops[0].Station.Name) ?? 0;
        var last = Pos(t.Stops[^1].Station.Name) ?? 0;
        var forward = last >= first;
        // A train may be held at more than one place (the optimiser may make it cross two trains at two loops): each
        // order's delay holds from its place on, until the next one.
        var holds = c.Orders.Where(o => o.TrainId == t.Id && o.Kind != OrderKind.Cancel)
            .Select(o => (Along: Pos(o.Place) is { } p ? (forward ? p - first : first - p) : double.NaN, o.Delay))
            .Where(h => !double.IsNaN(h.Along)).OrderBy(h => h.Along).ToList();
        NodaTime.Duration DelayFrom(double along, bool leaving)
        {
            var d = NodaTime.Duration.Zero;
            foreach (var h in holds) if (along > h.Along + 1e-6 || (leaving && Math.Abs(along - h.Along) < 1e-6)) d = h.Delay;
            return d;
        }
        var stops = new List<ViewCall>();
        foreach (var s in t.Stops)
        {
            var x = Pos(s.Station.Name) ?? first;
            var along = forward ? x - first : first - x;
            ZonedDateTime? F(Instant? i, bool leaving) => i is { } v ? (v + DelayFrom(along, leaving)).InZone(s.Zone) : null;
            stops.Add(new ViewCall(s.Station.Name, F(s.Arrival, false), F(s.Departure, true),
                cancelled ? Activity.Cancelled : s.Kind == Fortress.Timetable.StopKind.Pass ? Activity.Pass : Activity.Stop));
        }
        return new ViewTrain(t.Number, null, t.Name, null, stops);
    }

    private static Activity ActivityOf(CallKind k) => k switch
    {
        CallKind.Origin => Activity.Depart,
        CallKind.Destination => Activity.Arrive,
        CallKind.GaugeChange => Activity.GaugeChange,
        CallKind.TractionChange => Activity.LocomotiveChange,
        CallKind.Pass => Activity.Pass,
        _ => Activity.Stop,
    };
}
