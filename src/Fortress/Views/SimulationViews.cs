using Fortress.Simulation;
using Fortress.Timetable;

namespace Fortress.Views;

/// <summary>A stop as a view shows it: local times, ISO-8601 with offset.</summary>
public sealed record SimulationStopView(string Station, string? PlannedArrival, string? SimulatedArrival, string? PlannedDeparture, string? SimulatedDeparture);

/// <summary>A restrictive aspect as a view shows it.</summary>
public sealed record RestrictiveAspectView(string Signal, string Protects, double PositionMeters, string Time, double LostSeconds);

/// <summary>A train's largest delay at a stop on its way as a view shows it: the station, seconds, and whether on arrival or on departure.</summary>
public sealed record StopDelayView(string Station, double Seconds, string On);

/// <summary>
/// A train as a view shows it: <see cref="DelaySeconds"/> at its last stop, <see cref="LargestDelay"/> at any stop on its
/// way (a delay made up before the last stop shows only there); <see cref="Samples"/> rows are [seconds since the
/// simulation's start, corridor position m, speed m/s].
/// </summary>
public sealed record SimulationTrainView(string Id, string Role, IReadOnlyList<SimulationStopView> Stops, double? DelaySeconds, StopDelayView? LargestDelay,
    IReadOnlyList<RestrictiveAspectView> RestrictiveAspects, IReadOnlyList<double[]> Samples);

/// <summary>A deadlock as a view shows it.</summary>
public sealed record DeadlockView(IReadOnlyList<string> Trains, IReadOnlyList<string> Blocks, string Since, IReadOnlyList<string> Blocked, string Description);

/// <summary>
/// The summary as a view shows it (convoy figures null in the public view, and where a convoy train never arrives): the
/// convoy's largest delay at its last stop and at any stop on its way.
/// </summary>
public sealed record SimulationSummaryView(int? ConvoyRestrictiveAspects, double? MaxConvoyDelaySeconds, double? MaxConvoyStopDelaySeconds, int RegularTrainsDelayed,
    double TotalRegularDelaySeconds, IReadOnlyList<string> AffectedRegularTrains);

/// <summary>A percentile as a view shows it.</summary>
public sealed record PercentileView(string? Arrival, double? DelaySeconds);

/// <summary>Runs whose delay fell in [From, To) seconds (the last bin includes its upper end).</summary>
public sealed record HistogramBin(double FromSeconds, double ToSeconds, int Runs);

/// <summary>Percentiles of a delay over the runs (seconds; null where more runs than that share never arrived).</summary>
public sealed record DelayPercentilesView(double? P50, double? P90, double? P99);

/// <summary>
/// A convoy train's arrival distribution as a view shows it, with a histogram of the delays (runs that never arrived left
/// out and counted), and the percentiles of its largest delay at any stop on its way (<see cref="LargestDelayOnTheWay"/>).
/// </summary>
public sealed record ConvoyArrivalView(string Train, string Station, string PlannedArrival, PercentileView P50, PercentileView P90, PercentileView P99,
    IReadOnlyList<HistogramBin> Histogram, int NotArrived, DelayPercentilesView LargestDelayOnTheWay);

/// <summary>The distributions a study drew from (the inputs, so a reader can judge the figures).</summary>
public sealed record MonteCarloSettingsView(double LateDepartureShare, double LateDepartureShape, double LateDepartureScaleSeconds,
    double DwellExtensionShare, double DwellExtensionShape, double DwellExtensionScaleSeconds, double PerformanceShortfall);

/// <summary>A Monte-Carlo study as a view shows it (convoy figures null or empty in the public view).</summary>
public sealed record MonteCarloView(int Runs, ulong Seed, IReadOnlyList<ConvoyArrivalView> Convoy, double? HeadwayBelowMinimumProbability,
    double? ConvoyRestrictiveAspectProbability, double MeanTotalRegularDelaySeconds, double P90TotalRegularDelaySeconds, int RunsWithDeadlock,
    MonteCarloSettingsView Settings);

