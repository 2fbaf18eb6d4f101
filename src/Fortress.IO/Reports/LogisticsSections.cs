using System.Globalization;
using System.Text;
using Fortress.Logistics;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Views;
using NodaTime;
using static Fortress.IO.Reports.Svg;

namespace Fortress.IO.Reports;

/// <summary>
/// The report's security-only sections for the parts of the operation that ride on the timetable: the sweep roster,
/// the berth plan, provisioning (loads per stop, stock chart, fuel) and evacuation coverage (time to the nearest
/// evacuation point against distance). They draw only what the view model holds, which is null below the security view.
/// </summary>
internal static class LogisticsSections
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const double Width = 1100;
    private static readonly string[] ItemColors = ["#a16207", "#15803d", "#b91c1c", "#1d4ed8", "#7c3aed", "#0e7490", "#be185d", "#334155"];

    public static void Write(StringBuilder sb, PlanViewModel m, IReadOnlyList<CorridorPlace> places)
    {
        if (m.Sweeps is { } r) Sweeps(sb, r);
        if (m.Berths is { } b) Berths(sb, b);
        if (m.Provisioning is { } p) Provisioning(sb, p, m.Berths);
        if (m.Evacuation is { } e) Evacuation(sb, e, places);
    }

    private static string T(Instant t, DateTimeZone? zone)
    {
        var z = zone ?? DateTimeZone.Utc;
        var local = t.InZone(z);
        return local.ToString("ddd d MMM HH:mm", Inv) + " " + local.Offset.ToString("+HH:mm", Inv);
    }

    private static void Fact(StringBuilder sb, string k, string v) =>
        sb.Append("<div><dt>").Append(H(k)).Append("</dt><dd>").Append(H(v)).Append("</dd></div>\n");

    // ---------------------------------------------------------------- sweeps

    private static void Sweeps(StringBuilder sb, SweepRoster r)
    {
        sb.Append("<section class=\"restricted\" id=\"sweeps\"><h2>Sweep roster</h2>\n<dl class=\"facts\">\n");
        Fact(sb, "Teams used", $"{r.TeamsUsed} of {r.TeamsAvailable} (teams of {r.TeamSize})");
        Fact(sb, "Agents used", r.AgentsUsed.ToString(Inv));
        Fact(sb, "Lower bound", $"{r.LowerBound} teams (gap {r.OptimalityGap:P0})");
        Fact(sb, "Utilisation", r.Utilisation.ToString("P0", Inv));
        Fact(sb, "Sites", r.Feasible ? "every site covered" : $"{r.Uncovered.Count} NOT covered");
        sb.Append("</dl>\n<table class=\"sweeps\"><thead><tr><th>Team</th><th>Base</th><th>Site</th><th>Arrive</th><th>Sweep</th><th>Released</th><th>Utilisation</th></tr></thead><tbody>\n");
        foreach (var t in r.Teams.Where(t => t.Assignments.Count > 0))
            for (var i = 0; i < t.Assignments.Count; i++)
            {
                var a = t.Assignments[i];
                sb.Append("<tr><td>").Append(i == 0 ? t.Number.ToString(Inv) : "").Append("</td><td>").Append(i == 0 ? H(t.Base) : "").Append("</td><td>")
                  .Append(H(a.Site.Name)).Append(a.Via is null ? "" : $" <span class=\"via\">({H(a.Via)})</span>").Append("</td><td>").Append(H(T(a.Arrive, a.Site.Zone))).Append("</td><td>")
                  .Append(H(T(a.Start, a.Site.Zone)[^12..])).Append(" – ").Append(H(T(a.End, a.Site.Zone)[^12..])).Append("</td><td>")
                  .Append(H(T(a.ReleasedAt, a.Site.Zone)[^12..])).Append("</td><td>").Append(i == 0 ? t.Utilisation.ToString("P0", Inv) : "").Append("</td></tr>\n");
            }
        sb.Append("</tbody></table>\n");
        if (r.Uncovered.Count > 0)
        {
            sb.Append("<h3>Sites not covered</h3>\n<table class=\"uncovered\"><thead><tr><th>Site</th><th>Window</th><th>Why</th></tr></thead><tbody>\n");
            foreach (var u in r.Uncovered)
                sb.Append("<tr><td>").Append(H(u.Site.Name)).Append("</td><td>").Append(H(T(u.WindowStart, u.Site.Zone))).Append(" – ").Append(H(T(u.WindowEnd, u.Site.Zone)[^12..]))
                  .Append("</td><td>").Append(H(u.Reason)).Append("</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }
        sb.Append("</section>\n");
    }

    // ---------------------------------------------------------------- berths

    private static void Berths(StringBuilder sb, BerthPlan b)
    {
        sb.Append("<section class=\"restricted\" id=\"berths\"><h2>Berth plan</h2>\n<p class=\"note\">").Append(b.Passengers.ToString(Inv))
          .Append(" people (the delegation); the principal in car ").Append(b.PrincipalCar.ToString(Inv))
          .Append(". Vehicles counted from the front of the train, locomotives included (they have no berths); the train crew ride the locomotives and have no berth.</p>\n");
        sb.Append("<table class=\"berths\"><thead><tr><th>Car</th><th>Vehicle</th><th>Berths</th><th>Occupied</th><th>Who</th></tr></thead><tbody>\n");
        foreach (var c in b.Cars)
        {
            var who = string.Join(", ", c.Occupants.GroupBy(p => p.Role).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
            sb.Append("<tr").Append(c.Index == b.PrincipalCar ? " class=\"hl\"" : "").Append("><td>").Append(c.Index.ToString(Inv)).Append("</td><td>").Append(H(c.VehicleName))
              .Append("</td><td>").Append(c.Berths.ToString(Inv)).Append("</td><td>").Append(c.Occupants.Count.ToString(Inv)).Append("</td><td>").Append(H(who)).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table>\n");
        if (b.Bookings.Count > 0)
        {
            sb.Append("<p class=\"note\">Conference car: ");
            sb.Append(H(string.Join("; ", b.Bookings.Select(x => $"{x.Meeting.Title} (car {x.Car})"))));
            sb.Append("</p>\n");
        }
        sb.Append("</section>\n");
    }

    // ---------------------------------------------------------------- provisioning

    private static void Provisioning(StringBuilder sb, ProvisioningPlan p, BerthPlan? berths)
    {
        sb.Append("<section class=\"restricted\" id=\"provisioning\"><h2>Provisioning</h2>\n<dl class=\"facts\">\n");
        // Everyone eats, the train crew too, who have no berth: say so where the two counts differ.
        var extra = berths is null ? 0 : p.People - berths.Passengers;
        Fact(sb, "People on board", extra > 0 ? $"{p.People} ({berths!.Passengers} with a berth, {extra} train crew)" : p.People.ToString(Inv));
        Fact(sb, "Meals", $"{p.Meals.Count} ({p.Portions} portions)");
        Fact(sb, "By cuisine", string.Join(", ", p.Meals.SelectMany(x => x.Portions).GroupBy(x => x.Key).Select(g => $"{g.Sum(x => x.Value)} {g.Key}")));
        Fact(sb, "Loading stops", string.Join(", ", p.Loads.Select(l => l.Place)));
        foreach (var f in p.Fuel)
            Fact(sb, $"Diesel, {f.Train} train, {f.From} – {f.To}", f.Checked ? $"{f.LitresNeeded:0} of {f.UsableLitres:0} l, margin {f.Margin:P0}" : $"{f.LitresNeeded:0} l (tank unknown)");
        sb.Append("</dl>\n");

        sb.Append("<h3>Meals on board</h3>\n<table class=\"meals\"><thead><tr><th>Meal</th><th>Served</th><th>Where</th><th>Portions</th></tr></thead><tbody>\n");
        foreach (var x in p.Meals)
            sb.Append("<tr><td>").Append(x.Kind.ToString().ToLowerInvariant()).Append("</td><td>").Append(H(T(x.At, x.Zone))).Append("</td><td>").Append(H(x.Near))
              .Append("</td><td>").Append(H(string.Join(", ", x.Portions.Select(kv => $"{kv.Value} {kv.Key}")))).Append("</td></tr>\n");
        sb.Append("</tbody></table>\n");

        sb.Append("<h3>Loads per stop</h3>\n<table class=\"loads\"><thead><tr><th>Stop</th><th>When</th>");
        foreach (var it in p.Items) sb.Append("<th>").Append(H(it.Item.Name)).Append(" (").Append(it.Item.Unit).Append(")</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var l in p.Loads)
        {
            sb.Append("<tr><td>").Append(H(l.Place)).Append("</td><td>").Append(H(T(l.At, l.Zone))).Append("</td>");
            foreach (var it in p.Items)
            {
                var x = l.Loads.FirstOrDefault(y => y.Item == it.Item.Name);
                sb.Append("<td>").Append(x is null ? "" : x.Amount.ToString("0", Inv)).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("<tr class=\"total\"><td>Eaten / drunk</td><td></td>");
        foreach (var it in p.Items) sb.Append("<td>").Append(it.Consumed.ToString("0", Inv)).Append("</td>");
        sb.Append("</tr>\n<tr class=\"total\"><td>Capacity</td><td></td>");
        foreach (var it in p.Items) sb.Append("<td>").Append(it.Capacity.ToString("0", Inv)).Append("</td>");
        sb.Append("</tr>\n</tbody></table>\n");
        sb.Append(StockChart("stock-chart", "Stock of each item as a share of its store's capacity, against time", p));
        sb.Append("</section>\n");
    }

    /// <summary>Each item's stock level as a share of its store's capacity, stepped (loads raise it, meals lower it).</summary>
    private static string StockChart(string id, string caption, ProvisioningPlan p)
    {
        var items = p.Items.Where(i => i.Levels.Count > 0 && i.Capacity > 0).ToList();
        var all = items.SelectMany(i => i.Levels).ToList();
        if (all.Count == 0) return "";
        const double left = 64, right = 24, top = 16, bottom = 46, ph = 220;
        var pw = Width - left - right;
        double U(Instant t) => t.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        var t0 = all.Min(l => U(l.At));
        var t1 = Math.Max(t0 + 3600, all.Max(l => U(l.At)));
        var ymax = Math.Max(0.1, Math.Ceiling(items.Max(i => i.Levels.Max(l => l.Level) / i.Capacity) * 10) / 10);
        double X(double t) => left + (t - t0) / (t1 - t0) * pw;
        double Y(double share) => top + ph - share / ymax * ph;
        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(top + ph + bottom))
          .Append("\" role=\"img\" aria-label=\"").Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        sb.Append("<rect x=\"").Append(N(left)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(pw)).Append("\" height=\"").Append(N(ph)).Append("\" class=\"plot\"/>\n");
        var ystep = ymax > 0.5 ? 0.2 : ymax > 0.2 ? 0.1 : 0.05;
        for (var v = 0.0; v <= ymax + 1e-9; v += ystep)
        {
            Line(sb, left, Y(v), left + pw, Y(v), "grid");
            Text(sb, left - 6, Y(v) + 4, v.ToString("P0", Inv), "time", "end");
        }
        var hours = (t1 - t0) / 3600;
        var hstep = hours > 24 ? 6 : hours > 8 ? 2 : 1;
        for (var h = 0.0; h <= hours + 1e-9; h += hstep)
        {
            Line(sb, X(t0 + h * 3600), top + ph, X(t0 + h * 3600), top + ph + 5, "tick");
            Text(sb, X(t0 + h * 3600), top + ph + 18, $"+{h:0} h", "time", "middle");
        }
        Text(sb, left + pw / 2, top + ph + 38, "hours since the first loading", "axis-title", "middle");
        var legend = new List<(string, string)>();
        for (var k = 0; k < items.Count; k++)
        {
            var it = items[k];
            var color = ItemColors[k % ItemColors.Length];
            var pts = new List<(double X, double Y)>();
            foreach (var l in it.Levels.OrderBy(l => l.At))
            {
                if (pts.Count > 0) pts.Add((X(U(l.At)), pts[^1].Y)); // stepped: the level holds until the next event
                pts.Add((X(U(l.At)), Y(l.Level / it.Capacity)));
            }
            sb.Append("<polyline class=\"stock-line\" stroke=\"").Append(color).Append("\" points=\"").Append(Points(pts)).Append("\"/>\n");
            legend.Add((color, $"{it.Item.Name} ({it.Item.Storage.ToString().ToLowerInvariant()} store {it.Capacity:0} {it.Item.Unit})"));
        }
        sb.Append("</svg>");
        ReportCharts.Legend(sb, legend);
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }

    // ---------------------------------------------------------------- evacuation

    private static void Evacuation(StringBuilder sb, EvacuationCoverage e, IReadOnlyList<CorridorPlace> places)
    {
        sb.Append("<section class=\"restricted\" id=\"evacuation\"><h2>Evacuation coverage</h2>\n<dl class=\"facts\">\n");
        Fact(sb, "Longest gap", $"{e.Worst.Time.Minutes:0} min at km {e.Worst.Position.Meters / 1000:0.0}");
        Fact(sb, "Where", $"{e.WorstBetween} (nearest: {e.Worst.Point})");
        foreach (var (t, share) in e.Within) Fact(sb, $"Within {t.Minutes:0} min", share.ToString("P0", Inv) + " of the route");
        Fact(sb, "Evacuation points", e.Points.Count.ToString(Inv));
        sb.Append("</dl>\n<p class=\"note\">Time from each point of the route to the nearest evacuation point: by rail to its station (forward at the planned running times, ")
          .Append("back after changing ends), then unloading the armoured cars at a ramp, or the road or air stretch to a hospital or landing site.</p>\n");
        sb.Append(CoverageChart("evacuation-chart", "Time to the nearest evacuation point against distance", e, places));
        sb.Append("<table class=\"evac-points\"><thead><tr><th>Point</th><th>Kind</th><th>km</th><th>Access</th></tr></thead><tbody>\n");
        foreach (var p in e.Points)
            sb.Append("<tr><td>").Append(H(p.Name)).Append("</td><td>").Append(p.Kind.ToString().ToLowerInvariant()).Append("</td><td>").Append((p.Position.Meters / 1000).ToString("0.0", Inv))
              .Append("</td><td>").Append(p.Access.Meters > 0 ? $"{p.Access.Kilometers:0.#} km by {p.Mode.ToString().ToLowerInvariant()}" : "at the station").Append("</td></tr>\n");
        sb.Append("</tbody></table>\n</section>\n");
    }

    private static string CoverageChart(string id, string caption, EvacuationCoverage e, IReadOnlyList<CorridorPlace> places)
    {
        const double left = 64, right = 24, bottom = 70, ph = 280;
        var km0 = e.Start.Meters / 1000;
        // The place names stand vertically above the plot: the top margin is the longest of them (measured).
        var top = 30 + places.Select(p => TextWidth(p.Name, 12)).DefaultIfEmpty(40).Max();
        var pw = Width - left - right;
        var km1 = Math.Max(km0 + 1, e.End.Meters / 1000);
        var maxMin = Math.Max(e.Worst.Time.Minutes, e.Within.Select(w => w.Threshold.Minutes).DefaultIfEmpty(0).Max());
        var ystep = maxMin > 240 ? 60 : maxMin > 120 ? 30 : maxMin > 40 ? 15 : 5;
        var ymax = Math.Ceiling(maxMin * 1.05 / ystep) * ystep;
        double X(double km) => left + (km - km0) / (km1 - km0) * pw;
        double Y(double min) => top + ph - min / ymax * ph;
        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(top + ph + bottom))
          .Append("\" role=\"img\" aria-label=\"").Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        ReportCharts.DistanceFrame(sb, left, top, pw, ph, km0, km1, X, Y, ymax, ystep, "minutes to the nearest point", 60);

        // Places along the top.
        var named = places.Where(p => p.Position.Meters / 1000 >= km0 - 1e-9 && p.Position.Meters / 1000 <= km1 + 1e-9).ToList();
        var placed = Spread(named.Select(p => X(p.Position.Meters / 1000)).ToList(), 14, left + 10, left + pw);
        for (var i = 0; i < named.Count; i++)
        {
            var x = X(named[i].Position.Meters / 1000);
            Line(sb, x, top, x, top + ph, "grid");
            if (Math.Abs(placed[i] - x) > 1) Line(sb, placed[i], top - 14, x, top, "leader");
            Text(sb, placed[i] + 4, top - 16, named[i].Name, "place", "start", $"transform=\"rotate(-90 {N(placed[i] + 4)} {N(top - 16)})\"");
        }

        // Thresholds, the coverage profile (shaded), the points along the bottom, the longest gap.
        // Labels inside the plot take boxes, so that none is written over another (thresholds, then the longest gap).
        var taken = new Occupied(left, top, left + pw, top + ph);
        foreach (var (t, _) in e.Within) Line(sb, left, Y(t.Minutes), left + pw, Y(t.Minutes), "threshold");
        var thresholdLabels = new List<(double X, double Y, string Text)>();
        foreach (var (t, share) in e.Within)
        {
            var text = $"{t.Minutes:0} min: {share:P0} of the route";
            // Above its line at the right end, else below it, else further left.
            var spots = new[] { (left + pw - 4, Y(t.Minutes) - 4), (left + pw - 4, Y(t.Minutes) + 13), (left + pw * 0.6, Y(t.Minutes) - 4), (left + pw * 0.6, Y(t.Minutes) + 13) };
            foreach (var (x, y) in spots)
                if (taken.Take([Box.OfText(x, y, text, 11, "end", bold: true)]) is not null) { thresholdLabels.Add((x, y, text)); break; }
        }
        var pts = e.Profile.Select(s => (X(s.Position.Meters / 1000), Y(s.Time.Minutes))).ToList();
        sb.Append("<polygon class=\"coverage-area\" points=\"").Append(N(X(km0))).Append(',').Append(N(Y(0))).Append(' ').Append(Points(Thin(pts))).Append(' ')
          .Append(N(X(km1))).Append(',').Append(N(Y(0))).Append("\"/>\n");
        sb.Append("<polyline class=\"coverage-line\" points=\"").Append(Points(Thin(pts))).Append("\"/>\n");
        foreach (var g in e.Points.GroupBy(p => p.Position.Meters))
        {
            var x = X(g.Key / 1000);
            sb.Append("<path class=\"evac-point\" d=\"M").Append(N(x)).Append(',').Append(N(top + ph + 24)).Append(" l-6,10 h12 z\"><title>")
              .Append(H(string.Join("; ", g.Select(p => $"{p.Name} ({p.Kind.ToString().ToLowerInvariant()})")))).Append("</title></path>\n");
        }
        Text(sb, left, top + ph + 46, "▲ evacuation points (ramps, landing sites, hospitals)", "evac-label", "start");
        var wx = X(e.Worst.Position.Meters / 1000);
        var wy = Y(e.Worst.Time.Minutes);
        sb.Append("<circle class=\"worst\" cx=\"").Append(N(wx)).Append("\" cy=\"").Append(N(wy)).Append("\" r=\"5\"/>\n");
        var label = $"longest gap {e.Worst.Time.Minutes:0} min at km {e.Worst.Position.Meters / 1000:0} ({e.WorstBetween})";
        // Beside the point, right or left, level with it or a line above or below, wherever no threshold label is.
        var worst = new[] { (9.0, 4.0, "start"), (-9.0, 4.0, "end"), (9.0, -12.0, "start"), (-9.0, -12.0, "end"), (9.0, 20.0, "start"), (-9.0, 20.0, "end") }
            .Select(c => (c, Box: Box.OfText(wx + c.Item1, wy + c.Item2, label, 12, c.Item3, bold: true)))
            .FirstOrDefault(c => taken.Free(c.Box));
        foreach (var (x, y, text) in thresholdLabels)
        {
            Backdrop(sb, Box.OfText(x, y, text, 11, "end", bold: true));
            Text(sb, x, y, text, "threshold-label", "end");
        }
        if (worst.c.Item3 is not null)
        {
            taken.Add(worst.Box);
            Text(sb, wx + worst.c.Item1, wy + worst.c.Item2, label, "worst-label", worst.c.Item3);
        }
        sb.Append("</svg>");
        ReportCharts.Legend(sb, [("#0f766e", "time to the nearest evacuation point"), ("#b45309", "thresholds"), ("#b91c1c", "longest gap")]);
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }
}
