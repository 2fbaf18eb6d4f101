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
