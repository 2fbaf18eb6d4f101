using CsCheck;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Security;

public class SweepPlannerTests
{
    private static readonly Lazy<ConvoyPlan> Flagship = new(() => ConvoyPlanner.Plan(Planning.TestPlans.FlagshipJourney()));

    private static readonly IReadOnlyDictionary<SiteKind, Duration> Times = new Dictionary<SiteKind, Duration>
    {
        [SiteKind.Station] = Duration.FromMinutes(30),
        [SiteKind.PassingLoop] = Duration.FromMinutes(15),
        [SiteKind.Bridge] = Duration.FromMinutes(20),
    };

    private static SecurityForce Force(int agents = 100, int team = 5, double openHours = 3, double closeMinutes = 30) =>
        new(agents, team, ["Pyongyang", "Hamhung", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openHours), Duration.FromMinutes(closeMinutes), Speed.FromKilometersPerHour(50));

    private static IReadOnlyList<SweepSite> Sites(Corridor c) =>
        SweepPlanner.SitesOf(c, Times, [new SweepSite("Friendship Bridge", SiteKind.Bridge, Position.FromKilometers(872), Duration.FromMinutes(20), GuardUntilEscort: true)]);

    [Fact]
    public void Flagship_HundredAgents_CoverEverySite()
    {
        var plan = Flagship.Value;
        var roster = SweepPlanner.Plan(plan, Sites(plan.Journey.Corridor), Force());
        roster.Uncovered.ShouldBeEmpty();
        roster.AgentsUsed.ShouldBeLessThanOrEqualTo(100);
        roster.TeamsUsed.ShouldBeGreaterThanOrEqualTo(roster.LowerBound);
        roster.Teams.SelectMany(t => t.Assignments).Count().ShouldBe(Sites(plan.Journey.Corridor).Count);
        roster.Utilisation.ShouldBeInRange(0.01, 1.0);
    }

    [Fact]
    public void ImpossibleWindow_NamesTheSitesAndWhy()
    {
        var plan = Flagship.Value;
        // Ten minutes to sweep what takes thirty.
        var roster = SweepPlanner.Plan(plan, Sites(plan.Journey.Corridor), Force(openHours: 10 / 60.0, closeMinutes: 5));
        roster.Feasible.ShouldBeFalse();
        roster.Uncovered.ShouldContain(u => u.Site.Name == "Vladivostok" && u.Reason.Contains("shorter than the 30 min sweep"));
    }

    [Fact]
    public void TooFewAgents_NamesTheSitesLeft()
    {
        var plan = Flagship.Value;
        var roster = SweepPlanner.Plan(plan, Sites(plan.Journey.Corridor), Force(agents: 10, team: 5));
        roster.Feasible.ShouldBeFalse();
        roster.TeamsUsed.ShouldBe(2);
        roster.Uncovered.ShouldContain(u => u.Reason.Contains("too few agents"));
    }

    [Fact]
    public void Roster_NoTeamAtTwoSitesAtOnce_EveryWindowMet_TravelRespected() =>
        Gen.Select(Gen.Int[20, 200], Gen.Int[2, 8], Gen.Double[1, 4], Gen.Double[10, 60], Gen.Double[30, 90])
            .Sample((agents, teamSize, openH, closeMin, roadKmh) =>
            {
                var plan = Flagship.Value;
                var force = new SecurityForce(agents, Math.Min(teamSize, agents), ["Pyongyang", "Chongjin", "Khasan"], Duration.FromHours(openH), Duration.FromMinutes(closeMin), Speed.FromKilometersPerHour(roadKmh));
                var roster = SweepPlanner.Plan(plan, Sites(plan.Journey.Corridor), force);
                var pilot = plan.Trains.Single(t => t.Role == ConvoyRole.Pilot);
                foreach (var team in roster.Teams)
                {
                    // Within its shift from leaving its base (a far base's team once reached a site in time but not within it).
                    var home = plan.Journey.Corridor.Find(team.Base, "test").Position;
                    var out0 = Math.Abs((home - team.Assignments[0].Site.Position).Meters) * force.RoadDetour / force.RoadSpeed.MetersPerSecond;
                    if ((team.Assignments[^1].ReleasedAt - team.Assignments[0].Start).TotalSeconds + out0 > force.Shift.Seconds + 1e-3) return false;
                    for (var i = 0; i < team.Assignments.Count; i++)
                    {
                        var a = team.Assignments[i];
                        var pass = pilot.TimeAt(a.Site.Position)!.Value;
                        if (a.Start < pass - NodaTime.Duration.FromSeconds(force.WindowOpen.Seconds)) return false;
                        if (a.End > pass - NodaTime.Duration.FromSeconds(force.WindowClose.Seconds) + NodaTime.Duration.FromMilliseconds(1)) return false;
                        if (a.Start < a.Arrive) return false;
                        if (i > 0)
                        {
                            var prev = team.Assignments[i - 1];
                            if (a.Start < prev.ReleasedAt) return false; // two sites at once
                            var drive = Math.Abs((a.Site.Position - prev.Site.Position).Meters) * force.RoadDetour / force.RoadSpeed.MetersPerSecond;
                            if ((a.Arrive - prev.ReleasedAt).TotalSeconds < drive - 1e-3) return false;
                        }
                    }
                }
                // The bound holds for a roster that covers every site (one that leaves some uncovered may use fewer teams).
                return roster.TeamsUsed <= force.Teams && (!roster.Feasible || roster.TeamsUsed >= Math.Min(roster.LowerBound, force.Teams));
            }, iter: 40);
}

