using Fortress.Conflicts;
using Fortress.Running;
using Fortress.Units;
using Duration = Fortress.Units.Duration;

namespace Fortress.Planning;

/// <summary>
/// The convoy's own blocking times, and how much further apart its trains must run so that none of them meets a
/// restrictive aspect set by another: the headways of the scenario are a minimum, the line's blocks another (on a
/// single-track line whose block is the whole stretch between two crossing places, a follower may not enter it before
/// the train ahead has cleared it).
/// </summary>
public static class ConvoyBlocking
{
    /// <summary>
    /// The blocking times of every convoy train over the corridor (its legs' runs, timed from its departure), widened by
    /// <paramref name="buffer"/> on both sides when given (what other traffic must keep clear of).
    /// </summary>
    public static List<BlockOccupation> Occupations(ConvoyPlan plan, CorridorBlocks blocks, BlockingParameters p, bool buffer = false)
    {
        var list = new List<BlockOccupation>();
        var corridor = plan.Journey.Corridor;
        foreach (var t in plan.Trains)
        {
            var start = t.Legs[0].Start;
            // The run may end short of the last place (a precise stop brings the door, not the front, to the marker).
            var end = t.Legs[^1].Start + t.Legs[^1].Run.Distance;
            var t0 = t.Departure;
            var movement = new TrainMovement(Position.Origin, Position.Origin + (end - start), x =>
            {
                var at = start + (x - Position.Origin);
                var time = t.TimeAt(at);
                return time is { } v ? Duration.FromSeconds((v - t0).TotalSeconds) : null;
            }, t.Legs.Skip(1).Select(l => new MovementStop(Position.Origin + (l.Start - start), Duration.FromSeconds((l.Departure - t0).TotalSeconds))).ToArray());
            var length = plan.Journey.Train(t.Id).Length;
            var bs = blocks.For(start, end);
            list.AddRange(BlockingTimeCalculator.Compute(t.Id.Value, movement, length, bs, t0, p));
        }
        if (!buffer) return list;
        var b = NodaTime.Duration.FromSeconds(blocks.Signalling.ConvoyBuffer.Seconds);
        return list.ConvertAll(o => o with { Start = o.Start - b, End = o.End + b });
    }

    /// <summary>
    /// Where a convoy train's blocking time overlaps that of the train ahead of it: for each pair of neighbours (i ahead of
    /// i + 1) and each leg k, how many seconds later the follower must leave halt k (1 s margin). Empty when the convoy is
    /// free of conflicts among its own trains.
    /// </summary>
    public static IReadOnlyList<(int Leg, int Pair, double Seconds)> Separation(ConvoyPlan plan, CorridorBlocks blocks, BlockingParameters p)
    {
        var occupations = Occupations(plan, blocks, p).GroupBy(o => o.TrainId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var needs = new Dictionary<(int, int), double>();
        var buffer = NodaTime.Duration.FromSeconds(blocks.Signalling.ConvoyBuffer.Seconds);
        for (var i = 0; i + 1 < plan.Trains.Count; i++)
        {
            var leader = plan.Trains[i];
            var follower = plan.Trains[i + 1];
            if (!occupations.TryGetValue(leader.Id.Value, out var lead) || !occupations.TryGetValue(follower.Id.Value, out var follow)) continue;
            var leadByBlock = lead.GroupBy(o => o.InfrastructureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            // Where each block begins on the follower's way (the convoy runs with the corridor).
            var starts = blocks.For(follower.Legs[0].Start, follower.Legs[^1].Start + follower.Legs[^1].Run.Distance)
                .ToDictionary(b => b.InfrastructureId, b => follower.Legs[0].Start + (b.Start - Position.Origin), StringComparer.Ordinal);
            foreach (var f in follow)
            {
                if (!leadByBlock.TryGetValue(f.InfrastructureId, out var ls)) continue;
                foreach (var l in ls)
                {
                    // The follower keeps the buffer behind the leader's blocking time (Signalling.ConvoyBuffer).
                    if (!(f with { Start = f.Start - buffer }).ConflictsWith(l)) continue;
                    var at = starts.TryGetValue(f.InfrastructureId, out var x) ? x : follower.Legs[0].Start;
                    var k = 0;
                    while (k + 1 < follower.Legs.Count && follower.Legs[k + 1].Start <= at) k++;
                    var need = (l.End + buffer - f.Start).TotalSeconds + 1;
                    needs[(k, i)] = Math.Max(needs.GetValueOrDefault((k, i)), need);
                }
            }
        }
        return needs.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(x => x.Item1).ToArray();
    }
}
