using BenchmarkDotNet.Attributes;
using Fortress.IO;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Benchmarks;

/// <summary>
/// The running-time calculation on a long synthetic path with a change of speed limit or gradient every 300 m
/// (issue 2: 9,300 km, the length of the Trans-Siberian, for the 21-car armoured state train). Linear scaling is
/// shown by the 100 km and 1,000 km cases measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class RunningTimeBenchmarks
{
    private Consist train = null!;
    private RunningPath path = null!;

    [Params(100, 1_000, 9_300)]
    public int Kilometers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        train = Fortress.IO.Files.RunInputs.Load(null, null).Consist; // the built-in 21-car state train
        path = Synthetic(Kilometers * 1000.0, seed: 42);
    }

    [Benchmark]
    public double Run() => RunningTimeCalculator.Run(train, path).TotalTime.Seconds;

    /// <summary>Every 300 m either the limit (40-120 km/h) or the gradient (±8 ‰) changes; a stop every 100 km.</summary>
    public static RunningPath Synthetic(double meters, int seed)
    {
        var rng = new Random(seed);
        var speeds = new List<SpeedSection>();
        var grads = new List<GradientSection>();
        var stops = new List<RunStop>();
        var limit = 80.0;
        var grade = 0.0;
        speeds.Add(new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(limit)));
        grads.Add(new GradientSection(Position.Origin, Gradient.Level));
        for (var x = 300.0; x < meters; x += 300)
        {
            if (rng.Next(2) == 0)
            {
                limit = 40 + 10 * rng.Next(9);
                speeds.Add(new SpeedSection(Position.FromMeters(x), Speed.FromKilometersPerHour(limit)));
            }
            else
            {
                grade = Math.Round(rng.NextDouble() * 16 - 8, 1);
                grads.Add(new GradientSection(Position.FromMeters(x), Gradient.FromPerMille(grade)));
            }
            if (x % 100_000 == 0) stops.Add(new RunStop($"Stop {x / 1000:0}", Position.FromMeters(x + 150), Duration.FromMinutes(5)));
        }
        stops.Add(new RunStop("End", Position.FromMeters(meters), Duration.Zero));
        return RunningPath.Create($"synthetic {meters / 1000:0} km", Length.FromMeters(meters), speeds, grads, stops: stops);
    }
}
