using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Units;
using NodaTime;

namespace Fortress.Logistics;

/// <summary>
/// Plans the main train's stores over its timetable. Meals are served at their local clock times in the zone of where
/// the train is then (crossing into a later zone serves a meal the clock jumped over at the border; a meal is never
/// served twice). Each meal draws every item by the menus of the cuisines asked for; water is drawn continuously.
/// Stores are taken on at the origin and at resupply halts, greedily: at a halt the train loads only if what it has
/// would not last (or would spoil) before the next resupply halt, and then it fills each store as far as useful (up to
/// what is eaten before the load would spoil or the journey ends, within the store's capacity), which is the
/// "fill up only when you must" rule that needs the fewest stops. Stock is eaten first-expiring-first; what is past its
/// shelf life is discarded. A plan that cannot be supplied is refused with the item, the place and the shortfall.
/// Diesel fuel is checked separately per stretch hauled by the same locomotives (<see cref="Fuel"/>).
/// </summary>
public static class ProvisioningPlanner
{
    private const double Eps = 1e-6;

    private sealed record Event(Instant At, Position Position, string Label, double[] Draw);

    private sealed class Batch(double amount, Instant? expiry)
    {
        public double Amount = amount;
        public readonly Instant? Expiry = expiry;
    }

    public static ProvisioningPlan Plan(ConvoyPlan plan, ProvisioningSettings s)
    {
        var journey = plan.Journey;
        var corridor = journey.Corridor;
        var main = plan.Main;
        var problems = new ProblemList();
        var items = s.Items;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
            if (!index.TryAdd(items[i].Name, i)) problems.Add("provisioning.items", $"item '{items[i].Name}' is defined twice");
        if (s.People <= 0) problems.Add("provisioning", "nobody is on board: give the delegation or provisioning.people");
        foreach (var (cuisine, n) in s.Diners)
        {
            if (n < 0) problems.Add($"provisioning.cuisines.{cuisine}", "must not be negative");
            if (n > 0 && !s.Menus.ContainsKey(cuisine)) problems.Add($"provisioning.cuisines.{cuisine}", $"no menu for cuisine '{cuisine}' (known: {string.Join(", ", s.Menus.Keys)})");
        }
        foreach (var (cuisine, menu) in s.Menus)
            foreach (var (item, kg) in menu)
            {
                if (!index.ContainsKey(item)) problems.Add($"provisioning.menus.{cuisine}", $"unknown item '{item}'");
                if (kg < 0) problems.Add($"provisioning.menus.{cuisine}.{item}", "must not be negative");
            }
        foreach (var e in s.Extras)
            if (!index.ContainsKey(e.Item)) problems.Add($"provisioning.requests ({e.Name})", $"unknown item '{e.Item}' (known: {string.Join(", ", items.Select(i => i.Name))})");
        if (s.WaterLitresPerPersonDay > 0 && !index.ContainsKey(ProvisioningSettings.Water)) problems.Add("provisioning.items", $"water is asked for but there is no item '{ProvisioningSettings.Water}'");
        var halts = main.Calls.Where(c => c.Kind != CallKind.Pass).ToList();
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in s.ResupplyPlaces)
        {
            try
            {
                var place = corridor.Find(p, "provisioning.resupplyAt");
                if (!halts.Any(h => h.Position == place.Position)) problems.Add("provisioning.resupplyAt", $"{place.Name} is not a halt of the main train: it can take on stores only where it stops");
                named.Add(place.Name);
            }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        }
        problems.ThrowIfAny();

        // Capacity of each storage class: the least over the main train's consists (stores cars may change).
        var capacity = journey.Main.Consists.Select(c => c.Consist.Vehicles.Aggregate(StoreCapacity.None, (a, v) => a + v.Stores))
            .Select(Classes).Aggregate((a, b) => a.Zip(b, Math.Min).ToArray());

        // Resupply points: the origin and halts long enough (or named), never the destination.
        var points = new List<(PlannedCall Call, Instant At)>();
        for (var k = 0; k < halts.Count; k++)
        {
            var h = halts[k];
            if (k == 0) { points.Add((h, h.Departure!.Value)); continue; }
            if (h.Kind == CallKind.Destination || h.Arrival is null || h.Departure is null) continue;
            if ((h.Departure.Value - h.Arrival.Value).TotalSeconds >= s.MinResupplyStop.Seconds - Eps || named.Contains(h.Place))
                points.Add((h, h.Arrival.Value));
        }

