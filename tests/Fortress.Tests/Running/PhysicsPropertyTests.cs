using CsCheck;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Tests.Running;

/// <summary>Invariants of every envelope, on random trains and random paths (CsCheck).</summary>
public class PhysicsPropertyTests
{
    internal sealed record Case(Consist Consist, RunningPath Path, GradientModel Model);

    internal static readonly Gen<Consist> Consists =
        Gen.Select(Gen.Int[1, 25], Gen.Double[40, 90], Gen.Double[0, 25], Gen.Double[2000, 9000], Gen.Double[200, 450], Gen.Int[1, 2], Gen.Double[0.25, 0.9])
            .Select((coaches, tonnes, armour, kw, kn, locos, decel) => Consist.Create("random",
                [.. Enumerable.Range(0, locos).Select(_ => TestTrains.Locomotive(startingKn: kn, powerKw: kw)),
                 .. Enumerable.Range(0, coaches).Select(i => TestTrains.Coach($"c{i}", tonnes, armour))],
                decelerationOverride: Acceleration.FromMetersPerSecondSquared(decel)));

    internal static readonly Gen<RunningPath> Paths =
        Gen.Select(Gen.Int[2, 12], Gen.Int[0, 3], Gen.Int[0, 2])
            .SelectMany((nSpeed, nStops, nCurves) =>
                Gen.Select(Gen.Double[30, 160].Array[nSpeed], Gen.Double[-12, 12].Array[nSpeed], Gen.Double[300, 3000].Array[nSpeed], Gen.Double[0.1, 0.9].Array[nStops], Gen.Double[0, 300].Array[nStops], Gen.Double[250, 2000].Array[nCurves])
                .Select((limits, grads, lengths, stopFractions, dwells, radii) =>
                {
                    var starts = new double[nSpeed];
                    for (var i = 1; i < nSpeed; i++) starts[i] = starts[i - 1] + lengths[i - 1];
                    var total = starts[^1] + lengths[^1];
                    var speed = limits.Select((l, i) => new SpeedSection(Position.FromMeters(starts[i]), Speed.FromKilometersPerHour(l))).ToArray();
                    var grad = grads.Select((g, i) => new GradientSection(Position.FromMeters(starts[i]), Gradient.FromPerMille(g))).ToArray();
                    var curves = radii.Select((r, i) => new CurveSection(Position.FromMeters(starts[i] + 10), Position.FromMeters(starts[i] + Math.Min(lengths[i] - 10, 400)), Length.FromMeters(r))).ToArray();
                    var stopsAt = stopFractions.Select(f => Math.Round(f * total)).Distinct().Order().Where(x => x > 50 && x < total - 50).ToArray();
                    var stops = stopsAt.Select((x, i) => new RunStop($"S{i}", Position.FromMeters(x), Duration.FromSeconds(dwells[i]))).ToList();
                    stops.Add(new RunStop("End", Position.FromMeters(total), Duration.Zero));
                    return RunningPath.Create("random", Length.FromMeters(total), speed, grad, curves, stops);
                }));

    internal static readonly Gen<Case> Cases = Gen.Select(Consists, Paths, Gen.Bool)
        .Select((c, p, mp) => new Case(c, p, mp ? GradientModel.MassPoint : GradientModel.TrainLength));

    private static RunResult? RunOrStall(Case k)
    {
        try { return RunningTimeCalculator.Run(k.Consist, k.Path, RunOptions.Default with { GradientModel = k.Model }); }
        catch (Fortress.Diagnostics.InfeasibleException) { return null; } // a train that cannot climb is a valid answer
    }

    /// <summary>The most restrictive limit for the front at x, computed the slow obvious way.</summary>
    private static double LimitAt(RunningPath p, Consist c, double x)
    {
        var limit = c.MaxSpeed.MetersPerSecond;
        for (var i = 0; i < p.SpeedLimits.Count; i++)
        {
            var s = p.SpeedLimits[i].Start.Meters;
            var e = i + 1 < p.SpeedLimits.Count ? p.SpeedLimits[i + 1].Start.Meters : p.Length.Meters;
            if (s <= x && e > x - c.Length.Meters) limit = Math.Min(limit, p.SpeedLimits[i].Limit.MetersPerSecond);
        }
        return limit;
    }

