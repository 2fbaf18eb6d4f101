using Fortress.Units;
using NodaTime;

namespace Fortress.Simulation;

/// <summary>A stop as planned and as simulated. A simulated time is null where the train never got there (a deadlock).</summary>
public sealed record SimulatedStop(string Place, Position Position, DateTimeZone Zone, Instant? PlannedArrival, Instant? SimulatedArrival,
    Instant? PlannedDeparture, Instant? SimulatedDeparture);

/// <summary>
/// A restrictive aspect a train met: the signal (and the block or place it protects) that was not clear when the driver
/// needed it, where it stands, when the driver saw it, and the time the train lost through it (braking, standing and
/// starting again, against the run it would have made had the signal been clear; 0 where it cleared before the train
/// had to brake).
/// </summary>
public sealed record RestrictiveAspect(string Signal, string Protects, Position Position, Instant Time, double LostSeconds);

/// <summary>The train's front at one moment: seconds since the simulation's start, corridor position (m), speed (m/s).</summary>
public readonly record struct TrainSample(double Seconds, double PositionMeters, double SpeedMetersPerSecond);

/// <summary>
/// One use of a block or station track by one train: set (route set for it), front in, rear out plus overlap (cleared), released.
/// Seconds since the simulation's start; front in and cleared are null where the train never got there.
/// </summary>
public sealed record ResourceUse(string Resource, string Train, bool Forward, double Granted, double Set, double? FrontIn, double? Cleared, double Released);

/// <summary>A train's simulated run.</summary>
/// <param name="DelaySeconds">Simulated minus planned arrival at its last stop (seconds; null when it never got there).</param>
/// <param name="Finished">Whether it reached its last stop.</param>
/// <param name="Samples">Its front every at most 10 s from its departure to its arrival (empty when samples were not asked for).</param>
/// <param name="SignalPassings">When its front passed each signal (seconds since the start), by signal id.</param>
/// <param name="GapToLeaderSeconds">For a convoy train that follows another: the least time between the two passing a signal both passed.</param>
/// <param name="MinimumHeadwaySeconds">The convoy's minimum headway to that train.</param>
/// <param name="Trace">Its front at any instant (with samples): for replays and position reports.</param>
public sealed record SimulatedTrain(string Id, string Number, SimulationRole Role, bool Forward, IReadOnlyList<SimulatedStop> Stops, double? DelaySeconds,
    IReadOnlyList<RestrictiveAspect> RestrictiveAspects, IReadOnlyList<TrainSample> Samples, bool Finished,
    IReadOnlyDictionary<string, double> SignalPassings, double? GapToLeaderSeconds = null, double? MinimumHeadwaySeconds = null,
    TrainTrace? Trace = null)
{
    public bool IsConvoy => Role != SimulationRole.Regular;

    /// <summary>
    /// Its largest delay at a stop on its way (simulated minus planned arrival or departure, at least 0; the first such
    /// stop where several tie), from the stops it reached; null where it reached none. A delay made up later (a long stand,
    /// an allowance) still shows here where <see cref="DelaySeconds"/>, at the last stop, reads 0: the times a security
    /// planner's sweeps and guards follow are the ones on the way.
    /// </summary>
    public StopDelay? LargestStopDelay
    {
        get
        {
            StopDelay? best = null;
            foreach (var s in Stops)
            {
                if (s.PlannedArrival is { } pa && s.SimulatedArrival is { } sa) Keep(s.Place, (sa - pa).TotalSeconds, false);
                if (s.PlannedDeparture is { } pd && s.SimulatedDeparture is { } sd) Keep(s.Place, (sd - pd).TotalSeconds, true);
            }
            return best;

            void Keep(string place, double seconds, bool departure)
            {
                seconds = Math.Max(0, seconds);
                if (best is null || seconds > best.Value.Seconds) best = new StopDelay(place, seconds, departure);
            }
        }
    }
}

/// <summary>A train's delay at one stop: on arrival or on departure (seconds, at least 0).</summary>
public readonly record struct StopDelay(string Place, double Seconds, bool Departure);

/// <summary>
/// Trains that wait on each other and can never move again: each waits for a block or place that the next one holds
/// (or must follow it there in the planned order). <see cref="Blocked"/> are trains stuck behind them.
/// </summary>
public sealed record Deadlock(IReadOnlyList<string> Trains, IReadOnlyList<string> Resources, Instant Since, IReadOnlyList<string> Blocked, string Description);

