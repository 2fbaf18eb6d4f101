using Fortress.Views;

namespace Fortress.IO.Contracts;

/// <summary>
/// The robustness study as the console reads it (<c>GET /api/plans/{id}/robustness</c>, security only): the figures of
/// <see cref="MonteCarloView"/> under neutral names, so the page's code, which every view downloads, names nothing of
/// what it shows to security.
/// </summary>
/// <param name="Trains">Each train's arrival at its last stop over the runs.</param>
/// <param name="RestrictiveAspectProbability">Share of runs in which one of these trains met a restrictive aspect.</param>
/// <param name="HeadwayBelowMinimumProbability">Share of runs in which two of them came closer than their minimum headway.</param>
public sealed record RobustnessDocument(int Runs, ulong Seed, IReadOnlyList<ArrivalSpreadDocument> Trains, double? RestrictiveAspectProbability,
    double? HeadwayBelowMinimumProbability, double MeanRegularDelaySeconds, double P90RegularDelaySeconds, int RunsWithDeadlock)
{
    public static RobustnessDocument From(MonteCarloView v) => new(v.Runs, v.Seed,
        v.Convoy.Select(c => new ArrivalSpreadDocument(c.Train, c.Station, c.PlannedArrival, c.P50, c.P90, c.P99, c.Histogram, c.NotArrived, c.LargestDelayOnTheWay)).ToArray(),
        v.ConvoyRestrictiveAspectProbability, v.HeadwayBelowMinimumProbability, v.MeanTotalRegularDelaySeconds, v.P90TotalRegularDelaySeconds, v.RunsWithDeadlock);
}

/// <summary>
/// One train's arrival spread: planned arrival, the p50, p90 and p99 (ISO time and delay seconds), the histogram of delays,
/// runs it never arrived in, and the percentiles of its largest delay at any stop on its way (seconds).
/// </summary>
public sealed record ArrivalSpreadDocument(string Train, string Station, string PlannedArrival, PercentileView P50, PercentileView P90, PercentileView P99,
    IReadOnlyList<HistogramBin> Histogram, int NotArrived, DelayPercentilesView LargestDelayOnTheWay);
