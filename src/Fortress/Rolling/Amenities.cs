namespace Fortress.Rolling;

/// <summary>What a vehicle offers the people on board.</summary>
[Flags]
public enum Amenities
{
    None = 0,
    Berths = 1 << 0,
    Seats = 1 << 1,
    Conference = 1 << 2,
    Dining = 1 << 3,
    Kitchen = 1 << 4,
    Communications = 1 << 5,
    VehicleTransport = 1 << 6,
    Office = 1 << 7,
    AudienceHall = 1 << 8,
    Stores = 1 << 9,
    Medical = 1 << 10,
    Armoured = 1 << 11,
    /// <summary>Quarters of the close-protection (security) detail.</summary>
    Security = 1 << 12,
}

/// <summary>How many people and road vehicles a vehicle can take.</summary>
/// <param name="Berths">Sleeping places.</param>
/// <param name="Seats">Day seats (not counting berths).</param>
/// <param name="RoadVehicleSlots">Armoured cars or other road vehicles carried.</param>
public sealed record Capacity(int Berths, int Seats, int RoadVehicleSlots)
{
    public static Capacity None { get; } = new(0, 0, 0);
}

/// <summary>
/// What a vehicle can store for the journey: food by storage (dry, chilled, frozen), live seafood tanks, drinking
/// water, and for a diesel traction unit its fuel tanks. All zero when the vehicle has none.
/// </summary>
/// <param name="DryKg">Dry stores (rice, flour, tins, drinks), kg.</param>
/// <param name="ChilledKg">Refrigerated stores (fresh produce, chilled meat and fish), kg.</param>
/// <param name="FrozenKg">Freezer stores, kg.</param>
/// <param name="LiveTankKg">Live seafood held in sea-water tanks, kg.</param>
/// <param name="WaterLitres">Drinking and cooking water, litres.</param>
/// <param name="FuelLitres">Diesel fuel tanks of a traction unit, litres.</param>
public sealed record StoreCapacity(double DryKg, double ChilledKg, double FrozenKg, double LiveTankKg, double WaterLitres, double FuelLitres)
{
    public static StoreCapacity None { get; } = new(0, 0, 0, 0, 0, 0);

    public static StoreCapacity operator +(StoreCapacity a, StoreCapacity b) =>
        new(a.DryKg + b.DryKg, a.ChilledKg + b.ChilledKg, a.FrozenKg + b.FrozenKg, a.LiveTankKg + b.LiveTankKg, a.WaterLitres + b.WaterLitres, a.FuelLitres + b.FuelLitres);
}
