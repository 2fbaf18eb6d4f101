namespace Fortress.Planning;

/// <summary>
/// Who is looking at a plan. One plan, three views (need-to-know):
/// <see cref="Public"/> sees the regular timetable with neutral changes and never the convoy;
/// <see cref="Dispatcher"/> sees reserved paths and clearance orders, never consists, passengers, roles or purpose;
/// <see cref="Security"/> sees everything.
/// </summary>
public enum PlanView { Public, Dispatcher, Security }

/// <summary>
/// A call as a view may show it: place, local times (ISO-8601 with offset), what happens there.
/// </summary>
public sealed record ViewCall(string Station, string? Arrival, string? Departure, string Activity);

/// <summary>A train path as a view may show it. <see cref="Role"/>, <see cref="Name"/> and <see cref="Consist"/> are null below the security view.</summary>
public sealed record ViewTrain(string Id, string? Role, string? Name, IReadOnlyList<string>? Consist, IReadOnlyList<ViewCall> Stops);

/// <summary>A facility occupation (gauge change, traction change) as a view may show it.</summary>
public sealed record ViewOccupation(string Place, string What, string Start, string End, string? Train);

/// <summary>What a view of a plan contains; the writers (JSON, table, HTML) only format it.</summary>
public sealed record PlanViewModel(
    PlanView View,
    string Title,
    string? Purpose,
    IReadOnlyList<ViewTrain> Trains,
    IReadOnlyList<ViewOccupation> GaugeChanges,
    IReadOnlyList<ViewOccupation> TractionChanges,
    IReadOnlyList<string> ClearanceOrders,
    IReadOnlyDictionary<string, string> Summary,
    Fortress.Security.SweepRoster? Sweeps = null,
    Fortress.Security.BerthPlan? Berths = null,
    Fortress.Logistics.ProvisioningPlan? Provisioning = null,
    Fortress.Logistics.EvacuationCoverage? Evacuation = null,
    Fortress.Optimisation.Optimality? ClearanceQuality = null,
    int ClearanceKnockOnConflicts = 0);

/// <summary>Builds the view model of a plan for a role. All filtering happens here, before anything is written.</summary>
public static class PlanViewBuilder
{
    /// <summary>
    /// The id a view gives a convoy train: its role for security ("pilot", "main", "escort"), otherwise "RP1", "RP2"...
    /// in order of departure. Every front end names trains through this, so ids agree across plan, map and live state.
    /// </summary>
    public static string TrainId(ConvoyPlan plan, ConvoyRole role, PlanView view)
    {
        if (view == PlanView.Security) return role.ToString().ToLowerInvariant();
        var ordered = plan.Trains.OrderBy(t => t.Departure).ToList();
        return $"RP{ordered.FindIndex(t => t.Role == role) + 1}";
    }

