using Fortress.Diagnostics;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Simulation;

/// <summary>
/// The distributions a Monte-Carlo run draws its ordinary delays from. Yuan, Goverde and Hansen ("Evaluating stochastic
/// train process time distribution models on the basis of empirical detection data", Computers in Railways X, WIT
/// Transactions on the Built Environment 88, 2006) found the Weibull distribution the best fit for non-negative
/// departure delays (shape below 1) and for the dwell times of late trains (shape above 1); the figures below are
/// Fortress's assumptions for lines without published delay data, to be set per scenario. Performance: Medeossi, Longo
/// and de Fabris ("A method for using stochastic blocking times to improve timetable planning", Journal of Rail
/// Transport Planning &amp; Management 1, 2011) show that trains use a varying share of their tractive effort and
/// braking; Fortress draws a shortfall per train.
/// </summary>
public sealed record MonteCarloSettings
{
    /// <summary>Share of regular trains that leave their origin late. Assumption: 0.3.</summary>
    public double LateDepartureShare { get; init; } = 0.3;

    /// <summary>Weibull shape of a late departure (below 1: many short delays, a long tail; Yuan et al. 2006). Assumption: 0.8.</summary>
    public double LateDepartureShape { get; init; } = 0.8;

    /// <summary>Weibull scale of a late departure. Assumption: 4 min (mean about 4.5 min).</summary>
    public Duration LateDepartureScale { get; init; } = Duration.FromMinutes(4);

    /// <summary>Share of stops (of every train) that take longer than planned. Assumption: 0.3.</summary>
    public double DwellExtensionShare { get; init; } = 0.3;

    /// <summary>Weibull shape of a dwell extension (above 1; Yuan et al. 2006). Assumption: 1.5.</summary>
    public double DwellExtensionShape { get; init; } = 1.5;

    /// <summary>Weibull scale of a dwell extension. Assumption: 1 min.</summary>
    public Duration DwellExtensionScale { get; init; } = Duration.FromMinutes(1);

    /// <summary>
    /// Largest shortfall of tractive effort and of braking (drawn uniformly and separately per train, in whole per cent:
    /// the plan runs every train at its nominal performance, so none does better). Assumption: 0.05.
    /// </summary>
    public double PerformanceShortfall { get; init; } = 0.05;

    public static MonteCarloSettings Default { get; } = new();

    /// <summary>Every problem with the settings at once.</summary>
    public void Validate(string where = "monteCarlo")
    {
        var p = new ProblemList();
        foreach (var (key, message) in Problems()) p.Add($"{where}.{key}", message);
        p.ThrowIfAny();
    }

    /// <summary>Every problem with the settings (the key as the scenario names it, and why).</summary>
    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (!(LateDepartureShare is >= 0 and <= 1)) yield return ("lateDepartureShare", $"must be between 0 and 1, got {LateDepartureShare}");
        if (!(DwellExtensionShare is >= 0 and <= 1)) yield return ("dwellExtensionShare", $"must be between 0 and 1, got {DwellExtensionShare}");
        if (!(LateDepartureShape is >= 0.1 and <= 10)) yield return ("lateDepartureShape", $"a Weibull shape between 0.1 and 10, got {LateDepartureShape}");
        if (!(DwellExtensionShape is >= 0.1 and <= 10)) yield return ("dwellExtensionShape", $"a Weibull shape between 0.1 and 10, got {DwellExtensionShape}");
        if (!(LateDepartureScale.Seconds is >= 0 and <= 86_400)) yield return ("lateDepartureScaleMinutes", $"must be between 0 and 1,440 min, got {LateDepartureScale.Seconds / 60}");
        if (!(DwellExtensionScale.Seconds is >= 0 and <= 86_400)) yield return ("dwellExtensionScaleMinutes", $"must be between 0 and 1,440 min, got {DwellExtensionScale.Seconds / 60}");
        if (!(PerformanceShortfall is >= 0 and < 0.5)) yield return ("performanceShortfall", $"must be at least 0 and below 0.5, got {PerformanceShortfall}");
    }
}

/// <summary>A percentile of a convoy train's arrival: the instant and the delay (both null when the train had not arrived in that share of runs).</summary>
public sealed record ArrivalPercentile(Instant? Arrival, double? DelaySeconds);

