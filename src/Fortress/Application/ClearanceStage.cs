using Fortress.Clearance;

namespace Fortress.Application;

/// <summary>The line cleared for the convoy: an order for every regular train in its way (unless the departure search did it already).</summary>
public sealed class ClearanceStage : IPlanStage
{
    public string Name => "clearance";

    public PlanState Run(PlanState state, CancellationToken cancel) =>
        state.Traffic is null || state.Clearance is not null ? state : state with { Clearance = LineClearance.Resolve(state.Plan, state.Traffic) };
}
