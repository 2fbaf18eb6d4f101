using Fortress.Units;

namespace Fortress.Rolling;

/// <summary>
/// One rail vehicle, as built and as loaded for this journey. Immutable.
/// Masses: <see cref="TareMass"/> is the vehicle as built, <see cref="ArmourMass"/> the added protection,
/// <see cref="Payload"/> what it carries on this run (people, stores, road vehicles). Empty mass = tare + armour.
/// </summary>
public sealed record Vehicle
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required VehicleKind Kind { get; init; }
    /// <summary>Length over buffers (or couplers).</summary>
    public required Length Length { get; init; }
    public required Mass TareMass { get; init; }
    public Mass ArmourMass { get; init; } = Mass.Zero;
    public Mass Payload { get; init; } = Mass.Zero;
    public required int AxleCount { get; init; }
    /// <summary>The vehicle's own speed limit.</summary>
    public required Speed MaxSpeed { get; init; }
    /// <summary>Rotating-mass factor ξ ≥ 1 (inertia of wheelsets, motors and gears), weighted by empty mass in a consist.</summary>
    public double RotatingMassFactor { get; init; } = 1.06;
    public required RunningResistance Resistance { get; init; }
    /// <summary>Tractive effort at the rim, for traction units; <see cref="TractiveEffortCurve.None"/> otherwise.</summary>
    public TractiveEffortCurve TractiveEffort { get; init; } = TractiveEffortCurve.None;
    /// <summary>How the unit is powered; null for unpowered vehicles.</summary>
    public TractionSystem? Traction { get; init; }
    public VehicleBraking Braking { get; init; } = VehicleBraking.Unspecified;
    public Amenities Amenities { get; init; } = Amenities.None;
    public Capacity Capacity { get; init; } = Capacity.None;
    /// <summary>Stores, water and fuel tanks (provisioning).</summary>
    public StoreCapacity Stores { get; init; } = StoreCapacity.None;
    /// <summary>Where each figure comes from: field name to a citation or a written engineering assumption.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    public Mass EmptyMass => TareMass + ArmourMass;

    /// <summary>The running mass: tare + armour + payload.</summary>
    public Mass TotalMass => TareMass + ArmourMass + Payload;

    /// <summary>Mean static axle load, total mass over axles.</summary>
    public Mass AxleLoad => TotalMass / AxleCount;

    public bool IsTractionUnit => Kind is VehicleKind.Locomotive or VehicleKind.MultipleUnit;

    /// <summary>Whether the vehicle carries passengers (decides the default braking of its train).</summary>
    public bool IsPassengerType => Kind is VehicleKind.Carriage or VehicleKind.MultipleUnit;

    /// <summary>The same vehicle with another payload (e.g. fully loaded for a railtoolkit run).</summary>
    public Vehicle WithPayload(Mass payload) => this with { Payload = payload };
}
