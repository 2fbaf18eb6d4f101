using Fortress.Clearance;
using Fortress.Planning;

namespace Fortress.Application;

/// <summary>
/// The convoy's timing: planned directly from its departure or arrival, or, with a departure window, the departure
/// (and stop lengths) that disturb the regular traffic least (<see cref="SlotSearch"/>, which clears the line of the
/// departure it chooses).
/// </summary>
public sealed class TimingStage : IPlanStage
{
    public string Name => "timing";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var j = state.Journey ?? throw new InvalidOperationException("the journey stage runs before the timing");
        if (j.DepartureWindowEnd is { } end && j.EarliestDeparture is { } start)
        {
            var slot = SlotSearch.Find(j, state.Traffic, start, end, j.RequiredArrival);
            return state with { Convoy = slot.Plan, DepartureSearch = slot, Clearance = slot.Clearance };
        }
        return state with { Convoy = ConvoyPlanner.Plan(j) };
    }
}
