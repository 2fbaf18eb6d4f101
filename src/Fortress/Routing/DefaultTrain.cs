using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Routing;

/// <summary>
/// The train the router uses when none is given: "Fortress default: diesel + 8 coaches", a generic diesel-electric
/// main-line locomotive (Assumption: 126 t on 6 axles = 21 t axle load, 2,200 kW at the rim, 400 kN starting force,
/// 120 km/h) and eight 50 t four-axle coaches (12.5 t axle load, 160 km/h). Diesel, so it runs under any catenary or
/// none; its gauge is a property of the trip (<see cref="RoutingTrain"/>), not of the consist.
/// </summary>
public static class DefaultTrain
{
    public const string Name = "Fortress default: diesel + 8 coaches";

    public static Consist Create()
    {
        var loco = new Vehicle
        {
            Id = "default-diesel",
            Name = "Generic diesel-electric locomotive",
            Kind = VehicleKind.Locomotive,
            Length = Length.FromMeters(22),
            TareMass = Mass.FromTonnes(126),
            AxleCount = 6,
            MaxSpeed = Speed.FromKilometersPerHour(120),
            RotatingMassFactor = 1.09,
            Resistance = DavisResistance.FromSi(2_500, 30, 6),
            TractiveEffort = TractiveEffortCurve.FromStartingForceAndPower(Force.FromKilonewtons(400), Power.FromKilowatts(2_200), Speed.FromKilometersPerHour(120)),
            Traction = TractionSystem.Diesel,
        };
        var coach = new Vehicle
        {
            Id = "default-coach",
            Name = "Generic passenger coach",
            Kind = VehicleKind.Carriage,
            Length = Length.FromMeters(26.4),
            TareMass = Mass.FromTonnes(50),
            AxleCount = 4,
            MaxSpeed = Speed.FromKilometersPerHour(160),
            Resistance = PerMilleResistance.Sauthoff(1.4, 0, 2.5),
        };
        return Consist.Create(Name, [loco, .. Enumerable.Repeat(coach, 8)], "default train");
    }
}