/// <summary>The headline figures of a simulation.</summary>
/// <param name="ConvoyRestrictiveAspects">Restrictive aspects met by the convoy's trains (the plan promises none).</param>
/// <param name="MaxConvoyDelaySeconds">The largest arrival delay of a convoy train at its last stop (0 when none is late; +∞ when one never arrives).</param>
/// <param name="MaxConvoyStopDelaySeconds">The largest delay of a convoy train at any stop on its way, arrival or departure
/// (<see cref="SimulatedTrain.LargestStopDelay"/>; 0 when none is late; +∞ when one never arrives).</param>
/// <param name="RegularTrainsDelayed">Regular trains arriving at their last stop at least the threshold late (or never).</param>
/// <param name="TotalRegularDelaySeconds">Their arrival delays summed (trains that never arrive are not counted in the sum).</param>
/// <param name="DelayedRegularTrains">Their ids.</param>
public sealed record SimulationSummary(int ConvoyRestrictiveAspects, double MaxConvoyDelaySeconds, int RegularTrainsDelayed, double TotalRegularDelaySeconds,
    IReadOnlyList<string> DelayedRegularTrains, double MaxConvoyStopDelaySeconds);

/// <summary>The outcome of one simulation: every train, the deadlocks, the summary.</summary>
/// <param name="Start">The instant of second 0 (samples and resource uses count from it).</param>
/// <param name="ResourceUses">Every use of a block or station track, when asked for.</param>
public sealed record SimulationResult(Instant Start, IReadOnlyList<SimulatedTrain> Trains, IReadOnlyList<Deadlock> Deadlocks, SimulationSummary Summary,
    IReadOnlyList<ResourceUse> ResourceUses);

/// <summary>What to record besides the stops and the summary.</summary>
/// <param name="Samples">Positions and speeds at most <paramref name="SampleInterval"/> apart (for replays and charts).</param>
/// <param name="ResourceUses">Every block and track use (for checks).</param>
/// <param name="DelayThreshold">A regular train counts as delayed from this arrival delay. Assumption: 60 s, the resolution of published timetables.</param>
public sealed record SimulationOptions(bool Samples = true, bool ResourceUses = false, double SampleInterval = 10, double DelayThreshold = 60)
{
    public static SimulationOptions Default { get; } = new();
}

/// <summary>
/// A train's front over a simulation, exactly as simulated (not interpolated between samples): where it is and how fast
/// at any instant. The entry point for replays that generate position reports from the simulation.
/// </summary>
public sealed class TrainTrace
{
    private readonly Instant start;
    private readonly IReadOnlyList<(double From, double To, Trajectory? Motion, double Standing)> history;
    private readonly Func<double, double> corridor;

    internal TrainTrace(Instant start, IReadOnlyList<(double From, double To, Trajectory? Motion, double Standing)> history, Func<double, double> corridor,
        double departure, double end)
    {
        this.start = start;
        this.history = history;
        this.corridor = corridor;
        Departure = start + NodaTime.Duration.FromSeconds(departure);
        End = start + NodaTime.Duration.FromSeconds(end);
    }

    /// <summary>When it left its origin.</summary>
    public Instant Departure { get; }

    /// <summary>When it arrived, or when the simulation ended for a train that never did.</summary>
    public Instant End { get; }

    /// <summary>Its front (corridor position) and speed at <paramref name="t"/>: at the origin before it leaves, where it ended after.</summary>
    public (Position Front, Speed Speed) At(Instant t)
    {
        var s = (t - start).TotalSeconds;
        if (history.Count == 0) return (Position.FromMeters(corridor(0)), Speed.Zero);
        var i = 0;
        while (i + 1 < history.Count && history[i + 1].From <= s) i++;
        var h = history[i];
        if (s < h.From && i == 0) return (Position.FromMeters(corridor(h.Motion is null ? h.Standing : h.Motion.StartS)), Speed.Zero);
        if (h.Motion is null) return (Position.FromMeters(corridor(h.Standing)), Speed.Zero);
        var (x, v) = h.Motion.StateAt(Math.Min(s, h.To));
        return (Position.FromMeters(corridor(x)), Speed.FromMetersPerSecond(v));
    }
}
