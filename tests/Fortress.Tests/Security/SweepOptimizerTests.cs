using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Optimisation;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Security;

/// <summary>The sweep roster as an optimisation: proven on the flagship, never worse than greedy, always a valid roster, refusals by name.</summary>
public class SweepOptimizerTests
{
    private static readonly Lazy<(ConvoyPlan Plan, IReadOnlyList<SweepSite> Sites, SecurityForce Force)> Flagship = new(() =>
    {
        var journey = ScenarioReader.ReadBuiltIn() with { Traffic = null };
        var sec = journey.Security!;
        return (ConvoyPlanner.Plan(journey), SweepPlanner.SitesOf(journey.Corridor, sec.SweepTimes, sec.ExtraSites, sec.GuardStations), sec.Force);
    });

    /// <summary>A deterministic search with time to finish (assertions on proofs, never on time).</summary>
    private static readonly SweepOptions Exact = new(TimeSpan.FromMinutes(3), Workers: 1);

    [Fact]
    public void Flagship_ProvenWithinOnePercent_NoWorseThanGreedy_AValidRoster()
    {
        var (plan, sites, force) = Flagship.Value;
        var greedy = SweepPlanner.Plan(plan, sites, force);
        var roster = SweepOptimizer.Plan(plan, sites, force, Exact);
        roster.Quality!.GapPercent!.Value.ShouldBeLessThanOrEqualTo(1);
        roster.Quality.Method.ShouldBe(SolveMethod.Optimal);
        roster.TeamsUsed.ShouldBeLessThanOrEqualTo(greedy.TeamsUsed);
        roster.LowerBound.ShouldBe(roster.TeamsUsed);
        // The bound of column generation is far above the greedy method's.
        roster.LowerBound.ShouldBeGreaterThan(greedy.LowerBound);
        Valid(plan, sites, force, roster);
    }

    [Fact]
    public void Roster_AlwaysValid_NeverWorseThanGreedy_NeverBelowItsBound() =>
        Gen.Select(Gen.Int[40, 120], Gen.Int[3, 6], Gen.Double[2, 4], Gen.Double[20, 60], Gen.Double[8, 16])
            .Sample((agents, teamSize, openH, roadKmh, shiftH) =>
            {
                var (plan, sites, _) = Flagship.Value;
                var force = new SecurityForce(agents, teamSize, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var greedy = SweepPlanner.Plan(plan, sites, force);
                SweepRoster roster;
                try { roster = SweepOptimizer.Plan(plan, sites, force, new SweepOptions(TimeSpan.FromSeconds(2), Workers: 1)); }
                catch (InfeasibleException) { return !greedy.Feasible; } // refused only where greedy could not cover either
                Valid(plan, sites, force, roster);
                return roster.TeamsUsed >= roster.LowerBound && (!greedy.Feasible || roster.TeamsUsed <= greedy.TeamsUsed);
            }, iter: 6);

    [Fact]
    public void ASiteNoTeamCanSweepInItsWindow_IsRefusedByName()
    {
        var (plan, sites, force) = Flagship.Value;
        // Ten minutes to sweep what takes thirty.
        var ex = Should.Throw<InfeasibleException>(() => SweepOptimizer.Plan(plan, sites, force with { WindowOpen = Duration.FromMinutes(15), WindowClose = Duration.FromMinutes(5) }, Exact));
        ex.Message.ShouldContain("site Vladivostok");
        ex.Message.ShouldContain("shorter than the 30 min sweep");
    }

    [Fact]
    public void TooFewAgents_IsRefused_SayingHowManyTeamsAreNeeded()
    {
        var (plan, sites, force) = Flagship.Value;
        var ex = Should.Throw<InfeasibleException>(() => SweepOptimizer.Plan(plan, sites, force with { Agents = 10 }, Exact));
        ex.Message.ShouldContain("too few agents");
    }

    [Fact]
    public void AShorterShift_NeverNeedsFewerTeams()
    {
        var (plan, sites, force) = Flagship.Value;
        var twelve = SweepOptimizer.Plan(plan, sites, force, Exact);
        var eight = SweepOptimizer.Plan(plan, sites, force with { MaxShift = Duration.FromHours(8) }, Exact);
        // A roster within 8-hour shifts is one within 12-hour shifts too, so it cannot beat the proven 12-hour optimum.
        twelve.Quality!.Method.ShouldBe(SolveMethod.Optimal);
        eight.TeamsUsed.ShouldBeGreaterThanOrEqualTo(twelve.TeamsUsed);
        Valid(plan, sites, force with { MaxShift = Duration.FromHours(8) }, eight);
    }

    /// <summary>
    /// Every site swept once, inside its window; a team never at two sites at once and never faster than the road (or
    /// the pilot, where it rides); every team within its shift from leaving its base; no base sends more teams than it has.
    /// </summary>
    private static void Valid(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force, SweepRoster roster)
    {
        roster.Feasible.ShouldBeTrue();
        var pilot = plan.Trains.Single(t => t.Role == ConvoyRole.Pilot);
        roster.Teams.SelectMany(t => t.Assignments).Select(a => a.Site).ShouldBe(sites, ignoreOrder: true);
        var corridor = plan.Journey.Corridor;
        double Road(Position a, Position b) => Math.Abs((a - b).Meters) * force.RoadDetour / force.RoadSpeed.MetersPerSecond;
        var perBase = force.Bases.ToDictionary(b => b, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var team in roster.Teams.Where(t => t.Assignments.Count > 0))
        {
            perBase[team.Base]++;
            var home = corridor.Find(team.Base, "test").Position;
            for (var i = 0; i < team.Assignments.Count; i++)
            {
                var a = team.Assignments[i];
                var pass = pilot.TimeAt(a.Site.Position)!.Value;
                a.Start.ShouldBeGreaterThanOrEqualTo(pass - NodaTime.Duration.FromSeconds(force.WindowOpen.Seconds) - NodaTime.Duration.FromMilliseconds(1));
                a.End.ShouldBeLessThanOrEqualTo(pass - NodaTime.Duration.FromSeconds(force.WindowClose.Seconds) + NodaTime.Duration.FromMilliseconds(1));
                a.Start.ShouldBeGreaterThanOrEqualTo(a.Arrive);
                if (i == 0) continue;
                var prev = team.Assignments[i - 1];
                a.Start.ShouldBeGreaterThanOrEqualTo(prev.ReleasedAt);
                if (a.Via is null) (a.Arrive - prev.ReleasedAt).TotalSeconds.ShouldBeGreaterThanOrEqualTo(Road(prev.Site.Position, a.Site.Position) - 1e-3);
            }
            var left = team.Assignments[0].Start - NodaTime.Duration.FromSeconds(Road(home, team.Assignments[0].Site.Position));
            (team.Assignments[^1].ReleasedAt - left).TotalSeconds.ShouldBeLessThanOrEqualTo(force.Shift.Seconds + 1e-3);
        }
        var teams = force.Teams;
        for (var i = 0; i < force.Bases.Count; i++)
            perBase[force.Bases[i]].ShouldBeLessThanOrEqualTo(teams / force.Bases.Count + (i < teams % force.Bases.Count ? 1 : 0));
    }
}