        // Meals and what they draw.
        var meals = new List<MealService>();
        var events = new List<Event>();
        var extrasUsed = new bool[s.Extras.Count];
        foreach (var (kind, date, at, zone) in MealSlots(main, corridor, s.Meals))
        {
            var pos = main.PositionAt(at) ?? main.Calls[0].Position;
            var portions = Eating(s.Diners);
            var draw = new double[items.Count];
            foreach (var (cuisine, n) in portions)
                if (n > 0)
                    foreach (var (item, kg) in s.Menus[cuisine]) draw[index[item]] += n * kg;
            for (var e = 0; e < s.Extras.Count; e++)
                if (s.Extras[e].Meal == kind && s.Extras[e].Date == date) { draw[index[s.Extras[e].Item]] += s.Extras[e].Amount; extrasUsed[e] = true; }
            var near = NearName(main, corridor, pos);
            meals.Add(new MealService(kind, date, at, zone, near, pos, portions));
            events.Add(new Event(at, pos, $"{kind.ToString().ToLowerInvariant()} near {near}", draw));
        }
        for (var e = 0; e < s.Extras.Count; e++)
            if (!extrasUsed[e])
                problems.Add($"provisioning.requests ({s.Extras[e].Name})", $"no {s.Extras[e].Meal.ToString().ToLowerInvariant()} is served on board on {s.Extras[e].Date:uuuu-MM-dd} (meals on board: {string.Join(", ", meals.Select(m => $"{m.Kind.ToString().ToLowerInvariant()} {m.Date:uuuu-MM-dd}"))})");
        problems.ThrowIfAny();
        // Water is drawn at every meal, every halt and on arrival, for the time since it was last drawn.
        foreach (var h in halts.Skip(1)) events.Add(new Event(h.Arrival!.Value, h.Position, $"at {h.Place}", new double[items.Count]));
        events.Sort((a, b) => a.At.CompareTo(b.At));
        if (s.WaterLitresPerPersonDay > 0 && index.TryGetValue(ProvisioningSettings.Water, out var wi))
        {
            var last = main.Departure;
            foreach (var e in events)
            {
                e.Draw[wi] += s.WaterLitresPerPersonDay * s.People * (e.At - last).TotalDays;
                last = e.At;
            }
        }

