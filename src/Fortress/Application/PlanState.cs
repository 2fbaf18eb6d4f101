using Fortress.Clearance;
using Fortress.Logistics;
using Fortress.Planning;
using Fortress.Security;

namespace Fortress.Application;

/// <summary>
/// A plan as the <see cref="PlanPipeline"/> builds it: the scenario, then what each stage added, in the order of the
/// data path (docs/architecture.md). Immutable: a stage returns a new state with its own result set. A result a stage
/// did not produce (no regular traffic, no security section...) is null.
/// </summary>
public sealed record PlanState(Scenario Scenario)
{
    /// <summary>The corridor (authored, or routed on the scenario's network).</summary>
    public Corridor? Corridor { get; init; }

    /// <summary>The convoy's journey on the corridor: its trains in running order, stops and times.</summary>
    public Journey? Journey { get; init; }

    /// <summary>The regular traffic placed on the corridor with its own running times, and the corridor's blocks.</summary>
    public TrafficContext? Traffic { get; init; }

    /// <summary>The convoy's timing.</summary>
    public ConvoyPlan? Convoy { get; init; }

    /// <summary>What the departure search found, when the journey gives a departure window.</summary>
    public SlotResult? DepartureSearch { get; init; }

    /// <summary>The line cleared for the convoy (with regular traffic only).</summary>
    public ClearanceResult? Clearance { get; init; }

    /// <summary>The plan as cleared, simulated undisturbed (every train at once on blocks and signals).</summary>
    public PlanSimulation? Simulation { get; init; }

    /// <summary>The security teams' sweep roster.</summary>
    public SweepRoster? Sweeps { get; init; }

    /// <summary>The delegation's berths and the conference car's bookings.</summary>
    public BerthPlan? Berths { get; init; }

    /// <summary>Meals, stores, resupply and fuel.</summary>
    public ProvisioningPlan? Provisioning { get; init; }

    /// <summary>Time to the nearest evacuation point along the route.</summary>
    public EvacuationCoverage? Evacuation { get; init; }

    /// <summary>The convoy's timing, which every stage after timing needs.</summary>
    public ConvoyPlan Plan => Convoy ?? throw new InvalidOperationException("the convoy has not been timed yet (the timing stage runs before this)");

    /// <summary>The corridor, which every stage after the corridor stage needs.</summary>
    public Corridor RequiredCorridor => Corridor ?? throw new InvalidOperationException("the corridor stage has not run yet");
}
