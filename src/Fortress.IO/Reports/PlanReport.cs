using System.Globalization;
using System.Text;
using Fortress.Application;
using Fortress.Planning;
using Fortress.Units;
using Fortress.Views;
using NodaTime;
using static Fortress.IO.Reports.Svg;

namespace Fortress.IO.Reports;

/// <summary>
/// Writes a plan as one self-contained HTML page that opens offline: inline CSS, charts as inline SVG drawn here, no
/// script, no font, image or link to anything outside the file. Everything that names or identifies a train comes
/// from <see cref="PlanViewBuilder"/>'s model for the view, so the need-to-know filter applies to the report as it
/// does to the table and the JSON. What a view shows is decided by its <see cref="ViewPolicy"/>; for the three known views:
/// <list type="bullet">
/// <item>public: the summary the public view has (trains held, delay) and the clearance orders; no path, chart or map.</item>
/// <item>dispatcher: reserved paths (RP1, RP2, ...) with their times, space-time charts, the map, changes and orders; no names, roles, consists or purpose.</item>
/// <item>security: everything, plus the main train's speed-distance chart and the precise stop (they reveal the consist).</item>
/// </list>
/// </summary>
public static class PlanReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, string> RoleColors = new()
    {
        ["pilot"] = "#d97706",
        ["main"] = "#b91c1c",
        ["escort"] = "#1d4ed8",
    };

    // Reserved paths get neutral colours that say nothing of what runs on them.
    private static readonly string[] PathColors = ["#0f766e", "#6d28d9", "#a16207", "#334155", "#be185d"];

    /// <param name="coordinates">Place name → latitude, longitude (degrees) for the route map, e.g. <see cref="Corridor.Coordinates"/>; without it (or with fewer than two of the route's places) the map is left out.</param>
    public static void Write(PlanState state, ViewPolicy policy, TextWriter output, IReadOnlyDictionary<string, (double Lat, double Lon)>? coordinates = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Render(state, policy, coordinates));
        output.Flush();
    }

    /// <summary>The page as a string (what <see cref="Write"/> writes).</summary>
    internal static string Render(PlanState state, ViewPolicy policy, IReadOnlyDictionary<string, (double Lat, double Lon)>? coordinates = null)
    {
        var plan = state.Plan;
        var model = PlanViewBuilder.Build(state, policy);
        var convoy = policy.SeesConvoy;
        var corridor = plan.Journey.Corridor;
        var end = plan.Main.Calls[^1].Position;
        // Passing loops are left off the axes and the map: on a long single-track line they would bury the stations.
        var places = corridor.Places.Where(p => p.Position <= end && p.Kind != PlaceKind.PassingLoop).ToList();

        // The view's trains in the builder's order (by departure), each with its plan for drawing and its colour.
        var ordered = plan.Trains.OrderBy(t => t.Departure).ThenBy(t => t.Id).ToList();
        var trains = (!convoy ? [] : model.Trains).Select((vt, i) => (View: vt, Plan: ordered[i],
            Color: vt.Role is { } role && RoleColors.TryGetValue(role, out var c) ? c : PathColors[i % PathColors.Length])).ToList();
        var halts = (!convoy ? [] : model.Trains).SelectMany(t => t.Stops).Where(s => s.Activity != Activity.Pass).Select(s => s.Station).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        sb.Append("<title>").Append(H(model.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        // Title and summary.
        sb.Append("<header><h1>").Append(H(model.Title)).Append("</h1>\n");
        if (model.Purpose is not null) sb.Append("<p class=\"purpose\">").Append(H(model.Purpose)).Append("</p>\n");
        sb.Append("<p class=\"view\">View: <b>").Append(H(model.View.Name)).Append("</b>. ").Append(H(ViewNote(policy))).Append("</p>\n</header>\n");
        Summary(sb, model, plan);

        if (!convoy)
        {
            // The public sees the regular trains whose times change, never a path of the convoy.
            var changed = model.Notices.Select(n => n.Train).ToHashSet(StringComparer.Ordinal);
            var shown = model.Trains.Where(t => changed.Contains(t.Id)).ToList();
            if (shown.Count == 0) sb.Append("<section><h2>Timetable</h2><p class=\"none\">No changes to the published timetable.</p></section>\n");
            else Timetables(sb, model, shown.Select((t, i) => (t, PathColors[i % PathColors.Length])).ToList());
        }
        else if (model.Trains.Count == 0)
            sb.Append("<section><h2>Timetable</h2><p class=\"none\">No changes to the published timetable.</p></section>\n");
        else
        {
            Timetables(sb, model, trains.Select(t => (t.View, t.Color)).ToList());
            SpaceTimeCharts(sb, state, model, trains, places, halts);
        }

        if (policy.May(Disclosure.SpeedProfile)) SpeedDistance(sb, plan, places, halts);
        if (policy.May(Disclosure.RouteMap) && model.Trains.Count > 0 && coordinates is not null) Map(sb, places, halts, coordinates);
        Changes(sb, model);
        Clearance(sb, model);
        if (policy.May(Disclosure.Consists)) Precise(sb, plan);
        Robustness(sb, state, policy);
        LogisticsSections.Write(sb, model, places); // sweeps, berths, provisioning, evacuation: security view only (null below it)

        sb.Append("<footer>Times are local at each place (tz database), with their UTC offset. Distances are along the line from ")
          .Append(H(places[0].Name)).Append(".</footer>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>How good a decision is, in words, with its figures: "proven optimal: 345 weighted minutes of delay (bound 345)".</summary>
    internal static string Quality(Fortress.Optimisation.Optimality q) =>
        (q.Method == Fortress.Optimisation.SolveMethod.Optimal ? "Proven optimal" : char.ToUpperInvariant(q.Describe()[0]) + q.Describe()[1..]
            + (q.Method == Fortress.Optimisation.SolveMethod.Bounded ? " (the solver's time limit was reached)" : " (first come, first served)"))
        + $": {q.Objective.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} {q.Unit}, lower bound {q.Bound.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}";

    private static string ViewNote(ViewPolicy p) =>
        p.May(Disclosure.ConvoyIdentity) ? "Everything: restricted, need to know."
        : p.SeesConvoy ? "Reserved paths and clearance orders; what runs on the paths is not shown."
        : p.May(Disclosure.RegularTimetable) ? "The published timetable and its changes only."
        : "Nothing of this plan is shown in this view.";

    // ---------------------------------------------------------------- sections

    private static void Summary(StringBuilder sb, PlanViewModel m, ConvoyPlan plan)
    {
        var items = new List<(string Label, string Value)>();
        var s = m.Summary;
        if (s.DistanceKm is { } d) items.Add(("Distance", d.ToString("0.0", Inv) + " km"));
        // The main train's own journey is named as such (only where the view knows which path it is).
        if (s.DurationHours is not null && m.Policy.May(Disclosure.ConvoyIdentity)) items.Add(("Main train journey", Hm(plan.Summary.MainTrainDuration)));
        if (s.GaugeChanges is { } g) items.Add(("Gauge changes", g.ToString(Inv)));
        if (s.TractionChanges is { } tc) items.Add(("Locomotive changes", tc.ToString(Inv)));
        if (s.TrainsHeld is { } held) items.Add(("Trains held", held.ToString(Inv)));
        if (s.TotalDelayImposedMinutes is { } delay) items.Add(("Total delay imposed", delay.ToString("0", Inv) + " min"));
        if (m.Trains.Count > 0)
        {
            var first = m.Trains.Select(t => t.Stops[0].Departure).OfType<ZonedDateTime>().Select(x => (ZonedDateTime?)x).MinBy(x => x!.Value.ToInstant());
            var last = m.Trains.Select(t => t.Stops[^1].Arrival).OfType<ZonedDateTime>().Select(x => (ZonedDateTime?)x).MaxBy(x => x!.Value.ToInstant());
            if (first is { } f) items.Insert(0, ("First departure", LocalText(f)));
            if (last is { } l) items.Insert(1, ("Last arrival", LocalText(l)));
            // From the first departure to the last arrival: the figure the two cards above agree with.
            if (first is { } f2 && last is { } l2) items.Insert(2, ("First departure to last arrival", Hm(l2.ToInstant() - f2.ToInstant())));
        }
        sb.Append("<section class=\"summary\"><h2>Summary</h2><dl>\n");
        foreach (var (label, value) in items)
            sb.Append("<div><dt>").Append(H(label)).Append("</dt><dd>").Append(H(value)).Append("</dd></div>\n");
        sb.Append("</dl></section>\n");
    }

    private static void Timetables(StringBuilder sb, PlanViewModel m, IReadOnlyList<(ViewTrain Train, string Color)> trains)
    {
        var security = m.Policy.May(Disclosure.ConvoyIdentity);
        sb.Append("<section><h2>").Append(security ? "Timetable" : !m.ConvoyTrains ? "Trains whose times change" : "Reserved paths").Append("</h2>\n<p class=\"note\">Local times with their UTC offset.")
          .Append(m.Policy.May(Disclosure.PassingTimes) ? " Places passed without stopping are in grey." : "").Append("</p>\n<div class=\"timetables\">\n");
        foreach (var (t, color) in trains)
        {
            sb.Append("<div class=\"tt\"><table class=\"timetable\" data-train=\"").Append(H(t.Id)).Append("\">\n<caption><i style=\"background:").Append(color).Append("\"></i>");
            if (t.Name is not null && t.Role is not null) sb.Append(H(t.Name)).Append(" <span class=\"role\">").Append(H(t.Role)).Append("</span>");
            else if (t.Name is not null) sb.Append("Train ").Append(H(t.Id)).Append(" <span class=\"role\">").Append(H(t.Name)).Append("</span>"); // a regular train: its number first
            else sb.Append("Reserved path ").Append(H(t.Id));
            sb.Append("</caption>\n<thead><tr><th>Place</th><th>Arrival</th><th>Departure</th><th></th></tr></thead>\n<tbody>\n");
            string? lastDate = null;
            foreach (var s in t.Stops.Where(s => s.Activity != Activity.Pass || m.Policy.May(Disclosure.PassingTimes)))
            {
                sb.Append("<tr class=\"").Append(s.Activity == Activity.Pass ? "pass" : "halt").Append("\"><td>").Append(H(s.Station)).Append("</td><td>")
                  .Append(Cell(s.Arrival, ref lastDate)).Append("</td><td>").Append(s.Activity == Activity.Pass ? "" : Cell(s.Departure, ref lastDate)).Append("</td><td class=\"act\">")
                  .Append(s.Activity is Activity.Pass ? "" : H(ActivityText.Name(s.Activity))).Append("</td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
            if (t.Consist is not null)
            {
                sb.Append("<div class=\"consist\"><b>Consists</b><ul>");
                foreach (var c in t.Consist) sb.Append("<li>").Append(H($"{c.From} - {c.To}: {c.Consist}")).Append("</li>");
                sb.Append("</ul></div>\n");
            }
            sb.Append("</div>\n");
        }
        sb.Append("</div></section>\n");
    }

    private static void SpaceTimeCharts(StringBuilder sb, PlanState state, PlanViewModel m,
        IReadOnlyList<(ViewTrain View, PlannedTrain Plan, string Color)> trains, IReadOnlyList<CorridorPlace> places, HashSet<string> halts)
    {
        var lines = trains.Select(t => new TrainLine(t.View.Id, t.View.Name is { } n ? $"{t.View.Role}: {n}" : $"reserved path {t.View.Id}", t.Color, Path(t.Plan))).ToList();
        var marks = places.Select(p => new PlaceMark(p.Position.Meters / 1000, p.Name, halts.Contains(p.Name))).ToList();
        var plan = state.Plan;
        var events = Events(plan, places, m.Policy.May(Disclosure.ConvoyIdentity));
        var bottomZone = places[0].Zone;
        var topZone = places[^1].Zone;
        var security = m.Policy.May(Disclosure.ConvoyIdentity);
        sb.Append("<section><h2>Space-time chart</h2>\n<p class=\"note\">").Append(security ? "Each train's front" : "Each reserved path")
          .Append(" against time; a flat stretch is a halt. Place names mark the line").Append(EventWords(events, "; dashed lines mark ")).Append(".</p>\n");
        var regular = RegularLines(state.Clearance);
        sb.Append(ReportCharts.SpaceTime("space-time", "Whole journey: distance against local time", lines, marks, events, bottomZone, topZone, 560, background: regular));

        // A detail around the first break of gauge (or the border), where the trains' separation can be seen.
        var focus = plan.GaugeChanges.Count > 0 ? plan.GaugeChanges[0].Change.Position.Meters / 1000
            : events.FirstOrDefault(e => e.Css == "border")?.Km;
        if (focus is { } f)
        {
            var km0 = Math.Max(marks[0].Km, f - 30);
            var km1 = Math.Min(marks[^1].Km, f + 30);
            var inWindow = lines.SelectMany(l => l.Points).Where(p => p.Km >= km0 && p.Km <= km1).ToList();
            if (inWindow.Count > 2)
            {
                var t0 = inWindow.Min(p => p.T) - 1200;
                var t1 = inWindow.Max(p => p.T) + 1200;
                sb.Append(ReportCharts.SpaceTime("space-time-detail", $"Detail: {km0:0} to {km1:0} km, around the {(plan.GaugeChanges.Count > 0 ? "break of gauge" : "border")}",
                    lines, marks, events, bottomZone, topZone, 380, (t0, t1, km0, km1), regular));
            }
        }
        sb.Append("</section>\n");
    }

    /// <summary>The regular trains as they will run after the clearance orders (<see cref="Fortress.Clearance.TrafficPaths"/>), in chart units.</summary>
    private static List<TrainLine> RegularLines(Fortress.Clearance.ClearanceResult? clearance) =>
        Fortress.Clearance.TrafficPaths.Of(clearance).Select(p => new TrainLine(p.Train, p.Train, "#98a2b3",
            p.Points.Select(x => (x.Time.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond, x.Km)).ToList())).ToList();

    /// <summary>The front's time and position along every leg, from the leg's run samples (a dwell is a flat stretch).</summary>
    private static List<(double T, double Km)> Path(PlannedTrain t)
    {
        var pts = new List<(double T, double Km)>();
        foreach (var leg in t.Legs)
        {
            var dep = leg.Departure.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
            var start = leg.Start.Meters;
            var step = Length.FromMeters(Math.Max(100, (leg.End - leg.Start).Meters / 1500));
            foreach (var s in leg.Run.Resample(step)) pts.Add((dep + s.Time.Seconds, (start + s.Position.Meters) / 1000));
        }
        return pts;
    }

    private static List<EventMark> Events(ConvoyPlan plan, IReadOnlyList<CorridorPlace> places, bool security)
    {
        var events = new List<EventMark>();
        for (var i = 0; i + 1 < places.Count; i++)
            if (!string.Equals(places[i].Country, places[i + 1].Country, StringComparison.OrdinalIgnoreCase))
                events.Add(new EventMark((places[i].Position.Meters + places[i + 1].Position.Meters) / 2000, $"border {places[i].Country} | {places[i + 1].Country}", "border"));
        foreach (var g in plan.GaugeChanges)
            events.Add(new EventMark(g.Change.Position.Meters / 1000, $"break of gauge {g.Change.FromGaugeMm} → {g.Change.ToGaugeMm} mm ({g.Change.Duration.Minutes:0} min)", "gauge"));
        foreach (var t in plan.TractionChanges)
            events.Add(new EventMark(t.Change.Position.Meters / 1000, $"locomotive change ({t.Change.Duration.Minutes:0} min)", "traction"));
        return events;
    }

    /// <summary>
    /// What the marked lines of a chart are, in words, for this plan only: "; dashed lines mark the border (red), the
    /// break of gauge (violet) and the locomotive changes (green)"; empty when the route has none of them.
    /// </summary>
    private static string EventWords(IReadOnlyList<EventMark> events, string lead)
    {
        var parts = new List<string>();
        int Count(string css) => events.Count(e => e.Css == css);
        if (Count("border") > 0) parts.Add((Count("border") == 1 ? "the border" : "the borders") + " (red)");
        if (Count("gauge") > 0) parts.Add((Count("gauge") == 1 ? "the break of gauge" : "the breaks of gauge") + " (violet)");
        if (Count("traction") > 0) parts.Add((Count("traction") == 1 ? "the locomotive change" : "the locomotive changes") + " (green)");
        if (parts.Count == 0) return "";
        return lead + (parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1]);
    }

    private static void SpeedDistance(StringBuilder sb, ConvoyPlan plan, IReadOnlyList<CorridorPlace> places, HashSet<string> halts)
    {
        var main = plan.Main;
        var env = Fortress.IO.Json.SpeedProfile.Run(main);
        var endKm = main.Calls[^1].Position.Meters / 1000;
        var limits = new List<(double Km, double Kmh)>();
        var sections = plan.Journey.Corridor.Path.SpeedLimits;
        for (var i = 0; i < sections.Count; i++)
        {
            var a = sections[i].Start.Meters / 1000;
            if (a >= endKm) break;
            var b = i + 1 < sections.Count ? Math.Min(sections[i + 1].Start.Meters / 1000, endKm) : endKm;
            limits.Add((a, sections[i].Limit.KilometersPerHour));
            limits.Add((b, sections[i].Limit.KilometersPerHour));
        }
        var marks = places.Select(p => new PlaceMark(p.Position.Meters / 1000, p.Name, halts.Contains(p.Name))).ToList();
        var events = Events(plan, places, true);
        sb.Append("<section class=\"restricted\"><h2>Speed against distance: main train</h2>\n<p class=\"note\">The main train's run (its envelope on every leg, ")
          .Append("with the consist of that leg) against the line speed limits").Append(EventWords(events, "; vertical lines mark ")).Append(".</p>\n");
        sb.Append(ReportCharts.SpeedDistance("speed-distance", "Main train: speed against distance", env, limits, marks, events, "main train run", RoleColors["main"]));
        sb.Append("</section>\n");
    }

    private static void Map(StringBuilder sb, IReadOnlyList<CorridorPlace> places, HashSet<string> halts, IReadOnlyDictionary<string, (double Lat, double Lon)> coordinates)
    {
        var route = places.Where(p => coordinates.ContainsKey(p.Name))
            .Select(p => (p.Name, p.Country, coordinates[p.Name].Lat, coordinates[p.Name].Lon, halts.Contains(p.Name))).ToList();
        if (route.Count < 2) return;
        var missing = places.Count - route.Count;
        sb.Append("<section><h2>Route map</h2>\n<p class=\"note\">Drawn from the places' coordinates (equirectangular, no background map). Large dots: halts; small dots: places passed.")
          .Append(missing > 0 ? $" {missing} place(s) without coordinates are left out." : "").Append("</p>\n");
        var borders = route.Zip(route.Skip(1)).Count(x => !string.Equals(x.First.Country, x.Second.Country, StringComparison.OrdinalIgnoreCase));
        sb.Append(ReportCharts.Map("route-map", borders switch { 0 => "The route with its places", 1 => "The route with its places and the border", _ => "The route with its places and the borders" }, route));
        sb.Append("</section>\n");
    }

    private static void Changes(StringBuilder sb, PlanViewModel m)
    {
        var all = m.GaugeChanges.Concat(m.TractionChanges).ToList();
        if (all.Count == 0) return;
        sb.Append("<section><h2>Gauge and locomotive changes</h2>\n<table class=\"changes\"><thead><tr><th>Place</th><th>What</th><th>")
          .Append(m.Policy.May(Disclosure.ConvoyIdentity) ? "Train" : "Path").Append("</th><th>From</th><th>To</th></tr></thead><tbody>\n");
        foreach (var o in all)
        {
            string? d = null;
            sb.Append("<tr><td>").Append(H(o.Place)).Append("</td><td>").Append(H(o.What)).Append("</td><td>").Append(H(o.Train)).Append("</td><td>")
              .Append(Cell(o.Start, ref d)).Append("</td><td>");
            d = null;
            sb.Append(Cell(o.End, ref d)).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></section>\n");
    }

    private static void Clearance(StringBuilder sb, PlanViewModel m)
    {
        sb.Append("<section><h2>Clearance orders</h2>\n");
        if (m.Summary.Clearance is { Quality: var q, KnockOnConflicts: var knockOn })
            sb.Append("<p class=\"quality\" id=\"clearance-quality\">").Append(H(Quality(q))).Append(knockOn == 0
                ? "; no new conflict between regular trains."
                : $"; {knockOn} new conflict(s) between regular trains left to the dispatcher.").Append("</p>\n");
        if (m.ClearanceOrders.Count == 0) sb.Append("<p class=\"none\" id=\"clearance-orders\">none</p>\n");
        else
        {
            sb.Append("<ol id=\"clearance-orders\">");
            foreach (var o in m.ClearanceOrders) sb.Append("<li>").Append(H(o)).Append("</li>");
            sb.Append("</ol>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>
    /// The robustness study (security view only: it names the convoy's trains): each convoy train's arrival at its last
    /// stop over the runs, as a histogram with its p50, p90 and p99, and the study's probabilities.
    /// </summary>
    private static void Robustness(StringBuilder sb, PlanState state, ViewPolicy policy)
    {
        if (state.Robustness is not { } study || state.Simulation is not { } sim || !policy.May(Disclosure.Simulation) || !policy.May(Disclosure.ConvoyIdentity)) return;
        var mc = SimulationViews.Build(study, sim.Model, policy).MonteCarlo;
        if (mc is null || mc.Convoy.Count == 0) return;
        static string Pct(double? p) => p is { } v ? (v * 100).ToString("0.#", Inv) + " %" : "n/a";
        sb.Append("<section class=\"restricted\"><h2>Robustness: ").Append(mc.Runs.ToString(Inv)).Append(" simulated days</h2>\n<p>")
          .Append(H($"Each run simulates every train of the plan as cleared, with regular trains leaving late, stops taking longer and each train short of its nominal tractive effort and braking, drawn afresh (seed {mc.Seed}; distributions in the scenario's \"monteCarlo\", docs/formats.md)."))
          .Append("</p>\n<dl class=\"facts\">\n");
        void Fact(string k, string v) => sb.Append("<div><dt>").Append(H(k)).Append("</dt><dd>").Append(H(v)).Append("</dd></div>\n");
        Fact("Convoy meets a restrictive aspect", Pct(mc.ConvoyRestrictiveAspectProbability) + " of runs");
        Fact("Two convoy trains closer than their minimum headway", Pct(mc.HeadwayBelowMinimumProbability) + " of runs");
        Fact("Delay imposed on regular trains", $"mean {Minutes(mc.MeanTotalRegularDelaySeconds)}, p90 {Minutes(mc.P90TotalRegularDelaySeconds)}");
        if (mc.RunsWithDeadlock > 0) Fact("Runs ending in a deadlock", mc.RunsWithDeadlock.ToString(Inv));
        sb.Append("</dl>\n<table class=\"changes study\"><thead><tr><th>Train</th><th>At</th><th>Planned</th><th>p50</th><th>p90</th><th>p99</th><th>p90 at any stop on the way</th></tr></thead><tbody>\n");
        foreach (var c in mc.Convoy)
            sb.Append("<tr><td>").Append(H(c.Train)).Append("</td><td>").Append(H(c.Station)).Append("</td><td>").Append(H(Clock(c.PlannedArrival))).Append("</td><td>")
              .Append(H(Percentile(c.P50))).Append("</td><td>").Append(H(Percentile(c.P90))).Append("</td><td>").Append(H(Percentile(c.P99))).Append("</td><td>")
              .Append(H(c.LargestDelayOnTheWay.P90 is { } w ? "+" + (w / 60).ToString("0.0", Inv) + " min" : "not arrived")).Append("</td></tr>\n");
        sb.Append("</tbody></table>\n");
        sb.Append(ReportCharts.ArrivalSpread("robustness", "Arrival delay at the last stop over the runs", mc.Convoy
            .Select(c => (c.Train, RoleColors.GetValueOrDefault(c.Train, PathColors[0]), c.Histogram, c.P50.DelaySeconds, c.P90.DelaySeconds, c.P99.DelaySeconds)).ToList()));
        sb.Append("</section>\n");

        static string Minutes(double seconds) => (seconds / 60).ToString("0", Inv) + " min";
        static string Clock(string iso) => iso.Length >= 16 ? iso.Substring(11, 5) + " " + iso[19..] : iso;
        static string Percentile(PercentileView p) => p.Arrival is { } a
            ? $"{Clock(a)} ({(p.DelaySeconds is { } d ? (d >= 0 ? "+" : "−") + Math.Abs(d / 60).ToString("0.0", Inv) + " min" : "")})"
            : "not arrived";
    }

    private static void Precise(StringBuilder sb, ConvoyPlan plan)
    {
        var leg = plan.Main.Legs[^1];
        var r = leg.Run.PreciseStops.FirstOrDefault();
        if (r is null) return;
        var spec = plan.Journey.Stops.LastOrDefault(s => s.Precise is not null)?.Precise;
        var consist = plan.Journey.Main.ConsistAt(leg.Start);
        var legStart = leg.Start.Meters;
        string M(double m) => (m >= 0 ? "+" : "−") + Math.Abs(m).ToString("0.00", Inv) + " m";
        sb.Append("<section class=\"restricted\"><h2>Precise stop at ").Append(H(r.StopName)).Append("</h2>\n<dl class=\"facts\">\n");
        void Fact(string k, string v) => sb.Append("<div><dt>").Append(H(k)).Append("</dt><dd>").Append(H(v)).Append("</dd></div>\n");
        Fact("Door", $"car {r.Car}, {r.DoorOffsetFromFront.Meters.ToString("0.0", Inv)} m from the train's front");
        Fact("Marker (red carpet)", $"{((r.Marker.Meters + legStart) / 1000).ToString("0.000", Inv)} km");
        Fact("Predicted door position", $"{((r.PredictedDoorPosition.Meters + legStart) / 1000).ToString("0.000", Inv)} km");
        Fact("Error", Math.Abs(r.Error.Meters) < 0.005 ? "0.00 m: on the marker" : $"{M(r.Error.Meters)} ({(r.Error.Meters > 0 ? "overshoot" : "short")})");
        Fact("Spread", $"{M(r.SpreadLow.Meters)} to {M(r.SpreadHigh.Meters)} (achieved deceleration ±{(r.DecelerationVariation * 100).ToString("0", Inv)} %)");
        Fact("Tolerance", $"±{r.Tolerance.Meters.ToString("0.00", Inv)} m: {(r.WithinTolerance ? "met" : "NOT met")} under the deceleration spread alone");
        if (r.Uncertainty is { } u)
        {
            Fact("Probability within tolerance", $"{(u.ProbabilityWithinTolerance * 100).ToString("0", Inv)} % of {u.Samples} simulated stops (deceleration ±{(u.DecelerationVariation * 100).ToString("0", Inv)} %, brake build-up {u.BuildUpMin.Seconds.ToString("0.0", Inv)}-{u.BuildUpMax.Seconds.ToString("0.0", Inv)} s, approach speed ±{u.ApproachSpeedError.KilometersPerHour.ToString("0.0", Inv)} km/h; seed {u.Seed})");
            Fact("Door at rest, 5th to 95th percentile", $"{M(u.DoorErrorP5.Meters)} to {M(u.DoorErrorP95.Meters)}");
            Fact("Approach speed for 95 % within", u.ApproachSpeedFor95Percent is { } s95 ? $"{s95.KilometersPerHour.ToString("0.0", Inv)} km/h" : "none from 0.5 km/h up: an unaided stop cannot promise it");
        }
        Fact("Approach speed", $"{r.ApproachSpeed.KilometersPerHour.ToString("0.0", Inv)} km/h" + (r.SpeedForTolerance is { } sft ? $" (at most {sft.KilometersPerHour.ToString("0.0", Inv)} km/h keeps the tolerance)" : ""));
        Fact("Brake application (train front)", $"{((r.BrakeApplication.Meters + legStart) / 1000).ToString("0.000", Inv)} km, build-up {r.BrakeBuildUpTime.Seconds.ToString("0.0", Inv)} s");
        sb.Append("</dl>\n");
        sb.Append(ReportCharts.PreciseStop("precise-stop", $"The door of car {r.Car} at the marker", r, legStart,
            spec?.PlatformStart?.Meters, spec?.PlatformEnd?.Meters, consist.Length.Meters));
        sb.Append("</section>\n");
    }

    // ---------------------------------------------------------------- formatting

    private static string Hm(NodaTime.Duration d)
    {
        var minutes = (long)Math.Round(d.TotalMinutes);
        return $"{minutes / 60} h {minutes % 60:00} min";
    }

    /// <summary>"Tue 23 Apr 06:00 +09:00": a local time with its offset.</summary>
    private static string LocalText(ZonedDateTime t) => $"{t.ToString("ddd d MMM HH:mm", Inv)} {Off(t)}";

    /// <summary>A timetable cell: the date when it changes, the time, the offset.</summary>
    private static string Cell(ZonedDateTime? time, ref string? lastDate)
    {
        if (time is not { } t) return "";
        var date = t.ToString("ddd d MMM", Inv);
        var sb = new StringBuilder();
        if (date != lastDate) sb.Append("<span class=\"date\">").Append(date).Append("</span> ");
        lastDate = date;
        sb.Append("<span class=\"time\">").Append(t.ToString("HH:mm", Inv)).Append("</span> <span class=\"off\">").Append(Off(t)).Append("</span>");
        return sb.ToString();
    }

    private static string Off(ZonedDateTime t) => t.Offset.ToString("+HH:mm", Inv);

    private const string Css = """
:root { --ink: #1f2933; --muted: #5f6b7a; --rule: #d5dbe3; --bg: #ffffff; --panel: #f5f7fa; --accent: #7f1d1d; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f5; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 24px 28px 40px; background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 26px; letter-spacing: -0.01em; }
.purpose { margin: 0 0 6px; font-size: 15px; color: var(--accent); }
.view { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
.note { color: var(--muted); margin: 0 0 10px; }
.none { font-style: italic; color: var(--muted); }
.summary dl, dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(165px, 1fr)); gap: 8px; margin: 0; }
.summary dl div, dl.facts div { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; }
dl.facts { grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); margin-bottom: 12px; }
dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
dd { margin: 2px 0 0; font-size: 16px; font-weight: 600; font-variant-numeric: tabular-nums; }
.timetables { display: grid; grid-template-columns: repeat(auto-fit, minmax(470px, 1fr)); gap: 18px 28px; align-items: start; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
caption i, .legend i { display: inline-block; width: 22px; height: 4px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.role { font-weight: 400; color: var(--muted); }
th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1px solid var(--ink); padding: 3px 6px; }
td { padding: 2px 6px; border-bottom: 1px solid var(--rule); }
table.timetable { font-size: 13px; }
table.timetable td, table.changes td:nth-child(n+3) { white-space: nowrap; }
tr.pass td { color: #8a96a5; }
td.act { color: var(--muted); font-size: 12px; }
.date { color: var(--muted); font-size: 11px; }
.off { color: var(--muted); font-size: 11px; }
.consist { font-size: 12px; color: var(--muted); margin-top: 6px; }
.consist ul { margin: 2px 0 0; padding-left: 18px; }
figure.chart { margin: 8px 0 18px; }
figure.chart svg { width: 100%; height: auto; display: block; background: #fff; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; margin-top: 4px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .plot { fill: #fbfcfd; stroke: #9aa5b1; stroke-width: 1; }
svg .grid { stroke: #e3e7ec; stroke-width: 1; }
svg .grid-halt { stroke: #c3cad3; stroke-width: 1; }
svg .grid-time { stroke: #eceff3; stroke-width: 1; }
svg .grid-day { stroke: #9aa5b1; stroke-width: 1; stroke-dasharray: 4 3; }
svg .tick { stroke: #5f6b7a; stroke-width: 1; }
svg .leader { stroke: #b0b9c4; stroke-width: .8; }
svg .time, svg .km { font-size: 11px; fill: var(--muted); }
svg .date { font-size: 11px; fill: var(--ink); font-weight: 600; }
svg .place { font-size: 12px; fill: var(--muted); }
svg .place.halt { fill: var(--ink); font-weight: 600; }
svg .axis-title { font-size: 12px; fill: var(--muted); font-style: italic; }
svg .event { stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .event.border { stroke: #dc2626; }
svg .event.gauge { stroke: #7c3aed; }
svg .event.traction { stroke: #059669; }
svg .event-label, svg .border-label, svg .station-label, svg .marker-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .event-label { font-size: 11px; font-weight: 600; }
svg .event-label.border { fill: #dc2626; }
svg .event-label.gauge { fill: #7c3aed; }
svg .event-label.traction { fill: #059669; }
svg .train-path { fill: none; stroke-width: 1.8; stroke-linejoin: round; }
svg .limit-area { fill: #e6eaef; stroke: none; }
svg .line-limit { fill: none; stroke: #8b96a3; stroke-width: 3.5; stroke-linejoin: round; }
svg .run-envelope { fill: none; stroke-width: 1.3; }
svg .map-bg { fill: #f7f9fb; }
svg .graticule { stroke: #e1e6ec; stroke-width: 1; }
svg .graticule-label { font-size: 11px; fill: #8a96a5; }
svg .route { fill: none; stroke: #334155; stroke-width: 3; stroke-linejoin: round; stroke-linecap: round; }
svg .station-dot { fill: #fff; stroke: #334155; stroke-width: 1.6; }
svg .station-dot.halt { fill: #334155; }
svg .station-label { font-size: 12.5px; fill: var(--muted); }
svg .station-label.halt { fill: var(--ink); font-weight: 600; }
svg .border-mark circle { fill: #fff; stroke: #dc2626; stroke-width: 2; }
svg .border-x { stroke: #dc2626; stroke-width: 2; }
svg .border-label { font-size: 12px; fill: #dc2626; font-weight: 600; }
svg .scale-bar { stroke: var(--ink); stroke-width: 3; }
svg .label-bg { fill: #fff; fill-opacity: .88; }
svg .platform { fill: #cbd2d9; }
svg .train-body { fill: #475569; }
svg .marker { stroke: #b91c1c; stroke-width: 3; }
svg .marker-label { font-size: 12px; font-weight: 600; fill: #b91c1c; }
svg .door { stroke: #1d4ed8; stroke-width: 3; }
svg .door-head { fill: #1d4ed8; }
svg .tolerance-band { fill: rgba(22, 163, 74, .22); }
svg .spread-band { fill: rgba(234, 88, 12, .45); }
svg .mc-bin { fill: rgba(29, 78, 216, .35); stroke: rgba(29, 78, 216, .6); stroke-width: .5; }
svg .percentile { stroke: #1d4ed8; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .stock-line { fill: none; stroke-width: 2; }
svg .threshold { stroke: #b45309; stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .threshold-label { font-size: 11px; fill: #b45309; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .coverage-area { fill: rgba(15, 118, 110, .14); }
svg .coverage-line { fill: none; stroke: #0f766e; stroke-width: 1.8; }
svg .evac-point { fill: #0f766e; }
svg .evac-label { font-size: 11px; fill: var(--muted); }
svg .worst { fill: #b91c1c; stroke: #fff; stroke-width: 1.5; }
svg .worst-label { font-size: 12px; font-weight: 600; fill: #b91c1c; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
tr.hl td { font-weight: 600; }
.via { color: var(--muted); font-size: 12px; }
tr.total td { font-weight: 600; border-top: 1px solid var(--ink); }
section.restricted h2::after { content: "restricted"; margin-left: 10px; font-size: 11px; font-weight: 600; color: #fff; background: var(--accent); padding: 2px 6px; border-radius: 3px; vertical-align: middle; }
footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section, figure.chart, table.timetable, dl { break-inside: avoid; }
  .summary dl div, dl.facts div { border-color: #999; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}

""";
}