/// <summary>How a convoy train's arrival at its last stop is spread over the runs, and its largest delay on the way.</summary>
/// <param name="Delays">Every run's arrival delay (seconds), sorted; +∞ for runs where it never arrived (a deadlock).</param>
/// <param name="StopDelays">Every run's largest delay at any stop on its way, arrival or departure
/// (<see cref="SimulatedTrain.LargestStopDelay"/>; seconds), sorted; +∞ for runs where it never arrived. A delay made up
/// before the last stop shows here, not in <paramref name="Delays"/>: the sweeps and guards follow the times on the way.</param>
public sealed record ConvoyArrivalDistribution(string Train, SimulationRole Role, string Place, DateTimeZone Zone, Instant PlannedArrival,
    ArrivalPercentile P50, ArrivalPercentile P90, ArrivalPercentile P99, IReadOnlyList<double> Delays, IReadOnlyList<double> StopDelays);

/// <summary>What a Monte-Carlo study found.</summary>
/// <param name="HeadwayBelowMinimum">Share of runs in which two convoy trains came closer than their minimum headway (at any signal both passed).</param>
/// <param name="ConvoyRestrictiveAspect">Share of runs in which a convoy train met a restrictive aspect.</param>
/// <param name="MeanTotalRegularDelaySeconds">Mean over the runs of the summed arrival delays of the regular trains.</param>
/// <param name="P90TotalRegularDelaySeconds">Its 90th percentile.</param>
/// <param name="RunsWithDeadlock">Runs that ended in a deadlock.</param>
public sealed record MonteCarloResult(int Runs, ulong Seed, MonteCarloSettings Settings, IReadOnlyList<ConvoyArrivalDistribution> Convoy,
    double HeadwayBelowMinimum, double ConvoyRestrictiveAspect, double MeanTotalRegularDelaySeconds, double P90TotalRegularDelaySeconds, int RunsWithDeadlock);

