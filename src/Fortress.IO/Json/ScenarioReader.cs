using System.Text.Json;
using Fortress.Application;
using Fortress.Clearance;
using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Simulation;
using Fortress.Units;
using NodaTime;
using NodaTime.Text;
using Duration = Fortress.Units.Duration;

namespace Fortress.IO.Json;

/// <summary>
/// Where a scenario's references lead: trains, timetables and networks named by the scenario (a built-in name, a file
/// beside the scenario, a network stored by the service). The reader asks; what a reference may be (a file on this
/// machine, or only built-in and stored data for a scenario sent to the service) is the resources' decision.
/// </summary>
public interface IScenarioResources
{
    /// <summary>A train by reference ("builtin:NAME.json" or a file), read as a consist; bad input as an <see cref="InvalidInputException"/> naming <paramref name="where"/>.</summary>
    Consist Train(string reference, string where);

    /// <summary>A Fortress timetable by reference ("builtin:NAME.json" or a file).</summary>
    Fortress.Timetable.RegularTimetable Timetable(string reference, string where);

    /// <summary>A network: an OpenStreetMap, RailJSON or .fnet file, or a network stored by the service.</summary>
    Fortress.Network.RailNetwork Network(NetworkReference reference, string where);
}

/// <summary>How a routed corridor names its network.</summary>
public enum NetworkSourceKind { Osm, RailJson, NetworkFile, Stored }

/// <summary>A network named by a scenario: a file of a kind, or the id of a network stored by the service.</summary>
public sealed record NetworkReference(NetworkSourceKind Kind, string Name);

/// <summary>
/// Reads a Fortress scenario (<c>fortress.scenario/1</c>, docs/formats.md) into a <see cref="Scenario"/>: every field
/// typed and checked, every problem at once with its JSON path, the files it names read through the
/// <see cref="IScenarioResources"/>. It derives nothing: routing, traffic generation, geodesy and planning are the
/// <see cref="PlanPipeline"/>'s stages.
/// </summary>
public static class ScenarioReader
{
    public const string Format = "fortress.scenario/1";

    /// <summary>The built-in flagship scenario: the state visit Pyongyang → Vladivostok.</summary>
    public const string Flagship = "state-visit.json";

    /// <summary>Reads a scenario from a stream (UTF-8).</summary>
    public static Scenario Read(Stream stream, string displayName, IScenarioResources resources)
    {
        // Strict UTF-8 within the document limit (invalid bytes are a problem, never replaced).
        return Read(Fortress.IO.InputFile.ReadText(stream, displayName), displayName, resources);
    }