/// <summary>What one view of a simulation (one run, or a study) contains; writers only format it.</summary>
public sealed record SimulationViewModel(string View, string SimulationStart, IReadOnlyList<SimulationTrainView> Trains, IReadOnlyList<DeadlockView> Deadlocks,
    SimulationSummaryView? Summary, MonteCarloView? MonteCarlo);

/// <summary>
/// A simulation under a view's <see cref="ViewPolicy"/>: where the view may see the convoy's identity, everything; where
/// it sees reserved paths and simulation results (the dispatcher), the convoy's trains as "RP1"... in order of departure,
/// as in the plan, without roles or names; where it sees the regular timetable only (the public), the regular trains'
/// stops and delays, never the convoy (no reserved path, no convoy figure, no restrictive aspect or position that would
/// betray where it is). A view granted nothing sees nothing.
/// </summary>
public static class SimulationViews
{
    /// <summary>One run as the view of <paramref name="policy"/> may see it.</summary>
    public static SimulationViewModel Build(SimulationResult result, IReadOnlyList<SimTrain> trains, ViewPolicy policy) =>
        Build(result, null, trains, policy);

    /// <summary>A study as the view of <paramref name="policy"/> may see it (no trains: a study has no single run to show).</summary>
    public static SimulationViewModel Build(MonteCarloResult study, SimulationModel model, ViewPolicy policy) =>
        Build(null, study, model.Trains, policy, model.Start);

    private static SimulationViewModel Build(SimulationResult? r, MonteCarloResult? mc, IReadOnlyList<SimTrain> input, ViewPolicy policy, NodaTime.Instant? start = null)
    {
        var view = policy.View.Name;
        if (!(policy.May(Disclosure.Simulation) || policy.May(Disclosure.RegularTimetable)))
            return new SimulationViewModel(view, "", [], [], null, null);
        var security = policy.May(Disclosure.ConvoyIdentity);
        var pub = !(policy.SeesConvoy && policy.May(Disclosure.Simulation));
        // Names as the view gives them.
        var reserved = input.Where(t => t.IsConvoy).OrderBy(t => t.Stops[0].PlannedDeparture).Select((t, i) => (t.Id, Name: $"RP{i + 1}")).ToDictionary(x => x.Id, x => x.Name);
        var convoy = input.Where(t => t.IsConvoy).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var numbers = input.ToDictionary(t => t.Id, t => t.Number, StringComparer.Ordinal);
        string? Name(string id) => convoy.Contains(id) ? (security ? id : pub ? null : reserved[id]) : numbers.GetValueOrDefault(id, id);
        string Role(SimulationRole role) => role == SimulationRole.Regular ? "regular" : security ? role.ToString().ToLowerInvariant() : "reserved";
        var zone = input.Count > 0 ? input[0].Stops[0].Zone : NodaTime.DateTimeZone.Utc;
        var t0 = r?.Start ?? start ?? NodaTime.Instant.FromUnixTimeSeconds(0);
        var startText = TimeText.Iso(t0, zone);

        var trains = new List<SimulationTrainView>();
        var deadlocks = new List<DeadlockView>();
        SimulationSummaryView? summary = null;
        if (r is not null)
        {
            foreach (var t in r.Trains)
            {
                if (t.IsConvoy && pub) continue;
                var stops = t.Stops.Select(s => new SimulationStopView(s.Place,
                    s.PlannedArrival is { } pa ? TimeText.Iso(pa, s.Zone) : null, s.SimulatedArrival is { } sa ? TimeText.Iso(sa, s.Zone) : null,
                    s.PlannedDeparture is { } pd ? TimeText.Iso(pd, s.Zone) : null, s.SimulatedDeparture is { } sd ? TimeText.Iso(sd, s.Zone) : null)).ToArray();
                var aspects = pub ? [] : t.RestrictiveAspects.Select(a => new RestrictiveAspectView(a.Signal, a.Protects, Math.Round(a.Position.Meters, 1),
                    TimeText.Iso(a.Time, t.Stops[0].Zone), Math.Round(a.LostSeconds, 1))).ToArray();
                var samples = pub ? [] : t.Samples.Select(s => new[] { s.Seconds, s.PositionMeters, s.SpeedMetersPerSecond }).ToArray();
                var largest = t.LargestStopDelay is { } ld ? new StopDelayView(ld.Place, Math.Round(ld.Seconds, 1), ld.Departure ? "departure" : "arrival") : null;
                trains.Add(new SimulationTrainView(Name(t.Id)!, Role(t.Role), stops, t.DelaySeconds is { } d ? Math.Round(d, 1) : null, largest, aspects, samples));
            }
            foreach (var d in r.Deadlocks)
            {
                if (pub && d.Trains.Concat(d.Blocked).Any(convoy.Contains)) continue;
                var text = d.Description;
                if (!security) foreach (var c in convoy) text = System.Text.RegularExpressions.Regex.Replace(text, $@"\b{System.Text.RegularExpressions.Regex.Escape(c)}\b", reserved[c]);
                deadlocks.Add(new DeadlockView(d.Trains.Select(x => Name(x)!).ToArray(), d.Resources, TimeText.Iso(d.Since, zone), d.Blocked.Select(x => Name(x)!).ToArray(), text));
            }
            var s = r.Summary;
            double? Convoy(double seconds) => pub || !double.IsFinite(seconds) ? null : Math.Round(Math.Max(0, seconds), 1);
            summary = new SimulationSummaryView(pub ? null : s.ConvoyRestrictiveAspects, Convoy(s.MaxConvoyDelaySeconds), Convoy(s.MaxConvoyStopDelaySeconds),
                s.RegularTrainsDelayed, Math.Round(s.TotalRegularDelaySeconds, 1), s.DelayedRegularTrains.Select(x => Name(x)!).ToArray());
        }
        MonteCarloView? study = null;
        if (mc is not null)
        {
            var dists = pub ? [] : mc.Convoy.Select(c => new ConvoyArrivalView(Name(c.Train)!, c.Place, TimeText.Iso(c.PlannedArrival, c.Zone),
                P(c.P50, c.Zone), P(c.P90, c.Zone), P(c.P99, c.Zone), Histogram(c.Delays), c.Delays.Count(d => !double.IsFinite(d)), Spread(c.StopDelays))).ToArray();
            var st = mc.Settings;
            study = new MonteCarloView(mc.Runs, mc.Seed, dists, pub ? null : mc.HeadwayBelowMinimum, pub ? null : mc.ConvoyRestrictiveAspect,
                Math.Round(mc.MeanTotalRegularDelaySeconds, 1), Math.Round(mc.P90TotalRegularDelaySeconds, 1), mc.RunsWithDeadlock,
                new MonteCarloSettingsView(st.LateDepartureShare, st.LateDepartureShape, st.LateDepartureScale.Seconds,
                    st.DwellExtensionShare, st.DwellExtensionShape, st.DwellExtensionScale.Seconds, st.PerformanceShortfall));
        }
        return new SimulationViewModel(view, startText, trains, deadlocks, summary, study);
    }

