using Fortress.Running;
using Fortress.Units;

namespace Fortress.Conflicts;

/// <summary>A planned stop of a movement: where the front stands and when the train leaves (time from the start of the run).</summary>
public sealed record MovementStop(Position Position, Units.Duration Departure);

/// <summary>
/// Where a train's front is when: the only thing the blocking-time calculation needs from a run. Times count from the
/// start of the run (dwells included); <see cref="TimeAtFront"/> is the first time the front reaches a position
/// (the arrival, at a stop) and null outside <see cref="Start"/>..<see cref="End"/>.
/// </summary>
/// <param name="Start">Where the run begins (time zero).</param>
/// <param name="End">Where the run ends.</param>
/// <param name="TimeAtFront">When the front first reaches a position, from the start of the run; null beyond the run.</param>
/// <param name="Stops">Planned stops with their departure times, in running order (a train waiting at a signal starts its approach from there).</param>
public sealed record TrainMovement(Position Start, Position End, Func<Position, Units.Duration?> TimeAtFront, IReadOnlyList<MovementStop> Stops)
{
    /// <summary>The time at which the train reaches <see cref="End"/>.</summary>
    public Units.Duration EndTime => TimeAtFront(End) ?? throw new InvalidOperationException("the movement has no time at its end");

    /// <summary>The movement of a computed run (its envelope, dwells and stops).</summary>
    public static TrainMovement FromRun(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new TrainMovement(run.Envelope.Start, run.Envelope.End, run.TimeAtFront,
            run.Stops.Select(s => new MovementStop(s.Position, s.Departure)).ToArray());
    }

    /// <summary>
    /// A train running at <paramref name="speed"/> from <paramref name="start"/> (its front passes it at time zero) to
    /// <paramref name="end"/>, standing for the given dwell at each stop (acceleration and braking ignored). For
    /// hand-computable cases, tests and generated background traffic.
    /// </summary>
    public static TrainMovement Constant(Position start, Position end, Speed speed, params (Position At, Units.Duration Dwell)[] stops)
    {
        if (!(end > start)) throw new ArgumentOutOfRangeException(nameof(end), "must be after the start");
        if (!(speed.MetersPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(speed), "must be positive");
        var v = speed.MetersPerSecond;
        var sorted = stops.OrderBy(s => s.At).ToArray();
        foreach (var s in sorted)
            if (s.At < start || s.At > end || s.Dwell.Seconds < 0) throw new ArgumentOutOfRangeException(nameof(stops), "stops must lie on the run with a dwell of zero or more");
        var at = sorted.Select(s => s.At.Meters).ToArray();
        var waitBefore = new double[sorted.Length + 1]; // total dwell of the stops before index i
        for (var i = 0; i < sorted.Length; i++) waitBefore[i + 1] = waitBefore[i] + sorted[i].Dwell.Seconds;
        var movementStops = sorted.Select((s, i) =>
            new MovementStop(s.At, Units.Duration.FromSeconds((s.At - start).Meters / v + waitBefore[i + 1]))).ToArray();
        return new TrainMovement(start, end, p =>
        {
            if (p < start || p > end) return null;
            // stops strictly before p have been waited at; a stop at p itself gives the arrival
            var n = 0;
            while (n < at.Length && at[n] < p.Meters) n++;
            return Units.Duration.FromSeconds((p - start).Meters / v + waitBefore[n]);
        }, movementStops);
    }
}
