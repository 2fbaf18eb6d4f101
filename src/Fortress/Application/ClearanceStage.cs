using Fortress.Clearance;

namespace Fortress.Application;

/// <summary>
/// The line cleared for the convoy: an order for every regular train in its way (unless the departure search did it
/// already), by the method of the scenario's clearance settings (<see cref="TrafficContext.Settings"/>): CP-SAT's least
/// weighted delay with its gap (<see cref="ClearanceOptimizer"/>, the default) or first come, first served
/// (<see cref="LineClearance"/>). Both through <see cref="IClearanceSolver"/>.
/// </summary>
public sealed class ClearanceStage : IPlanStage
{
    public string Name => "clearance";

    public PlanState Run(PlanState state, CancellationToken cancel) =>
        state.Traffic is null || state.Clearance is not null ? state : state with { Clearance = ClearanceSolvers.Resolve(state.Plan, state.Traffic) };
}
