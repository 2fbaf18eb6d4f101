using Fortress.Clearance;

namespace Fortress.Planning;

/// <summary>
/// The one entry point the front ends (CLI, web) use to plan a journey: a fixed departure is planned directly; a
/// departure window is searched for the least disruption first.
/// </summary>
public static class PlanningService
{
    public static (ConvoyPlan Plan, SlotResult? Slot) Plan(Journey journey)
    {
        if (journey.DepartureWindowEnd is { } end && journey.EarliestDeparture is { } start)
        {
            var slot = SlotSearch.Find(journey, start, end, journey.RequiredArrival);
            return (slot.Plan, slot);
        }
        return (ConvoyPlanner.Plan(journey), null);
    }
}
