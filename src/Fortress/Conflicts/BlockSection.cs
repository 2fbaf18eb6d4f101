using Fortress.Units;

namespace Fortress.Conflicts;

/// <summary>The direction in which a train runs over a piece of infrastructure, relative to that piece's own reference direction.</summary>
public enum TravelDirection
{
    /// <summary>In the infrastructure's reference direction (increasing kilometre, "up").</summary>
    Forward,
    /// <summary>Against it.</summary>
    Reverse,
}

/// <summary>
/// A block section as one train meets it: the stretch between the main signal at its entry and the next main signal,
/// expressed along <em>this train's</em> path, and tied to a piece of infrastructure shared by every train that uses it.
/// </summary>
/// <param name="Id">This block on this train's path (for reports), e.g. "L3-B17".</param>
/// <param name="InfrastructureId">
/// The shared block (track section between two signals, or the single-track line between two loops). Two trains conflict
/// only on the same infrastructure id.
/// </param>
/// <param name="Start">Position of the entry signal along the train's path.</param>
/// <param name="End">Position of the exit signal (the end of the block) along the train's path; after <paramref name="Start"/>.</param>
/// <param name="Direction">Which way this train runs over the infrastructure.</param>
/// <param name="SingleTrack">
/// Whether the block is single track, so trains in opposite directions use the same track and conflict. On double track
/// each track carries one direction, and only trains in the same direction conflict.
/// </param>
public sealed record BlockSection(string Id, string InfrastructureId, Position Start, Position End, TravelDirection Direction, bool SingleTrack)
{
    public Length Length => End - Start;
}
