using Fortress.Simulation;

namespace Fortress.Application;

/// <summary>
/// What the plan promises, checked: the plan as cleared simulated undisturbed, every train at once on the corridor's
/// blocks and signals (decision 0013). A convoy that meets a restrictive aspect here is a defect of the timing or the
/// clearance, reported in the plan's summary with where and why.
/// </summary>
public sealed class SimulationStage : IPlanStage
{
    public string Name => "simulation";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var model = SimulationModel.Compile(PlanSimulationInput.From(state.Plan, state.Traffic?.Blocks, state.Clearance));
        var result = model.Run(null, new SimulationOptions(Samples: false));
        return state with { Simulation = new PlanSimulation(model, result) };
    }
}

/// <summary>The plan's own simulation: the compiled model (for further runs: replays, what-ifs, studies) and its undisturbed run.</summary>
public sealed record PlanSimulation(SimulationModel Model, SimulationResult Undisturbed);
