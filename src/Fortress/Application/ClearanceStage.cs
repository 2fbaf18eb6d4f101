using Fortress.Clearance;
using Fortress.Optimisation;
using Fortress.Simulation;

namespace Fortress.Application;

/// <summary>
/// The line cleared for the convoy: an order for every regular train in its way (unless the departure search did it
/// already), by the method of the scenario's clearance settings (<see cref="TrafficContext.Settings"/>): CP-SAT's least
/// weighted delay with its gap (<see cref="ClearanceOptimizer"/>, the default) or first come, first served
/// (<see cref="LineClearance"/>). Both through <see cref="IClearanceSolver"/>.
/// <para>
/// <b>Vetted by the simulation.</b> The optimiser's orders are conflict-free in the blocking-time model; the simulation
/// (every train at once on the blocks and signals, single-track sections run one direction at a time, decision 0013) is
/// stricter in places, so an answer can leave the convoy at a restrictive aspect that the model did not see. Where the
/// optimiser's answer does and first come, first served's does not (or less often), the latter is used, with the
/// optimiser's bound (still valid: it bounds every answer) and the method "bounded". The simulation stage then reports
/// what remains.
/// </para>
/// </summary>
public sealed class ClearanceStage : IPlanStage
{
    public string Name => "clearance";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        if (state.Traffic is null || state.Clearance is not null) return state;
        var chosen = ClearanceSolvers.Resolve(state.Plan, state.Traffic);
        if (state.Traffic.Settings.Method != ClearanceMethod.Optimal) return state with { Clearance = chosen };
        var stopped = ConvoyRestrictiveAspects(state, chosen);
        if (stopped == 0) return state with { Clearance = chosen };
        cancel.ThrowIfCancellationRequested();
        var problem = ClearanceProblem.Of(state.Plan, state.Traffic.Traffic, state.Traffic.Blocks);
        var greedy = LineClearance.Solve(problem, state.Traffic.Settings);
        if (greedy.KnockOnConflicts > 0 || greedy.ConflictsAfter.Count > 0 || ConvoyRestrictiveAspects(state, greedy) >= stopped) return state with { Clearance = chosen };
        var objective = greedy.Quality!.Objective;
        var bound = Math.Min(objective, Math.Max(greedy.Quality.Bound, chosen.Quality?.Bound ?? 0));
        return state with
        {
            Clearance = greedy with
            {
                Quality = new Optimality(objective, bound, bound >= objective - 1e-6 ? SolveMethod.Optimal : SolveMethod.Bounded, greedy.Quality.Unit,
                    greedy.Quality.SolveTime + (chosen.Quality?.SolveTime ?? TimeSpan.Zero)),
            },
        };
    }

    /// <summary>How often the convoy meets a restrictive aspect when the plan runs as cleared, undisturbed.</summary>
    private static int ConvoyRestrictiveAspects(PlanState state, ClearanceResult clearance) =>
        SimulationModel.Compile(PlanSimulationInput.From(state.Plan, state.Traffic?.Blocks, clearance))
            .Run(null, new SimulationOptions(Samples: false)).Summary.ConvoyRestrictiveAspects;
}
