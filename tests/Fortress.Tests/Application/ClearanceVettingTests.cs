using Fortress.Clearance;
using Fortress.IO.Files;
using Fortress.Optimisation;
using Fortress.Simulation;

namespace Fortress.Tests.Application;

/// <summary>
/// The clearance stage vets the optimiser's orders with the simulation: a plan whose own undisturbed simulation stops the
/// convoy at a signal is not used while first come, first served's does not.
/// </summary>
public class ClearanceVettingTests
{
    /// <summary>
    /// The state visit with a 120 s convoy buffer: on earlier data the optimiser's least-delay orders (1,176 weighted
    /// minutes) let an opposing train reach Loop km 887 two minutes before the pilot, which the blocking-time model allows
    /// and the simulation then did not (the pilot stood 14 min at the loop's exit signal; the simulation took a loop's
    /// track when a train entered the section before it, decision 0013 "A kept track, not a taken one"). Whatever the
    /// optimiser finds, the plan's convoy must meet no restrictive aspect where first come, first served's answer meets
    /// none, and the bound stays below the objective.
    /// </summary>
    [Fact]
    public void Plan_OptimisedOrdersStopTheConvoyInTheSimulation_AnswerWithoutThatUsed()
    {
        var scenario = Scenarios.ReadBuiltIn();
        var signalling = new Fortress.Conflicts.Signalling { ConvoyBuffer = Fortress.Units.Duration.FromSeconds(120) };
        var state = Fortress.Tests.Planning.TestPlans.Plan(scenario with { Signalling = signalling });
        var greedy = SimulationModel.Compile(PlanSimulationInput.From(state.Plan, state.Traffic!.Blocks,
                LineClearance.Solve(ClearanceProblem.Of(state.Plan, state.Traffic.Traffic, state.Traffic.Blocks), state.Traffic.Settings)))
            .Run(null, new SimulationOptions(Samples: false)).Summary.ConvoyRestrictiveAspects;

        greedy.ShouldBe(0, "the test's premise: first come, first served leaves the convoy clear");
        state.Simulation!.Undisturbed.Summary.ConvoyRestrictiveAspects.ShouldBe(0);
        state.Clearance!.Quality!.Method.ShouldBeOneOf(SolveMethod.Optimal, SolveMethod.Bounded);
        state.Clearance.Quality.Bound.ShouldBeLessThanOrEqualTo(state.Clearance.Quality.Objective + 1e-6);
        state.Clearance.ConflictsAfter.ShouldBeEmpty();
    }
}
