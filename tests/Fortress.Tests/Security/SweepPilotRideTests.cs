using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Security;
using Fortress.Tests.Logistics;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Security;

/// <summary>Sweep teams riding the pilot train between its halts instead of driving all the way.</summary>
public class SweepPilotRideTests
{
    /// <summary>
    /// A 200 km line at 100 km/h from 07:00 with a 4 h halt at B (km 100); sites at A (the origin) and E (km 130).
    /// The pilot (here the main train) leaves A at 07:00, reaches B about 08:02, leaves about 12:02 and passes E about
    /// 12:20, so E must be swept between about 09:20 and 11:20. A team that swept A is free there at 04:30: by road at
    /// 20 km/h (detour 1.3) E is 8.45 h away (too late); by the pilot to B and 30 km by road (1.95 h) it is there about 10:00.
    /// </summary>
    private static ConvoyPlan Line() => LogisticsJourneys.Plan(100, [("A", 0, null), ("B", 100, null), ("E", 130, null), ("F", 200, null)],
        StoreCapacity.None, [("B", 240), ("F", 0)], new LocalDateTime(2019, 4, 23, 7, 0));

    private static readonly SweepSite[] Sites =
    [
        new("A", SiteKind.Station, Position.Origin, Duration.FromMinutes(30), false),
        new("E", SiteKind.Station, Position.FromKilometers(130), Duration.FromMinutes(30), false),
    ];

    private static SecurityForce Force(bool ride) =>
        new(10, 5, ["A"], Duration.FromHours(3), Duration.FromMinutes(30), Speed.FromKilometersPerHour(20), 1.3, ride);

    [Fact]
    public void RoadOnly_NeedsTwoTeams()
    {
        var roster = SweepPlanner.Plan(Line(), Sites, Force(ride: false));
        roster.Feasible.ShouldBeTrue();
        roster.TeamsUsed.ShouldBe(2);
        roster.Teams.SelectMany(t => t.Assignments).ShouldAllBe(a => a.Via == null);
    }

    [Fact]
    public void RidingThePilot_OneTeamDoesBoth_DroppedWhereThePilotStops()
    {
        var plan = Line();
        var roster = SweepPlanner.Plan(plan, Sites, Force(ride: true));
        roster.Feasible.ShouldBeTrue();
        roster.TeamsUsed.ShouldBe(1);
        var e = roster.Teams.Single().Assignments.Single(a => a.Site.Name == "E");
        e.Via.ShouldBe("pilot train A - B");
        // Off at B when the pilot arrives there, then 30 km by road at 20 km/h with detour 1.3.
        var atB = plan.Main.Calls.Single(c => c.Place == "B").Arrival!.Value;
        e.Arrive.ShouldBe(atB + NodaTime.Duration.FromSeconds(30_000 * 1.3 / (20 / 3.6)));
        var pass = plan.Main.TimeAt(Position.FromKilometers(130))!.Value;
        e.End.ShouldBeLessThanOrEqualTo(pass - NodaTime.Duration.FromMinutes(30));
        e.Start.ShouldBeGreaterThanOrEqualTo(pass - NodaTime.Duration.FromHours(3));
    }

    [Fact]
    public void Riding_NeverNeedsMoreTeamsOnThisLine()
    {
        // Same sites at several road speeds: allowing the ride never needs more teams nor leaves more sites uncovered here.
        foreach (var kmh in new[] { 10.0, 20, 40, 80 })
        {
            var road = SweepPlanner.Plan(Line(), Sites, Force(false) with { RoadSpeed = Speed.FromKilometersPerHour(kmh) });
            var ride = SweepPlanner.Plan(Line(), Sites, Force(true) with { RoadSpeed = Speed.FromKilometersPerHour(kmh) });
            ride.TeamsUsed.ShouldBeLessThanOrEqualTo(road.TeamsUsed);
            ride.Uncovered.Count.ShouldBeLessThanOrEqualTo(road.Uncovered.Count);
        }
    }
}
