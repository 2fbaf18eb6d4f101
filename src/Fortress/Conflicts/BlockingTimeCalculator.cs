using Fortress.Diagnostics;
using Fortress.Units;
using NodaTime;

namespace Fortress.Conflicts;

/// <summary>
/// Blocking times of one train over the block sections of its path (blocking-time model, Pachl; Hansen &amp; Pachl
/// 2014 ch. 4). For each block the occupation runs
/// <list type="bullet">
/// <item>from: the time the front passes the approach point (one braking distance before the entry signal, or the
/// previous block's entry signal; see <see cref="ApproachMode"/>), or the departure from a planned stop between that
/// point and the entry signal, minus the sight-and-reaction time minus the set-up time;</item>
/// <item>to: the time the rear clears the block's end plus the overlap (the front at end + overlap + train length),
/// plus the release time.</item>
/// </list>
/// Points before the start of the run take the run's start time (the train stands there and the route must be set
/// before it leaves). Where the front never reaches the clearing point (the run ends inside the block or its overlap),
/// the block is held until the end of the run. Times are made absolute by adding the run's departure instant.
/// </summary>
public static class BlockingTimeCalculator
{
    /// <summary>
    /// The occupation of every block in <paramref name="blocks"/> by one train.
    /// </summary>
    /// <param name="trainId">Identifies the train in the occupations and conflicts.</param>
    /// <param name="movement">When the train's front is where, from the start of its run.</param>
    /// <param name="trainLength">The train's length (the rear trails the front by it).</param>
    /// <param name="blocks">Block sections in running order along the train's path, each inside the run.</param>
    /// <param name="departure">The instant of the run's time zero.</param>
    /// <param name="parameters">Model parameters; <see cref="BlockingParameters.Default"/> when null.</param>
    /// <exception cref="InvalidInputException">Blocks out of order, empty, or outside the run: every such problem.</exception>
    public static IReadOnlyList<BlockOccupation> Compute(
        string trainId, TrainMovement movement, Length trainLength, IReadOnlyList<BlockSection> blocks,
        Instant departure, BlockingParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(movement);
        ArgumentNullException.ThrowIfNull(blocks);
        var p = parameters ?? BlockingParameters.Default;
        Check(trainId, movement, trainLength, blocks);

        var endTime = movement.EndTime.Seconds;
        double At(Position x) =>
            x <= movement.Start ? movement.TimeAtFront(movement.Start)!.Value.Seconds
            : x >= movement.End ? endTime
            : movement.TimeAtFront(x)!.Value.Seconds;
        Instant Abs(double seconds) => departure + NodaTime.Duration.FromSeconds(seconds);

        var before = (p.SightReactionTime + p.SetupTime).Seconds;
        var result = new BlockOccupation[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var approachPoint = p.Approach == ApproachMode.PreviousBlock && i > 0 ? blocks[i - 1].Start : b.Start - p.BrakingDistance;
            var approach = At(approachPoint);
            // A planned stop between the approach point and the entry signal: the train waits there, and the route
            // is needed only from its departure (the last such stop counts).
            foreach (var st in movement.Stops)
                if (st.Position >= approachPoint && st.Position <= b.Start) approach = Math.Max(approach, st.Departure.Seconds);
            var start = approach - before;
            var entry = At(b.Start);
            var clearPoint = b.End + p.Overlap + trainLength;
            var clear = At(clearPoint);
            var end = clear + p.ReleaseTime.Seconds;
            result[i] = new BlockOccupation(trainId, b.Id, b.InfrastructureId, b.Direction, b.SingleTrack,
                Abs(start), Abs(end), Abs(entry), Abs(clear));
        }
        return result;
    }

    private static void Check(string trainId, TrainMovement movement, Length trainLength, IReadOnlyList<BlockSection> blocks)
    {
        var problems = new ProblemList();
        if (!(trainLength.Meters >= 0)) problems.Add($"train {trainId}", "train length must not be negative");
        if (!(movement.End > movement.Start)) problems.Add($"train {trainId}", "the run must end after it starts");
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var where = $"train {trainId} block {b.Id}";
            if (!(b.End > b.Start)) problems.Add(where, $"block end {b.End} is not after its start {b.Start}");
            if (b.Start < movement.Start || b.End > movement.End)
                problems.Add(where, $"block {b.Start}..{b.End} is not inside the run {movement.Start}..{movement.End}");
            if (i > 0 && b.Start < blocks[i - 1].End)
                problems.Add(where, $"block starts at {b.Start}, before the previous block ends at {blocks[i - 1].End}");
        }
        problems.ThrowIfAny();
    }
}
