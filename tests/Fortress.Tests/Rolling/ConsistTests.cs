using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Tests.Rolling;

public class ConsistTests
{
    [Fact]
    public void Create_DerivesTotals_FromVehicles()
    {
        var c = Consist.Create("t", [TestTrains.Locomotive(tonnes: 120), TestTrains.Coach("a", 60, armour: 20), TestTrains.Coach("b", 50)]);
        c.Mass.Tonnes.ShouldBe(250, 1e-9);
        c.EmptyMass.Tonnes.ShouldBe(250, 1e-9);
        c.Length.Meters.ShouldBe(19 + 24.5 * 2, 1e-9);
        c.MaxAxleLoad.Tonnes.ShouldBe(30, 1e-9); // the 120 t locomotive on 4 axles
        c.MaxSpeed.KilometersPerHour.ShouldBe(140, 1e-9);
        c.VehicleOffsets[2].Meters.ShouldBe(19 + 24.5, 1e-9);
        // ξ weighted by empty mass: (1.09*120 + 1.06*80 + 1.06*50) / 250
        c.RotatingMassFactor.ShouldBe((1.09 * 120 + 1.06 * 80 + 1.06 * 50) / 250, 1e-12);
    }

    [Fact]
    public void Create_MultipleTraction_SumsTractiveEffort()
    {
        var one = Consist.Create("1", [TestTrains.Locomotive(), TestTrains.Coach()]);
        var two = Consist.Create("2", [TestTrains.Locomotive(), TestTrains.Locomotive(), TestTrains.Coach()]);
        var v = Speed.FromKilometersPerHour(60);
        two.TractiveEffort.At(v).Newtons.ShouldBe(2 * one.TractiveEffort.At(v).Newtons, 1e-6);
    }

    [Fact]
    public void Resistance_PerMille_ScalesWithLoadedMass()
    {
        var r = PerMilleResistance.Strahl(1.4, 3.9);
        var empty = r.For(Mass.FromTonnes(25)).At(Speed.FromKilometersPerHour(100)).Newtons;
        var loaded = r.For(Mass.FromTonnes(84)).At(Speed.FromKilometersPerHour(100)).Newtons;
        loaded.ShouldBe(empty * 84 / 25, 1e-6);
        // r(100 km/h) = 1.4 + 3.9 = 5.3 per mille of the weight
        loaded.ShouldBe(84_000 * 9.80665 * 5.3 / 1000, 1e-6);
    }

    [Fact]
    public void Resistance_Sauthoff_IncludesHeadWind()
    {
        var r = PerMilleResistance.Sauthoff(2.0, 0.715, 3.64).For(Mass.FromTonnes(70));
        var v = 80 / 3.6;
        var expected = 70_000 * 9.80665 / 1000 * (2.0 + 0.715 * 80 / 100 + 3.64 * Math.Pow((80 + 15) / 100.0, 2));
        r.At(Speed.FromMetersPerSecond(v)).Newtons.ShouldBe(expected, 1e-6);
    }

    [Fact]
    public void Braking_Precedence_OverrideThenStatedThenBrakePercentageThenDefault()
    {
        Consist.Create("d", [TestTrains.Locomotive(), TestTrains.Coach()]).Braking.Deceleration.MetersPerSecondSquared.ShouldBe(0.375);
        var freight = TestTrains.Coach() with { Kind = VehicleKind.Wagon };
        Consist.Create("f", [TestTrains.Locomotive(), freight]).Braking.Deceleration.MetersPerSecondSquared.ShouldBe(0.225);
        var loco = TestTrains.Locomotive() with { Braking = VehicleBraking.FromBrakedWeight(Mass.FromTonnes(90)) };
        var coach = TestTrains.Coach() with { Braking = VehicleBraking.FromBrakedWeight(Mass.FromTonnes(55)) };
        var lambda = Consist.Create("l", [loco, coach]).Braking;
        lambda.BrakePercentage!.Value.ShouldBe(100, 1e-9);
        lambda.Deceleration.MetersPerSecondSquared.ShouldBe(6.1 * 11 / 99.792, 1e-9);
        var stated = loco with { Braking = new VehicleBraking(Acceleration.FromMetersPerSecondSquared(0.6), null, BrakeMode.P) };
        Consist.Create("s", [stated, coach]).Braking.Deceleration.MetersPerSecondSquared.ShouldBe(0.6);
        Consist.Create("o", [stated, coach], decelerationOverride: Acceleration.FromMetersPerSecondSquared(0.3)).Braking.Deceleration.MetersPerSecondSquared.ShouldBe(0.3);
    }

    [Fact]
    public void Braking_BuildUpTime_GrowsWithLength_AndIsSlowInG()
    {
        var shortP = Consist.Create("p", [TestTrains.Locomotive(), TestTrains.Coach()]).Braking.BuildUpTime.Seconds;
        var longP = TestTrains.Train(coaches: 20).Braking.BuildUpTime.Seconds;
        var g = Consist.Create("g", [TestTrains.Locomotive(), TestTrains.Coach() with { Braking = new VehicleBraking(null, null, BrakeMode.G) }]).Braking.BuildUpTime.Seconds;
        longP.ShouldBeGreaterThan(shortP);
        (longP - shortP).ShouldBe(19 * 24.5 / 250, 1e-9);
        g.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void Create_BadVehicles_ReportsEveryProblem()
    {
        var bad = TestTrains.Coach() with { Length = Length.FromMeters(-3), AxleCount = 0, RotatingMassFactor = 0.9 };
        var ex = Should.Throw<InvalidInputException>(() => Consist.Create("t", [TestTrains.Locomotive(), bad]));
        ex.Problems.Count.ShouldBe(3);
        ex.Problems.ShouldAllBe(p => p.Where.Contains("formation[1]"));
    }

    [Fact]
    public void Create_EmptyFormation_Throws()
    {
        var ex = Should.Throw<InvalidInputException>(() => Consist.Create("t", []));
        ex.Message.ShouldContain("empty");
    }

    [Fact]
    public void TractiveEffort_NonIncreasingSpeeds_ReportsEachRow()
    {
        var pts = new[] { (Speed.Zero, Force.FromKilonewtons(100)), (Speed.FromKilometersPerHour(20), Force.FromKilonewtons(90)), (Speed.FromKilometersPerHour(20), Force.FromKilonewtons(80)), (Speed.FromKilometersPerHour(10), Force.FromKilonewtons(70)) };
        var ex = Should.Throw<InvalidInputException>(() => TractiveEffortCurve.FromPoints(pts));
        ex.Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void TractiveEffort_Interpolates_AndHoldsBeyondTable()
    {
        var c = TractiveEffortCurve.FromPoints([(Speed.Zero, Force.FromKilonewtons(100)), (Speed.FromMetersPerSecond(10), Force.FromKilonewtons(50))]);
        c.At(Speed.FromMetersPerSecond(5)).Kilonewtons.ShouldBe(75, 1e-9);
        c.At(Speed.FromMetersPerSecond(30)).Kilonewtons.ShouldBe(50, 1e-9);
    }
}
