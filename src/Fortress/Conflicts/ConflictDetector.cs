using Fortress.Diagnostics;
using System.Runtime.InteropServices;
using NodaTime;

namespace Fortress.Conflicts;

/// <summary>
/// Finds every pair of blocking times that exclude each other (<see cref="BlockOccupation.ConflictsWith"/>): same
/// infrastructure block, different trains, overlapping in time, on double track only in the same direction.
/// <para>
/// Sweep per block: occupations are grouped by block (and, on double track, by direction), sorted by start, and each
/// is compared only with the ones that start before it ends. Cost O(n log n + p), where p is the number of
/// overlapping pairs in the same group (the conflicts themselves, plus any same-train overlaps).
/// </para>
/// </summary>
public static class ConflictDetector
{
    /// <summary>Every conflict, ordered by block, then by overlap start, then by train ids.</summary>
    /// <exception cref="InvalidInputException">An occupation that ends before it starts, or a block called single track by one occupation and double by another.</exception>
    public static IReadOnlyList<Conflict> Detect(IEnumerable<BlockOccupation> occupations)
    {
        ArgumentNullException.ThrowIfNull(occupations);
        var all = occupations as IReadOnlyList<BlockOccupation> ?? occupations.ToList();

        // One pass: check and group. Single-track blocks keep both directions in one list; double track splits them.
        var blocks = new Dictionary<string, BlockGroup>(StringComparer.Ordinal);
        ProblemList? problems = null;
        foreach (var o in all)
        {
            if (!(o.End > o.Start)) (problems ??= new()).Add($"train {o.TrainId} block {o.BlockId}", "blocking time ends before it starts");
            ref var g = ref CollectionsMarshal.GetValueRefOrAddDefault(blocks, o.InfrastructureId, out var exists);
            if (!exists) g = new BlockGroup(o);
            else if (g!.First.SingleTrack != o.SingleTrack) (problems ??= new()).Add($"block {o.InfrastructureId}", TrackKindMismatch(g.First, o));
            (o.SingleTrack || o.Direction == TravelDirection.Forward ? g!.Forward : g!.Reverse).Add(o);
        }
        problems?.ThrowIfAny();
        var groups = blocks.Values.SelectMany(g => g.Reverse.Count > 0 ? new[] { g.Forward, g.Reverse } : [g.Forward]);

        var conflicts = new List<Conflict>();
        foreach (var list in groups)
        {
            var arr = list.ToArray();
            // Sort by start on exact integer keys (nanoseconds since the Unix epoch), not through a comparer.
            var starts = new long[arr.Length];
            for (var i = 0; i < arr.Length; i++) starts[i] = (arr[i].Start - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
            Array.Sort(starts, arr);
            for (var i = 0; i < arr.Length; i++)
            {
                var a = arr[i];
                var end = (a.End - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
                // Everything after i starts at or after a's start; it overlaps a exactly when it starts before a's end.
                for (var j = i + 1; j < arr.Length && starts[j] < end; j++)
                {
                    var b = arr[j];
                    if (!ReferenceEquals(b.TrainId, a.TrainId) && b.TrainId != a.TrainId) conflicts.Add(Conflict.Between(a, b));
                }
            }
        }
        conflicts.Sort(Order);
        return conflicts;
    }

    /// <summary>The canonical order of a conflict list, shared with <see cref="NaiveConflictDetector"/>.</summary>
    internal static int Order(Conflict x, Conflict y)
    {
        var c = string.CompareOrdinal(x.InfrastructureId, y.InfrastructureId);
        if (c != 0) return c;
        c = x.OverlapStart.CompareTo(y.OverlapStart);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.First.TrainId, y.First.TrainId);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Second.TrainId, y.Second.TrainId);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.First.BlockId, y.First.BlockId);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Second.BlockId, y.Second.BlockId);
        if (c != 0) return c;
        c = x.First.Start.CompareTo(y.First.Start);
        if (c != 0) return c;
        c = x.OverlapEnd.CompareTo(y.OverlapEnd);
        if (c != 0) return c;
        c = x.First.End.CompareTo(y.First.End);
        if (c != 0) return c;
        c = x.Second.End.CompareTo(y.Second.End);
        if (c != 0) return c;
        c = x.First.Direction.CompareTo(y.First.Direction);
        return c != 0 ? c : x.Second.Direction.CompareTo(y.Second.Direction);
    }

    private sealed class BlockGroup(BlockOccupation first)
    {
        public BlockOccupation First { get; } = first;
        public List<BlockOccupation> Forward { get; } = [];
        public List<BlockOccupation> Reverse { get; } = [];
    }

    private static string TrackKindMismatch(BlockOccupation a, BlockOccupation b) =>
        $"train {a.TrainId} has it as {(a.SingleTrack ? "single" : "double")} track, train {b.TrainId} as {(b.SingleTrack ? "single" : "double")} track";

    internal static void Validate(IReadOnlyList<BlockOccupation> all)
    {
        var problems = new ProblemList();
        var single = new Dictionary<string, BlockOccupation>();
        foreach (var o in all)
        {
            if (!(o.End > o.Start)) problems.Add($"train {o.TrainId} block {o.BlockId}", "blocking time ends before it starts");
            if (single.TryGetValue(o.InfrastructureId, out var seen))
            {
                if (seen.SingleTrack != o.SingleTrack) problems.Add($"block {o.InfrastructureId}", TrackKindMismatch(seen, o));
            }
            else single[o.InfrastructureId] = o;
        }
        problems.ThrowIfAny();
    }
}

/// <summary>
/// The obvious check: every pair of occupations of the same block compared with
/// <see cref="BlockOccupation.ConflictsWith"/> (O(n²) per block). Kept as the test oracle for
/// <see cref="ConflictDetector"/> and as the baseline of the benchmark; do not use it in planning.
/// </summary>
public static class NaiveConflictDetector
{
    /// <summary>Every conflict, in the same order as <see cref="ConflictDetector.Detect"/>.</summary>
    public static IReadOnlyList<Conflict> Detect(IEnumerable<BlockOccupation> occupations)
    {
        ArgumentNullException.ThrowIfNull(occupations);
        var all = occupations as IReadOnlyList<BlockOccupation> ?? occupations.ToList();
        ConflictDetector.Validate(all);
        var byBlock = all.GroupBy(o => o.InfrastructureId).Select(g => g.ToArray());
        var conflicts = new List<Conflict>();
        foreach (var arr in byBlock)
            for (var i = 0; i < arr.Length; i++)
                for (var j = i + 1; j < arr.Length; j++)
                    if (arr[i].ConflictsWith(arr[j])) conflicts.Add(Conflict.Between(arr[i], arr[j]));
        conflicts.Sort(ConflictDetector.Order);
        return conflicts;
    }
}
