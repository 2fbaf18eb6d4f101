using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Logistics;

/// <summary>Where an item is kept on board; each class has its own capacity (<see cref="Fortress.Rolling.StoreCapacity"/>).</summary>
public enum StorageClass { Dry, Chilled, Frozen, LiveTank, Water }

/// <summary>The meals served on board.</summary>
public enum MealKind { Breakfast, Lunch, Dinner }

/// <summary>A kind of stores: where it is kept and how long it keeps (null: longer than any journey).</summary>
public sealed record StockItem(string Name, StorageClass Storage, Duration? ShelfLife)
{
    /// <summary>"l" for water, "kg" for everything else.</summary>
    public string Unit => Storage == StorageClass.Water ? "l" : "kg";
}

/// <summary>A meal served at a local clock time, in the zone of where the train is then.</summary>
public sealed record MealTime(MealKind Kind, LocalTime At);

/// <summary>A special request added to one meal (e.g. live seafood for a banquet dinner).</summary>
/// <param name="Date">The local date of the meal (in the zone of where the train is then).</param>
public sealed record ExtraRequest(string Name, string Item, double Amount, MealKind Meal, LocalDate Date);

/// <summary>
/// How fuel is worked out for diesel traction: fuel energy = traction energy at the rim (from the running-time engine)
/// / <see cref="Efficiency"/>; litres = that / <see cref="MegajoulesPerLitre"/>; plus idling during halts.
/// </summary>
/// <param name="Efficiency">Fuel-to-rim efficiency of a diesel-electric locomotive (0.30: docs/decisions/0005).</param>
/// <param name="MegajoulesPerLitre">Lower heating value of diesel per litre (35.8 MJ/l: docs/decisions/0005).</param>
/// <param name="UsableShare">Share of the tanks that may be used before refuelling (reserve kept; Assumption 0.9).</param>
/// <param name="IdleLitresPerHour">Consumption of the locomotive(s) idling at halts (Assumption 25 l/h).</param>
/// <param name="RefuelPlaces">Halts where the locomotive can be refuelled.</param>
public sealed record FuelModel(double Efficiency, double MegajoulesPerLitre, double UsableShare, double IdleLitresPerHour, IReadOnlyList<string> RefuelPlaces)
{
    public static FuelModel Default { get; } = new(0.30, 35.8, 0.9, 25, []);
}

