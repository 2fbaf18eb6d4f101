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
        SlotResult? slot = null;
        ConvoyPlan plan;
        if (journey.DepartureWindowEnd is { } end && journey.EarliestDeparture is { } start)
        {
            slot = SlotSearch.Find(journey, start, end, journey.RequiredArrival);
            plan = slot.Plan;
        }
        else plan = ConvoyPlanner.Plan(journey);
        // The parts of the operation that ride on the timetable.
        if (journey.Security is { } sec)
        {
            var sites = Fortress.Security.SweepPlanner.SitesOf(journey.Corridor, sec.SweepTimes, sec.ExtraSites, sec.GuardStations);
            plan = plan with { Sweeps = Fortress.Security.SweepOptimizer.Plan(plan, sites, sec.Force) };
        }
        if (journey.Delegation is { } d)
            plan = plan with { Berths = Fortress.Security.BerthPlanner.Allocate(journey.Main.Consists[0].Consist, d.Passengers, d.Meetings) };
        if (journey.Provisioning is { } pv)
            plan = plan with { Provisioning = Fortress.Logistics.ProvisioningPlanner.Plan(plan, pv) };
        if (journey.Evacuation is { } ev)
            plan = plan with { Evacuation = Fortress.Logistics.EvacuationPlanner.Cover(plan, ev) };
        return (plan, slot);
    }
}
