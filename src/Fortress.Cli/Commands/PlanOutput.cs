using System.Globalization;
using Fortress.Views;
using NodaTime;
using Spectre.Console;

namespace Fortress.Cli.Commands;

/// <summary>Writes a plan view as tables for people (JSON: <see cref="Fortress.IO.Contracts.PlanDocument"/>). It formats only what the view model holds.</summary>
internal static class PlanOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Table(PlanViewModel m, bool seconds = false)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(sw), ColorSystem = ColorSystemSupport.NoColors, Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        console.Profile.Width = 100;
        var policy = m.Policy;
        sw.WriteLine(m.Title);
        if (m.Purpose is not null) sw.WriteLine(m.Purpose);
        sw.WriteLine();
        string Local(ZonedDateTime? t) => t is { } v ? v.ToString(seconds ? "uuuu-MM-dd HH:mm:ss" : "uuuu-MM-dd HH:mm", Inv) + " " + v.Offset.ToString("+HH:mm", Inv) : "";
        var shown = m.Trains;
        if (!m.ConvoyTrains)
        {
            // For people: the changes, then the trains they concern; JSON carries the whole timetable.
            sw.WriteLine(m.Notices.Count == 0 ? "No changes to the published timetable." : "Changes to the published timetable:");
            foreach (var c in m.Notices) sw.WriteLine("  " + c.Describe());
            var changed = m.Notices.Select(n => n.Train).ToHashSet(StringComparer.Ordinal);
            shown = m.Trains.Where(t => changed.Contains(t.Id)).ToList();
            if (m.Trains.Count > 0) sw.WriteLine($"{m.Trains.Count - shown.Count} other trains run as timetabled.");
            sw.WriteLine();
        }
        else if (m.Trains.Count == 0) sw.WriteLine("No reserved paths.");
        foreach (var t in shown)
        {
            var title = t.Role is not null ? $"{t.Name} ({t.Role}, {t.Id})" : t.Name is not null ? $"Train {t.Id}: {t.Name}" : $"Reserved path {t.Id}";
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title))
                .AddColumn("Station").AddColumn("Arrival (local)").AddColumn("Departure (local)").AddColumn("");
            // Stations run through are listed with their passing time where the view may see them (the model holds them only then).
            foreach (var s in t.Stops.Where(s => s.Activity != Activity.Pass || policy.May(Disclosure.PassingTimes)))
                table.AddRow(Markup.Escape(s.Station), Local(s.Arrival), s.Activity == Activity.Pass ? "" : Local(s.Departure), ActivityText.Name(s.Activity));
            console.Write(table);
            if (t.Consist is not null)
                foreach (var c in t.Consist) sw.WriteLine($"  consist {c.From} - {c.To}: {c.Consist}");
        }
        if (m.GaugeChanges.Count + m.TractionChanges.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Gauge and traction changes").AddColumn("Place").AddColumn("What").AddColumn("Train").AddColumn("From").AddColumn("To");
            foreach (var o in m.GaugeChanges.Concat(m.TractionChanges)) t.AddRow(Markup.Escape(o.Place), Markup.Escape(o.What), Markup.Escape(o.Train), Local(o.Start), Local(o.End));
            console.Write(t);
        }
        if (policy.May(Disclosure.ClearanceOrders))
        {
            sw.WriteLine(m.Orders.Count == 0 ? "Clearance orders: none." : "Clearance orders, in time order:");
            foreach (var o in m.Orders) sw.WriteLine("  " + o.Describe());
        }
        if (m.Summary.Clearance is { Quality: var q, KnockOnConflicts: var knockOn })
            sw.WriteLine($"Clearance: {Words(q)}; {q.Objective.ToString("0.#", Inv)} {q.Unit} against a lower bound of {q.Bound.ToString("0.#", Inv)}"
                + (knockOn == 0 ? "; no new conflict between regular trains" : $"; {knockOn} new conflict(s) between regular trains left to the dispatcher"));
        if (m.Summary.Simulation is { } sim)
            sw.WriteLine("Simulation (every train at once on the signals): " + SimulationWords(sim));
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
                    ? $"  Diesel (train {f.Train}) {f.Locomotives} {f.From} - {f.To}: {f.LitresNeeded:0} l of {f.UsableLitres:0} l usable, margin {f.Margin:P0}"
                    : $"  Diesel (train {f.Train}) {f.Locomotives} {f.From} - {f.To}: {f.LitresNeeded:0} l needed, tank size unknown (not checked)");
        }
        if (m.Evacuation is { } ev)
            sw.WriteLine($"Evacuation: longest gap {ev.Worst.Time.Minutes:0} min at km {ev.Worst.Position.Meters / 1000:0.0} ({ev.WorstBetween}, nearest {ev.Worst.Point}); "
                + string.Join(", ", ev.Within.Select(x => $"{x.Share:P0} of the route within {x.Threshold.Minutes:0} min")));
        sw.WriteLine("Summary: " + Summary(m));
        return sw.ToString();
    }

    /// <summary>What the plan's own simulation found, in words: the convoy's restrictive aspects and delays, the regular trains delayed.</summary>
    private static string SimulationWords(ViewSimulation s)
    {
        static string Min(double seconds) => $"{seconds / 60:0.0} min";
        var convoy = s.MaxConvoyDelaySeconds < 0 || s.MaxConvoyStopDelaySeconds < 0 ? "a convoy train never arrives"
            : s.MaxConvoyStopDelaySeconds < 0.5 ? "the convoy keeps its times at every stop"
            : $"a convoy train is up to {Min(s.MaxConvoyStopDelaySeconds)} late at a stop ({Min(s.MaxConvoyDelaySeconds)} at its last)";
        var aspects = s.ConvoyRestrictiveAspects == 0 ? "meets no restrictive aspect"
            : $"meets {s.ConvoyRestrictiveAspects} restrictive aspect(s): {s.Aspects[0].Describe()}" + (s.Aspects.Count > 1 ? ", ..." : "");
        var regular = s.RegularTrainsDelayed == 0 ? "no regular train delayed" : $"{s.RegularTrainsDelayed} regular train(s) delayed by a minute or more";
        return $"{convoy}, {aspects}; {regular}";
    }

    /// <summary>How good a decision is, in words: "optimal", "within 3 % of optimal", and how it was found.</summary>
    private static string Words(Fortress.Optimisation.Optimality q) => q.Method switch
    {
        Fortress.Optimisation.SolveMethod.Optimal => "proven optimal",
        Fortress.Optimisation.SolveMethod.Bounded => $"{q.Describe()} (time limit reached)",
        _ => $"{q.Describe()} (first come, first served)",
    };

    /// <summary>The summary in words.</summary>
    private static string Summary(PlanViewModel m)
    {
        var s = m.Summary;
        var parts = new List<string>();
        if (s.DistanceKm is { } km) parts.Add($"{km.ToString("#,0.0", Inv)} km");
        if (s.DurationHours is { } h) parts.Add($"main train {(int)h} h {Math.Round((h - (int)h) * 60):00} min");
        if (s.GaugeChanges is { } g) parts.Add($"{g} gauge change{(g == 1 ? "" : "s")}");
        if (s.TractionChanges is { } tc) parts.Add($"{tc} locomotive change{(tc == 1 ? "" : "s")}");
        if (s.TrainsHeld is { } held) parts.Add($"{held} regular train{(held == 1 ? "" : "s")} held or retimed, {s.TotalDelayImposedMinutes?.ToString("0", Inv)} min of delay imposed in all");
        if (s.TrainsCancelled is { } c) parts.Add($"{c} cancelled");
        var text = string.Join("; ", parts) + ".";
        if (s.DepartureSearch is { } d) text += $" Departure search: {d}.";
        return text;
    }
}
