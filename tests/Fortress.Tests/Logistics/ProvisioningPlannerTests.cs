using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Logistics;
using Fortress.Planning;
using Fortress.Rolling;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Logistics;

public class ProvisioningPlannerTests
{
    private static readonly IReadOnlyList<StockItem> Items =
    [
        new("rice", StorageClass.Dry, null),
        new("greens", StorageClass.Chilled, Duration.FromHours(3)),
        new(ProvisioningSettings.Water, StorageClass.Water, null),
    ];

    private static ProvisioningSettings Settings(int korean, int russian, double rice = 0.5, double greens = 0, double water = 0, double minStop = 30, IReadOnlyList<string>? resupplyAt = null) =>
        new(new Dictionary<string, int> { ["korean"] = korean, ["russian"] = russian },
            ProvisioningSettings.DefaultMeals, Items,
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["korean"] = new Dictionary<string, double> { ["rice"] = rice, ["greens"] = greens },
                ["russian"] = new Dictionary<string, double> { ["rice"] = rice / 2, ["greens"] = greens },
            },
            [], water, Duration.FromMinutes(minStop), resupplyAt ?? [], FuelModel.Default);

    private static StoreCapacity Stores(double dry = 1000, double chilled = 1000, double water = 10000) => new(dry, chilled, 0, 0, water, 0);

    /// <summary>600 km at 100 km/h from 07:00: about 6 h, so breakfast (07:30) and lunch (12:30), no dinner.</summary>
    private static ConvoyPlan SixHours(StoreCapacity stores, double dwellAtB = 0, StoreCapacity? loco = null) =>
        LogisticsJourneys.Plan(100, [("A", 0, null), ("B", 300, null), ("C", 600, null)], stores,
            dwellAtB > 0 ? [("B", dwellAtB), ("C", 0)] : [("C", 0)], new LocalDateTime(2019, 4, 23, 7, 0), loco);

    [Fact]
    public void ShortJourney_MealsAndLoadsAsByHand()
    {
        var plan = SixHours(Stores());
        var hours = (plan.Main.Arrival - plan.Main.Departure).TotalHours;
        hours.ShouldBeInRange(6, 6.5); // the meal count below depends on it
        var p = ProvisioningPlanner.Plan(plan, Settings(korean: 10, russian: 4, water: 12));
        p.Meals.Select(m => m.Kind).ShouldBe([MealKind.Breakfast, MealKind.Lunch]);
        p.Meals[0].At.InZone(LogisticsJourneys.Pyongyang).TimeOfDay.ShouldBe(new LocalTime(7, 30));
        p.Portions.ShouldBe(2 * 14);
        // Rice: 2 meals x (10 x 0.5 + 4 x 0.25) = 12 kg, all loaded at the origin.
        p.Loads.Single().Place.ShouldBe("A");
        p.Loads[0].Loads.Single(l => l.Item == "rice").Amount.ShouldBe(12, 1e-9);
        // Water: 12 l a day for 14 people over the journey.
        p.Items.Single(i => i.Item.Name == ProvisioningSettings.Water).Consumed.ShouldBe(12 * 14 * hours / 24, 1e-6);
        p.Items.ShouldAllBe(i => i.Minimum >= -1e-9);
    }

    [Fact]
    public void StoreTooSmall_NoResupply_RefusedNamingItemPlaceAndShortfall()
    {
        var plan = SixHours(Stores(dry: 10));
        var ex = Should.Throw<InfeasibleException>(() => ProvisioningPlanner.Plan(plan, Settings(korean: 10, russian: 4)));
        ex.Code.ShouldBe("provisioning.infeasible");
        ex.Message.ShouldContain("rice");
        ex.Message.ShouldContain("at A");
        ex.Message.ShouldContain("short by 2 kg");
    }

    [Fact]
    public void ShelfLife_ForcesResupplyOnTheWay()
    {
        // Greens keep 3 h: loaded at 07:00 they are gone by 10:00, lunch at 12:30 needs a fresh load at B (40 min halt).
        var plan = SixHours(Stores(), dwellAtB: 40);
        var p = ProvisioningPlanner.Plan(plan, Settings(korean: 10, russian: 0, greens: 0.2));
        p.Loads.Select(l => l.Place).ShouldBe(["A", "B"]);
        p.Loads[0].Loads.Single(l => l.Item == "greens").Amount.ShouldBe(2, 1e-9); // breakfast only
        p.Loads[1].Loads.Single(l => l.Item == "greens").Amount.ShouldBe(2, 1e-9); // lunch
    }

    [Fact]
    public void ShelfLife_NoStopLongEnough_RefusedNamingTheItem()
    {
        var plan = SixHours(Stores(), dwellAtB: 10); // 10 min: too short to take on stores
        var ex = Should.Throw<InfeasibleException>(() => ProvisioningPlanner.Plan(plan, Settings(korean: 10, russian: 0, greens: 0.2)));
        ex.Message.ShouldContain("greens");
        ex.Message.ShouldContain("shelf life");
        ex.Message.ShouldContain("lunch");
        // Naming the halt makes it a resupply point.
        ProvisioningPlanner.Plan(plan, Settings(korean: 10, russian: 0, greens: 0.2, resupplyAt: ["B"])).Loads.Count.ShouldBe(2);
    }

    [Fact]
    public void ZoneBorder_LunchTheClockJumpsOverIsServedAtTheBorder()
    {
        // 525 km at 100 km/h from 07:00 Pyongyang time: the border (UTC+9 to UTC+10) comes at about 12:20 KP = 13:20 VL.
        var plan = LogisticsJourneys.Plan(100, [("A", 0, null), ("B", 525, LogisticsJourneys.Vladivostok), ("C", 700, LogisticsJourneys.Vladivostok)],
            Stores(), [("C", 0)], new LocalDateTime(2019, 4, 23, 7, 0));
        var border = plan.Main.TimeAt(Fortress.Units.Position.FromKilometers(525))!.Value;
        border.InZone(LogisticsJourneys.Pyongyang).TimeOfDay.ShouldBeLessThan(new LocalTime(12, 30));
        var slots = ProvisioningPlanner.MealSlots(plan.Main, plan.Journey.Corridor, ProvisioningSettings.DefaultMeals);
        var lunch = slots.Single(s => s.Kind == MealKind.Lunch);
        lunch.At.ShouldBe(border);
        lunch.Zone.ShouldBe(LogisticsJourneys.Vladivostok);
    }

    [Fact]
    public void Fuel_FromTractionEnergy_AndRefusedWhenTheTankIsTooSmall()
    {
        var plan = SixHours(Stores(), loco: new StoreCapacity(0, 0, 0, 0, 0, 5000));
        var energy = plan.Main.Legs.Aggregate(Fortress.Units.Energy.Zero, (a, l) => a + l.Run.TractionEnergy);
        var f = ProvisioningPlanner.Fuel(plan, FuelModel.Default).Single();
        f.LitresNeeded.ShouldBe(energy.Joules / (0.30 * 35.8e6), 1e-6);
        f.UsableLitres.ShouldBe(4500, 1e-9);
        f.Margin.ShouldBe((4500 - f.LitresNeeded) / 4500, 1e-9);
        // A tank that holds a tenth of that is refused, naming the locomotive, the place and the shortfall.
        var small = SixHours(Stores(), loco: new StoreCapacity(0, 0, 0, 0, 0, f.LitresNeeded / 10 / 0.9));
        var ex = Should.Throw<InfeasibleException>(() => ProvisioningPlanner.Fuel(small, FuelModel.Default));
        ex.Message.ShouldContain("loco");
        ex.Message.ShouldContain("from A to C");
        ex.Message.ShouldContain($"short by {f.LitresNeeded * 0.9:0} l");
    }

    [Fact]
    public void Flagship_FeedsEveryoneAndChecksTheDieselLeg()
    {
        var plan = Planning.TestPlans.Plan(Scenarios.ReadBuiltIn() with { Traffic = null });
        var p = plan.Provisioning.ShouldNotBeNull();
        p.People.ShouldBe(plan.Scenario.Delegation!.Passengers.Count + 4);
        p.Meals.Count.ShouldBeGreaterThanOrEqualTo(3);
        p.Meals.ShouldAllBe(m => m.Portions.ContainsKey("korean") && m.Portions.ContainsKey("russian"));
        p.Items.Single(i => i.Item.Name == "live seafood").Consumed.ShouldBe(40, 1e-9);
        p.Items.ShouldAllBe(i => i.Minimum >= -1e-9);
        p.Fuel.Select(f => f.Train).ShouldBe(["main", "pilot", "escort"]); // each convoy train's diesel stretch Tumangang - Ussuriysk
        p.Fuel.Single(f => f.Train == "escort").Checked.ShouldBeTrue(); // 2TE116 tanks known
        var diesel = p.Fuel.Single(f => f.Train == "main");
        diesel.Locomotives.ShouldBe("ru-2te116");
        diesel.From.ShouldBe("Tumangang"); // the end of the 3 kV line (issue 13)
        diesel.Checked.ShouldBeTrue();
        diesel.Margin.ShouldBeInRange(0.0, 1.0);
    }

    /// <summary>
    /// The property: stores never below zero between resupplies. Random journeys, head counts, capacities and
    /// shelf lives: either the plan is refused, or replaying its loads and meals first-expiring-first never runs short,
    /// never eats anything past its shelf life, and no store is ever over its capacity.
    /// </summary>
    [Fact]
    public void Stores_NeverBelowZero_NothingPastShelfLife_OrRefused()
    {
        var supplied = 0;
        Gen.Select(Gen.Int[150, 900], Gen.Int[0, 23], Gen.Int[1, 120], Gen.Double[5, 400], Gen.Double[5, 300], Gen.Int[2, 30], Gen.Int[0, 90], Gen.Int[0, 90])
            .Sample((km, hour, people, dry, chilled, lifeHours, dwell1, dwell2) =>
            {
                var plan = LogisticsJourneys.Plan(80, [("A", 0, null), ("B", km / 3.0, null), ("C", 2 * km / 3.0, null), ("D", km, null)],
                    new StoreCapacity(dry, chilled, 0, 0, 3000, 0), [("B", dwell1), ("C", dwell2), ("D", 0)], new LocalDateTime(2019, 4, 23, hour, 0));
                var items = new StockItem[] { new("rice", StorageClass.Dry, null), new("greens", StorageClass.Chilled, Duration.FromHours(lifeHours)), new(ProvisioningSettings.Water, StorageClass.Water, null) };
                var menu = new Dictionary<string, double> { ["rice"] = 0.3, ["greens"] = 0.25 };
                var s = new ProvisioningSettings(new Dictionary<string, int> { ["korean"] = people }, ProvisioningSettings.DefaultMeals, items,
                    new Dictionary<string, IReadOnlyDictionary<string, double>> { ["korean"] = menu }, [], 10, Duration.FromMinutes(30), [], FuelModel.Default);
                ProvisioningPlan p;
                try { p = ProvisioningPlanner.Plan(plan, s); }
                catch (InfeasibleException) { return; }
                Interlocked.Increment(ref supplied);
                foreach (var it in p.Items) it.Levels.ShouldAllBe(l => l.Level >= -1e-6, it.Item.Name);
                foreach (var (item, cap) in new[] { ("rice", dry), ("greens", chilled) })
                {
                    p.Items.Single(i => i.Item.Name == item).Levels.ShouldAllBe(l => l.Level <= cap + 1e-6);
                    var life = items.Single(i => i.Name == item).ShelfLife;
                    var batches = new List<(double Amount, Instant Expiry)>();
                    var loads = p.Loads.SelectMany(l => l.Loads.Where(x => x.Item == item).Select(x => (l.At, x.Amount))).ToList();
                    foreach (var meal in p.Meals)
                    {
                        foreach (var (at, amount) in loads.Where(l => l.At <= meal.At).ToList())
                        {
                            batches.Add((amount, life is { } h ? at + NodaTime.Duration.FromSeconds(h.Seconds) : Instant.MaxValue));
                            loads.Remove((at, amount));
                        }
                        var need = meal.Total * menu[item];
                        batches = batches.OrderBy(b => b.Expiry).ToList();
                        for (var b = 0; b < batches.Count && need > 1e-9; b++)
                        {
                            if (batches[b].Expiry <= meal.At) continue; // past its shelf life: never eaten
                            var take = Math.Min(batches[b].Amount, need);
                            batches[b] = (batches[b].Amount - take, batches[b].Expiry);
                            need -= take;
                        }
                        need.ShouldBeLessThan(1e-6, $"{item} short at {meal.Kind} {meal.At}");
                    }
                }
            }, iter: 60, threads: 1);
        supplied.ShouldBeGreaterThan(0, "every random journey was refused: the property was never exercised");
    }
}
