using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Tests.Running;

/// <summary>Cases with closed-form answers.</summary>
public class AnalyticTests
{
    private static Consist ConstantForceTrain(double forceKn, double tonnes, double xi, double decel)
    {
        var loco = TestTrains.Locomotive(tonnes, resistance: DavisResistance.FromSi(0, 0, 0),
            effort: TractiveEffortCurve.FromPoints([(Speed.Zero, Force.FromKilonewtons(forceKn))])) with { RotatingMassFactor = xi, MaxSpeed = Speed.FromKilometersPerHour(650) }; // no vehicle limit in reach: the highest plausible speed
        return Consist.Create("constant force", [loco], decelerationOverride: Acceleration.FromMetersPerSecondSquared(decel));
    }

    [Fact]
    public void Run_ConstantForceFlat_AcceleratesUniformlyThenBrakes()
    {
        // a = F / (m ξ) = 200 kN / (100 t · 1.0) = 2 m/s²; b = 1 m/s²; d = 3000 m.
        var c = ConstantForceTrain(200, 100, 1.0, 1.0);
        var r = RunningTimeCalculator.Run(c, TestTrains.Flat(3000, 900));
        const double a = 2, b = 1, d = 3000;
        var x1 = d * b / (a + b);
        var vPeak = Math.Sqrt(2 * a * x1);
        r.TotalTime.Seconds.ShouldBe(vPeak / a + vPeak / b, 1e-3);
        r.Envelope.SpeedAt(Position.FromMeters(x1)).MetersPerSecond.ShouldBe(vPeak, 1e-3);
        // Energy: F · x1 (no resistance).
        r.TractionEnergy.Joules.ShouldBe(200_000 * x1, 200_000 * x1 * 1e-6);
    }

    [Theory]
    [InlineData(80, 0.5)]
    [InlineData(120, 0.375)]
    [InlineData(60, 0.225)]
    public void Run_BrakingDistance_IsVSquaredOverTwoB(double kmh, double b)
    {
        var c = ConstantForceTrain(300, 100, 1.0, b);
        var r = RunningTimeCalculator.Run(c, TestTrains.Flat(20_000, kmh));
        var v = kmh / 3.6;
        var brakeStart = r.Envelope.End.Meters - v * v / (2 * b);
        // Full line speed just before the braking curve, half the speed squared at its middle, standstill at the end.
        r.Envelope.SpeedAt(Position.FromMeters(brakeStart - 1)).MetersPerSecond.ShouldBe(v, 1e-6);
        r.Envelope.SpeedAt(Position.FromMeters(brakeStart + v * v / (4 * b))).MetersPerSecond.ShouldBe(v / Math.Sqrt(2), 1e-6);
        var part = r.Envelope.IndexOfPart(brakeStart + 1);
        r.Envelope.PhaseAfter(part).ShouldBe(MotionPhase.Braking);
        r.Envelope.PositionAt(part).Meters.ShouldBe(brakeStart, 1e-6);
    }

