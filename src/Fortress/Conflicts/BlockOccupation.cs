using NodaTime;

namespace Fortress.Conflicts;

/// <summary>
/// One train's blocking time on one block: the interval during which no other conflicting train may use the block.
/// Half-open: <c>[Start, End)</c>; two occupations that only touch do not conflict.
/// </summary>
/// <param name="TrainId">The train.</param>
/// <param name="BlockId">The block as named on this train's path.</param>
/// <param name="InfrastructureId">The shared infrastructure block.</param>
/// <param name="Direction">The direction of this train over the block.</param>
/// <param name="SingleTrack">Whether the block is single track (opposing trains conflict).</param>
/// <param name="Start">Start of the blocking time (set-up begins).</param>
/// <param name="End">End of the blocking time (release done); after <paramref name="Start"/>.</param>
/// <param name="FrontEntry">When the front passes the entry signal (null for a hand-made occupation).</param>
/// <param name="RearClear">When the rear clears the end of the block plus the overlap (null for a hand-made occupation).</param>
public sealed record BlockOccupation(
    string TrainId,
    string BlockId,
    string InfrastructureId,
    TravelDirection Direction,
    bool SingleTrack,
    Instant Start,
    Instant End,
    Instant? FrontEntry = null,
    Instant? RearClear = null)
{
    /// <summary>Length of the blocking time.</summary>
    public NodaTime.Duration Length => End - Start;

    /// <summary>Whether this and <paramref name="other"/> exclude each other: same block, different trains, overlapping in time, and same direction unless the block is single track.</summary>
    public bool ConflictsWith(BlockOccupation other) =>
        InfrastructureId == other.InfrastructureId
        && TrainId != other.TrainId
        && (SingleTrack || other.SingleTrack || Direction == other.Direction)
        && Start < other.End && other.Start < End;

    public override string ToString() => $"{TrainId} on {InfrastructureId} ({Direction}) {Start:uuuu-MM-ddTHH:mm:ss}..{End:uuuu-MM-ddTHH:mm:ss}";
}

/// <summary>
/// Two trains wanting the same block at the same time. <see cref="First"/> is the one whose blocking time starts
/// first (ties: the smaller train id); the overlap is the intersection of the two blocking times.
/// </summary>
public sealed record Conflict(BlockOccupation First, BlockOccupation Second, Instant OverlapStart, Instant OverlapEnd)
{
    public string InfrastructureId => First.InfrastructureId;
    public NodaTime.Duration Overlap => OverlapEnd - OverlapStart;

    /// <summary>The conflict between two occupations known to conflict, in canonical order.</summary>
    public static Conflict Between(BlockOccupation a, BlockOccupation b)
    {
        var aFirst = a.Start < b.Start || (a.Start == b.Start && string.CompareOrdinal(a.TrainId, b.TrainId) <= 0);
        var (f, s) = aFirst ? (a, b) : (b, a);
        return new Conflict(f, s, s.Start, f.End < s.End ? f.End : s.End);
    }

    public override string ToString() =>
        $"{First.TrainId} x {Second.TrainId} on {InfrastructureId}: {OverlapStart:uuuu-MM-ddTHH:mm:ss}..{OverlapEnd:uuuu-MM-ddTHH:mm:ss}";
}