    public static Scenario Read(string text, string displayName, IScenarioResources resources)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, Format, "a scenario", problems);
        using var _ = doc;
        var root = doc.RootElement;
        var name = j.String(root, "name", "$", false) ?? displayName;
        var purpose = j.String(root, "purpose", "$", false) ?? "";

        CorridorSource? corridor = null;
        if (j.Required(root, "corridor", "$") is { } c)
            corridor = j.Get(c, "route") is { } route ? ReadRoute(j, route, resources) : ReadCorridor(j, c, displayName, problems) is { } authored ? new AuthoredCorridor(authored) : null;

        // Journey-level headways are the defaults of the pilots and escorts that give none of their own (the first format had only these).
        double? pilotHeadway = null, escortHeadway = null;
        var jr = j.Required(root, "journey", "$");
        if (jr is { } jh)
        {
            pilotHeadway = j.Number(jh, "pilotHeadwayMinutes", "$.journey", false, Plausible.HeadwayMinutes);
            escortHeadway = j.Number(jh, "escortHeadwayMinutes", "$.journey", false, Plausible.HeadwayMinutes);
        }
        var trains = ReadTrains(j, root, resources, pilotHeadway, escortHeadway);

        var stops = new List<JourneyStop>();
        LocalDateTime? earliest = null, required = null, latest = null;
        if (jr is { } jo)
        {
            foreach (var (s, p) in j.Array(jo, "stops", "$.journey", false))
            {
                var place = j.String(s, "place", p, true);
                var dwell = j.Number(s, "dwellMinutes", p, false, Plausible.DwellMinutes) ?? 0;
                PreciseStopSpec? precise = null;
                if (j.Get(s, "preciseStop") is { } ps) precise = FortressPathReader.ReadPreciseStop(j, ps, p + ".preciseStop");
                var maxDwell = j.Number(s, "maxDwellMinutes", p, false, Plausible.DwellMinutes);
                if (place is not null) stops.Add(new JourneyStop(place, Duration.FromMinutes(dwell), precise, maxDwell is { } m ? Duration.FromMinutes(m) : null));
            }
            earliest = Local(j, jo, "earliestDeparture", "$.journey");
            required = Local(j, jo, "requiredArrival", "$.journey");
            latest = Local(j, jo, "latestDeparture", "$.journey");
        }
        var traffic = j.Get(root, "traffic") is { } tr ? ReadTraffic(j, tr, resources) : null;
        var security = j.Get(root, "security") is { } sec ? ReadSecurity(j, sec) : null;
        var delegation = j.Get(root, "delegation") is { } dl ? ReadDelegation(j, dl) : null;
        var provisioning = j.Get(root, "provisioning") is { } pr ? ReadProvisioning(j, pr, delegation) : null;
        var evacuation = j.Get(root, "evacuation") is { } ev ? ReadEvacuation(j, ev, security) : null;
        var signalling = j.Get(root, "signalling") is { } sg ? ReadSignalling(j, sg) : null;
        var clearance = j.Get(root, "clearance") is { } cl ? ReadClearance(j, cl) : null;
        var timing = j.Get(root, "allowance") is { } al ? ReadAllowance(j, al) : null;
        var monteCarlo = j.Get(root, "monteCarlo") is { } mc ? ReadMonteCarlo(j, mc) : null;
        problems.ThrowIfAny();
        return new Scenario(name, purpose, corridor!, trains, new JourneySpec(stops, earliest, required, latest), traffic, security, delegation,
            provisioning, evacuation, signalling, clearance, timing, monteCarlo);
    }

    /// <summary>
    /// The convoy in running order (pilots, the main train, escorts, each in the order given). A train's <c>id</c>
    /// defaults to its role, numbered where the role repeats ("pilot-1", "pilot-2").
    /// </summary>
    private static List<TrainSpec> ReadTrains(JsonNodes j, JsonElement root, IScenarioResources resources, double? pilotHeadway, double? escortHeadway)
    {
        var read = new List<(TrainSpec? Spec, string? Id, ConvoyRole Role, string Path)>();
        foreach (var (t, p) in j.Array(root, "trains", "$", true))
        {
            var roleText = j.String(t, "role", p, true);
            ConvoyRole role = ConvoyRole.Main;
            if (roleText is not null && !TryRole(roleText, out role)) { j.Problems.Add(j.Where(p + ".role"), $"'{roleText}' is not one of pilot, main, escort"); continue; }
            var id = j.String(t, "id", p, false);
            if (id is not null && !TrainId.IsValid(id)) j.Problems.Add(j.Where(p + ".id"), TrainId.Explain(id));
            var headway = j.Number(t, "headwayMinutes", p, false, Plausible.HeadwayMinutes) ?? (role == ConvoyRole.Pilot ? pilotHeadway : role == ConvoyRole.Escort ? escortHeadway : null);
            if (role == ConvoyRole.Main && j.Get(t, "headwayMinutes") is not null) j.Problems.Add(j.Where(p + ".headwayMinutes"), "the main train keeps no headway: the pilots and escorts keep theirs to it");
            var tname = j.String(t, "name", p, false) ?? id ?? roleText ?? p;
            var consists = new List<ConsistSpec>();
            foreach (var (cs, cp) in j.Array(t, "consists", p, true))
            {
                var from = j.String(cs, "fromPlace", cp, true);
                var consist = ReadConsist(j, cs, cp, resources);
                if (from is not null && consist is not null) consists.Add(new ConsistSpec(from, consist, j.Where(cp)));
            }
            read.Add((new TrainSpec(default, role, tname, consists, headway is { } h ? Duration.FromMinutes(h) : null, j.Where(p)), id, role, p));
        }
        // Ids: as given, or the role, numbered where a role repeats without ids.
        var counts = read.Where(r => r.Id is null).GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.Count());
        var numbered = new Dictionary<ConvoyRole, int>();
        var list = new List<TrainSpec>();
        foreach (var r in read)
        {
            var roleName = r.Role.ToString().ToLowerInvariant();
            string id;
            if (r.Id is not null) id = r.Id;
            else if (counts[r.Role] == 1) id = roleName;
            else { numbered[r.Role] = numbered.GetValueOrDefault(r.Role) + 1; id = $"{roleName}-{numbered[r.Role]}"; }
            if (TrainId.IsValid(id)) list.Add(r.Spec! with { Id = TrainId.Parse(id, r.Path) });
        }
        foreach (var g in list.GroupBy(t => t.Id).Where(g => g.Count() > 1)) j.Problems.Add(j.Where("$.trains"), $"two trains have the id '{g.Key}'");
        // Running order: pilots first, then the main train, then the escorts (stable within a role).
        return list.OrderBy(t => (int)t.Role).ToList();
    }

    private static bool TryRole(string text, out ConvoyRole role)
    {
        role = text switch { "pilot" => ConvoyRole.Pilot, "main" => ConvoyRole.Main, "escort" => ConvoyRole.Escort, _ => (ConvoyRole)(-1) };
        return (int)role >= 0;
    }

    /// <summary>
    /// The regular traffic: typical consists per category, generated services (<c>generate</c>) and/or a Fortress timetable
    /// (<c>timetable</c>, its trains named by the corridor's places), over <c>days</c> days.
    /// </summary>
    private static TrafficSpec? ReadTraffic(JsonNodes j, JsonElement tr, IScenarioResources resources)
    {
        var before = j.Problems.Count;
        var consists = new Dictionary<string, Consist>(StringComparer.OrdinalIgnoreCase);
        if (j.Get(tr, "consists") is { ValueKind: JsonValueKind.Object } cs)
            foreach (var prop in cs.EnumerateObject())
            {
                var c = ReadConsist(j, prop.Value, $"$.traffic.consists.{prop.Name}", resources);
                if (c is not null) consists[prop.Name] = c;
            }
        var defaultName = j.String(tr, "defaultConsist", "$.traffic", false);
        if (consists.Count == 0) { j.Problems.Add(j.Where("$.traffic.consists"), "give at least one typical consist for the regular traffic"); return null; }
        if (defaultName is not null && !consists.ContainsKey(defaultName)) j.Problems.Add(j.Where("$.traffic.defaultConsist"), $"no typical consist '{defaultName}' under traffic.consists");
        var fallback = defaultName is not null && consists.TryGetValue(defaultName, out var d) ? d : consists.Values.First();
        var days = j.Integer(tr, "days", "$.traffic", false, Plausible.TrafficDays) ?? TrafficSpec.DefaultDays;
        var patterns = new List<TrafficPattern>();
        foreach (var (g, gp) in j.Array(tr, "generate", "$.traffic", false))
        {
            var from = j.String(g, "from", gp, true);
            var to = j.String(g, "to", gp, true);
            var category = j.String(g, "category", gp, true);
            var first = j.String(g, "firstDeparture", gp, true);
            var interval = j.Number(g, "intervalMinutes", gp, false, Plausible.IntervalMinutes) ?? 60;
            var perDay = j.Integer(g, "trainsPerDay", gp, false, Plausible.TrainsPerDay) ?? 1;
            var both = j.Get(g, "bothDirections") is not { ValueKind: JsonValueKind.False };
            var prefix = j.String(g, "numberPrefix", gp, false) ?? "";
            var dwell = j.Number(g, "dwellMinutes", gp, false, Plausible.DwellMinutes) ?? 2;
            var stopsAt = j.Strings(g, "stopsAt", gp, false).ToArray();
            if (category is not null && !consists.ContainsKey(category)) j.Problems.Add(j.Where(gp + ".category"), $"no typical consist '{category}' under traffic.consists");
            var lt = first is null ? null : (LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(first) is { Success: true } r ? r.Value : (LocalTime?)null);
            if (first is not null && lt is null) j.Problems.Add(j.Where(gp + ".firstDeparture"), $"'{first}' is not a time like 05:30");
            if (from is null || to is null || category is null || lt is null) continue;
            patterns.Add(new TrafficPattern(from, to, category, stopsAt, lt.Value, NodaTime.Duration.FromMinutes(interval), perDay, both, prefix, Duration.FromMinutes(dwell)));
        }
        Fortress.Timetable.RegularTimetable? given = null;
        if (j.String(tr, "timetable", "$.traffic", false) is { } file)
        {
            try { given = resources.Timetable(file, j.Where("$.traffic.timetable")); }
            catch (InvalidInputException ex) { j.Problems.AddRange(ex.Problems); }
        }
        return j.Problems.Count > before ? null : new TrafficSpec(consists, fallback, days, patterns, given);
    }

    /// <summary>
    /// The delegation: <c>{"counts": {"principal": 1, "minister": 6, ...}}</c> and/or <c>"passengers": [{"name", "role", "rank"}]</c>,
    /// and <c>"meetings": [{"title", "start", "end"}]</c> in the origin's local time.
    /// </summary>
    private static DelegationSpec? ReadDelegation(JsonNodes j, JsonElement o)
    {
        const string at = "$.delegation";
        var people = new List<Fortress.Security.Passenger>();
        if (j.Get(o, "counts") is { ValueKind: JsonValueKind.Object } counts)
        {
            var dict = new Dictionary<Fortress.Security.PassengerRole, int>();
            foreach (var prop in counts.EnumerateObject())
            {
                if (!EnumText.TryParse<Fortress.Security.PassengerRole>(prop.Name, out var role)) { j.Problems.Add(j.Where($"{at}.counts.{prop.Name}"), $"'{prop.Name}' is not one of {string.Join(", ", Enum.GetNames<Fortress.Security.PassengerRole>())}"); continue; }
                if (j.Integer(prop.Value, $"{at}.counts.{prop.Name}", Plausible.People) is { } c) dict[role] = c;
            }
            people.AddRange(Fortress.Security.BerthPlanner.FromCounts(dict));
        }
        foreach (var (p, pp) in j.Array(o, "passengers", at, false))
        {
            var n = j.String(p, "name", pp, true);
            var roleText = j.String(p, "role", pp, true);
            var rank = j.Integer(p, "rank", pp, false, Plausible.People) ?? 0;
            if (roleText is not null && !EnumText.TryParse<Fortress.Security.PassengerRole>(roleText, out _)) { j.Problems.Add(j.Where(pp + ".role"), $"'{roleText}' is not a role"); continue; }
            if (n is not null && roleText is not null) people.Add(new Fortress.Security.Passenger(n, EnumText.Parse<Fortress.Security.PassengerRole>(roleText), rank));
        }
        var meetings = new List<MeetingSpec>();
        foreach (var (m, mp) in j.Array(o, "meetings", at, false))
        {
            var title = j.String(m, "title", mp, true);
            var start = Local(j, m, "start", mp);
            var end = Local(j, m, "end", mp);
            if (title is not null && start is not null && end is not null) meetings.Add(new MeetingSpec(title, start.Value, end.Value, j.Where(mp)));
        }
        if (people.Count(p => p.Role == Fortress.Security.PassengerRole.Principal) > 1) j.Problems.Add(j.Where(at), "there can be only one principal");
        return new DelegationSpec(people, meetings);
    }

    /// <summary>Provisioning (docs/formats.md, "provisioning"): who eats which cuisine, meal times, stores, menus, requests, resupply and fuel.</summary>
    private static Fortress.Logistics.ProvisioningSettings? ReadProvisioning(JsonNodes j, JsonElement o, DelegationSpec? delegation)
    {
        const string at = "$.provisioning";
        var before = j.Problems.Count;
        var crew = j.Integer(o, "trainCrew", at, false, Plausible.People) ?? 0;
        var passengers = delegation?.Passengers ?? [];
        var people = j.Integer(o, "people", at, false, Plausible.People) is { } pp ? pp : passengers.Count;
        if (delegation is not null && j.Get(o, "people") is not null && people != passengers.Count)
            j.Problems.Add(j.Where(at + ".people"), $"the delegation has {passengers.Count} people: leave 'people' out or make it match");
        var shares = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (j.Get(o, "cuisines") is { ValueKind: JsonValueKind.Object } cu)
            foreach (var prop in cu.EnumerateObject())
                if (j.Number(prop.Value, $"{at}.cuisines.{prop.Name}", Plausible.Share) is { } share) shares[prop.Name] = share;
        if (shares.Count == 0) shares["korean"] = 1;
        var byRole = new Dictionary<Fortress.Security.PassengerRole, string>();
        if (j.Get(o, "cuisineByRole") is { ValueKind: JsonValueKind.Object } br)
            foreach (var prop in br.EnumerateObject())
            {
                if (!EnumText.TryParse<Fortress.Security.PassengerRole>(prop.Name, out var role)) { j.Problems.Add(j.Where($"{at}.cuisineByRole.{prop.Name}"), $"'{prop.Name}' is not one of {string.Join(", ", Enum.GetNames<Fortress.Security.PassengerRole>())}"); continue; }
                if (j.Text(prop.Value, $"{at}.cuisineByRole.{prop.Name}") is { } c) byRole[role] = c;
            }
        // People with a per-role choice eat that; the others (and the train crew) share out by the shares.
        var diners = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var chosen = passengers.Where(p => byRole.ContainsKey(p.Role)).ToList();
        foreach (var g in chosen.GroupBy(p => byRole[p.Role], StringComparer.OrdinalIgnoreCase)) diners[g.Key] = g.Count();
        var rest = (delegation is null ? people : passengers.Count - chosen.Count) + crew;
        foreach (var (c, n) in Fortress.Logistics.ProvisioningPlanner.Apportion(rest, shares)) diners[c] = diners.GetValueOrDefault(c) + n;

        var meals = Fortress.Logistics.ProvisioningSettings.DefaultMeals.ToList();
        if (j.Get(o, "mealTimes") is { ValueKind: JsonValueKind.Object } mt)
        {
            meals.Clear();
            foreach (var prop in mt.EnumerateObject())
            {
                if (!EnumText.TryParse<Fortress.Logistics.MealKind>(prop.Name, out var kind)) { j.Problems.Add(j.Where($"{at}.mealTimes.{prop.Name}"), "must be breakfast, lunch or dinner"); continue; }
                var r = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(j.Text(prop.Value, $"{at}.mealTimes.{prop.Name}") ?? "");
                if (!r.Success) { j.Problems.Add(j.Where($"{at}.mealTimes.{prop.Name}"), $"'{prop.Value}' is not a time like 12:30"); continue; }
                meals.Add(new Fortress.Logistics.MealTime(kind, r.Value));
            }
        }
        var items = Fortress.Logistics.ProvisioningSettings.DefaultItems.ToList();
        foreach (var (it, ip) in j.Array(o, "items", at, false))
        {
            var n = j.String(it, "name", ip, true);
            var storage = j.String(it, "storage", ip, true);
            var life = j.Number(it, "shelfLifeHours", ip, false, Plausible.ShelfLife);
            if (storage is not null && !EnumText.TryParse<Fortress.Logistics.StorageClass>(storage, out _)) { j.Problems.Add(j.Where(ip + ".storage"), $"'{storage}' is not one of {string.Join(", ", Enum.GetNames<Fortress.Logistics.StorageClass>())}"); continue; }
            if (n is null || storage is null) continue;
            items.RemoveAll(x => string.Equals(x.Name, n, StringComparison.OrdinalIgnoreCase));
            items.Add(new Fortress.Logistics.StockItem(n, EnumText.Parse<Fortress.Logistics.StorageClass>(storage), life is { } h ? Duration.FromHours(h) : null));
        }
        var menus = Fortress.Logistics.ProvisioningSettings.DefaultMenus.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        if (j.Get(o, "menus") is { ValueKind: JsonValueKind.Object } mn)
            foreach (var prop in mn.EnumerateObject())
            {
                var menu = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                if (prop.Value.ValueKind == JsonValueKind.Object)
                    foreach (var item in prop.Value.EnumerateObject())
                        if (j.Number(item.Value, $"{at}.menus.{prop.Name}.{item.Name}", Plausible.Stores) is { } kg) menu[item.Name] = kg;
                menus[prop.Name] = menu;
            }
        var extras = new List<Fortress.Logistics.ExtraRequest>();
        foreach (var (rq, rp) in j.Array(o, "requests", at, false))
        {
            var n = j.String(rq, "name", rp, false) ?? "request";
            var item = j.String(rq, "item", rp, true);
            var amount = j.Number(rq, "amount", rp, true, Plausible.Stores);
            var meal = j.String(rq, "meal", rp, true);
            var date = j.String(rq, "date", rp, true);
            var d = date is null ? null : LocalDatePattern.Iso.Parse(date) is { Success: true } dr ? dr.Value : (LocalDate?)null;
            if (date is not null && d is null) j.Problems.Add(j.Where(rp + ".date"), $"'{date}' is not a date like 2019-04-23");
            if (meal is not null && !EnumText.TryParse<Fortress.Logistics.MealKind>(meal, out _)) { j.Problems.Add(j.Where(rp + ".meal"), "must be breakfast, lunch or dinner"); continue; }
            if (item is null || amount is null || meal is null || d is null) continue;
            extras.Add(new Fortress.Logistics.ExtraRequest(n, item, amount.Value, EnumText.Parse<Fortress.Logistics.MealKind>(meal), d.Value));
        }
        var fuel = Fortress.Logistics.FuelModel.Default;
        if (j.Get(o, "fuel") is { ValueKind: JsonValueKind.Object } fu)
            fuel = fuel with
            {
                Efficiency = j.Number(fu, "efficiency", at + ".fuel", false, Plausible.Fraction) ?? fuel.Efficiency,
                MegajoulesPerLitre = j.Number(fu, "megajoulesPerLitre", at + ".fuel", false, Plausible.FuelEnergy) ?? fuel.MegajoulesPerLitre,
                UsableShare = j.Number(fu, "usableShare", at + ".fuel", false, Plausible.Fraction) ?? fuel.UsableShare,
                IdleLitresPerHour = j.Number(fu, "idleLitresPerHour", at + ".fuel", false, Plausible.Litres) ?? fuel.IdleLitresPerHour,
            };
        if (fuel.Efficiency > 1 || fuel.UsableShare > 1) j.Problems.Add(j.Where(at + ".fuel"), "efficiency and usableShare are fractions, at most 1");
        fuel = fuel with { RefuelPlaces = j.Strings(o, "refuelAt", at, false).ToArray() };
        var water = j.Number(o, "waterLitresPerPersonDay", at, false, Plausible.Litres) ?? Fortress.Logistics.ProvisioningSettings.DefaultWaterLitresPerPersonDay;
        var minStop = j.Number(o, "resupplyMinStopMinutes", at, false, Plausible.Minutes) is { } ms ? Duration.FromMinutes(ms) : Fortress.Logistics.ProvisioningSettings.DefaultMinResupplyStop;
        var resupplyAt = j.Strings(o, "resupplyAt", at, false).ToArray();
        if (j.Problems.Count > before) return null;
        return new Fortress.Logistics.ProvisioningSettings(diners, meals, items, menus.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase),
            extras, water, minStop, resupplyAt, fuel);
    }

    /// <summary>Evacuation points and the evacuation model (docs/formats.md, "evacuation").</summary>
    private static EvacuationSpec? ReadEvacuation(JsonNodes j, JsonElement o, Fortress.Security.SecuritySettings? security)
    {
        const string at = "$.evacuation";
        var before = j.Problems.Count;
        var points = new List<EvacuationPointSpec>();
        foreach (var (p, pp) in j.Array(o, "points", at, true))
        {
            var n = j.String(p, "name", pp, true);
            var kindText = j.String(p, "kind", pp, true);
            var place = j.String(p, "place", pp, false);
            var pos = j.Number(p, "positionMeters", pp, false, Plausible.PathPosition);
            var accessKm = j.Number(p, "accessKm", pp, false, Plausible.AccessKm);
            var lat = j.Number(p, "lat", pp, false, Plausible.Latitude);
            var lon = j.Number(p, "lon", pp, false, Plausible.Longitude);
            var modeText = j.String(p, "access", pp, false) ?? "road";
            if (lat > 90) j.Problems.Add(j.Where(pp + ".lat"), $"must be at most 90 degrees, got {lat}");
            if (lon > 180) j.Problems.Add(j.Where(pp + ".lon"), $"must be at most 180 degrees, got {lon}");
            if ((lat is null) != (lon is null)) { j.Problems.Add(j.Where(pp), "give both lat and lon, or neither"); continue; }
            if (kindText is not null && !EnumText.TryParse<Fortress.Logistics.EvacuationKind>(kindText, out _)) { j.Problems.Add(j.Where(pp + ".kind"), $"'{kindText}' is not one of ramp, helipad, hospital"); continue; }
            if (!EnumText.TryParse<Fortress.Logistics.AccessMode>(modeText, out var mode)) { j.Problems.Add(j.Where(pp + ".access"), $"'{modeText}' is not road or air"); continue; }
            if (lat is null && (place is null) == (pos is null)) { j.Problems.Add(j.Where(pp), "give exactly one of place or positionMeters (or lat and lon)"); continue; }
            if (n is null || kindText is null) continue;
            points.Add(new EvacuationPointSpec(n, EnumText.Parse<Fortress.Logistics.EvacuationKind>(kindText), mode, place, pos,
                lat is { } la && lon is { } lo ? (la, lo) : null, accessKm, j.Where(pp)));
        }
        var d = Fortress.Logistics.EvacuationSettings.Default([]);
        var thresholds = j.Array(o, "thresholdsMinutes", at, false).Select(t => j.Number(t.Item, t.Path, Plausible.Minutes)).ToList();
        var settings = d with
        {
            RoadSpeed = j.Number(o, "roadSpeedKmh", at, false, Plausible.RoadSpeed) is { } rs ? Speed.FromKilometersPerHour(rs) : security?.Force.RoadSpeed ?? d.RoadSpeed,
            RoadDetour = j.Number(o, "roadDetour", at, false, Plausible.Detour) ?? security?.Force.RoadDetour ?? d.RoadDetour,
            HelicopterSpeed = j.Number(o, "helicopterKmh", at, false, Plausible.HelicopterSpeed) is { } hs ? Speed.FromKilometersPerHour(hs) : d.HelicopterSpeed,
            HelicopterActivation = j.Number(o, "helicopterActivationMinutes", at, false, Plausible.Minutes) is { } ha ? Duration.FromMinutes(ha) : d.HelicopterActivation,
            ReverseSpeed = j.Number(o, "reverseSpeedKmh", at, false, Plausible.LineSpeed) is { } rv ? Speed.FromKilometersPerHour(rv) : d.ReverseSpeed,
            ReverseTime = j.Number(o, "reverseMinutes", at, false, Plausible.Minutes) is { } rm ? Duration.FromMinutes(rm) : d.ReverseTime,
            UnloadTime = j.Number(o, "unloadMinutes", at, false, Plausible.Minutes) is { } um ? Duration.FromMinutes(um) : d.UnloadTime,
            Thresholds = thresholds.Count > 0 ? thresholds.Where(t => t is not null).Select(t => Duration.FromMinutes(t!.Value)).ToArray() : d.Thresholds,
            Step = j.Number(o, "stepMeters", at, false, Plausible.EvacuationStep) is { } st ? Length.FromMeters(st) : d.Step,
        };
        var ramps = j.Get(o, "rampsAtStations") is { ValueKind: JsonValueKind.True };
        return j.Problems.Count > before ? null : new EvacuationSpec(points, ramps, settings);
    }

    /// <summary>The security force and its sites (docs/formats.md, "security").</summary>
    private static Fortress.Security.SecuritySettings? ReadSecurity(JsonNodes j, JsonElement o)
    {
        const string at = "$.security";
        var d = Fortress.Security.SecurityForce.Default;
        var agents = j.Integer(o, "agents", at, false, Plausible.People) ?? d.Agents;
        var team = j.Integer(o, "teamSize", at, false, Plausible.People) ?? d.TeamSize;
        var bases = j.Strings(o, "bases", at, true).ToArray();
        var open = j.Number(o, "windowOpenHours", at, false, Plausible.WindowHours) ?? d.WindowOpen.Hours;
        var close = j.Number(o, "windowCloseMinutes", at, false, Plausible.Minutes) ?? d.WindowClose.Seconds / 60;
        var road = j.Number(o, "roadSpeedKmh", at, false, Plausible.RoadSpeed) ?? d.RoadSpeed.KilometersPerHour;
        var detour = j.Number(o, "roadDetour", at, false, Plausible.Detour) ?? d.RoadDetour;
        var times = new Dictionary<Fortress.Security.SiteKind, Duration>(Fortress.Security.SweepPlanner.DefaultSweepTimes);
        if (j.Get(o, "sweepMinutes") is { ValueKind: JsonValueKind.Object } sm)
            foreach (var prop in sm.EnumerateObject())
            {
                if (!EnumText.TryParse<Fortress.Security.SiteKind>(prop.Name, out var kind)) { j.Problems.Add(j.Where($"{at}.sweepMinutes.{prop.Name}"), $"'{prop.Name}' is not one of {string.Join(", ", Enum.GetNames<Fortress.Security.SiteKind>())}"); continue; }
                if (j.Number(prop.Value, $"{at}.sweepMinutes.{prop.Name}", Plausible.Minutes) is { } m) times[kind] = Duration.FromMinutes(m);
            }
        var sites = new List<Fortress.Security.SweepSite>();
        foreach (var (s, sp) in j.Array(o, "sites", at, false))
        {
            var n = j.String(s, "name", sp, true);
            var pos = j.Number(s, "positionMeters", sp, true, Plausible.PathPosition);
            var kindText = j.String(s, "kind", sp, false) ?? "other";
            if (!EnumText.TryParse<Fortress.Security.SiteKind>(kindText, out var kind)) { j.Problems.Add(j.Where(sp + ".kind"), $"'{kindText}' is not a kind of site"); continue; }
            var minutes = j.Number(s, "sweepMinutes", sp, false, Plausible.Minutes);
            var guard = j.Get(s, "guardUntilEscort") is { ValueKind: JsonValueKind.True };
            if (n is null || pos is null) continue;
            sites.Add(new Fortress.Security.SweepSite(n, kind, Position.FromMeters(pos.Value), minutes is { } mm ? Duration.FromMinutes(mm) : times.GetValueOrDefault(kind, Fortress.Security.SweepPlanner.DefaultSweepTime), guard));
        }
        var guardStations = j.Get(o, "guardStations") is { ValueKind: JsonValueKind.True };
        var ridePilot = j.Get(o, "ridePilot") is { ValueKind: JsonValueKind.True };
        var shift = j.Number(o, "shiftHours", at, false, 0, true);
        return new Fortress.Security.SecuritySettings(
            new Fortress.Security.SecurityForce(agents, team, bases, Duration.FromHours(open), Duration.FromMinutes(close), Speed.FromKilometersPerHour(road), detour, ridePilot,
                shift is { } h ? Duration.FromHours(h) : null),
            times, sites, guardStations);
    }

    /// <summary>The line's signalling (docs/formats.md, "signalling"); each key left out keeps its default (<see cref="Signalling"/>).</summary>
    private static Signalling ReadSignalling(JsonNodes j, JsonElement o)
    {
        const string at = "$.signalling";
        var d = Signalling.Default;
        double? N(string key) => j.Number(o, key, at, false, 0);
        var b = d.Blocking;
        var aspects = j.Number(o, "aspects", at, false, 2);
        if (aspects is { } a && a != Math.Floor(a)) j.Problems.Add(j.Where(at + ".aspects"), $"must be a whole number, got {a}");
        var s = d with
        {
            Blocking = b with
            {
                SetupTime = N("setupSeconds") is { } su ? Duration.FromSeconds(su) : b.SetupTime,
                SightReactionTime = N("sightReactionSeconds") is { } sr ? Duration.FromSeconds(sr) : b.SightReactionTime,
                ReleaseTime = N("releaseSeconds") is { } re ? Duration.FromSeconds(re) : b.ReleaseTime,
                BrakingDistance = N("brakingDistanceMeters") is { } bd ? Length.FromMeters(bd) : b.BrakingDistance,
                Overlap = N("overlapMeters") is { } ov ? Length.FromMeters(ov) : b.Overlap,
            },
            BlockLength = N("blockLengthMeters") is { } bl ? Length.FromMeters(bl) : d.BlockLength,
            StationZone = N("stationZoneMeters") is { } sz ? Length.FromMeters(sz) : d.StationZone,
            Aspects = aspects is { } n ? (SignalAspects)(int)n : d.Aspects,
            SightingDistance = N("sightingDistanceMeters") is { } sd ? Length.FromMeters(sd) : d.SightingDistance,
            ReactionTime = N("reactionSeconds") is { } rt ? Duration.FromSeconds(rt) : d.ReactionTime,
            ConvoyBuffer = N("convoyBufferSeconds") is { } cb ? Duration.FromSeconds(cb) : d.ConvoyBuffer,
        };
        foreach (var (key, message) in s.Problems()) j.Problems.Add(j.Where($"{at}.{key}"), message);
        return s;
    }

    /// <summary>The robustness study's distributions (docs/formats.md, "monteCarlo"); each key left out keeps its default (<see cref="MonteCarloSettings"/>).</summary>
    private static MonteCarloSettings ReadMonteCarlo(JsonNodes j, JsonElement o)
    {
        const string at = "$.monteCarlo";
        var d = MonteCarloSettings.Default;
        double? N(string key) => j.Number(o, key, at, false, 0);
        var s = d with
        {
            LateDepartureShare = N("lateDepartureShare") ?? d.LateDepartureShare,
            LateDepartureShape = N("lateDepartureShape") ?? d.LateDepartureShape,
            LateDepartureScale = N("lateDepartureScaleMinutes") is { } ls ? Duration.FromMinutes(ls) : d.LateDepartureScale,
            DwellExtensionShare = N("dwellExtensionShare") ?? d.DwellExtensionShare,
            DwellExtensionShape = N("dwellExtensionShape") ?? d.DwellExtensionShape,
            DwellExtensionScale = N("dwellExtensionScaleMinutes") is { } ds ? Duration.FromMinutes(ds) : d.DwellExtensionScale,
            PerformanceShortfall = N("performanceShortfall") ?? d.PerformanceShortfall,
        };
        foreach (var (key, message) in s.Problems()) j.Problems.Add(j.Where($"{at}.{key}"), message);
        return s;
    }

    /// <summary>
    /// How the line is cleared (docs/formats.md, "clearance"): <c>method</c> (optimal, greedy), <c>timeLimitSeconds</c>,
    /// <c>cancellationMinutes</c>, <c>maxHoldMinutes</c>, <c>stopPenaltyMinutes</c>, <c>workers</c>, <c>categories</c> (per
    /// train category: <c>weight</c>, <c>mayCancel</c>) and <c>holdTracks</c> (per place: tracks to hold a train on; the
    /// names are found on the corridor by the traffic stage, which names any it does not know). Each key left out keeps
    /// its default (<see cref="ClearanceSettings"/>).
    /// </summary>
    private static ClearanceSettings ReadClearance(JsonNodes j, JsonElement o)
    {
        const string at = "$.clearance";
        var d = ClearanceSettings.Default;
        var method = d.Method;
        if (j.String(o, "method", at, false) is { } text)
        {
            if (text is "optimal" or "greedy") method = text == "greedy" ? ClearanceMethod.Greedy : ClearanceMethod.Optimal;
            else j.Problems.Add(j.Where(at + ".method"), $"'{text}' is not one of optimal, greedy");
        }
        var limit = j.Number(o, "timeLimitSeconds", at, false, 0, true);
        var cancel = j.Number(o, "cancellationMinutes", at, false, 0);
        var maxHold = j.Number(o, "maxHoldMinutes", at, false, 0, true);
        var penalty = j.Number(o, "stopPenaltyMinutes", at, false, 0);
        var workers = j.Number(o, "workers", at, false, 1);
        if (limit > 3600) j.Problems.Add(j.Where(at + ".timeLimitSeconds"), $"must be at most 3,600 (an hour), got {limit}");
        if (maxHold > 48 * 60) j.Problems.Add(j.Where(at + ".maxHoldMinutes"), $"must be at most 2,880 (two days), got {maxHold}");
        if (penalty > 60) j.Problems.Add(j.Where(at + ".stopPenaltyMinutes"), $"must be at most 60, got {penalty}");
        if (workers is { } w && (w != Math.Floor(w) || w > 64)) j.Problems.Add(j.Where(at + ".workers"), $"must be a whole number from 1 to 64, got {w}");
        var categories = new Dictionary<string, CategoryRule>(StringComparer.OrdinalIgnoreCase);
        if (j.Get(o, "categories") is { } cats)
        {
            if (cats.ValueKind != JsonValueKind.Object) j.Problems.Add(j.Where(at + ".categories"), "must be an object: category -> {weight, mayCancel}");
            else
                foreach (var prop in cats.EnumerateObject())
                {
                    var path = $"{at}.categories.{prop.Name}";
                    if (prop.Value.ValueKind != JsonValueKind.Object) { j.Problems.Add(j.Where(path), "give an object with weight and/or mayCancel"); continue; }
                    var weight = j.Number(prop.Value, "weight", path, false, 0) ?? 1;
                    var mayCancel = j.Get(prop.Value, "mayCancel") is not { ValueKind: JsonValueKind.False };
                    categories[prop.Name] = new CategoryRule(weight, mayCancel);
                }
        }
        var tracks = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (j.Get(o, "holdTracks") is { } ht)
        {
            if (ht.ValueKind != JsonValueKind.Object) j.Problems.Add(j.Where(at + ".holdTracks"), "must be an object: place -> tracks");
            else
                foreach (var prop in ht.EnumerateObject())
                {
                    var path = $"{at}.holdTracks.{prop.Name}";
                    if (j.Number(prop.Value, path, 0) is { } n)
                    {
                        if (n != Math.Floor(n)) j.Problems.Add(j.Where(path), $"must be a whole number of tracks, got {n}");
                        else tracks[prop.Name] = (int)n;
                    }
                }
        }
        return d with
        {
            Method = method,
            TimeLimit = limit is { } l ? TimeSpan.FromSeconds(l) : d.TimeLimit,
            CancellationCost = cancel is { } c ? NodaTime.Duration.FromMinutes(c) : d.CancellationCost,
            Workers = workers is { } wk ? (int)wk : d.Workers,
            Options = d.Options with
            {
                MaxHold = maxHold is { } m ? NodaTime.Duration.FromMinutes(m) : d.Options.MaxHold,
                StopPenalty = penalty is { } p ? NodaTime.Duration.FromMinutes(p) : d.Options.StopPenalty,
            },
            Categories = categories,
            HoldTracks = tracks,
        };
    }

    /// <summary>
    /// The running-time allowance of the convoy (docs/formats.md, "allowance"): <c>"uic451-1"</c> for the documented default
    /// (<see cref="Allowance.Uic451Passenger"/>), or <c>{"percent", "minutesPer100Km", "marginMinutes", "distribution"}</c>
    /// (each left out is zero; distribution linear or ceiling).
    /// </summary>
    private static RunOptions? ReadAllowance(JsonNodes j, JsonElement o)
    {
        const string at = "$.allowance";
        if (o.ValueKind == JsonValueKind.String)
        {
            if (o.GetString() == "uic451-1") return RunOptions.Default with { Allowance = Allowance.Uic451Passenger };
            j.Problems.Add(j.Where(at), $"'{o.GetString()}' is not an allowance: give \"uic451-1\" or an object with percent and/or minutesPer100Km");
            return null;
        }
        if (o.ValueKind != JsonValueKind.Object) { j.Problems.Add(j.Where(at), "must be \"uic451-1\" or an object"); return null; }
        var percent = j.Number(o, "percent", at, false, 0) ?? 0;
        var per100 = j.Number(o, "minutesPer100Km", at, false, 0) ?? 0;
        var margin = j.Number(o, "marginMinutes", at, false, 0) ?? 0;
        if (percent > 100) j.Problems.Add(j.Where(at + ".percent"), $"must be at most 100, got {percent}");
        if (per100 > 60) j.Problems.Add(j.Where(at + ".minutesPer100Km"), $"must be at most 60, got {per100}");
        if (margin > 24 * 60) j.Problems.Add(j.Where(at + ".marginMinutes"), $"must be at most 1,440 (a day), got {margin}");
        var distribution = j.String(o, "distribution", at, false) switch
        {
            null or "linear" => AllowanceDistribution.Linear,
            "ceiling" => AllowanceDistribution.SpeedCeiling,
            var other => Bad(other),
        };
        AllowanceDistribution Bad(string text)
        {
            j.Problems.Add(j.Where(at + ".distribution"), $"'{text}' is not one of linear, ceiling");
            return AllowanceDistribution.Linear;
        }
        return RunOptions.Default with { Allowance = new Allowance(percent, Duration.FromMinutes(margin), distribution, per100) };
    }

    private static LocalDateTime? Local(JsonNodes j, JsonElement o, string key, string path)
    {
        var text = j.String(o, key, path, false);
        if (text is null) return null;
        var r = LocalDateTimePattern.GeneralIso.Parse(text);
        if (!r.Success) r = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text);
        if (!r.Success)
        {
            j.Problems.Add(j.Where($"{path}.{key}"), $"'{text}' is not a local date and time like 2019-04-23T06:00 (the place's own zone applies)");
            return null;
        }
        return Plausible.Year.Check(r.Value.Year, j.Where($"{path}.{key}"), j.Problems) ? r.Value : null;
    }

    /// <summary>
    /// A corridor routed on a real network: <c>{"route": {"osm"|"railjson"|"network": FILE, "from", "to", "via": [],
    /// "zone", "country", "gaugeMm", "tracks"}}</c>. <c>"network": {"stored": "ID"}</c> names a network stored by the service.
    /// </summary>
    private static RoutedCorridor? ReadRoute(JsonNodes j, JsonElement r, IScenarioResources resources)
    {
        const string at = "$.corridor.route";
        var before = j.Problems.Count;
        var osm = j.String(r, "osm", at, false);
        var railjson = j.String(r, "railjson", at, false);
        var storedRef = j.Get(r, "network") is { ValueKind: JsonValueKind.Object } sn ? sn : (JsonElement?)null;
        var net = storedRef is null ? j.String(r, "network", at, false) : null;
        var storedId = storedRef is { } sr ? j.String(sr, "stored", at + ".network", true) : null;
        var from = j.String(r, "from", at, true);
        var to = j.String(r, "to", at, true);
        var via = j.Strings(r, "via", at, false).ToArray();
        var zoneId = j.String(r, "zone", at, true);
        var country = j.String(r, "country", at, false) ?? "";
        var zone = zoneId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zoneId is not null && zone is null) j.Problems.Add(j.Where(at + ".zone"), $"'{zoneId}' is not a tz database zone id");
        var gauge = j.Integer(r, "gaugeMm", at, false, Plausible.Gauge);
        var tracks = j.Integer(r, "tracks", at, false, Plausible.Tracks);
        NetworkReference? reference = null;
        if ((osm is null ? 0 : 1) + (railjson is null ? 0 : 1) + (net is null && storedRef is null ? 0 : 1) != 1) j.Problems.Add(j.Where(at), "give exactly one of osm, railjson or network");
        else reference = osm is not null ? new(NetworkSourceKind.Osm, osm) : railjson is not null ? new(NetworkSourceKind.RailJson, railjson)
            : net is not null ? new(NetworkSourceKind.NetworkFile, net) : storedId is not null ? new(NetworkSourceKind.Stored, storedId) : null;
        // The network is looked up even when other keys are wrong, so its own problem is reported with theirs.
        Fortress.Network.RailNetwork? network = null;
        if (reference is not null)
        {
            try { network = resources.Network(reference, j.Where(at + (reference.Kind == NetworkSourceKind.Stored ? ".network.stored" : ""))); }
            catch (InvalidInputException ex) { j.Problems.AddRange(ex.Problems); }
        }
        if (j.Problems.Count > before || network is null || from is null || to is null || zone is null) return null;
        return new RoutedCorridor(network, from, to, via, zone, country, gauge is { } g ? (int)g : null, tracks is { } n ? (int)n : null, j.Where(at));
    }

    private static Corridor? ReadCorridor(JsonNodes j, JsonElement c, string displayName, ProblemList problems)
    {
        RunningPath? path = null;
        if (j.Required(c, "path", "$.corridor") is { } pathElement)
        {
            try { path = FortressPathReader.Read(pathElement.GetRawText(), displayName + " corridor.path"); }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        }
        var places = new List<CorridorPlace>();
        foreach (var (p, pp) in j.Array(c, "places", "$.corridor", true))
        {
            var n = j.String(p, "name", pp, true);
            var pos = j.Number(p, "positionMeters", pp, true, Plausible.PathPosition);
            var zoneId = j.String(p, "zone", pp, true);
            var country = j.String(p, "country", pp, false) ?? "";
            var kindText = j.String(p, "kind", pp, false) ?? "station";
            var canCross = j.Get(p, "canCross") is { } cc ? cc.ValueKind == JsonValueKind.True : true;
            DateTimeZone? zone = null;
            if (zoneId is not null && (zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)) is null)
                problems.Add(j.Where(pp + ".zone"), $"'{zoneId}' is not a tz database zone id (like Asia/Pyongyang)");
            if (!EnumText.TryParse<PlaceKind>(kindText, out var kind)) problems.Add(j.Where(pp + ".kind"), $"'{kindText}' is not one of {string.Join(", ", Enum.GetNames<PlaceKind>())}");
            // WGS84 degrees, optional, both or neither (maps, live tracking).
            var lat = j.Number(p, "lat", pp, false, Plausible.Latitude);
            var lon = j.Number(p, "lon", pp, false, Plausible.Longitude);
            if (lat > 90) problems.Add(j.Where(pp + ".lat"), $"must be at most 90 degrees, got {lat}");
            if (lon > 180) problems.Add(j.Where(pp + ".lon"), $"must be at most 180 degrees, got {lon}");
            if ((j.Get(p, "lat") is null) != (j.Get(p, "lon") is null)) problems.Add(j.Where(pp), $"'{n}' has only one of lat and lon: give both or neither");
            (double Lat, double Lon)? at = lat is { } la && lon is { } lo && la <= 90 && lo <= 180 ? (la, lo) : null;
            var id = j.String(p, "id", pp, false);
            if (n is not null && pos is not null && zone is not null) places.Add(new CorridorPlace(n, Position.FromMeters(pos.Value), zone, country, kind, canCross, at, id));
        }
        // A place is named by its id, else by its name (the first occurrence of a name passed twice).
        var byName = new Dictionary<string, CorridorPlace>(StringComparer.OrdinalIgnoreCase);
        foreach (var pl in places.Where(x => x.Id is not null)) byName.TryAdd(pl.Id!, pl);
        foreach (var pl in places) byName.TryAdd(pl.Name, pl);
        var gauges = new List<GaugeChange>();
        foreach (var (g, gp) in j.Array(c, "gaugeChanges", "$.corridor", false))
        {
            var place = j.String(g, "place", gp, true);
            var from = j.Integer(g, "fromGaugeMm", gp, true, Plausible.Gauge);
            var to = j.Integer(g, "toGaugeMm", gp, true, Plausible.Gauge);
            var minutes = j.Number(g, "durationMinutes", gp, true, Plausible.ChangeMinutes);
            var facility = j.String(g, "facility", gp, false) ?? "gauge-change facility";
            var capacity = j.Integer(g, "capacityTrains", gp, false, Plausible.FacilityTrains);
            var perCar = j.Number(g, "minutesPerCar", gp, false, Plausible.Minutes) ?? 0;
            if (place is null || from is null || to is null || minutes is null) continue;
            if (!byName.TryGetValue(place, out var pl)) { problems.Add(j.Where(gp + ".place"), $"'{place}' is not one of the corridor's places"); continue; }
            gauges.Add(new GaugeChange(pl.Name, pl.Position, (int)from.Value, (int)to.Value, Duration.FromMinutes(minutes.Value), facility,
                capacity is { } cap ? (int)cap : null, Duration.FromMinutes(perCar)));
        }
        var tractions = new List<TractionChange>();
        foreach (var (t, tp) in j.Array(c, "tractionChanges", "$.corridor", false))
        {
            var place = j.String(t, "place", tp, true);
            var minutes = j.Number(t, "durationMinutes", tp, true, Plausible.ChangeMinutes);
            var reason = j.String(t, "reason", tp, false) ?? "traction change";
            var reversal = j.Get(t, "reversal") is { ValueKind: JsonValueKind.True };
            if (place is null || minutes is null) continue;
            if (!byName.TryGetValue(place, out var pl)) { problems.Add(j.Where(tp + ".place"), $"'{place}' is not one of the corridor's places"); continue; }
            tractions.Add(new TractionChange(pl.Name, pl.Position, Duration.FromMinutes(minutes.Value), reason, reversal));
        }
        var tracks = new List<TrackSection>();
        foreach (var (t, tp) in j.Array(c, "tracks", "$.corridor", false))
        {
            var a = j.Number(t, "startMeters", tp, true, Plausible.PathPosition);
            var b = j.Number(t, "endMeters", tp, true, Plausible.PathPosition);
            var n = j.Integer(t, "tracks", tp, true, Plausible.Tracks);
            if (a is not null && b is not null && n is not null) tracks.Add(new TrackSection(Position.FromMeters(a.Value), Position.FromMeters(b.Value), (int)n.Value));
        }
        if (path is null || problems.Count > 0) return null;
        try { return Corridor.Create(j.String(c, "name", "$.corridor", false) ?? "corridor", path, places, gauges, tractions, tracks.Count > 0 ? tracks : null, displayName + " corridor"); }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); return null; }
    }

    /// <summary>
    /// A consist: <c>"train": "builtin:NAME.json"</c> or a path relative to the scenario, or an inline train object;
    /// optional <c>"locomotives": [ids]</c> replaces the train's traction units (a locomotive change).
    /// </summary>
    private static Consist? ReadConsist(JsonNodes j, JsonElement cs, string cp, IScenarioResources resources)
    {
        Consist? consist = null;
        var train = j.Required(cs, "train", cp);
        if (train is null) return null;
        try
        {
            if (train.Value.ValueKind == JsonValueKind.Object) consist = FortressTrainReader.Read(train.Value.GetRawText(), j.Where(cp + ".train"));
            else if (train.Value.ValueKind == JsonValueKind.String) consist = resources.Train(train.Value.GetString()!, j.Where(cp + ".train"));
            else j.Problems.Add(j.Where(cp + ".train"), "must be \"builtin:NAME.json\", a file path or a train object");
        }
        catch (InvalidInputException ex) { j.Problems.AddRange(ex.Problems); }
        if (consist is null) return null;
        // After a reversal the train runs the other way: its carriages from the former rear (locomotives at the new front).
        if (j.Get(cs, "reversed") is { ValueKind: JsonValueKind.True })
            consist = Consist.Create($"{consist.Name} (reversed)",
                [.. consist.Vehicles.Where(v => v.IsTractionUnit), .. consist.Vehicles.Where(v => !v.IsTractionUnit).Reverse()], j.Where(cp));
        var locos = j.Array(cs, "locomotives", cp, false).ToList();
        if (locos.Count == 0) return consist;
        var replacement = new List<Vehicle>();
        var before = j.Problems.Count;
        foreach (var (l, lp) in locos)
        {
            var id = l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (id is null || !FortressTrainReader.Catalogue.TryGetValue(id, out var v)) { j.Problems.Add(j.Where(lp), $"'{l}' is not a locomotive of the built-in catalogue"); continue; }
            replacement.Add(v);
        }
        if (j.Problems.Count > before) return null;
        var name = j.String(cs, "name", cp, false) ?? $"{consist.Name} ({string.Join(" + ", replacement.Select(r => r.Id))})";
        try { return Consist.Create(name, [.. replacement, .. consist.Vehicles.Where(v => !v.IsTractionUnit)], j.Where(cp)); }
        catch (InvalidInputException ex) { j.Problems.AddRange(ex.Problems); return null; }
    }
}
