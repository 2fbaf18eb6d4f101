using BenchmarkDotNet.Attributes;
using Fortress.Conflicts;
using Fortress.Units;
using NodaTime;

namespace Fortress.Benchmarks;

/// <summary>
/// Conflict detection for 5,000 regular trains on a generated 2,000 km network (issue 4; target under 200 ms):
/// 20 lines of 100 km cut into blocks of 1-2 km, 16 double track and 4 single track. Each train runs on one line,
/// in either direction, over 20-100 km, at a constant 20-45 m/s, 100-400 m long, departing at a random time of the
/// day. Blocking times are computed once in the setup (and measured on their own); the sweep detector and the naive
/// pairwise check run on the same occupations in the same run.
/// </summary>
[MemoryDiagnoser]
public class ConflictBenchmarks
{
    private ConflictScenario scenario = null!;
    private BlockOccupation[] occupations = null!;

    [Params(5_000)]
    public int Trains { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        scenario = ConflictScenario.Generate(Trains, seed: 42);
        occupations = scenario.Occupations();
        var conflicts = ConflictDetector.Detect(occupations).Count;
        Console.WriteLine($"// {Trains} trains, {scenario.Blocks} blocks, {occupations.Length} occupations, {conflicts} conflicts");
    }

    [Benchmark]
    public int BlockingTimes() => scenario.Occupations().Length;

    [Benchmark(Baseline = true)]
    public int Naive() => NaiveConflictDetector.Detect(occupations).Count;

    [Benchmark]
    public int Sweep() => ConflictDetector.Detect(occupations).Count;
}

/// <summary>The generated network and trains of <see cref="ConflictBenchmarks"/>.</summary>
public sealed class ConflictScenario
{
    private sealed record TrainRun(string Id, TrainMovement Movement, Length Length, BlockSection[] Blocks, Instant Departure);

    private readonly TrainRun[] runs;

    private ConflictScenario(TrainRun[] runs, int blocks)
    {
        this.runs = runs;
        Blocks = blocks;
    }

    public int Blocks { get; }

    public const int Lines = 20;
    public const double LineMeters = 100_000;

    public static ConflictScenario Generate(int trains, int seed)
    {
        var rng = new Random(seed);
        // Block boundaries of each line, in line kilometres.
        var lines = new List<double[]>();
        for (var l = 0; l < Lines; l++)
        {
            var b = new List<double> { 0 };
            while (b[^1] < LineMeters)
            {
                var next = b[^1] + 1000 + rng.NextDouble() * 1000;
                b.Add(LineMeters - next < 500 ? LineMeters : next);
            }
            lines.Add([.. b]);
        }
        var day = Instant.FromUtc(2026, 11, 23, 0, 0);
        var runs = new TrainRun[trains];
        for (var t = 0; t < trains; t++)
        {
            var line = rng.Next(Lines);
            var single = line >= 16;
            var bounds = lines[line];
            var nBlocks = bounds.Length - 1;
            var count = Math.Min(nBlocks, 15 + rng.Next(nBlocks - 14));
            var first = rng.Next(nBlocks - count + 1);
            var reverse = rng.Next(2) == 1;
            var blocks = new BlockSection[count];
            var from = bounds[first];
            var to = bounds[first + count];
            for (var i = 0; i < count; i++)
            {
                // Forward: blocks first..first+count-1 from line km "from"; reverse: from line km "to" downwards.
                var k = reverse ? first + count - 1 - i : first + i;
                var (a, b) = reverse ? (to - bounds[k + 1], to - bounds[k]) : (bounds[k] - from, bounds[k + 1] - from);
                blocks[i] = new BlockSection($"L{line}B{k}", $"L{line}B{k}", Position.FromMeters(a), Position.FromMeters(b),
                    reverse ? TravelDirection.Reverse : TravelDirection.Forward, single);
            }
            var movement = TrainMovement.Constant(Position.Origin, Position.FromMeters(to - from), Speed.FromMetersPerSecond(20 + rng.NextDouble() * 25));
            runs[t] = new TrainRun($"T{t:0000}", movement, Length.FromMeters(100 + rng.NextDouble() * 300), blocks,
                day + NodaTime.Duration.FromSeconds(rng.Next(86_400)));
        }
        return new ConflictScenario(runs, lines.Sum(b => b.Length - 1));
    }

    public BlockOccupation[] Occupations()
    {
        var all = new List<BlockOccupation>(runs.Length * 60);
        foreach (var r in runs) all.AddRange(BlockingTimeCalculator.Compute(r.Id, r.Movement, r.Length, r.Blocks, r.Departure));
        return [.. all];
    }
}
