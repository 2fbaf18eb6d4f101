using System.Globalization;
using Fortress.Simulation;
using Fortress.Views;
using Spectre.Console;

namespace Fortress.Cli.Commands;

/// <summary>Writes a simulation view as tables for people (JSON: <see cref="Fortress.IO.Contracts.SimulationJson"/>). It formats only what the view model holds.</summary>
internal static class SimulateOutput
{
    public static string Table(SimulationViewModel m, string title)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(sw), ColorSystem = ColorSystemSupport.NoColors, Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        console.Profile.Width = 140;
        sw.WriteLine(m.View == "security" ? $"Simulation: {title}" : "Simulation");
        sw.WriteLine();
        if (m.MonteCarlo is { } mc) { Study(sw, console, mc); return sw.ToString(); }

        // The convoy (or reserved paths) in full; regular trains only where they are late.
        foreach (var t in m.Trains.Where(t => t.Role != "regular"))
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(t.Role == "reserved" ? $"Reserved path {t.Id}" : $"{t.Id} ({t.Role})"))
                .AddColumn("Station").AddColumn("Planned arr.").AddColumn("Simulated arr.").AddColumn("Planned dep.").AddColumn("Simulated dep.");
            foreach (var st in t.Stops)
                table.AddRow(Markup.Escape(st.Station), Local(st.PlannedArrival), Local(st.SimulatedArrival), Local(st.PlannedDeparture), Local(st.SimulatedDeparture));
            console.Write(table);
            sw.WriteLine($"  delay at the last stop: {Delay(t.DelaySeconds)}" + (t.LargestDelay is { Seconds: >= 1 } ld && ld.Seconds > (t.DelaySeconds ?? 0) + 0.5
                ? $"; largest on the way: {Delay(ld.Seconds)} at {ld.Station} ({ld.On})" : ""));
            foreach (var a in t.RestrictiveAspects)
                sw.WriteLine($"  restrictive aspect: signal {a.Signal} (entry of {a.Protects}) at km {a.PositionMeters / 1000:0.000}, seen {Local(a.Time)}, {a.LostSeconds:0} s lost");
            sw.WriteLine();
        }
        var late = m.Trains.Where(t => t.Role == "regular" && (t.DelaySeconds is not { } d || d >= 1)).OrderByDescending(t => t.DelaySeconds ?? double.MaxValue).ToArray();
        if (late.Length > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("Regular trains delayed").AddColumn("Train").AddColumn("From").AddColumn("To").AddColumn("Delay").AddColumn("Restrictive aspects");
            foreach (var t in late)
                table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Stops[0].Station), Markup.Escape(t.Stops[^1].Station), Delay(t.DelaySeconds), t.RestrictiveAspects.Count.ToString(CultureInfo.InvariantCulture));
            console.Write(table);
        }
        else sw.WriteLine("No regular train is delayed.");
        foreach (var d in m.Deadlocks) sw.WriteLine($"DEADLOCK since {Local(d.Since)}: {d.Description}" + (d.Blocked.Count > 0 ? $"; stuck behind it: {string.Join(", ", d.Blocked)}" : ""));
        if (m.Summary is { } s)
            sw.WriteLine("Summary: " + string.Join(", ", new[]
            {
                s.ConvoyRestrictiveAspects is { } c ? $"convoyRestrictiveAspects {c}" : null,
                s.MaxConvoyDelaySeconds is { } x ? $"maxConvoyDelaySeconds {x:0}" : m.View != "public" ? "maxConvoyDelaySeconds (a convoy train never arrives)" : null,
                s.MaxConvoyStopDelaySeconds is { } y ? $"maxConvoyStopDelaySeconds {y:0}" : null,
                $"regularTrainsDelayed {s.RegularTrainsDelayed}",
                $"totalRegularDelaySeconds {s.TotalRegularDelaySeconds:0}",
            }.Where(x => x is not null)));
        return sw.ToString();
    }

    private static void Study(StringWriter sw, IAnsiConsole console, MonteCarloView mc)
    {
        sw.WriteLine($"Monte-Carlo study: {mc.Runs} runs, seed {mc.Seed}");
        var st = mc.Settings;
        sw.WriteLine($"  drawn: late departures of {st.LateDepartureShare:P0} of regular trains (Weibull shape {st.LateDepartureShape}, scale {st.LateDepartureScaleSeconds / 60:0.#} min), "
            + $"longer stops at {st.DwellExtensionShare:P0} of stops (Weibull shape {st.DwellExtensionShape}, scale {st.DwellExtensionScaleSeconds / 60:0.#} min), "
            + $"performance shortfall up to {st.PerformanceShortfall:P0}");
        sw.WriteLine();
        if (mc.Convoy.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("Arrival at the last stop").AddColumn("Train").AddColumn("Station").AddColumn("Planned")
                .AddColumn("p50").AddColumn("p90").AddColumn("p99").AddColumn("Never arrived").AddColumn("Worst stop p50/p90/p99");
            foreach (var c in mc.Convoy)
                table.AddRow(Markup.Escape(c.Train), Markup.Escape(c.Station), Local(c.PlannedArrival), P(c.P50), P(c.P90), P(c.P99), c.NotArrived.ToString(CultureInfo.InvariantCulture),
                    $"{Min(c.LargestDelayOnTheWay.P50)}/{Min(c.LargestDelayOnTheWay.P90)}/{Min(c.LargestDelayOnTheWay.P99)} min");
            console.Write(table);
            foreach (var c in mc.Convoy)
            {
                // The distribution as a bar chart of delay (minutes) against runs.
                sw.WriteLine($"  {c.Train}: arrival delay (minutes) over {mc.Runs} runs");
                var max = Math.Max(1, c.Histogram.Count == 0 ? 1 : c.Histogram.Max(b => b.Runs));
                foreach (var b in c.Histogram)
                    sw.WriteLine($"    {b.FromSeconds / 60,7:0.0} - {b.ToSeconds / 60,7:0.0} | {new string('#', (int)Math.Round(40.0 * b.Runs / max))} {b.Runs}");
            }
            sw.WriteLine();
        }
        var lines = new List<string>();
        if (mc.HeadwayBelowMinimumProbability is { } h) lines.Add($"P(two convoy trains closer than their minimum headway) {h:0.###}");
        if (mc.ConvoyRestrictiveAspectProbability is { } a) lines.Add($"P(the convoy meets a restrictive aspect) {a:0.###}");
        lines.Add($"total regular delay: mean {mc.MeanTotalRegularDelaySeconds / 60:0.0} min, p90 {mc.P90TotalRegularDelaySeconds / 60:0.0} min");
        if (mc.Convoy.Count > 0) lines.Add("worst stop: each run's largest delay of the train at any stop on its way (made up later or not)");
        if (mc.RunsWithDeadlock > 0) lines.Add($"{mc.RunsWithDeadlock} run(s) ended in a deadlock");
        foreach (var l in lines) sw.WriteLine(l);
    }

    /// <summary>"+6.1" minutes, or "never" where the train did not arrive in that share of runs.</summary>
    private static string Min(double? seconds) => seconds is { } s ? $"+{s / 60:0.0}" : "never";

    private static string P(PercentileView p) => p.Arrival is null ? "never" : $"{Local(p.Arrival)} ({Delay(p.DelaySeconds)})";

    private static string Delay(double? seconds) => seconds is not { } s ? "never arrives" : s < 0.5 ? "on time" : $"+{s / 60:0.0} min";

    /// <summary>"2019-04-23 06:00 +09:00" from an ISO string.</summary>
    private static string Local(string? iso) => iso is null || iso.Length < 25 ? iso ?? "" : $"{iso[..10]} {iso[11..19]} {iso[19..]}";
}
