using Fortress.Conflicts;
using CsCheck;
using Fortress.Simulation;
using Fortress.Units;
using static Fortress.Tests.Simulation.SimLines;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Simulation;

/// <summary>
/// Invariants of every simulation, on random lines (single and double track, places of one to three tracks), random
/// trains both ways with stops, and random holds, late starts and longer stops (CsCheck).
/// </summary>
public class SimulationPropertyTests
{
    internal sealed record Case(SimInfrastructure Line, SimTrain[] Trains, Disturbance[] Disturbances, SignalAspects Aspects)
    {
        public override string ToString() =>
            $"{Line.Places.Count} places at {string.Join(", ", Line.Places.Select(p => $"{p.Position.Meters / 1000:0.#} km ({p.Tracks})"))}; "
            + $"{Trains.Length} trains: {string.Join("; ", Trains.Select(t => $"{t.Id} {t.StartPosition.Meters / 1000:0.#}->{t.EndPosition.Meters / 1000:0.#} at {t.Stops[0].PlannedDeparture}"))}; "
            + $"disturbances: {string.Join("; ", Disturbances)}; {Aspects}";
    }

    private static readonly Gen<Case> Cases =
        Gen.Select(Gen.Int[2, 4], Gen.Int[1, 6], Gen.Bool)
            .SelectMany((stretches, trains, three) =>
                Gen.Select(Gen.Double[6, 18].Array[stretches], Gen.Bool.Array[stretches], Gen.Int[1, 3].Array[stretches + 1],
                        Gen.Select(Gen.Int[0, stretches], Gen.Int[0, stretches], Gen.Int[0, 90], Gen.Int[50, 140], Gen.Int[0, 180], Gen.Bool).Array[trains],
                        Gen.Select(Gen.Int[0, 3], Gen.Int[0, trains - 1], Gen.Double[0.05, 0.95], Gen.Int[0, 15]).Array[0, 3])
                    .Select((gaps, single, tracks, ts, ds) =>
                    {
                        var km = new double[stretches + 1];
                        for (var i = 0; i < stretches; i++) km[i + 1] = Math.Round(km[i] + gaps[i], 1);
                        var line = Line(km, single, tracksAt: tracks);
                        var list = new List<SimTrain>();
                        for (var i = 0; i < ts.Length; i++)
                        {
                            var (a, b, minutes, kmh, dwell, stopping) = ts[i];
                            if (a == b) b = a == 0 ? stretches : 0;
                            var between = Enumerable.Range(Math.Min(a, b) + 1, Math.Max(0, Math.Abs(b - a) - 1)).Select(p => (km[p], (double)dwell)).ToArray();
                            list.Add(Train($"T{i}", km[a], km[b], T0 + NodaTime.Duration.FromMinutes(minutes), kmh, stopping ? between : null));
                        }
                        var dist = new List<Disturbance>();
                        foreach (var (kind, who, where, minutes) in ds)
                        {
                            var t = list[who % list.Count];
                            switch (kind)
                            {
                                case 0:
                                    var x = t.StartPosition.Meters + (t.EndPosition.Meters - t.StartPosition.Meters) * where;
                                    dist.Add(new UnplannedHold(t.Id, Position.FromMeters(Math.Round(x)), Duration.FromMinutes(minutes)));
                                    break;
                                case 1:
                                    dist.Add(new LateDeparture(t.Id, Duration.FromMinutes(minutes)));
                                    break;
                                case 2 when t.Stops.Count > 2:
                                    dist.Add(new DwellExtension(t.Id, 1, Duration.FromMinutes(minutes)));
                                    break;
                                default:
                                    dist.Add(new PerformanceChange(t.Id, 1 - where / 10, 1 - where / 10));
                                    break;
                            }
                        }
                        return new Case(line, list.ToArray(), dist.ToArray(), three ? SignalAspects.Three : SignalAspects.Two);
                    }));

    private static SimulationResult Simulate(Case c) =>
        SimulationModel.Compile(new SimulationInput(c.Line, Signalling.Default with { Aspects = c.Aspects }, c.Trains))
            .Run(c.Disturbances, SimulationOptions.Default with { ResourceUses = true });

    [Fact]
    public void Simulate_NeverTwoTrainsInOneBlock_NorMoreThanItsTracksAtAPlace_NorOpposingTrainsInOneSection()
    {
        Cases.Sample(c =>
        {
            var r = Simulate(c);
            var blocks = c.Line.Blocks.ToDictionary(b => b.Id);
            foreach (var g in r.ResourceUses.GroupBy(u => u.Resource))
            {
                var uses = g.OrderBy(u => u.Granted).ToArray();
                if (blocks.ContainsKey(g.Key))
                {
                    for (var i = 1; i < uses.Length; i++)
                        uses[i].Granted.ShouldBeGreaterThanOrEqualTo(uses[i - 1].Released - 1e-9, $"{g.Key}: {uses[i].Train} let in while {uses[i - 1].Train} holds it");
                }
                else
                {
                    var tracks = c.Line.Places.Single(p => p.Name == g.Key).Tracks;
                    foreach (var u in uses) uses.Count(o => o.Granted <= u.Granted + 1e-9 && o.Released > u.Granted + 1e-9).ShouldBeLessThanOrEqualTo(tracks, $"{g.Key} at {u.Granted}");
                }
            }
            foreach (var section in c.Line.Blocks.Where(b => b.Section is not null).GroupBy(b => b.Section))
            {
                var ids = section.Select(b => b.Id).ToHashSet();
                var uses = r.ResourceUses.Where(u => ids.Contains(u.Resource)).ToArray();
                foreach (var a in uses)
                    foreach (var b in uses.Where(b => b.Forward != a.Forward))
                        (a.Released <= b.Granted + 1e-9 || b.Released <= a.Granted + 1e-9).ShouldBeTrue($"section {section.Key}: {a.Train} and {b.Train} in opposite directions at once");
            }
        }, iter: 60, print: c => c.ToString());
    }

    [Fact]
    public void Simulate_TrainNeverPassesARed()
    {
        Cases.Sample(c =>
        {
            var r = Simulate(c);
            foreach (var u in r.ResourceUses)
                if (u.FrontIn is { } front) front.ShouldBeGreaterThanOrEqualTo(u.Set - 1e-6, $"{u.Train} entered {u.Resource} at {front:0.###} s, its route set at {u.Set:0.###} s");
            // A train that never finished stands short of a signal: it holds nothing it has not been given.
            foreach (var t in r.Trains.Where(t => !t.Finished)) t.Stops[^1].SimulatedArrival.ShouldBeNull();
        }, iter: 60, print: c => c.ToString());
    }

    [Fact]
    public void Simulate_DelaysNeverNegative()
    {
        Cases.Sample(c =>
        {
            var r = Simulate(c);
            foreach (var t in r.Trains)
                foreach (var s in t.Stops)
                {
                    if (s.SimulatedArrival is { } a) (a - s.PlannedArrival!.Value).TotalSeconds.ShouldBeGreaterThanOrEqualTo(-1e-6, $"{t.Id} at {s.Place}");
                    if (s.SimulatedDeparture is { } d) (d - s.PlannedDeparture!.Value).TotalSeconds.ShouldBeGreaterThanOrEqualTo(-1e-6, $"{t.Id} from {s.Place}");
                }
        }, iter: 60, print: c => c.ToString());
    }

    [Fact]
    public void Simulate_UnhinderedTrain_ReproducesItsEnvelope()
    {
        Cases.Sample(c =>
        {
            var r = Simulate(c);
            var disturbed = c.Disturbances.Select(d => d.Train).ToHashSet();
            foreach (var t in r.Trains.Where(t => t.Finished && t.RestrictiveAspects.Count == 0 && !disturbed.Contains(t.Id)))
                foreach (var s in t.Stops)
                {
                    if (s.SimulatedArrival is { } a) (a - s.PlannedArrival!.Value).TotalSeconds.ShouldBe(0, 1, $"{t.Id} at {s.Place}");
                    if (s.SimulatedDeparture is { } d) (d - s.PlannedDeparture!.Value).TotalSeconds.ShouldBe(0, 1, $"{t.Id} from {s.Place}");
                }
        }, iter: 60, print: c => c.ToString());
    }
}
