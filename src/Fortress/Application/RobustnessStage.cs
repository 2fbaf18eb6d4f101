using Fortress.Simulation;

namespace Fortress.Application;

/// <summary>
/// How robust the plan is to an ordinary day: <see cref="Runs"/> runs of the plan's own simulation, each with late
/// departures of regular trains, longer stops and a shortfall of each train's performance drawn from the scenario's
/// distributions (<c>"monteCarlo"</c>, defaults in <see cref="MonteCarloSettings"/>), on all cores, the same result for
/// the same seed. Not in <see cref="PlanPipeline.Default"/>: it costs about a second per hundred runs of the flagship,
/// so the report and the console ask for it (<c>plan --report</c>, <c>GET /api/plans/{id}/robustness</c>) and
/// <c>fortress simulate --runs</c> runs it on its own.
/// </summary>
public sealed class RobustnessStage(int runs = RobustnessStage.DefaultRuns, ulong seed = 1) : IPlanStage
{
    /// <summary>Runs when nothing else is asked: about a second on the flagship with two cores; enough for the p50 and p90 (the p99 of a hundred runs is its worst but one).</summary>
    public const int DefaultRuns = 100;

    public string Name => "robustness";

    public int Runs => runs;

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var model = state.Simulation?.Model ?? throw new InvalidOperationException("the robustness study runs after the simulation stage");
        return state with { Robustness = MonteCarlo.Run(model, runs, seed, state.Scenario.MonteCarlo) };
    }
}
