using Fortress.Conflicts;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Simulation;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Simulation;

/// <summary>Straight lines and trains on them, built in code for the simulation's tests.</summary>
internal static class SimLines
{
    public static readonly Instant T0 = Instant.FromUtc(2024, 5, 1, 6, 0);

    /// <summary>
    /// Places at the given kilometres (the first at 0), each with a station zone of <paramref name="zone"/> metres each side
    /// and <paramref name="tracks"/> tracks; between two places single track (one block, or cut every
    /// <paramref name="singleBlockKm"/>) or double track (blocks of <paramref name="blockKm"/> per direction).
    /// </summary>
    public static SimInfrastructure Line(double[] placesKm, bool[] single, double blockKm = 2, int tracks = 2, double zone = 750, double? singleBlockKm = null,
        int[]? tracksAt = null)
    {
        var blocks = new List<SimBlock>();
        var places = new List<SimPlace>();
        var end = placesKm[^1] * 1000;
        for (var i = 0; i < placesKm.Length; i++)
        {
            var x = placesKm[i] * 1000;
            places.Add(new SimPlace($"P{i}", Position.FromMeters(x), Position.FromMeters(Math.Max(0, x - zone)), Position.FromMeters(Math.Min(end, x + zone)),
                tracksAt?[i] ?? tracks, DateTimeZone.Utc));
        }
        for (var i = 0; i + 1 < placesKm.Length; i++)
        {
            var a = placesKm[i] * 1000 + zone;
            var b = placesKm[i + 1] * 1000 - zone;
            if (single[i])
            {
                var n = singleBlockKm is { } sk ? Math.Max(1, (int)Math.Round((b - a) / (sk * 1000))) : 1;
                for (var k = 0; k < n; k++)
                    blocks.Add(new SimBlock($"S{i}.{k}", Position.FromMeters(a + (b - a) * k / n), Position.FromMeters(a + (b - a) * (k + 1) / n), BlockUse.BothDirections, $"S{i}"));
            }
            else
            {
                var n = Math.Max(1, (int)Math.Round((b - a) / (blockKm * 1000)));
                for (var k = 0; k < n; k++)
                {
                    blocks.Add(new SimBlock($"D{i}.{k}:F", Position.FromMeters(a + (b - a) * k / n), Position.FromMeters(a + (b - a) * (k + 1) / n), BlockUse.Forward));
                    blocks.Add(new SimBlock($"D{i}.{k}:R", Position.FromMeters(a + (b - a) * k / n), Position.FromMeters(a + (b - a) * (k + 1) / n), BlockUse.Reverse));
                }
            }
        }
        return new SimInfrastructure(Length.FromMeters(end), blocks, places);
    }

    /// <summary>
    /// A train from one kilometre to another on a level path at <paramref name="kmh"/>, leaving at
    /// <paramref name="departure"/>, standing at each of <paramref name="stops"/> (kilometre, dwell seconds) on its way.
    /// </summary>
    public static SimTrain Train(string id, double fromKm, double toKm, Instant departure, double kmh = 100, (double Km, double Dwell)[]? stops = null,
        Consist? consist = null, SimulationRole role = SimulationRole.Regular, string? follows = null, Duration? headway = null, double gradient = 0)
    {
        consist ??= TestTrains.Train(8);
        var forward = toKm > fromKm;
        var length = Math.Abs(toKm - fromKm) * 1000;
        var along = (stops ?? []).Select(s => (At: Math.Abs(s.Km - fromKm) * 1000, s.Dwell)).OrderBy(s => s.At).ToArray();
        var runStops = along.Select((s, i) => new RunStop($"stop{i}", Position.FromMeters(s.At), Duration.FromSeconds(s.Dwell)))
            .Append(new RunStop("end", Position.FromMeters(length), Duration.Zero)).ToArray();
        var path = RunningPath.Create("line", Length.FromMeters(length), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(kmh))],
            gradients: [new GradientSection(Position.Origin, Gradient.FromPerMille(forward ? gradient : -gradient))], stops: runStops);
        var run = RunningTimeCalculator.Run(consist, path);
        var origin = Position.FromKilometers(fromKm);
        var bounds = new[] { 0.0 }.Concat(along.Select(s => s.At)).Append(length).ToArray();
        var legs = new List<SimLeg>();
        for (var k = 0; k + 1 < bounds.Length; k++)
            legs.Add(new SimLeg(consist, path, RunOptions.Default, run, origin, Length.FromMeters(bounds[k]), Length.FromMeters(bounds[k + 1])));
        var simStops = new List<SimStop> { new("origin", origin, DateTimeZone.Utc, null, departure, Duration.Zero) };
        for (var k = 0; k < along.Length; k++)
        {
            var st = run.Stops[k];
            simStops.Add(new SimStop($"stop{k}", Position.FromKilometers(fromKm + (forward ? 1 : -1) * along[k].At / 1000), DateTimeZone.Utc,
                departure + NodaTime.Duration.FromSeconds(st.Arrival.Seconds), departure + NodaTime.Duration.FromSeconds(st.Departure.Seconds), st.Dwell));
        }
        simStops.Add(new SimStop("end", Position.FromKilometers(toKm), DateTimeZone.Utc, departure + NodaTime.Duration.FromSeconds(run.TotalTime.Seconds), null, Duration.Zero));
        return new SimTrain(id, id, role, forward, legs, simStops, follows, headway);
    }

    /// <summary>The blocking times of a train alone on the line (the plan's model), with the blocks it meets in its own positions.</summary>
    public static IReadOnlyList<BlockOccupation> Blocking(SimInfrastructure line, SimTrain t, BlockingParameters? p = null)
    {
        var run = t.Legs[0].PlannedRun;
        var x0 = t.StartPosition.Meters;
        var dir = t.Forward ? 1 : -1;
        var end = run.Distance.Meters;
        var sections = line.Blocks.Where(b => b.Use == BlockUse.BothDirections || (b.Use == BlockUse.Forward) == t.Forward)
            .Select(b => (Id: b.Id, A: dir * (b.Start.Meters - x0), B: dir * (b.End.Meters - x0)))
            .Select(b => (b.Id, Start: Math.Min(b.A, b.B), End: Math.Max(b.A, b.B)))
            .Where(b => b.Start >= 0 && b.End <= end)
            .OrderBy(b => b.Start)
            .Select(b => new BlockSection(b.Id, b.Id, Position.FromMeters(b.Start), Position.FromMeters(b.End), t.Forward ? TravelDirection.Forward : TravelDirection.Reverse, false))
            .ToArray();
        return BlockingTimeCalculator.Compute(t.Id, TrainMovement.FromRun(run), t.Legs[0].Consist.Length, sections, t.Stops[0].PlannedDeparture!.Value, p);
    }
}
