using Fortress.Conflicts;
using Fortress.Planning;

namespace Fortress.Clearance;

/// <summary>
/// What a line clearance decides on: the corridor, the convoy's blocking times (fixed: the convoy is never moved), the
/// regular traffic placed with its own running times, the blocks, and the blocking-time parameters. The input of every
/// clearance method (<see cref="IClearanceSolver"/>); built from a convoy plan by <see cref="Of"/>.
/// </summary>
/// <param name="Corridor">Where everything runs.</param>
/// <param name="Convoy">The convoy trains' blocking times (train ids are the convoy's own, never a regular train's).</param>
/// <param name="Traffic">The regular trains as timetabled.</param>
/// <param name="Blocks">The corridor's block sections.</param>
/// <param name="Parameters">The blocking-time model's parameters.</param>
/// <param name="ConvoyForward">Whether the convoy runs with the corridor (increasing positions): an opposing regular train held at a loop on single track crosses it there.</param>
public sealed record ClearanceProblem(Corridor Corridor, IReadOnlyList<BlockOccupation> Convoy, IReadOnlyList<PlacedTrain> Traffic, CorridorBlocks Blocks,
    BlockingParameters Parameters, bool ConvoyForward)
{
    private Dictionary<string, BlockOccupation[]>? byBlock;

    /// <summary>The problem of clearing the line for a planned convoy.</summary>
    /// <remarks>
    /// The convoy's blocking times are <see cref="ConvoyBlocking.Occupations"/> widened by the signalling's convoy buffer
    /// (<see cref="Signalling.ConvoyBuffer"/>, through <see cref="LineClearance.ConvoyOccupations"/>), with the blocking-time
    /// parameters of the signalling the blocks were cut with.
    /// </remarks>
    public static ClearanceProblem Of(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks)
    {
        var p = blocks.Signalling.EffectiveBlocking;
        return new ClearanceProblem(plan.Journey.Corridor, LineClearance.ConvoyOccupations(plan, blocks, p), traffic, blocks, p,
            plan.Main.Calls[^1].Position > plan.Main.Calls[0].Position);
    }

    /// <summary>The convoy's blocking times by infrastructure block.</summary>
    internal Dictionary<string, BlockOccupation[]> ConvoyByBlock => byBlock ??=
        Convoy.GroupBy(o => o.InfrastructureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>Each regular train's blocks and blocking times as timetabled (computed once per traffic).</summary>
    internal LineClearance.TrafficBaseline Baseline => LineClearance.Baseline(Traffic, Blocks);
}

/// <summary>A way of clearing the line: the greedy one, or the optimiser. Each returns a result whose <see cref="ClearanceResult.Quality"/> says how good it is.</summary>
public interface IClearanceSolver
{
    /// <summary>The orders for <paramref name="problem"/>.</summary>
    /// <exception cref="Diagnostics.InfeasibleException">A regular train that can be neither held out of the convoy's way nor cancelled (named).</exception>
    ClearanceResult Solve(ClearanceProblem problem, ClearanceSettings settings);
}

/// <summary>The clearance methods by name, and the one call planning makes.</summary>
public static class ClearanceSolvers
{
    /// <summary>First come, first served.</summary>
    public static IClearanceSolver Greedy { get; } = new GreedySolver();

    /// <summary>CP-SAT, warm-started with the greedy answer.</summary>
    public static IClearanceSolver Optimal { get; } = new OptimalSolver();

    /// <summary>The solver for a method.</summary>
    public static IClearanceSolver For(ClearanceMethod method) => method == ClearanceMethod.Greedy ? Greedy : Optimal;

    /// <summary>
    /// The line cleared for a plan in the traffic of <paramref name="context"/>, with the method, weights and time limit of
    /// its settings (<see cref="TrafficContext.Settings"/>).
    /// </summary>
    public static ClearanceResult Resolve(ConvoyPlan plan, TrafficContext context) =>
        For(context.Settings.Method).Solve(ClearanceProblem.Of(plan, context.Traffic, context.Blocks), context.Settings);

    private sealed class GreedySolver : IClearanceSolver
    {
        public ClearanceResult Solve(ClearanceProblem problem, ClearanceSettings settings) => LineClearance.Solve(problem, settings);
    }

    private sealed class OptimalSolver : IClearanceSolver
    {
        public ClearanceResult Solve(ClearanceProblem problem, ClearanceSettings settings) => ClearanceOptimizer.Solve(problem, settings);
    }
}
