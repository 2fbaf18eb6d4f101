using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Fortress.Clearance;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Units;
using Duration = Fortress.Units.Duration;

namespace Fortress.Benchmarks;

/// <summary>
/// Issue 14: the clearance optimiser on the 5,000-train / 2,000 km case of <see cref="SlotSearchBenchmarks"/> (the convoy
/// leaving at the window's start, 06:00), against the greedy dispatcher in the same run: time to the first feasible plan,
/// and the gap after 10 s and 60 s (printed in the set-up, one run each); and the sweep roster on 500 sites and 1,000
/// agents, the gap after 5 s, against the greedy roster. Each call solves afresh (no answer cache).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class OptimisationBenchmarks
{
    private ClearanceProblem problem = null!;
    private ConvoyPlan sweepPlan = null!;
    private IReadOnlyList<SweepSite> sites = null!;
    private SecurityForce force = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = SlotScenario.Generate();
        var journey = scenario.Journey with { DepartureWindowEnd = null };
        var plan = ConvoyPlanner.Plan(journey);
        var context = scenario.Context();
        var traffic = context.Traffic;
        problem = ClearanceProblem.Of(plan, traffic, context.Blocks);
        var sw = Stopwatch.StartNew();
        var greedy = ClearanceSolvers.Greedy.Solve(problem, ClearanceSettings.Default);
        Console.WriteLine($"// clearance: {traffic.Count} trains, {greedy.ConflictsBefore.Count} conflicts with the convoy; greedy {sw.Elapsed.TotalSeconds:0.0} s: "
            + $"{greedy.TrainsHeld} held, {greedy.Cancelled.Count} cancelled, objective {greedy.Quality!.Objective:0}, bound {greedy.Quality.Bound:0}, {greedy.Quality.Describe()}");
        foreach (var limit in new[] { 10, 60 })
        {
            sw.Restart();
            var r = ClearanceOptimizer.Solve(problem, ClearanceSettings.Default with { TimeLimit = TimeSpan.FromSeconds(limit) }, cache: false);
            Console.WriteLine($"// clearance, {limit} s: {sw.Elapsed.TotalSeconds:0.0} s, first feasible at {r.Quality!.FirstFeasible?.TotalSeconds:0.0} s, "
                + $"objective {r.Quality.Objective:0} (greedy {greedy.Quality.Objective:0}, ratio {r.Quality.Objective / greedy.Quality.Objective:0.00}), bound {r.Quality.Bound:0}, "
                + $"gap {r.Quality.GapPercent:0.0} %, {r.Quality.MethodName}, {r.TrainsHeld} held, {r.Cancelled.Count} cancelled, {r.KnockOnConflicts} knock-on, {r.ConflictsAfter.Count} left");
        }

        sweepPlan = Fortress.Application.PlanPipeline.Default.Run(Fortress.IO.Files.Scenarios.ReadBuiltIn() with { Traffic = null, Security = null, Provisioning = null, Evacuation = null, Delegation = null }).Plan;
        var flagship = sweepPlan.Journey;
        var rng = new Random(7);
        var length = flagship.Corridor.Path.Length.Meters;
        var kinds = new[] { SiteKind.Bridge, SiteKind.Tunnel, SiteKind.LevelCrossing };
        var extra = Enumerable.Range(0, 500 - flagship.Corridor.Places.Count)
            .Select(i => new SweepSite($"site {i}", kinds[i % 3], Position.FromMeters(rng.NextDouble() * (length - 2000)), Duration.FromMinutes(10 + rng.Next(30)), rng.Next(10) == 0))
            .ToArray();
        var times = new Dictionary<SiteKind, Duration> { [SiteKind.Station] = Duration.FromMinutes(30), [SiteKind.PassingLoop] = Duration.FromMinutes(15) };
        sites = SweepPlanner.SitesOf(flagship.Corridor, times, extra);
        force = new SecurityForce(1000, 5, ["Pyongyang", "Hamhung", "Kimchaek", "Chongjin", "Rajin", "Khasan", "Baranovsky", "Ussuriysk"],
            Duration.FromHours(3), Duration.FromMinutes(30), Speed.FromKilometersPerHour(50));
        var g = SweepPlanner.Plan(sweepPlan, sites, force);
        var o = SweepOptimizer.Plan(sweepPlan, sites, force, new SweepOptions(TimeSpan.FromSeconds(5)), cache: false);
        Console.WriteLine($"// sweeps: {sites.Count} sites; greedy {g.TeamsUsed} teams (bound {g.LowerBound}); optimiser 5 s: {o.TeamsUsed} teams, bound {o.LowerBound}, "
            + $"gap {o.Quality!.GapPercent:0.0} %, {o.Quality.MethodName}, {o.TravelHours:0} h on the road");
    }

    /// <summary>The greedy dispatcher (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public double ClearanceGreedy() => ClearanceSolvers.Greedy.Solve(problem, ClearanceSettings.Default).Quality!.Objective;

    /// <summary>The optimiser with its default 10 s limit.</summary>
    [Benchmark]
    public double ClearanceOptimal10s() => ClearanceOptimizer.Solve(problem, ClearanceSettings.Default, cache: false).Quality!.Objective;

    /// <summary>The greedy roster on 500 sites.</summary>
    [Benchmark]
    public int SweepGreedy() => SweepPlanner.Plan(sweepPlan, sites, force).TeamsUsed;

    /// <summary>The roster optimiser on 500 sites with a 5 s limit.</summary>
    [Benchmark]
    public int SweepOptimal5s() => SweepOptimizer.Plan(sweepPlan, sites, force, new SweepOptions(TimeSpan.FromSeconds(5)), cache: false).TeamsUsed;
}
