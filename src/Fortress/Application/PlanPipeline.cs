namespace Fortress.Application;

/// <summary>
/// One step of building a plan: reads what the stages before it added to the <see cref="PlanState"/> and adds its own
/// result. A stage never reads what a later stage adds.
/// </summary>
public interface IPlanStage
{
    /// <summary>A short name for progress and errors ("corridor", "clearance"...).</summary>
    string Name { get; }

    /// <summary>The state with this stage's result added. Bad input: an <see cref="Diagnostics.InvalidInputException"/> naming the scenario's part.</summary>
    PlanState Run(PlanState state, CancellationToken cancel);
}

/// <summary>
/// Builds a plan from a scenario by running its stages in order (docs/architecture.md): route/corridor → journey →
/// traffic placement → convoy timing (with the departure search) → clearance → simulation → security → logistics. This is the one
/// place that composes the stages (the simulation checks the cleared plan after the clearance); the front ends (CLI, web) call it and then ask the views for what a reader may see.
/// </summary>
public sealed class PlanPipeline(IReadOnlyList<IPlanStage> stages)
{
    /// <summary>Fortress's stages with their default settings.</summary>
    public static PlanPipeline Default { get; } = new(
    [
        new CorridorStage(), new JourneyStage(), new TrafficStage(), new TimingStage(), new ClearanceStage(), new SimulationStage(), new SecurityStage(),
        new LogisticsStage(),
    ]);

    public IReadOnlyList<IPlanStage> Stages { get; } = stages;

    /// <summary>The pipeline with one stage replaced by another of the same name (e.g. a clearance with other settings).</summary>
    public PlanPipeline With(IPlanStage stage) => new(Stages.Select(s => s.Name == stage.Name ? stage : s).ToArray());

    /// <summary>Plans the scenario. Checks <paramref name="cancel"/> between stages.</summary>
    public PlanState Run(Scenario scenario, CancellationToken cancel = default)
    {
        var state = new PlanState(scenario);
        foreach (var stage in Stages)
        {
            cancel.ThrowIfCancellationRequested();
            state = stage.Run(state, cancel);
        }
        return state;
    }
}
