using Fortress.Planning;
using Spectre.Console;

namespace Fortress.Cli.Commands;

/// <summary>Writes a plan view as tables for people (JSON: <see cref="Fortress.IO.Json.PlanJson"/>). It formats only what the view model holds.</summary>
internal static class PlanOutput
{
    public static string Table(PlanViewModel m)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(sw), ColorSystem = ColorSystemSupport.NoColors, Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        console.Profile.Width = 140;
        sw.WriteLine(m.Title);
        if (m.Purpose is not null) sw.WriteLine(m.Purpose);
        sw.WriteLine();
        var shown = m.Trains;
        if (m.View == PlanView.Public)
        {
            // For people: the changes, then the trains they concern; JSON carries the whole timetable.
            sw.WriteLine(m.ClearanceOrders.Count == 0 ? "No changes to the published timetable." : "Changes to the published timetable:");
            foreach (var c in m.ClearanceOrders) sw.WriteLine("  " + c);
            var changed = m.ClearanceOrders.Select(c => c.Split(' ')[1]).ToHashSet();
            shown = m.Trains.Where(t => changed.Contains(t.Id)).ToList();
            sw.WriteLine($"{m.Trains.Count - shown.Count} other trains run as timetabled.");
            sw.WriteLine();
        }
        else if (m.Trains.Count == 0) sw.WriteLine("No reserved paths.");
        foreach (var t in shown)
        {
            var title = t.Role is not null ? $"{t.Name} ({t.Role})" : t.Name is not null ? $"Train {t.Id}: {t.Name}" : $"Reserved path {t.Id}";
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title))
                .AddColumn("Station").AddColumn("Arrival (local)").AddColumn("Departure (local)").AddColumn("");
            // Passing loops and places run through are left out of the printed timetable (they stay in JSON).
            foreach (var s in t.Stops.Where(s => s.Activity != "pass" || (m.View == PlanView.Security && !s.Station.StartsWith("Loop km", StringComparison.Ordinal))))
                table.AddRow(Markup.Escape(s.Station), Local(s.Arrival), Local(s.Departure), s.Activity);
            console.Write(table);
            if (t.Consist is not null)
                foreach (var c in t.Consist) sw.WriteLine("  consist " + c);
        }
        if (m.GaugeChanges.Count + m.TractionChanges.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Gauge and traction changes").AddColumn("Place").AddColumn("What").AddColumn("Train").AddColumn("From").AddColumn("To");
            foreach (var o in m.GaugeChanges.Concat(m.TractionChanges)) t.AddRow(Markup.Escape(o.Place), Markup.Escape(o.What), o.Train ?? "", Local(o.Start), Local(o.End));
            console.Write(t);
        }
        if (m.View != PlanView.Public)
        {
            sw.WriteLine(m.ClearanceOrders.Count == 0 ? "Clearance orders: none." : "Clearance orders:");
            foreach (var o in m.ClearanceOrders) sw.WriteLine("  " + o);
        }
        if (m.ClearanceQuality is { } q)
            sw.WriteLine($"Clearance: {Words(q)}; {q.Objective:0.#} {q.Unit} against a lower bound of {q.Bound:0.#}"
                + (m.ClearanceKnockOnConflicts == 0 ? "; no new conflict between regular trains" : $"; {m.ClearanceKnockOnConflicts} new conflict(s) between regular trains left to the dispatcher"));
        if (m.Sweeps is { } r)
            sw.WriteLine($"Sweeps: {r.TeamsUsed} of {r.TeamsAvailable} teams of {r.TeamSize} ({r.AgentsUsed} agents), lower bound {r.LowerBound} teams"
                + (r.Quality is { } sq ? $" ({Words(sq)})" : "") + $", {r.TravelHours:0} h on the road, utilisation {r.Utilisation:P0}"
                + (r.Feasible ? ", every site covered" : $", {r.Uncovered.Count} site(s) NOT covered: " + string.Join("; ", r.Uncovered.Select(u => $"{u.Site.Name} ({u.Reason})"))));
        if (m.Berths is { } bp)
            sw.WriteLine($"Berths: {bp.Passengers} people in {bp.Cars.Count(c => c.Occupants.Count > 0)} cars, the principal in car {bp.PrincipalCar} ({bp.Cars[bp.PrincipalCar - 1].VehicleName}), {bp.Bookings.Count} meeting(s) booked in the conference car");
        if (m.Provisioning is { } pv)
        {
            sw.WriteLine($"Provisioning: {pv.People} people, {pv.Meals.Count} meals ({pv.Portions} portions: {string.Join(", ", pv.Meals.SelectMany(x => x.Portions).GroupBy(x => x.Key).Select(g => $"{g.Sum(x => x.Value)} {g.Key}"))}); loaded at "
                + string.Join(", ", pv.Loads.Select(l => $"{l.Place} ({l.Loads.Where(x => x.Unit == "kg").Sum(x => x.Amount):0} kg food, {l.Loads.Where(x => x.Unit == "l").Sum(x => x.Amount):0} l water)"))
                + (pv.Items.Sum(i => i.Discarded) > 0.5 ? $"; {pv.Items.Where(i => i.Item.Unit == "kg").Sum(i => i.Discarded):0} kg discarded past shelf life" : ""));
            foreach (var f in pv.Fuel)
                sw.WriteLine(f.Checked
                    ? $"  Diesel ({f.Train}) {f.Locomotives} {f.From} - {f.To}: {f.LitresNeeded:0} l of {f.UsableLitres:0} l usable, margin {f.Margin:P0}"
                    : $"  Diesel ({f.Train}) {f.Locomotives} {f.From} - {f.To}: {f.LitresNeeded:0} l needed, tank size unknown (not checked)");
        }
        if (m.Evacuation is { } ev)
            sw.WriteLine($"Evacuation: longest gap {ev.Worst.Time.Minutes:0} min at km {ev.Worst.Position.Meters / 1000:0.0} ({ev.WorstBetween}, nearest {ev.Worst.Point}); "
                + string.Join(", ", ev.Within.Select(x => $"{x.Share:P0} of the route within {x.Threshold.Minutes:0} min")));
        sw.WriteLine("Summary: " + string.Join(", ", m.Summary.Select(kv => $"{kv.Key} {kv.Value}")));
        return sw.ToString();
    }

    /// <summary>How good a decision is, in words: "optimal", "within 3 % of optimal", and how it was found.</summary>
    private static string Words(Fortress.Optimisation.Optimality q) => q.Method switch
    {
        Fortress.Optimisation.SolveMethod.Optimal => "proven optimal",
        Fortress.Optimisation.SolveMethod.Bounded => $"{q.Describe()} (time limit reached)",
        _ => $"{q.Describe()} (first come, first served)",
    };

    /// <summary>"2019-04-23 06:00 +09:00" from an ISO string.</summary>
    private static string Local(string? iso) => iso is null || iso.Length < 25 ? iso ?? "" : $"{iso[..10]} {iso[11..16]} {iso[19..]}";
}
