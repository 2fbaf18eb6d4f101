using Fortress.Units;

namespace Fortress.Tests.Units;

public class UnitsTests
{
    public static TheoryData<double, double> KmhToMs => new() { { 0, 0 }, { 36, 10 }, { 100, 27.777777777777779 }, { 160, 44.444444444444443 } };

    [Theory]
    [MemberData(nameof(KmhToMs))]
    public void Speed_FromKilometersPerHour_ConvertsToMetersPerSecond(double kmh, double ms)
    {
        Speed.FromKilometersPerHour(kmh).MetersPerSecond.ShouldBe(ms, 1e-12);
        Speed.FromMetersPerSecond(ms).KilometersPerHour.ShouldBe(kmh, 1e-9);
    }

    [Fact]
    public void Speed_FromMilesPerHour_UsesExactDefinition() =>
        Speed.FromMilesPerHour(55).KilometersPerHour.ShouldBe(88.51392, 1e-9);

    [Fact]
    public void Position_MinusPosition_IsLength_AndPlusLength_IsPosition()
    {
        var a = Position.FromKilometers(12.5);
        var b = Position.FromMeters(10_000);
        (a - b).ShouldBe(Length.FromMeters(2500));
        (b + Length.FromMeters(2500)).ShouldBe(a);
        a.ToString().ShouldBe("km 12+500.0");
    }

    [Fact]
    public void Mass_Tonnes_And_Weight()
    {
        var m = Mass.FromTonnes(1.5);
        m.Kilograms.ShouldBe(1500);
        m.Weight.Newtons.ShouldBe(1500 * 9.80665, 1e-9);
    }

    [Fact]
    public void Force_DividedByMass_IsAcceleration_AndTimesSpeed_IsPower()
    {
        (Force.FromKilonewtons(300) / Mass.FromTonnes(600)).MetersPerSecondSquared.ShouldBe(0.5, 1e-12);
        (Force.FromKilonewtons(100) * Speed.FromMetersPerSecond(20)).Kilowatts.ShouldBe(2000, 1e-9);
        (Force.FromNewtons(10) * Length.FromMeters(3)).Joules.ShouldBe(30);
    }

    [Fact]
    public void Length_DividedBySpeed_IsDuration()
    {
        var t = Length.FromKilometers(9) / Speed.FromKilometersPerHour(54);
        t.Minutes.ShouldBe(10, 1e-9);
        t.ToString().ShouldBe("10:00.0");
        Duration.FromHours(1.5).ToString().ShouldBe("1:30:00.0");
    }

    [Fact]
    public void Gradient_ForceOn_IsPerMilleOfWeight() =>
        Gradient.FromPerMille(10).ForceOn(Mass.FromTonnes(1000)).Kilonewtons.ShouldBe(98.0665, 1e-9);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Factories_NonFinite_Throw(double bad)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Length.FromMeters(bad));
        Should.Throw<ArgumentOutOfRangeException>(() => Speed.FromKilometersPerHour(bad));
        Should.Throw<ArgumentOutOfRangeException>(() => Mass.FromTonnes(bad));
        Should.Throw<ArgumentOutOfRangeException>(() => Force.FromKilonewtons(bad));
        Should.Throw<ArgumentOutOfRangeException>(() => Duration.FromSeconds(bad));
    }
}
