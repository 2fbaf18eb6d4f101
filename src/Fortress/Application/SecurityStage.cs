using Fortress.Diagnostics;
using Fortress.Security;

namespace Fortress.Application;

/// <summary>The security teams' sweep roster over the route's sites, and the delegation's berths and meetings.</summary>
public sealed class SecurityStage : IPlanStage
{
    public string Name => "security";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var s = state.Scenario;
        var plan = state.Plan;
        var corridor = plan.Journey.Corridor;
        var p = new ProblemList();
        if (s.Security is { } sec)
            for (var i = 0; i < sec.ExtraSites.Count; i++)
                if (sec.ExtraSites[i].Position > corridor.Path.End)
                    p.Add($"$.security.sites[{i}].positionMeters", $"{sec.ExtraSites[i].Position.Meters} m is beyond the corridor ({corridor.Path.Length.Meters} m)");
        var meetings = new List<Meeting>();
        if (s.Delegation is { } d)
            foreach (var m in d.Meetings)
            {
                var start = JourneyStage.At(m.Start, corridor.Places[0].Zone, m.Where + ".start", p);
                var end = JourneyStage.At(m.End, corridor.Places[0].Zone, m.Where + ".end", p);
                if (start is { } a && end is { } b) meetings.Add(new Meeting(m.Title, a, b));
            }
        p.ThrowIfAny();
        if (s.Security is { } security)
            state = state with { Sweeps = SweepPlanner.Plan(plan, SweepPlanner.SitesOf(corridor, security.SweepTimes, security.ExtraSites, security.GuardStations), security.Force) };
        if (s.Delegation is { } delegation)
            state = state with { Berths = BerthPlanner.Allocate(plan.Journey.Main.Consists[0].Consist, delegation.Passengers, meetings) };
        return state;
    }
}