        // Simulate, loading at each resupply point as needed.
        var batches = items.Select(_ => new List<Batch>()).ToArray();
        var levels = items.Select(_ => new List<StockLevel>()).ToArray();
        var loaded = new double[items.Count];
        var consumed = new double[items.Count];
        var discarded = new double[items.Count];
        var loads = new List<ResupplyStop>();
        var next = 0; // next event
        var end = main.Arrival + NodaTime.Duration.FromSeconds(1);
        for (var k = 0; k < points.Count; k++)
        {
            var (call, now) = points[k];
            var until = k + 1 < points.Count ? points[k + 1].At : end;
            var untilName = k + 1 < points.Count ? points[k + 1].Call.Place : $"arrival at {main.Calls[^1].Place}";
            Discard(now, call.Position, $"discarded at {call.Place} (past shelf life)");
            var window = events.Skip(next).TakeWhile(e => e.At < until).ToList();
            var rest = events.Skip(next).ToList();
            var need = new double[items.Count];
            var want = new double[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var expiry = items[i].ShelfLife is { } life ? now + NodaTime.Duration.FromSeconds(life.Seconds) : (Instant?)null;
                var (fromNew, unmet, where) = Simulate(batches[i], window, i, expiry);
                if (unmet > Eps)
                {
                    problems.Add($"provisioning: {items[i].Name}",
                        $"{unmet:0.#} {items[i].Unit} needed {where} would be past its {items[i].ShelfLife!.Value.Hours / 24:0.#}-day shelf life: loaded at {call.Place} ({Fortress.Timetable.TimeText.Iso(now, call.Zone)}), the next chance to load is {untilName}; add a resupply halt (provisioning.resupplyAt) in between");
                    continue;
                }
                need[i] = fromNew;
                want[i] = Math.Max(fromNew, Simulate(batches[i], rest, i, expiry).FromNew);
            }
            Refuse(problems);
            var stock = new double[Enum.GetValues<StorageClass>().Length];
            for (var i = 0; i < items.Count; i++) stock[(int)items[i].Storage] += batches[i].Sum(b => b.Amount);
            var load = new double[items.Count];
            foreach (var cls in Enum.GetValues<StorageClass>())
            {
                var members = Enumerable.Range(0, items.Count).Where(i => items[i].Storage == cls).ToList();
                var free = Math.Max(0, capacity[(int)cls] - stock[(int)cls]);
                var needSum = members.Sum(i => need[i]);
                if (needSum > free + Eps)
                {
                    var unit = cls == StorageClass.Water ? "l" : "kg";
                    problems.Add($"provisioning: {string.Join(", ", members.Where(i => need[i] > Eps).Select(i => items[i].Name))}",
                        $"at {call.Place} the train must carry {needSum:0} {unit} ({string.Join(", ", members.Where(i => need[i] > Eps).Select(i => $"{items[i].Name} {need[i]:0} {unit}"))}) to last until {untilName}, but its {StoreName(cls)} hold {capacity[(int)cls]:0} {unit} ({free:0} {unit} free): short by {needSum - free:0} {unit}");
                    continue;
                }
                var extra = members.Sum(i => want[i] - need[i]);
                var share = extra <= Eps ? 0 : Math.Min(1, (free - needSum) / extra);
                foreach (var i in members) load[i] = need[i] + (want[i] - need[i]) * share;
            }
            Refuse(problems);
            if (k == 0 || need.Any(n => n > Eps))
            {
                var lines = new List<LoadLine>();
                for (var i = 0; i < items.Count; i++)
                {
                    if (load[i] <= Eps) continue;
                    var expiry = items[i].ShelfLife is { } life ? now + NodaTime.Duration.FromSeconds(life.Seconds) : (Instant?)null;
                    batches[i].Add(new Batch(load[i], expiry));
                    loaded[i] += load[i];
                    lines.Add(new LoadLine(items[i].Name, load[i], items[i].Unit));
                    levels[i].Add(new StockLevel(now, call.Position, batches[i].Sum(b => b.Amount), $"loaded at {call.Place}"));
                }
                loads.Add(new ResupplyStop(call.Place, call.Position, now, call.Zone, lines));
            }
            foreach (var e in window)
            {
                Discard(e.At, e.Position, "discarded (past shelf life)");
                for (var i = 0; i < items.Count; i++)
                {
                    if (e.Draw[i] <= 0) continue;
                    var left = e.Draw[i];
                    foreach (var b in batches[i].OrderBy(b => b.Expiry ?? Instant.MaxValue))
                    {
                        var take = Math.Min(b.Amount, left);
                        b.Amount -= take;
                        left -= take;
                        if (left <= 0) break;
                    }
                    batches[i].RemoveAll(b => b.Amount <= Eps);
                    // The loading rule guarantees this; a failure here is a bug, not bad input.
                    if (left > 1e-3) throw new InvalidOperationException($"{items[i].Name} ran out {e.Label} ({left} {items[i].Unit} short)");
                    consumed[i] += e.Draw[i];
                    levels[i].Add(new StockLevel(e.At, e.Position, batches[i].Sum(b => b.Amount), e.Label));
                }
            }
            next += window.Count;
        }

        var profiles = items.Select((it, i) => new ItemProfile(it, capacity[(int)it.Storage], levels[i], loaded[i], consumed[i], discarded[i])).ToArray();
        return new ProvisioningPlan(s.People, meals, loads, profiles, Fuel(plan, s.Fuel));