    /// <summary>The plan as <paramref name="view"/> may see it; with the departure search's result, its summary line (not public).</summary>
    public static PlanViewModel Build(ConvoyPlan plan, PlanView view, Fortress.Clearance.SlotResult? slot)
    {
        var model = Build(plan, view);
        if (slot is null || view == PlanView.Public) return model;
        var line = $"{slot.FreeWindows.Count} free window(s), {slot.CandidatesEvaluated} departure(s) planned"
            + (slot.LongerStops.Count == 0 ? "" : $", stops lengthened: {string.Join(", ", slot.LongerStops.Select(x => $"{x.Place} +{x.Extra.TotalMinutes:0.#} min"))}");
        return model with { Summary = new Dictionary<string, string>(model.Summary) { ["departureSearch"] = line } };
    }

    public static PlanViewModel Build(ConvoyPlan plan, PlanView view)
    {
        var s = plan.Summary;
        var summary = new Dictionary<string, string>
        {
            ["trainsHeld"] = s.TrainsHeld.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["totalDelayImposedMinutes"] = s.TotalDelayImposed.TotalMinutes.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };
        var clearance = plan.Clearance;
        if (clearance is not null) summary["trainsCancelled"] = clearance.Cancelled.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (view == PlanView.Public)
        {
            // The regular timetable and its changes in neutral words; the convoy itself is never shown, not even as a reserved path.
            var regular = clearance is null || plan.Journey.Traffic is null ? []
                : plan.Journey.Traffic.Timetable.Trains.OrderBy(t => t.FirstDeparture).Select(t => RegularView(t, clearance, plan.Journey.Corridor)).ToArray();
            var changes = clearance?.Orders.Select(PublicChange).ToArray() ?? [];
            return new PlanViewModel(view, "Timetable and changes", null, regular, [], [], changes, summary,
                ClearanceQuality: clearance?.Quality, ClearanceKnockOnConflicts: clearance?.KnockOnConflicts ?? 0);
        }

        summary["distanceKm"] = s.Distance.Kilometers.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        summary["durationHours"] = s.MainTrainDuration.TotalHours.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        summary["gaugeChanges"] = s.GaugeChanges.ToString(System.Globalization.CultureInfo.InvariantCulture);
        summary["tractionChanges"] = s.TractionChanges.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ordered = plan.Trains.OrderBy(t => t.Departure).ToList();
        var kinds = plan.Journey.Corridor.Places.ToDictionary(p => p.Name, p => p.Kind, StringComparer.OrdinalIgnoreCase);
        string Id(PlannedTrain t) => TrainId(plan, t.Role, view);
        var trains = ordered.Select(t => new ViewTrain(
            Id(t),
            view == PlanView.Security ? t.Role.ToString().ToLowerInvariant() : null,
            view == PlanView.Security ? t.Name : null,
            view == PlanView.Security ? t.Legs.Select(l => $"{l.From} - {l.To}: {l.ConsistName}").Distinct().ToArray() : null,
            // Passing loops run through are left out: they only lengthen timetables (a halt at a loop stays).
            t.Calls.Where(c => !(c.Kind == CallKind.Pass && kinds.TryGetValue(c.Place, out var k) && k == PlaceKind.PassingLoop)).Select(c => new ViewCall(c.Place,
                c.Arrival is { } a ? ConvoyPlanner.Iso(a, c.Zone) : null,
                c.Departure is { } d ? ConvoyPlanner.Iso(d, c.Zone) : null,
                Activity(c.Kind))).ToArray())).ToArray();
        ViewOccupation Occ(string place, string what, NodaTime.Instant a, NodaTime.Instant b, NodaTime.DateTimeZone z, PlannedTrain t) =>
            new(place, what, ConvoyPlanner.Iso(a, z), ConvoyPlanner.Iso(b, z), Id(t));
        var zoneOf = plan.Journey.Corridor.Places.ToDictionary(p => p.Name, p => p.Zone, StringComparer.OrdinalIgnoreCase);
        var gauge = plan.GaugeChanges.SelectMany(g => g.Occupation.Select(o =>
            Occ(g.Change.Place, view == PlanView.Security ? $"{g.Change.Facility}: {g.Change.FromGaugeMm} mm to {g.Change.ToGaugeMm} mm" : $"gauge change {g.Change.FromGaugeMm} mm to {g.Change.ToGaugeMm} mm",
                o.Start, o.End, zoneOf[g.Change.Place], plan.Trains.Single(t => t.Role == o.Role)))).ToArray();
        var traction = plan.TractionChanges.SelectMany(tc => tc.Occupation.Select(o =>
            Occ(tc.Change.Place, view == PlanView.Security ? $"locomotive change to {o.NewConsist}" : "locomotive change",
                o.Start, o.End, zoneOf[tc.Change.Place], plan.Trains.Single(t => t.Role == o.Role)))).ToArray();
        return new PlanViewModel(view,
            view == PlanView.Security ? plan.Journey.Name : "Reserved paths",
            view == PlanView.Security ? plan.Journey.Purpose : null,
            trains, gauge, traction, clearance?.Orders.Select(o => o.Describe()).ToArray() ?? [], summary,
            view == PlanView.Security ? plan.Sweeps : null,
            view == PlanView.Security ? plan.Berths : null,
            view == PlanView.Security ? plan.Provisioning : null,
            view == PlanView.Security ? plan.Evacuation : null,
            clearance?.Quality, clearance?.KnockOnConflicts ?? 0);
    }

    /// <summary>A regular train as the public timetable shows it, with any delay applied from the place it is held at.</summary>
    private static ViewTrain RegularView(Fortress.Timetable.RegularTrain t, Fortress.Clearance.ClearanceResult c, Corridor corridor)
    {
        var cancelled = c.Cancelled.Contains(t.Id);
        double? Pos(string name) => corridor.Places.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Position.Meters;
        var first = Pos(t.Stops[0].Station.Name) ?? 0;
        var last = Pos(t.Stops[^1].Station.Name) ?? 0;
        var forward = last >= first;
        // A train may be held at more than one place: each order's delay holds from its place on (until the next one).
        var holds = c.Orders.Where(o => o.TrainId == t.Id && o.Kind != Fortress.Clearance.OrderKind.Cancel)
            .Select(o => (Along: Pos(o.Place) is { } p ? (forward ? p - first : first - p) : double.NaN, o.Delay)).Where(h => !double.IsNaN(h.Along)).OrderBy(h => h.Along).ToList();
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
            string? F(NodaTime.Instant? i, bool leaving) => i is { } v ? ConvoyPlanner.Iso(v + DelayFrom(along, leaving), s.Zone) : null;
            stops.Add(new ViewCall(s.Station.Name, F(s.Arrival, false), F(s.Departure, true),
                cancelled ? "cancelled" : s.Kind == Fortress.Timetable.StopKind.Pass ? "pass" : "stop"));
        }
        return new ViewTrain(t.Number, null, t.Name, null, stops);
    }

    /// <summary>A change in the words a passenger notice uses: no reason, no other train.</summary>
    private static string PublicChange(Fortress.Clearance.ClearanceOrder o) => o.Kind switch
    {
        Fortress.Clearance.OrderKind.Cancel => $"train {o.TrainNumber} does not run",
        Fortress.Clearance.OrderKind.RunLater => $"train {o.TrainNumber} leaves {o.Place} {o.Delay.TotalMinutes:0} min later",
        _ => $"train {o.TrainNumber} runs {o.Delay.TotalMinutes:0} min later from {o.Place}",
    };

    private static string Activity(CallKind k) => k switch
    {
        CallKind.Origin => "depart",
        CallKind.Destination => "arrive",
        CallKind.GaugeChange => "gauge change",
        CallKind.TractionChange => "locomotive change",
        CallKind.Pass => "pass",
        _ => "stop",
    };
}