/// <summary>
/// What provisioning asks for: who eats what (people per cuisine), the meal times, the stores and their shelf lives,
/// the menus (kg of each item per portion, by cuisine), special requests, water per person and day, where the train
/// may take on stores (halts of at least <see cref="MinResupplyStop"/>, or the places named) and the fuel model.
/// </summary>
public sealed record ProvisioningSettings(
    IReadOnlyDictionary<string, int> Diners,
    IReadOnlyList<MealTime> Meals,
    IReadOnlyList<StockItem> Items,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Menus,
    IReadOnlyList<ExtraRequest> Extras,
    double WaterLitresPerPersonDay,
    Duration MinResupplyStop,
    IReadOnlyList<string> ResupplyPlaces,
    FuelModel Fuel)
{
    public int People => Diners.Values.Sum();

    /// <summary>Name of the water item.</summary>
    public const string Water = "drinking water";

    /// <summary>
    /// Assumption: breakfast 07:30, lunch 12:30, dinner 19:00 local time (usual meal hours in Korea and Russia).
    /// </summary>
    public static IReadOnlyList<MealTime> DefaultMeals { get; } =
        [new(MealKind.Breakfast, new LocalTime(7, 30)), new(MealKind.Lunch, new LocalTime(12, 30)), new(MealKind.Dinner, new LocalTime(19, 0))];

    /// <summary>
    /// The default stores. Shelf lives (refrigerated): fresh fish and poultry 1-2 days, fresh red meat 3-5 days, most
    /// fresh vegetables 3-7 days (USDA FoodKeeper, https://www.foodsafety.gov/keep-food-safe/foodkeeper-app); taken as
    /// 2 days for chilled meat and fish and 5 days for fresh produce. Live seafood: Assumption 2 days in the kitchen
    /// car's sea-water tank. Dry, frozen and water: longer than any journey.
    /// </summary>
    public static IReadOnlyList<StockItem> DefaultItems { get; } =
    [
        new("dry goods", StorageClass.Dry, null),
        new("fresh produce", StorageClass.Chilled, Duration.FromHours(5 * 24)),
        new("meat and fish", StorageClass.Chilled, Duration.FromHours(2 * 24)),
        new("frozen food", StorageClass.Frozen, null),
        new("live seafood", StorageClass.LiveTank, Duration.FromHours(2 * 24)),
        new(Water, StorageClass.Water, null),
    ];

    /// <summary>
    /// Assumption: raw kg per portion by cuisine, about 0.55-0.65 kg a meal (1.7-1.9 kg of food a day, an adult's
    /// usual intake by weight); the split follows each cuisine's staples (rice and noodles, vegetables, meat and fish,
    /// frozen dumplings and pastry).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> DefaultMenus { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.OrdinalIgnoreCase)
        {
            ["korean"] = Menu(0.20, 0.25, 0.15, 0.05),
            ["russian"] = Menu(0.15, 0.20, 0.18, 0.10),
            ["chinese"] = Menu(0.18, 0.25, 0.15, 0.05),
            ["japanese"] = Menu(0.15, 0.20, 0.20, 0.05),
            ["french"] = Menu(0.15, 0.22, 0.18, 0.08),
        };

    private static IReadOnlyDictionary<string, double> Menu(double dry, double produce, double meat, double frozen) =>
        new Dictionary<string, double> { ["dry goods"] = dry, ["fresh produce"] = produce, ["meat and fish"] = meat, ["frozen food"] = frozen };

    /// <summary>
    /// Assumption: 10 l of drinking and cooking water per person and day (Sphere Handbook 2018: 2.5-3 l a day to drink
    /// and 3-6 l to cook; washing uses each car's own tanks and is not counted here).
    /// </summary>
    public const double DefaultWaterLitresPerPersonDay = 10;

    /// <summary>Assumption: stores can be taken on at halts of at least 30 minutes.</summary>
    public static Duration DefaultMinResupplyStop { get; } = Duration.FromMinutes(30);

    /// <summary>Settings with every default and the given diners.</summary>
    public static ProvisioningSettings Default(IReadOnlyDictionary<string, int> diners) =>
        new(diners, DefaultMeals, DefaultItems, DefaultMenus, [], DefaultWaterLitresPerPersonDay, DefaultMinResupplyStop, [], FuelModel.Default);
}

/// <summary>A meal served on board: when, where, and how many portions of each cuisine.</summary>
public sealed record MealService(MealKind Kind, LocalDate Date, Instant At, DateTimeZone Zone, string Near, Position Position, IReadOnlyDictionary<string, int> Portions)
{
    public int Total => Portions.Values.Sum();
}

/// <summary>An amount of one item.</summary>
public sealed record LoadLine(string Item, double Amount, string Unit);

/// <summary>A halt where stores are taken on, and what.</summary>
public sealed record ResupplyStop(string Place, Position Position, Instant At, DateTimeZone Zone, IReadOnlyList<LoadLine> Loads);

/// <summary>The stock of an item after something happened (a load, a meal, water drawn, spoiled stock discarded).</summary>
public sealed record StockLevel(Instant At, Position Position, double Level, string Event);

/// <summary>One item over the journey: its stock after every event, and totals.</summary>
public sealed record ItemProfile(StockItem Item, double Capacity, IReadOnlyList<StockLevel> Levels, double Loaded, double Consumed, double Discarded)
{
    public double Minimum => Levels.Count == 0 ? 0 : Levels.Min(l => l.Level);
}

/// <summary>A stretch of one convoy train hauled by the same diesel locomotive(s) without refuelling, and its fuel.</summary>
/// <param name="Train">The convoy train's id.</param>
/// <param name="TankLitres">Total tank volume (0 if the catalogue gives none: then not checked).</param>
public sealed record FuelStretch(string From, string To, string Locomotives, Energy TractionEnergy, Duration Idle, double LitresNeeded, double TankLitres, double UsableLitres, string Train = "main")
{
    public bool Checked => TankLitres > 0;
    /// <summary>(usable − needed) / usable.</summary>
    public double Margin => UsableLitres <= 0 ? 0 : (UsableLitres - LitresNeeded) / UsableLitres;
}

/// <summary>The provisioning plan: meals served, what is loaded where, each item's stock profile, and the diesel fuel check.</summary>
public sealed record ProvisioningPlan(
    int People,
    IReadOnlyList<MealService> Meals,
    IReadOnlyList<ResupplyStop> Loads,
    IReadOnlyList<ItemProfile> Items,
    IReadOnlyList<FuelStretch> Fuel)
{
    public int Portions => Meals.Sum(m => m.Total);
}
