using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Tests;

/// <summary>Small consists and paths built in code for the physics tests.</summary>
internal static class TestTrains
{
    public static Vehicle Locomotive(double tonnes = 90, double startingKn = 300, double powerKw = 4000, double maxKmh = 140,
        RunningResistance? resistance = null, TractiveEffortCurve? effort = null) => new()
    {
        Id = "loco",
        Name = "Test locomotive",
        Kind = VehicleKind.Locomotive,
        Length = Length.FromMeters(19),
        TareMass = Mass.FromTonnes(tonnes),
        AxleCount = 4,
        MaxSpeed = Speed.FromKilometersPerHour(maxKmh),
        RotatingMassFactor = 1.09,
        Resistance = resistance ?? DavisResistance.FromSi(2000, 30, 6),
        TractiveEffort = effort ?? TractiveEffortCurve.FromStartingForceAndPower(Force.FromKilonewtons(startingKn), Power.FromKilowatts(powerKw), Speed.FromKilometersPerHour(maxKmh)),
        Traction = TractionSystem.Diesel,
    };

    public static Vehicle Coach(string id = "coach", double tonnes = 55, double armour = 0, double lengthM = 24.5, RunningResistance? resistance = null) => new()
    {
        Id = id,
        Name = "Test coach",
        Kind = VehicleKind.Carriage,
        Length = Length.FromMeters(lengthM),
        TareMass = Mass.FromTonnes(tonnes),
        ArmourMass = Mass.FromTonnes(armour),
        AxleCount = 4,
        MaxSpeed = Speed.FromKilometersPerHour(160),
        Resistance = resistance ?? PerMilleResistance.Sauthoff(1.5, 0.7, 4.0),
    };

    public static Consist Train(int coaches = 8, double coachTonnes = 55, double armour = 0, double? decel = null) =>
        Consist.Create("test train", [Locomotive(), .. Enumerable.Range(0, coaches).Select(i => Coach($"coach{i}", coachTonnes, armour))],
            decelerationOverride: decel is { } d ? Acceleration.FromMetersPerSecondSquared(d) : null);

    public static RunningPath Flat(double lengthM, double kmh, IReadOnlyList<RunStop>? stops = null) =>
        RunningPath.Create("flat", Length.FromMeters(lengthM), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(kmh))], stops: stops);
}
