using BenchmarkDotNet.Attributes;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Units;

namespace Fortress.Benchmarks;

/// <summary>
/// Issue 7: the sweep assignment for 500 sites and 1,000 agents (target under 5 s), on the flagship convoy's
/// timetable with 440 extra sites (bridges, tunnels, level crossings) spread along the route. The optimality gap to
/// the lower bound is printed once in the set-up (BenchmarkDotNet shows it in the log).
/// </summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private ConvoyPlan plan = null!;
    private IReadOnlyList<SweepSite> sites = null!;
    private SecurityForce force = null!;

    [GlobalSetup]
    public void Setup()
    {
        plan = Fortress.Application.PlanPipeline.Default.Run(Fortress.IO.Files.Scenarios.ReadBuiltIn() with { Traffic = null, Security = null, Provisioning = null, Evacuation = null, Delegation = null }).Plan;
        var journey = plan.Journey;
        var rng = new Random(7);
        var length = journey.Corridor.Path.Length.Meters;
        var kinds = new[] { SiteKind.Bridge, SiteKind.Tunnel, SiteKind.LevelCrossing };
        var extra = Enumerable.Range(0, 500 - journey.Corridor.Places.Count)
            .Select(i => new SweepSite($"site {i}", kinds[i % 3], Position.FromMeters(rng.NextDouble() * (length - 2000)), Duration.FromMinutes(10 + rng.Next(30)), rng.Next(10) == 0))
            .ToArray();
        var times = new Dictionary<SiteKind, Duration> { [SiteKind.Station] = Duration.FromMinutes(30), [SiteKind.PassingLoop] = Duration.FromMinutes(15) };
        sites = SweepPlanner.SitesOf(journey.Corridor, times, extra);
        force = new SecurityForce(1000, 5, ["Pyongyang", "Hamhung", "Kimchaek", "Chongjin", "Rajin", "Khasan", "Baranovsky", "Ussuriysk"],
            Duration.FromHours(3), Duration.FromMinutes(30), Speed.FromKilometersPerHour(50));
        var r = SweepPlanner.Plan(plan, sites, force);
        var ride = SweepPlanner.Plan(plan, sites, force with { RidePilot = true });
        Console.WriteLine($"// sweeps riding the pilot: {ride.TeamsUsed} teams used, gap {ride.OptimalityGap:P1}, uncovered {ride.Uncovered.Count}, {ride.Teams.SelectMany(t => t.Assignments).Count(a => a.Via is not null)} rides");
        Console.WriteLine($"// sweeps: {sites.Count} sites, {r.TeamsUsed} teams used of {r.TeamsAvailable}, lower bound {r.LowerBound}, gap {r.OptimalityGap:P1}, uncovered {r.Uncovered.Count}, utilisation {r.Utilisation:P0}");
    }

    [Benchmark(Baseline = true)]
    public int Assign() => SweepPlanner.Plan(plan, sites, force).TeamsUsed;

    /// <summary>The same with teams allowed to ride the pilot train between its halts (more candidate routes per team).</summary>
    [Benchmark]
    public int AssignRidingPilot() => SweepPlanner.Plan(plan, sites, force with { RidePilot = true }).TeamsUsed;
}
