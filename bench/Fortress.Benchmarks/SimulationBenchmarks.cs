using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Simulation;

namespace Fortress.Benchmarks;

/// <summary>
/// The multi-train simulation of the built-in state visit (the convoy and its regular traffic over two days, issue 12)
/// against the time to plan it from scratch (reading the scenario, generating and placing the traffic, timing the
/// convoy, clearing the line, sweeps and logistics), measured in the same run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class SimulationBenchmarks
{
    /// <summary>The pipeline without its simulation stage: what "planning" costs, the baseline.</summary>
    internal static readonly Fortress.Application.PlanPipeline Planning =
        new(Fortress.Application.PlanPipeline.Default.Stages.Where(s => s is not Fortress.Application.SimulationStage).ToArray());

    internal static Fortress.Application.PlanState PlanOf(Fortress.Application.Scenario s) => Planning.Run(s);

    internal static SimulationInput InputOf(Fortress.Application.PlanState s) => PlanSimulationInput.From(s.Plan, s.Traffic?.Blocks, s.Clearance);

    private Fortress.Application.PlanState plan = null!;
    private SimulationModel model = null!;

    [GlobalSetup]
    public void Setup()
    {
        plan = PlanOf(Fortress.IO.Files.Scenarios.ReadBuiltIn());
        model = SimulationModel.Compile(InputOf(plan));
        var r = model.Run();
        Console.WriteLine($"// {model.Trains.Count} trains ({model.Trains.Count(t => t.IsConvoy)} convoy), {model.Input.Infrastructure.Blocks.Count} blocks, "
            + $"{model.Input.Infrastructure.Places.Count} places; simulated span "
            + $"{(r.Trains.Max(t => t.Samples.Count > 0 ? t.Samples[^1].Seconds : 0)) / 3600:0.0} h, {r.Summary.ConvoyRestrictiveAspects} convoy restrictive aspects");
    }

    /// <summary>The plan of the state visit, from the scenario text to the cleared plan (traffic generated and placed).</summary>
    [Benchmark(Baseline = true)]
    public ConvoyPlan Plan() => SimulationBenchmarks.PlanOf(Fortress.IO.Files.Scenarios.ReadBuiltIn()).Plan;

    /// <summary>One simulation of that plan as the command runs it: the input built from the plan, compiled, run with samples every 10 s.</summary>
    [Benchmark]
    public SimulationResult Simulate() => SimulationModel.Compile(InputOf(plan)).Run();

    /// <summary>One run of the compiled simulation without samples: what each Monte-Carlo run costs.</summary>
    [Benchmark]
    public SimulationResult RunCompiled() => model.Run(null, new SimulationOptions(Samples: false));
}

/// <summary>
/// 1,000 Monte-Carlo runs of the state visit on both cores (target under 60 s), against planning it once, measured in the
/// same run. Monitoring strategy: the study takes tens of seconds per invocation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MonteCarloBenchmarks
{
    private SimulationModel model = null!;

    [GlobalSetup]
    public void Setup() => model = SimulationModel.Compile(SimulationBenchmarks.InputOf(SimulationBenchmarks.PlanOf(Fortress.IO.Files.Scenarios.ReadBuiltIn())));

    /// <summary>The plan of the state visit from scratch.</summary>
    [Benchmark(Baseline = true)]
    public ConvoyPlan Plan() => SimulationBenchmarks.PlanOf(Fortress.IO.Files.Scenarios.ReadBuiltIn()).Plan;

    /// <summary>1,000 Monte-Carlo runs with drawn delays, on every core.</summary>
    [Benchmark]
    public MonteCarloResult MonteCarlo1000() => MonteCarlo.Run(model, 1000, 1);
}

/// <summary>
/// The Fortress half of the peer comparison with SUMO (bench/sumo/compare.sh): plans a scenario, then times its
/// simulation and prints simulated seconds per wall second, and the trains it ran (direction, departure) for SUMO to
/// run the same ones. <c>dotnet run -c Release --project bench/Fortress.Benchmarks -- simulate-peer SCENARIO TRAINS.csv [REPEATS]</c>.
/// </summary>
public static class PeerTiming
{
    public static int Run(string[] args)
    {
        if (args.Length < 3) { Console.Error.WriteLine("usage: simulate-peer SCENARIO TRAINS.csv [REPEATS]"); return 2; }
        var repeats = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var sw = Stopwatch.StartNew();
        var state = SimulationBenchmarks.PlanOf(Fortress.IO.Files.Scenarios.ReadFile(args[1]));
        var plan = state.Plan;
        var planned = sw.Elapsed.TotalSeconds;
        var input = SimulationBenchmarks.InputOf(state);
        // Warm-up (JIT), then the best and the median of the timed runs: compile + run, as the command does.
        SimulationModel.Compile(input).Run();
        var times = new List<double>();
        SimulationResult? result = null;
        for (var i = 0; i < repeats; i++)
        {
            sw.Restart();
            result = SimulationModel.Compile(input).Run(null, new SimulationOptions(Samples: false));
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        var r = result!;
        var model = SimulationModel.Compile(input);
        var first = model.Trains.Min(t => t.Stops[0].PlannedDeparture!.Value);
        var last = r.Trains.Where(t => t.Stops[^1].SimulatedArrival is not null).Max(t => t.Stops[^1].SimulatedArrival!.Value);
        var span = (last - first).TotalSeconds;
        var median = times[times.Count / 2];
        using (var w = new StreamWriter(args[2]))
        {
            // Seconds from the first departure, so SUMO starts its clock there too.
            w.WriteLine("id,forward,departureSeconds,plannedArrivalSeconds,lengthMeters");
            foreach (var t in model.Trains)
                w.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{t.Id},{(t.Forward ? 1 : 0)},{(t.Stops[0].PlannedDeparture!.Value - first).TotalSeconds:0},{(t.Stops[^1].PlannedArrival!.Value - first).TotalSeconds:0},{t.Legs[0].Consist.Length.Meters:0}"));
        }
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"fortress: {model.Trains.Count} trains, {model.Input.Infrastructure.Blocks.Count} blocks, corridor {model.Input.Infrastructure.Length.Meters / 1000:0.0} km; planned in {planned:0.0} s; "
            + $"simulation (compile + run) median {median * 1000:0.0} ms, best {times[0] * 1000:0.0} ms over {repeats}; simulated span {span:0} s; "
            + $"{span / median:0} simulated seconds per wall second; {r.Deadlocks.Count} deadlock(s), {r.Summary.RegularTrainsDelayed} trains delayed"));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"FORTRESS_RATE {span / median:0}"));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"FORTRESS_SPAN {span:0}"));
        return 0;
    }
}