    [Fact]
    public void Envelope_NeverExceedsMostRestrictiveLimit() =>
        Cases.Sample(k =>
        {
            var r = RunOrStall(k);
            if (r is null) return true;
            var env = r.Envelope;
            for (var i = 0; i < env.Count; i++)
            {
                var x = env.PositionAt(i).Meters;
                var v = env.SpeedAt(i).MetersPerSecond;
                // At a step the point belongs to both sides; check just inside each part that touches it.
                if (v > LimitAt(k.Path, k.Consist, Math.Min(x + 1e-6, k.Path.Length.Meters)) + 1e-6 && v > LimitAt(k.Path, k.Consist, x - 1e-6) + 1e-6) return false;
                if (i + 1 < env.Count)
                {
                    var mid = (x + env.PositionAt(i + 1).Meters) / 2;
                    if (env.SpeedAt(Position.FromMeters(mid)).MetersPerSecond > LimitAt(k.Path, k.Consist, mid) + 1e-6) return false;
                }
            }
            return true;
        }, iter: 150);

    [Fact]
    public void Envelope_ZeroSpeedAtEveryStop_TimeStrictlyIncreasing_EnergyNonNegative() =>
        Cases.Sample(k =>
        {
            var r = RunOrStall(k);
            if (r is null) return true;
            foreach (var s in r.Stops)
                r.Envelope.SpeedAt(s.Position).MetersPerSecond.ShouldBe(0, 1e-9, $"speed at stop {s.Name}");
            var samples = r.Samples.ToList();
            for (var i = 1; i < samples.Count; i++)
                if (samples[i].Position == samples[i - 1].Position) samples[i].Time.Seconds.ShouldBeGreaterThanOrEqualTo(samples[i - 1].Time.Seconds); // arrival, then departure
                else samples[i].Time.Seconds.ShouldBeGreaterThan(samples[i - 1].Time.Seconds, $"time at sample {i} ({samples[i].Position}, {samples[i].Phase}) after {samples[i - 1]}");
            r.TractionEnergy.Joules.ShouldBeGreaterThanOrEqualTo(0);
            r.Envelope.SpeedAt(0).MetersPerSecond.ShouldBe(0);
            return true;
        }, iter: 150);

    [Fact]
    public void Envelope_BrakingNeverHarderThanTrainCapability() =>
        Cases.Sample(k =>
        {
            var r = RunOrStall(k);
            if (r is null) return true;
            var b = k.Consist.Braking.Deceleration.MetersPerSecondSquared;
            var env = r.Envelope;
            for (var i = 0; i + 1 < env.Count; i++)
                if (env.PhaseAfter(i) == MotionPhase.Braking && -env.AccelerationOfPart(i).MetersPerSecondSquared > b * (1 + 1e-6)) return false;
            return true;
        }, iter: 150);

    [Fact]
    public void Envelope_AcceleratingNeverBeyondTractiveEffort() =>
        Cases.Sample(k =>
        {
            var r = RunOrStall(k);
            if (r is null) return true;
            var c = k.Consist;
            var env = r.Envelope;
            for (var i = 0; i + 1 < env.Count; i++)
            {
                if (env.PhaseAfter(i) != MotionPhase.Accelerating) continue;
                var v0 = env.SpeedAt(i).MetersPerSecond;
                // Upper bound of the achievable acceleration on the part: effort at its lower speed, no resistance, steepest downhill 12 ‰ + curves.
                var aMax = (c.TractiveEffort.At(Speed.FromMetersPerSecond(v0)).Newtons + c.Mass.Kilograms * 9.80665 * 12.0 / 1000) / (c.Mass.Kilograms * c.RotatingMassFactor);
                if (env.AccelerationOfPart(i).MetersPerSecondSquared > aMax * 1.001 + 1e-9) return false;
            }
            return true;
        }, iter: 100);
}