    /// <summary>Twelve equal bins (whole seconds) over the finite delays.</summary>
    public static IReadOnlyList<HistogramBin> Histogram(IReadOnlyList<double> delays, int bins = 12)
    {
        var finite = delays.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return [];
        var lo = Math.Floor(finite.Min());
        var hi = Math.Ceiling(finite.Max());
        var width = Math.Max(1, Math.Ceiling((hi - lo) / bins));
        var counts = new int[bins];
        foreach (var d in finite) counts[Math.Min(bins - 1, (int)((d - lo) / width))]++;
        return counts.Select((c, i) => new HistogramBin(lo + i * width, lo + (i + 1) * width, c)).Where((b, i) => b.FromSeconds <= hi || i == 0).ToArray();
    }

    private static DelayPercentilesView Spread(IReadOnlyList<double> delays)
    {
        double[] sorted = [.. delays];
        double? At(double q) => MonteCarlo.Percentile(sorted, q) is var d && double.IsFinite(d) ? Math.Round(d, 1) : null;
        return new DelayPercentilesView(At(0.5), At(0.9), At(0.99));
    }

    private static PercentileView P(ArrivalPercentile p, NodaTime.DateTimeZone zone) =>
        new(p.Arrival is { } a ? TimeText.Iso(a, zone) : null, p.DelaySeconds);
}