    [Fact]
    public void Run_LongUphill_SettlesWhereTractiveEffortEqualsResistance()
    {
        // Constant power P at the rim, constant resistance A, gradient i: equilibrium v* = P / (A + m g i / 1000).
        const double powerKw = 2000, grade = 10, aN = 10_000;
        var loco = TestTrains.Locomotive(90, resistance: DavisResistance.FromSi(aN, 0, 0),
            effort: TractiveEffortCurve.FromStartingForceAndPower(Force.FromKilonewtons(400), Power.FromKilowatts(powerKw), Speed.FromKilometersPerHour(200), points: 400))
            with { MaxSpeed = Speed.FromKilometersPerHour(200) };
        var wagons = Enumerable.Range(0, 10).Select(i => TestTrains.Coach($"w{i}", 71, resistance: DavisResistance.FromSi(0, 0, 0)));
        var c = Consist.Create("heavy", [loco, .. wagons]);
        var path = RunningPath.Create("uphill", Length.FromKilometers(60), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(120))],
            [new GradientSection(Position.Origin, Gradient.Level), new GradientSection(Position.FromKilometers(10), Gradient.FromPerMille(grade))]);
        var r = RunningTimeCalculator.Run(c, path);
        var vStar = powerKw * 1000 / (aN + c.Mass.Kilograms * 9.80665 * grade / 1000);
        var v = r.Envelope.SpeedAt(Position.FromKilometers(50)).MetersPerSecond;
        v.ShouldBe(vStar, vStar * 0.005);
        // Where the train labours up the hill, the envelope says so.
        r.Envelope.PhaseAfter(r.Envelope.IndexOfPart(15_000)).ShouldBeOneOf(MotionPhase.Climbing, MotionPhase.Accelerating);
    }

    [Fact]
    public void Run_LimitRise_WaitsUntilRearClears()
    {
        var c = TestTrains.Train(coaches: 8); // 19 + 8 × 24.5 = 215 m
        var path = RunningPath.Create("rise", Length.FromKilometers(10),
            [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(40)), new SpeedSection(Position.FromMeters(3000), Speed.FromKilometersPerHour(120))]);
        var r = RunningTimeCalculator.Run(c, path);
        r.Envelope.SpeedAt(Position.FromMeters(3000 + c.Length.Meters - 1)).KilometersPerHour.ShouldBe(40, 1e-6);
        r.Envelope.SpeedAt(Position.FromMeters(3000 + c.Length.Meters + 200)).KilometersPerHour.ShouldBeGreaterThan(41);
    }

    [Fact]
    public void Run_SteepGradient_TooHeavyTrain_StallsWithPlaceInMessage()
    {
        var c = TestTrains.Train(coaches: 30, coachTonnes: 80);
        var path = RunningPath.Create("wall", Length.FromKilometers(5), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(80))],
            [new GradientSection(Position.Origin, Gradient.Level), new GradientSection(Position.FromMeters(1000), Gradient.FromPerMille(60))]);
        var ex = Should.Throw<Fortress.Diagnostics.InfeasibleException>(() => RunningTimeCalculator.Run(c, path));
        ex.Code.ShouldBe("run.stall");
        ex.Message.ShouldContain("km 1+");
    }

    [Fact]
    public void Run_Stops_DwellAddsToTime_AndSpeedIsZeroThere()
    {
        var c = TestTrains.Train();
        var stops = new[] { new RunStop("A", Position.FromMeters(4000), Duration.FromSeconds(120)), new RunStop("B", Position.FromMeters(9000), Duration.Zero) };
        var r = RunningTimeCalculator.Run(c, TestTrains.Flat(9000, 100, stops));
        r.Stops.Count.ShouldBe(2);
        r.Stops[0].Departure.Seconds.ShouldBe(r.Stops[0].Arrival.Seconds + 120, 1e-9);
        r.Envelope.SpeedAt(Position.FromMeters(4000)).MetersPerSecond.ShouldBe(0, 1e-9);
        r.TotalTime.Seconds.ShouldBe(r.Stops[1].Arrival.Seconds, 1e-9);
        r.Distance.Meters.ShouldBe(9000, 1e-9);
    }

    [Fact]
    public void Run_Allowance_AddsRequestedTime_BothDistributions()
    {
        var c = TestTrains.Train();
        var stops = new[] { new RunStop("A", Position.FromMeters(6000), Duration.FromSeconds(60)), new RunStop("B", Position.FromMeters(20000), Duration.Zero) };
        var path = TestTrains.Flat(20000, 120, stops);
        var min = RunningTimeCalculator.Run(c, path);
        foreach (var dist in new[] { AllowanceDistribution.Linear, AllowanceDistribution.SpeedCeiling })
        {
            var r = RunningTimeCalculator.Run(c, path, RunOptions.Default with { Allowance = new Allowance(5, Duration.FromSeconds(30), dist) });
            var running = min.TotalTime.Seconds - 60;
            r.TotalTime.Seconds.ShouldBe(60 + running * 1.05 + 30, 0.05, dist.ToString());
            r.MinimumRunningTime.Seconds.ShouldBe(min.TotalTime.Seconds, 1e-9);
            if (dist == AllowanceDistribution.SpeedCeiling) r.TractionEnergy.ShouldBeLessThan(min.TractionEnergy);
        }
    }

    [Theory]
    [InlineData(GradientModel.MassPoint)]
    [InlineData(GradientModel.TrainLength)]
    public void Run_Accurate_IsConverged_StepSizeBarelyMatters(GradientModel model)
    {
        // Halving or quadrupling the longest step must not move the result by more than 0.05 %.
        var c = TestTrains.Train(coaches: 14, armour: 15);
        var path = PhysicsPropertyTestsPaths.Hilly();
        double Run(double step) => RunningTimeCalculator.Run(c, path, RunOptions.Default with { GradientModel = model, MaxStep = Length.FromMeters(step) }).TotalTime.Seconds;
        var fine = Run(5);
        Run(20).ShouldBe(fine, fine * 5e-4);
        Run(50).ShouldBe(fine, fine * 5e-4);
        Run(200).ShouldBe(fine, fine * 5e-4);
    }
}

internal static class PhysicsPropertyTestsPaths
{
    public static RunningPath Hilly() => RunningPath.Create("hilly", Length.FromKilometers(30),
        [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(100)), new SpeedSection(Position.FromKilometers(12), Speed.FromKilometersPerHour(60)), new SpeedSection(Position.FromKilometers(14), Speed.FromKilometersPerHour(120))],
        [new GradientSection(Position.Origin, Gradient.Level), new GradientSection(Position.FromKilometers(3), Gradient.FromPerMille(9)), new GradientSection(Position.FromKilometers(8), Gradient.FromPerMille(-7)), new GradientSection(Position.FromKilometers(20), Gradient.FromPerMille(4))],
        [new CurveSection(Position.FromKilometers(12.2), Position.FromKilometers(13.5), Length.FromMeters(350))],
        [new RunStop("Mid", Position.FromKilometers(18), Duration.FromMinutes(2)), new RunStop("End", Position.FromKilometers(30), Duration.Zero)]);
}
