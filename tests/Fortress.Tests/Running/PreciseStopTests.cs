using CsCheck;
using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Tests.Running;

public class PreciseStopTests
{
    private static RunningPath Arrival(PreciseStopSpec spec, double length = 8000, double kmh = 80, double grade = 0) =>
        RunningPath.Create("arrival", Length.FromMeters(length), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(kmh))],
            [new GradientSection(Position.Origin, Gradient.FromPerMille(grade))],
            stops: [new RunStop("Red carpet", null, Duration.FromMinutes(30), spec)]);

    [Fact]
    public void PreciseStop_DoorComesToRestAtMarker_WithinThirtyCentimetres()
    {
        var c = TestTrains.Train(coaches: 12, armour: 20);
        var spec = new PreciseStopSpec(Car: 6, DoorOffset: Length.FromMeters(3.2), Marker: Position.FromMeters(7000));
        var r = RunningTimeCalculator.Run(c, Arrival(spec));
        var p = r.PreciseStops.ShouldHaveSingleItem();
        var doorOffset = 19 + 4 * 24.5 + 3.2;
        p.DoorOffsetFromFront.Meters.ShouldBe(doorOffset, 1e-9);
        p.FrontStopPosition.Meters.ShouldBe(7000 + doorOffset, 1e-9);
        Math.Abs(p.Error.Meters).ShouldBeLessThan(0.3);
        p.BrakeApplication.ShouldBeLessThan(p.FrontStopPosition);
        p.ServiceBrakingStart.ShouldBeLessThan(p.BrakeApplication);
        p.SpreadLow.Meters.ShouldBeLessThan(p.SpreadHigh.Meters);
        p.WithinTolerance.ShouldBeTrue();
        r.Envelope.End.Meters.ShouldBe(7000 + doorOffset, 1e-6);
    }

    [Fact]
    public void PreciseStop_AnyConsist_ErrorWithinThirtyCentimetres() =>
        Gen.Select(PhysicsPropertyTests.Consists, Gen.Double[-8, 8], Gen.Double[0.05, 0.2], Gen.Double[1, 12])
            .Sample((c, grade, variation, approachKmh) =>
            {
                var car = Math.Max(1, c.Vehicles.Count / 2);
                var spec = new PreciseStopSpec(car, Length.FromMeters(2), Position.FromMeters(5000), ApproachSpeed: Speed.FromKilometersPerHour(approachKmh), DecelerationVariation: variation);
                RunResult r;
                try { r = RunningTimeCalculator.Run(c, Arrival(spec, 7000, 60, grade)); }
                catch (InfeasibleException) { return true; }
                var p = r.PreciseStops[0];
                return Math.Abs(p.Error.Meters) < 0.3 && p.SpreadLow.Meters <= p.Error.Meters + 1e-9 && p.SpreadHigh.Meters >= p.Error.Meters - 1e-9;
            }, iter: 100);

    [Fact]
    public void PreciseStop_SpeedForTolerance_KeepsSpreadWithinTolerance_AndFasterDoesNot()
    {
        var c = TestTrains.Train(coaches: 10);
        var spec = new PreciseStopSpec(5, Length.FromMeters(1), Position.FromMeters(6000), Tolerance: Length.FromMeters(0.25));
        var auto = RunningTimeCalculator.Run(c, Arrival(spec)).PreciseStops[0];
        auto.SpeedForTolerance.ShouldNotBeNull();
        var atLimit = RunningTimeCalculator.Run(c, Arrival(spec with { ApproachSpeed = auto.SpeedForTolerance!.Value * 0.999 })).PreciseStops[0];
        atLimit.WithinTolerance.ShouldBeTrue();
        var faster = RunningTimeCalculator.Run(c, Arrival(spec with { ApproachSpeed = auto.SpeedForTolerance!.Value * 1.5 })).PreciseStops[0];
        faster.WithinTolerance.ShouldBeFalse();
        (faster.SpreadHigh - faster.SpreadLow).ShouldBeGreaterThan(atLimit.SpreadHigh - atLimit.SpreadLow);
    }

    [Fact]
    public void PreciseStop_MarkerBeyondPath_IsRefusedWithReason()
    {
        var c = TestTrains.Train();
        var spec = new PreciseStopSpec(5, Length.FromMeters(1), Position.FromMeters(7950));
        var ex = Should.Throw<InvalidInputException>(() => RunningTimeCalculator.Run(c, Arrival(spec)));
        ex.Message.ShouldContain("beyond the end of the path");
    }

    [Fact]
    public void PreciseStop_PlatformShorterThanTrain_IsRefusedWithReason()
    {
        var c = TestTrains.Train(coaches: 12); // 313 m
        var spec = new PreciseStopSpec(5, Length.FromMeters(1), Position.FromMeters(6000), Position.FromMeters(5900), Position.FromMeters(6150));
        var ex = Should.Throw<InvalidInputException>(() => RunningTimeCalculator.Run(c, Arrival(spec)));
        ex.Message.ShouldContain("platform too short");
    }

    [Fact]
    public void PreciseStop_NoSuchCar_IsRefused()
    {
        var c = TestTrains.Train(coaches: 3);
        var ex = Should.Throw<InvalidInputException>(() => RunningTimeCalculator.Run(c, Arrival(new PreciseStopSpec(9, Length.FromMeters(1), Position.FromMeters(6000)))));
        ex.Message.ShouldContain("car 9 does not exist");
    }

    [Fact]
    public void StoppingDistance_NoBuildUp_IsVSquaredOverTwoB() =>
        PreciseStop.StoppingDistance(4, 0.5, 0, 0).ShouldBe(16.0, 1e-12);

    [Fact]
    public void StoppingDistance_BuildUp_AddsHalfTheBuildUpTimeAtSpeed_Approximately()
    {
        // With a linear ramp over tb, the train covers about v·tb/2 more than with an instant brake (exact when v ≫ b·tb).
        var d = PreciseStop.StoppingDistance(20, 0.5, 4, 0);
        var b = 0.5; var tb = 4.0; var v = 20.0;
        var exact = v * tb - b * tb * tb / 6 + Math.Pow(v - b * tb / 2, 2) / (2 * b);
        d.ShouldBe(exact, 1e-9);
        d.ShouldBe(v * v / (2 * b) + v * tb / 2, 0.5);
    }
}