public class SweepPlanOutputTests
{
    [Fact]
    public void Plan_SecurityView_HasTheRoster_OtherViewsDoNot()
    {
        var o = new StringWriter();
        var report = Path.Combine(Path.GetTempPath(), $"sweeps-{Guid.NewGuid():N}.html");
        Fortress.Cli.CliHost.Invoke(Fortress.Cli.CliHost.BuildRoot(), ["plan", "--format", "json", "--report", report], o, new StringWriter()).ShouldBe(0);
        using var d = System.Text.Json.JsonDocument.Parse(o.ToString());
        var s = d.RootElement.GetProperty("sweeps");
        s.GetProperty("feasible").GetBoolean().ShouldBeTrue();
        s.GetProperty("agentsUsed").GetInt32().ShouldBeLessThanOrEqualTo(100);
        s.GetProperty("teams").GetArrayLength().ShouldBeGreaterThan(0);
        s.GetProperty("teams")[0].GetProperty("assignments")[0].GetProperty("start").GetString()!.ShouldEndWith("+09:00");
        foreach (var view in new[] { "public", "dispatcher" })
        {
            var w = new StringWriter();
            Fortress.Cli.CliHost.Invoke(Fortress.Cli.CliHost.BuildRoot(), ["plan", "--view", view, "--format", "json", "--report", report], w, new StringWriter()).ShouldBe(0);
            w.ToString().ShouldNotContain("sweeps");
        }
        File.Delete(report);
    }

    [Fact]
    public void LowerBound_OverlappingCompulsoryParts_AndEnergy()
    {
        var t = Instant.FromUtc(2026, 1, 1, 0, 0);
        NodaTime.Instant At(double minutes) => t + NodaTime.Duration.FromMinutes(minutes);
        // Three sweeps of 30 min that must each run through minute 20..30: three teams.
        var jobs = Enumerable.Range(0, 3).Select(_ => (At(0), At(20), 1800.0, Instant.MinValue)).ToList();
        SweepPlanner.LowerBound(jobs).ShouldBe(3);
        // Four 30-min sweeps whose windows all lie in the same hour: two teams at least (energy), though none is compulsory.
        var loose = Enumerable.Range(0, 4).Select(_ => (At(0), At(30), 1800.0, Instant.MinValue)).ToList();
        SweepPlanner.LowerBound(loose).ShouldBe(2);
    }

    [Fact]
    public void IncompatibilityBound_SitesTooFarApartForOneTeam_EachNeedTheirOwn()
    {
        var t = Instant.FromUtc(2026, 1, 1, 0, 0);
        NodaTime.Instant At(double minutes) => t + NodaTime.Duration.FromMinutes(minutes);
        // Three 10-min sweeps in the same hour-long window, 100 km apart at 1 km/min by road: the energy and compulsory
        // bounds say 1, but no team can do two of them (10 min + 100 min of travel > 50 min of slack).
        var jobs = Enumerable.Range(0, 3).Select(i => (At(0), At(50), 600.0, Instant.MinValue, Fortress.Units.Position.FromKilometers(100 * i))).ToList();
        double Road(Fortress.Units.Position a, Fortress.Units.Position b) => Math.Abs((a - b).Meters) / 1000 * 60;
        SweepPlanner.LowerBound(jobs.Select(j => (j.Item1, j.Item2, j.Item3, j.Item4)).ToList()).ShouldBe(1);
        SweepPlanner.IncompatibilityBound(jobs, Road).ShouldBe(3);
        // Close together (10 km), one team can do them in turn.
        var near = jobs.Select((j, i) => j with { Item5 = Fortress.Units.Position.FromKilometers(10 * i) }).ToList();
        SweepPlanner.IncompatibilityBound(near, Road).ShouldBe(1);
    }
}