/// <summary>
/// The robustness study: N runs of the simulation, each with ordinary delays drawn afresh (late departures of regular
/// trains, longer stops, each train's performance), on all cores. Run i draws from a generator seeded with the study's
/// seed and i alone, so the result does not depend on how the runs are spread over threads.
/// </summary>
public static class MonteCarlo
{
    /// <param name="fixedDisturbances">Disturbances every run has (an ordered hold, a known late start), on top of the drawn ones.</param>
    /// <param name="maxThreads">Threads to use (default: every core).</param>
    public static MonteCarloResult Run(SimulationModel model, int runs, ulong seed, MonteCarloSettings? settings = null,
        IReadOnlyList<Disturbance>? fixedDisturbances = null, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (runs < 1) throw new InvalidInputException("runs", $"a study needs at least one run, got {runs}");
        // The work grows with the runs (each a whole simulation of the line); the traffic itself is held to generatedTrains.
        WorkLimits.Check("runs", "monteCarloRuns", "runs of the Monte-Carlo study", runs, WorkLimits.Current.MonteCarloRuns);
        settings ??= MonteCarloSettings.Default;
        settings.Validate();
        fixedDisturbances ??= [];
        var trains = model.Trains;
        var convoy = trains.Select((t, i) => (t, i)).Where(x => x.t.IsConvoy).ToArray();
        var arrivals = new double[runs][];
        var onTheWay = new double[runs][];
        var headway = new bool[runs];
        var aspects = new bool[runs];
        var regular = new double[runs];
        var deadlock = new bool[runs];
        var options = new SimulationOptions(Samples: false);
        Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount, CancellationToken = WorkLimits.Cancellation }, i =>
        {
            var rng = new SplitMix64(seed, (ulong)i);
            var drawn = Draw(trains, settings, rng);
            var r = model.Run([.. fixedDisturbances, .. drawn], options);
            arrivals[i] = convoy.Select(c => r.Trains[c.i].DelaySeconds ?? double.PositiveInfinity).ToArray();
            onTheWay[i] = convoy.Select(c => r.Trains[c.i] is { Finished: true } f ? f.LargestStopDelay?.Seconds ?? 0 : double.PositiveInfinity).ToArray();
            aspects[i] = r.Summary.ConvoyRestrictiveAspects > 0;
            regular[i] = r.Summary.TotalRegularDelaySeconds;
            deadlock[i] = r.Deadlocks.Count > 0;
            headway[i] = HeadwayBroken(r);
        });
        var distributions = new List<ConvoyArrivalDistribution>();
        for (var c = 0; c < convoy.Length; c++)
        {
            var t = convoy[c].t;
            var delays = arrivals.Select(a => a[c]).Order().ToArray();
            var last = t.Stops[^1];
            var planned = last.PlannedArrival!.Value;
            ArrivalPercentile P(double q)
            {
                var d = Percentile(delays, q);
                return double.IsFinite(d) ? new ArrivalPercentile(planned + NodaTime.Duration.FromSeconds(Math.Round(d)), Math.Round(d, 1)) : new ArrivalPercentile(null, null);
            }
            distributions.Add(new ConvoyArrivalDistribution(t.Id, t.Role, last.Place, last.Zone, planned, P(0.5), P(0.9), P(0.99), delays,
                onTheWay.Select(a => a[c]).Order().ToArray()));
        }
        var totals = regular.Order().ToArray();
        return new MonteCarloResult(runs, seed, settings, distributions,
            headway.Count(x => x) / (double)runs, aspects.Count(x => x) / (double)runs,
            regular.Average(), Percentile(totals, 0.9), deadlock.Count(x => x));
    }

    /// <summary>The ordinary delays of one run.</summary>
    internal static List<Disturbance> Draw(IReadOnlyList<SimTrain> trains, MonteCarloSettings s, SplitMix64 rng)
    {
        var list = new List<Disturbance>();
        foreach (var t in trains)
        {
            // Draw every variable of every train in a fixed order, whether used or not, so runs stay comparable.
            var lateDraw = rng.NextDouble();
            // Draws are capped at the longest plausible disturbance (two days; Plausible.DisturbanceMinutes): a heavy tail
            // of a scenario's own shape must not ask for a delay the engine refuses.
            var lateSize = Math.Min(Weibull(rng.NextDouble(), s.LateDepartureShape, s.LateDepartureScale.Seconds), MaxDrawnSeconds);
            if (t.Role == SimulationRole.Regular && lateDraw < s.LateDepartureShare && lateSize > 0)
                list.Add(new LateDeparture(t.Id, Duration.FromSeconds(Math.Round(lateSize))));
            for (var k = 1; k < t.Stops.Count - 1; k++)
            {
                var extDraw = rng.NextDouble();
                var extSize = Math.Min(Weibull(rng.NextDouble(), s.DwellExtensionShape, s.DwellExtensionScale.Seconds), MaxDrawnSeconds);
                if (extDraw < s.DwellExtensionShare && extSize > 0) list.Add(new DwellExtension(t.Id, k, Duration.FromSeconds(Math.Round(extSize))));
            }
            // Whole per cent, so the runs share a few computed envelopes per leg.
            var effort = 1 - Math.Floor(rng.NextDouble() * (s.PerformanceShortfall * 100 + 1)) / 100;
            var braking = 1 - Math.Floor(rng.NextDouble() * (s.PerformanceShortfall * 100 + 1)) / 100;
            if (effort < 1 || braking < 1) list.Add(new PerformanceChange(t.Id, effort, braking));
        }
        return list;
    }

    /// <summary>Whether a convoy train came closer to the one it follows than its minimum headway (1 s tolerance) at any signal both passed.</summary>
    internal static bool HeadwayBroken(SimulationResult r) =>
        r.Trains.Any(t => t.GapToLeaderSeconds is { } g && t.MinimumHeadwaySeconds is { } h && g < h - 1);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The Weibull quantile of a uniform draw u in [0, 1).</summary>
    private static readonly double MaxDrawnSeconds = Plausible.DisturbanceMinutes.Max * 60;

    internal static double Weibull(double u, double shape, double scale) => scale * Math.Pow(-Math.Log(1 - u), 1 / shape);
}

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a small generator
/// whose stream is fixed by its seed for good, on every platform and .NET version, so a study is reproducible.
/// </summary>
internal sealed class SplitMix64
{
    private ulong state;

    public SplitMix64(ulong seed, ulong stream)
    {
        state = seed;
        // Mix the stream number in so that neighbouring runs are unrelated.
        state = Next() ^ (stream * 0xD1B54A32D192ED03UL);
        Next();
    }

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