        void Discard(Instant at, Position pos, string label)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var gone = batches[i].Where(b => b.Expiry is { } x && x <= at).Sum(b => b.Amount);
                if (gone <= Eps) continue;
                batches[i].RemoveAll(b => b.Expiry is { } x && x <= at);
                discarded[i] += gone;
                levels[i].Add(new StockLevel(at, pos, batches[i].Sum(b => b.Amount), label));
            }
        }
    }

    /// <summary>
    /// Eats the events' draws of item <paramref name="i"/> first-expiring-first from a copy of the stock plus an unlimited
    /// new batch expiring at <paramref name="expiry"/>: how much comes from the new batch, and how much cannot be met
    /// (all stock past its shelf life) with where that first happens.
    /// </summary>
    private static (double FromNew, double Unmet, string Where) Simulate(List<Batch> stock, List<Event> events, int i, Instant? expiry)
    {
        var copy = stock.Select(b => (b.Amount, Expiry: b.Expiry ?? Instant.MaxValue)).ToList();
        var newExpiry = expiry ?? Instant.MaxValue;
        double fromNew = 0, unmet = 0;
        var where = "";
        foreach (var e in events)
        {
            var left = e.Draw[i];
            if (left <= 0) continue;
            for (var b = 0; b < copy.Count && left > 0; b++)
            {
                if (copy[b].Expiry <= e.At || copy[b].Amount <= 0) continue;
                var take = Math.Min(copy[b].Amount, left);
                copy[b] = (copy[b].Amount - take, copy[b].Expiry);
                left -= take;
            }
            if (left > 0 && newExpiry > e.At) { fromNew += left; left = 0; }
            if (left > Eps)
            {
                if (unmet == 0) where = e.Label;
                unmet += left;
            }
        }
        return (fromNew, unmet, where);
    }

    /// <summary>
    /// The meals served between the main train's departure and arrival: each meal kind once per local date, at its clock
    /// time in the zone of where the train is; a meal whose time the clock skips at a zone border is served at the border.
    /// </summary>
    public static IReadOnlyList<(MealKind Kind, LocalDate Date, Instant At, DateTimeZone Zone)> MealSlots(PlannedTrain main, Corridor corridor, IReadOnlyList<MealTime> times)
    {
        var intervals = new List<(Instant From, Instant To, DateTimeZone Zone)>();
        var first = main.Calls[0].Position;
        var last = main.Calls[^1].Position;
        var zone = corridor.PlaceAt(first).Zone;
        var start = main.Departure;
        foreach (var p in corridor.Places.Where(p => p.Position > first && p.Position <= last))
        {
            if (p.Zone.Id == zone.Id) continue;
            if (main.TimeAt(p.Position) is not { } t) continue;
            intervals.Add((start, t, zone));
            start = t;
            zone = p.Zone;
        }
        intervals.Add((start, main.Arrival, zone));
        var served = new HashSet<(LocalDate, MealKind)>();
        var result = new List<(MealKind, LocalDate, Instant, DateTimeZone)>();
        for (var k = 0; k < intervals.Count; k++)
        {
            var (a, b, z) = intervals[k];
            var la = a.InZone(z).LocalDateTime;
            var lb = b.InZone(z).LocalDateTime;
            LocalDateTime? before = k == 0 ? null : a.InZone(intervals[k - 1].Zone).LocalDateTime;
            for (var d = (before ?? la).Date.PlusDays(-1); d <= lb.Date; d = d.PlusDays(1))
                foreach (var mt in times)
                {
                    var m = d + mt.At;
                    Instant at;
                    if (before is { } pv && m > pv && m <= la) at = a; // the clock jumped over it at the border
                    else if ((k == 0 ? m >= la : m > la) && m < lb) at = m.InZoneLeniently(z).ToInstant();
                    else continue;
                    if (served.Add((d, mt.Kind))) result.Add((mt.Kind, d, at, z));
                }
        }
        return result.OrderBy(r => r.Item3).ToArray();
    }

    /// <summary>People per cuisine from shares (largest remainder, so the counts add up to the people on board).</summary>
    public static IReadOnlyDictionary<string, int> Apportion(int people, IReadOnlyDictionary<string, double> shares)
    {
        var total = shares.Values.Sum();
        if (people <= 0 || total <= 0) return new Dictionary<string, int>();
        var exact = shares.ToDictionary(kv => kv.Key, kv => people * kv.Value / total, StringComparer.OrdinalIgnoreCase);
        var result = exact.ToDictionary(kv => kv.Key, kv => (int)Math.Floor(kv.Value), StringComparer.OrdinalIgnoreCase);
        var left = people - result.Values.Sum();
        foreach (var k in exact.OrderByDescending(kv => kv.Value - Math.Floor(kv.Value)).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(left).Select(kv => kv.Key)) result[k]++;
        return result;
    }

    /// <summary>The cuisines somebody eats, with their people.</summary>
    private static IReadOnlyDictionary<string, int> Eating(IReadOnlyDictionary<string, int> diners) =>
        diners.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    private static string NearName(PlannedTrain main, Corridor corridor, Position pos)
    {
        var halt = main.Calls.FirstOrDefault(c => c.Kind != CallKind.Pass && Math.Abs((c.Position - pos).Meters) < 1);
        if (halt is not null) return halt.Place;
        var named = corridor.Places.Where(p => p.Kind != PlaceKind.PassingLoop).ToList();
        var before = named.LastOrDefault(p => p.Position <= pos) ?? named[0];
        var after = named.FirstOrDefault(p => p.Position > pos);
        return after is null ? before.Name : $"{before.Name} - {after.Name}";
    }

    /// <summary>Refuses a plan that cannot be supplied, naming every item, place and shortfall found.</summary>
    private static void Refuse(ProblemList problems)
    {
        if (problems.Count == 0) return;
        throw new InfeasibleException("provisioning.infeasible",
            "the journey cannot be supplied: " + string.Join("; ", problems.Items.Select(p => p.ToString())));
    }

    private static string StoreName(StorageClass c) => c switch
    {
        StorageClass.Dry => "dry stores",
        StorageClass.Chilled => "refrigerated stores",
        StorageClass.Frozen => "freezers",
        StorageClass.LiveTank => "live-seafood tanks",
        _ => "water tanks",
    };

    private static double[] Classes(StoreCapacity c) => [c.DryKg, c.ChilledKg, c.FrozenKg, c.LiveTankKg, c.WaterLitres];

    /// <summary>
    /// Diesel fuel of every convoy train (main, pilot, escort) per stretch hauled by the same diesel locomotive(s) without refuelling: traction
    /// energy at the rim of every leg (running-time engine) / efficiency / energy per litre, plus idling at the halts
    /// inside the stretch; refused when it exceeds the usable share of the tanks.
    /// </summary>
    public static IReadOnlyList<FuelStretch> Fuel(ConvoyPlan plan, FuelModel model)
    {
        var journey = plan.Journey;
        var refuel = new HashSet<string>(model.RefuelPlaces.Select(p => journey.Corridor.Find(p, "provisioning.refuelAt").Name), StringComparer.OrdinalIgnoreCase);
        var stretches = new List<FuelStretch>();
        var problems = new ProblemList();
        foreach (var train in plan.Trains.OrderBy(t => t.Role switch { ConvoyRole.Main => 0, ConvoyRole.Pilot => 1, _ => 2 }))
        {
        var convoyTrain = journey.Train(train.Id);
        var role = train.Id.Value;
        var legs = train.Legs;
        var k = 0;
        while (k < legs.Count)
        {
            var consist = convoyTrain.ConsistAt(legs[k].Start);
            var diesels = consist.TractionUnits.Where(v => v.Traction?.Kind == TractionKind.Diesel).ToList();
            if (diesels.Count == 0) { k++; continue; }
            var from = k;
            var energy = Energy.Zero;
            var idle = 0.0;
            do
            {
                energy += legs[k].Run.TractionEnergy;
                if (k > from) idle += (legs[k].Departure - (legs[k - 1].Departure + NodaTime.Duration.FromSeconds(legs[k - 1].Run.TotalTime.Seconds))).TotalSeconds;
                k++;
            }
            while (k < legs.Count && ReferenceEquals(convoyTrain.ConsistAt(legs[k].Start), consist) && !refuel.Contains(legs[k].From));
            var litres = energy.Joules / (model.Efficiency * model.MegajoulesPerLitre * 1e6) + model.IdleLitresPerHour * idle / 3600;
            var tank = diesels.Sum(v => v.Stores.FuelLitres);
            var names = string.Join(" + ", diesels.Select(v => v.Id));
            var stretch = new FuelStretch(legs[from].From, legs[k - 1].To, names, energy, Units.Duration.FromSeconds(idle), litres, tank, tank * model.UsableShare, role);
            if (stretch.Checked && litres > stretch.UsableLitres)
                problems.Add($"provisioning: fuel (train {role}, {names})",
                    $"from {stretch.From} to {stretch.To} the locomotive needs {litres:0} l of diesel ({energy.KilowattHours:0} kWh at the rim) but carries {stretch.UsableLitres:0} l usable of {tank:0} l: short by {litres - stretch.UsableLitres:0} l at {stretch.To}; add a refuelling halt (provisioning.refuelAt)");
            stretches.Add(stretch);
        }
        }
        Refuse(problems);
        return stretches;
    }
}
