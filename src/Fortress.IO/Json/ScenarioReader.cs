using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using NodaTime.Text;
using Duration = Fortress.Units.Duration;

namespace Fortress.IO.Json;

/// <summary>
/// Reads a Fortress scenario (<c>fortress.scenario/1</c>, docs/formats.md): the corridor (path, places with time
/// zones, breaks of gauge, traction changes, track layout), the convoy's trains with a consist per traction section,
/// and the journey (stops, earliest departure and/or required arrival in local time, headways).
/// </summary>
public static class ScenarioReader
{
    public const string Format = "fortress.scenario/1";

    /// <summary>The built-in flagship scenario: the state visit Pyongyang → Vladivostok.</summary>
    public const string Flagship = "state-visit.json";

    public static Journey ReadFile(string path) => JsonNodes.InDocument(Path.GetFileName(path), () => Read(InputFile.ReadText(path), Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path))));

    public static Journey ReadBuiltIn(string name = Flagship) => Read(BuiltIn.Text(name), "built-in " + name, null);

    public static Journey Read(string text, string displayName, string? baseDirectory) => JsonNodes.InDocument(displayName, () => Read(text, displayName, baseDirectory, false));

    /// <summary>
    /// Reads a scenario sent over the network (the web service): like <see cref="Read(string, string, string?)"/>, but a
    /// reference to a file on the server (train, timetable, network) is a problem instead of a read. A routed corridor
    /// may name a network the service stores (<c>"network": {"stored": "ID"}</c>), found through
    /// <paramref name="storedNetworks"/> (null for an unknown id); without it such a reference is a problem.
    /// </summary>
    public static Journey ReadSubmitted(string text, string displayName, Func<string, Fortress.Network.RailNetwork?>? storedNetworks = null) =>
        JsonNodes.InDocument(displayName, () => Read(text, displayName, null, true, storedNetworks));

    private static Journey Read(string text, string displayName, string? baseDirectory, bool refuseFiles, Func<string, Fortress.Network.RailNetwork?>? storedNetworks = null)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, Format, "a scenario", problems);
        j.FilesRefused = refuseFiles;
        using var _ = doc;
        var root = doc.RootElement;
        var name = j.String(root, "name", "$", false) ?? displayName;
        var purpose = j.String(root, "purpose", "$", false) ?? "";

        Corridor? corridor = null;
        if (j.Required(root, "corridor", "$") is { } c)
            corridor = j.Get(c, "route") is { } route
                ? RouteCorridor(j, route, root, displayName, baseDirectory, problems, storedNetworks)
                : ReadCorridor(j, c, displayName, problems);
        var trains = new List<ConvoyTrain>();
        foreach (var (t, p) in j.Array(root, "trains", "$", true))
        {
            var roleText = j.String(t, "role", p, true);
            ConvoyRole role = ConvoyRole.Main;
            if (roleText is not null && !EnumText.TryParse(roleText, out role)) { problems.Add(j.Where(p + ".role"), $"'{roleText}' is not one of pilot, main, escort"); continue; }
            var tname = j.String(t, "name", p, false) ?? roleText ?? p;
            var consists = new List<(Position, Consist)>();
            foreach (var (cs, cp) in j.Array(t, "consists", p, true))
            {
                var from = j.String(cs, "fromPlace", cp, true);
                var consist = ReadConsist(j, cs, cp, baseDirectory, problems);
                if (from is null || consist is null || corridor is null) continue;
                try { consists.Add((corridor.Find(from, j.Where(cp + ".fromPlace")).Position, consist)); }
                catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
            }
            trains.Add(new ConvoyTrain(role, tname, consists.OrderBy(x => x.Item1).ToArray()));
        }

        var stops = new List<JourneyStop>();
        Instant? earliest = null, required = null, windowEnd = null;
        double pilotH = 7, escortH = 7;
        if (j.Required(root, "journey", "$") is { } jr)
        {
            foreach (var (s, p) in j.Array(jr, "stops", "$.journey", false))
            {
                var place = j.String(s, "place", p, true);
                var dwell = j.Number(s, "dwellMinutes", p, false, Plausible.DwellMinutes) ?? 0;
                PreciseStopSpec? precise = null;
                if (j.Get(s, "preciseStop") is { } ps) precise = FortressPathReader.ReadPreciseStop(j, ps, p + ".preciseStop");
                var maxDwell = j.Number(s, "maxDwellMinutes", p, false, Plausible.DwellMinutes);
                if (place is not null) stops.Add(new JourneyStop(place, Duration.FromMinutes(dwell), precise, maxDwell is { } m ? Duration.FromMinutes(m) : null));
            }
            if (corridor is not null)
            {
                earliest = LocalInstant(j, jr, "earliestDeparture", "$.journey", corridor.Places[0].Zone);
                var destZone = stops.Count > 0 && corridor.Places.FirstOrDefault(x => string.Equals(x.Name, stops[^1].Place, StringComparison.OrdinalIgnoreCase)) is { } dp ? dp.Zone : corridor.Places[^1].Zone;
                required = LocalInstant(j, jr, "requiredArrival", "$.journey", destZone);
                windowEnd = LocalInstant(j, jr, "latestDeparture", "$.journey", corridor.Places[0].Zone);
                if (windowEnd is not null && earliest is null) problems.Add(j.Where("$.journey.latestDeparture"), "a departure window needs earliestDeparture too");
            }
            pilotH = j.Number(jr, "pilotHeadwayMinutes", "$.journey", false, Plausible.HeadwayMinutes) ?? 7;
            escortH = j.Number(jr, "escortHeadwayMinutes", "$.journey", false, Plausible.HeadwayMinutes) ?? 7;
        }
        BackgroundTraffic? traffic = null;
        if (j.Get(root, "traffic") is { } tr && corridor is not null && problems.Count == 0)
            traffic = ReadTraffic(j, tr, corridor, earliest ?? required, baseDirectory, problems);
        Fortress.Security.SecuritySettings? security = null;
        if (j.Get(root, "security") is { } sec && corridor is not null) security = ReadSecurity(j, sec, corridor);
        Fortress.Security.Delegation? delegation = null;
        if (j.Get(root, "delegation") is { } dl && corridor is not null) delegation = ReadDelegation(j, dl, corridor);
        Fortress.Logistics.ProvisioningSettings? provisioning = null;
        if (j.Get(root, "provisioning") is { } pr && corridor is not null) provisioning = ReadProvisioning(j, pr, delegation);
        Fortress.Logistics.EvacuationSettings? evacuation = null;
        if (j.Get(root, "evacuation") is { } ev && corridor is not null) evacuation = ReadEvacuation(j, ev, corridor, security);
        problems.ThrowIfAny();
        var journey = new Journey(name, corridor!, trains, stops, earliest, required, Duration.FromMinutes(pilotH), Duration.FromMinutes(escortH), purpose, traffic, windowEnd, security, delegation,
            provisioning, evacuation);
        journey.Validate();
        return journey;
    }

    /// <summary>
    /// The background traffic: typical consists per category and either generated services (<c>generate</c>) on the
    /// corridor for <c>days</c> days from the journey's date.
    /// </summary>
    private static BackgroundTraffic? ReadTraffic(JsonNodes j, JsonElement tr, Corridor corridor, Instant? anchor, string? baseDirectory, ProblemList problems)
    {
        var consists = new Dictionary<string, Consist>(StringComparer.OrdinalIgnoreCase);
        if (j.Get(tr, "consists") is { ValueKind: JsonValueKind.Object } cs)
            foreach (var prop in cs.EnumerateObject())
            {
                var c = ReadConsist(j, prop.Value, $"$.traffic.consists.{prop.Name}", baseDirectory, problems);
                if (c is not null) consists[prop.Name] = c;
            }
        var defaultName = j.String(tr, "defaultConsist", "$.traffic", false);
        if (consists.Count == 0) { problems.Add(j.Where("$.traffic.consists"), "give at least one typical consist for the regular traffic"); return null; }
        var fallback = defaultName is not null && consists.TryGetValue(defaultName, out var d) ? d : consists.Values.First();
        var days = j.Integer(tr, "days", "$.traffic", false, Plausible.TrafficDays) ?? 2;
        var patterns = new List<Fortress.Clearance.TrafficPattern>();
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
            var stopsAt = j.Strings(g, "stopsAt", gp, false);
            if (category is not null && !consists.ContainsKey(category)) problems.Add(j.Where(gp + ".category"), $"no typical consist '{category}' under traffic.consists");
            var lt = first is null ? null : (LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(first) is { Success: true } r ? r.Value : (LocalTime?)null);
            if (first is not null && lt is null) problems.Add(j.Where(gp + ".firstDeparture"), $"'{first}' is not a time like 05:30");
            if (from is null || to is null || category is null || lt is null) continue;
            patterns.Add(new Fortress.Clearance.TrafficPattern(from, to, category, stopsAt, lt.Value, NodaTime.Duration.FromMinutes(interval), perDay, both, prefix, Duration.FromMinutes(dwell)));
        }
        // A timetable file (Fortress JSON), with trains named by the corridor's places.
        Fortress.Timetable.RegularTimetable? given = null;
        if (j.String(tr, "timetable", "$.traffic", false) is { } file && (file.StartsWith("builtin:", StringComparison.Ordinal) || !j.RefuseFile("$.traffic.timetable", "timetable")))
        {
            try
            {
                given = file.StartsWith("builtin:", StringComparison.Ordinal)
                    ? FortressTimetableReader.Read(BuiltIn.Text(file["builtin:".Length..]), file)
                    : FortressTimetableReader.ReadFile(Path.IsPathRooted(file) || baseDirectory is null ? file : Path.Combine(baseDirectory, file));
            }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
            catch (IOException ex) { problems.Add(j.Where("$.traffic.timetable"), "cannot read the timetable: " + ex.Message); }
        }
        if (problems.Count > 0 || anchor is null) return null;
        var date = anchor.Value.InZone(corridor.Places[0].Zone).Date.PlusDays(-1);
        try
        {
            var generated = patterns.Count == 0 ? null
                : Fortress.Clearance.RepresentativeTraffic.Generate(corridor, date, days + 1, patterns, c => consists.TryGetValue(c, out var k) ? k : fallback);
            var timetable = (given, generated) switch
            {
                ({ } a, { } b) => new Fortress.Timetable.RegularTimetable([.. a.Trains, .. b.Trains], [.. a.Stations, .. b.Stations], $"{a.Source}; {b.Source}"),
                ({ } a, null) => a,
                (null, { } b) => b,
                _ => new Fortress.Timetable.RegularTimetable([], [], "no regular traffic"),
            };
            return new BackgroundTraffic(timetable, consists, fallback);
        }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); return null; }
    }

    /// <summary>
    /// The delegation: <c>{"counts": {"principal": 1, "minister": 6, ...}}</c> and/or <c>"passengers": [{"name", "role", "rank"}]</c>,
    /// and <c>"meetings": [{"title", "start", "end"}]</c> in the origin's local time.
    /// </summary>
    private static Fortress.Security.Delegation? ReadDelegation(JsonNodes j, JsonElement o, Corridor corridor)
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
        var meetings = new List<Fortress.Security.Meeting>();
        foreach (var (m, mp) in j.Array(o, "meetings", at, false))
        {
            var title = j.String(m, "title", mp, true);
            var start = LocalInstant(j, m, "start", mp, corridor.Places[0].Zone);
            var end = LocalInstant(j, m, "end", mp, corridor.Places[0].Zone);
            if (title is not null && start is not null && end is not null) meetings.Add(new Fortress.Security.Meeting(title, start.Value, end.Value));
        }
        if (people.Count(p => p.Role == Fortress.Security.PassengerRole.Principal) > 1) j.Problems.Add(j.Where(at), "there can be only one principal");
        return new Fortress.Security.Delegation(people, meetings);
    }

    /// <summary>Provisioning (docs/formats.md, "provisioning"): who eats which cuisine, meal times, stores, menus, requests, resupply and fuel.</summary>
    private static Fortress.Logistics.ProvisioningSettings? ReadProvisioning(JsonNodes j, JsonElement o, Fortress.Security.Delegation? delegation)
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
                if (j.Number(prop.Value, $"{at}.cuisines.{prop.Name}", 0) is { } share) shares[prop.Name] = share;
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
            var life = j.Number(it, "shelfLifeHours", ip, false, 0, true);
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
                        if (j.Number(item.Value, $"{at}.menus.{prop.Name}.{item.Name}", 0) is { } kg) menu[item.Name] = kg;
                menus[prop.Name] = menu;
            }
        var extras = new List<Fortress.Logistics.ExtraRequest>();
        foreach (var (rq, rp) in j.Array(o, "requests", at, false))
        {
            var n = j.String(rq, "name", rp, false) ?? "request";
            var item = j.String(rq, "item", rp, true);
            var amount = j.Number(rq, "amount", rp, true, 0, true);
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
                Efficiency = j.Number(fu, "efficiency", at + ".fuel", false, 0, true) ?? fuel.Efficiency,
                MegajoulesPerLitre = j.Number(fu, "megajoulesPerLitre", at + ".fuel", false, 0, true) ?? fuel.MegajoulesPerLitre,
                UsableShare = j.Number(fu, "usableShare", at + ".fuel", false, 0, true) ?? fuel.UsableShare,
                IdleLitresPerHour = j.Number(fu, "idleLitresPerHour", at + ".fuel", false, 0) ?? fuel.IdleLitresPerHour,
            };
        if (fuel.Efficiency > 1 || fuel.UsableShare > 1) j.Problems.Add(j.Where(at + ".fuel"), "efficiency and usableShare are fractions, at most 1");
        fuel = fuel with { RefuelPlaces = j.Strings(o, "refuelAt", at, false).ToArray() };
        var water = j.Number(o, "waterLitresPerPersonDay", at, false, 0) ?? Fortress.Logistics.ProvisioningSettings.DefaultWaterLitresPerPersonDay;
        var minStop = j.Number(o, "resupplyMinStopMinutes", at, false, 0) is { } ms ? Duration.FromMinutes(ms) : Fortress.Logistics.ProvisioningSettings.DefaultMinResupplyStop;
        var resupplyAt = j.Strings(o, "resupplyAt", at, false).ToArray();
        if (j.Problems.Count > before) return null;
        return new Fortress.Logistics.ProvisioningSettings(diners, meals, items, menus.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase),
            extras, water, minStop, resupplyAt, fuel);
    }

    /// <summary>Evacuation points and the evacuation model (docs/formats.md, "evacuation").</summary>
    private static Fortress.Logistics.EvacuationSettings? ReadEvacuation(JsonNodes j, JsonElement o, Corridor corridor, Fortress.Security.SecuritySettings? security)
    {
        const string at = "$.evacuation";
        var before = j.Problems.Count;
        var points = new List<Fortress.Logistics.EvacuationPoint>();
        foreach (var (p, pp) in j.Array(o, "points", at, true))
        {
            var n = j.String(p, "name", pp, true);
            var kindText = j.String(p, "kind", pp, true);
            var place = j.String(p, "place", pp, false);
            var pos = j.Number(p, "positionMeters", pp, false, 0);
            var accessKm = j.Number(p, "accessKm", pp, false, 0);
            var lat = j.Number(p, "lat", pp, false, Plausible.Latitude);
            var lon = j.Number(p, "lon", pp, false, Plausible.Longitude);
            var modeText = j.String(p, "access", pp, false) ?? "road";
            if ((lat is null) != (lon is null)) { j.Problems.Add(j.Where(pp), "give both lat and lon, or neither"); continue; }
            // With coordinates: the rail access is the given place, or the nearest place with coordinates; the access
            // stretch is the great-circle distance from it (unless accessKm is given).
            if (lat is { } la && lon is { } lo)
            {
                var known = corridor.Places.Where(c => c.Coordinates is not null).Select(c => (Place: c, At: c.Coordinates)).ToList();
                var target = new Fortress.Network.GeoPoint(la, lo);
                double Dist((double Lat, double Lon) a) => Fortress.Network.GeoPoint.Meters(new Fortress.Network.GeoPoint(a.Lat, a.Lon), target);
                var chosen = place is not null ? known.FirstOrDefault(c => Fortress.Network.NameText.Normalize(c.Place.Name) == Fortress.Network.NameText.Normalize(place))
                    : pos is null && known.Count > 0 ? known.MinBy(c => Dist(c.At!.Value)) : default;
                if (chosen.Place is null && pos is null) { j.Problems.Add(j.Where(pp), place is null ? "no corridor place has coordinates to find the nearest to" : $"'{place}' has no coordinates (lat, lon) to measure the access from"); continue; }
                if (chosen.Place is not null)
                {
                    accessKm ??= Dist(chosen.At!.Value) / 1000;
                    place ??= chosen.Place.Name;
                }
            }
            var access = accessKm ?? 0;
            if (kindText is not null && !EnumText.TryParse<Fortress.Logistics.EvacuationKind>(kindText, out _)) { j.Problems.Add(j.Where(pp + ".kind"), $"'{kindText}' is not one of ramp, helipad, hospital"); continue; }
            if (!EnumText.TryParse<Fortress.Logistics.AccessMode>(modeText, out var mode)) { j.Problems.Add(j.Where(pp + ".access"), $"'{modeText}' is not road or air"); continue; }
            if ((place is null) == (pos is null)) { j.Problems.Add(j.Where(pp), "give exactly one of place or positionMeters (or lat and lon)"); continue; }
            Position? x = null;
            if (place is not null)
            {
                try { x = corridor.Find(place, j.Where(pp + ".place")).Position; }
                catch (InvalidInputException ex) { j.Problems.AddRange(ex.Problems); }
            }
            else if (pos > corridor.Path.Length.Meters) j.Problems.Add(j.Where(pp + ".positionMeters"), $"{pos} m is beyond the corridor ({corridor.Path.Length.Meters} m)");
            else x = Position.FromMeters(pos!.Value);
            if (n is null || kindText is null || x is null) continue;
            points.Add(new Fortress.Logistics.EvacuationPoint(n, EnumText.Parse<Fortress.Logistics.EvacuationKind>(kindText), x.Value, Length.FromKilometers(access), mode));
        }
        // Every station of the corridor taken to have an unloading ramp (an assumption the user states).
        if (j.Get(o, "rampsAtStations") is { ValueKind: JsonValueKind.True })
            foreach (var station in corridor.Places.Where(c => c.Kind == PlaceKind.Station && !points.Any(x => x.Kind == Fortress.Logistics.EvacuationKind.Ramp && x.Position == c.Position)))
                points.Add(new Fortress.Logistics.EvacuationPoint($"{station.Name} station ramp", Fortress.Logistics.EvacuationKind.Ramp, station.Position, Length.Zero));
        var d = Fortress.Logistics.EvacuationSettings.Default(points);
        double? N(string key, double min = 0, bool exclusive = true) => j.Number(o, key, at, false, min, exclusive);
        var thresholds = j.Array(o, "thresholdsMinutes", at, false).Select(t => j.Number(t.Item, t.Path, 0, true)).ToList();
        var settings = d with
        {
            RoadSpeed = N("roadSpeedKmh") is { } rs ? Speed.FromKilometersPerHour(rs) : security?.Force.RoadSpeed ?? d.RoadSpeed,
            RoadDetour = j.Number(o, "roadDetour", at, false, 1) ?? security?.Force.RoadDetour ?? d.RoadDetour,
            HelicopterSpeed = N("helicopterKmh") is { } hs ? Speed.FromKilometersPerHour(hs) : d.HelicopterSpeed,
            HelicopterActivation = N("helicopterActivationMinutes", 0, false) is { } ha ? Duration.FromMinutes(ha) : d.HelicopterActivation,
            ReverseSpeed = N("reverseSpeedKmh") is { } rv ? Speed.FromKilometersPerHour(rv) : d.ReverseSpeed,
            ReverseTime = N("reverseMinutes", 0, false) is { } rm ? Duration.FromMinutes(rm) : d.ReverseTime,
            UnloadTime = N("unloadMinutes", 0, false) is { } um ? Duration.FromMinutes(um) : d.UnloadTime,
            Thresholds = thresholds.Count > 0 ? thresholds.Where(t => t is not null).Select(t => Duration.FromMinutes(t!.Value)).ToArray() : d.Thresholds,
            Step = j.Number(o, "stepMeters", at, false, Plausible.EvacuationStep) is { } st ? Length.FromMeters(st) : d.Step,
        };
        return j.Problems.Count > before ? null : settings;
    }

    /// <summary>The security force and its sites (docs/formats.md, "security").</summary>
    private static Fortress.Security.SecuritySettings? ReadSecurity(JsonNodes j, JsonElement o, Corridor corridor)
    {
        const string at = "$.security";
        var agents = j.Integer(o, "agents", at, false, Plausible.People) ?? 100;
        var team = j.Integer(o, "teamSize", at, false, Plausible.People) ?? 5;
        var bases = j.Strings(o, "bases", at, true).ToArray();
        var open = j.Number(o, "windowOpenHours", at, false, 0, true) ?? 3;
        var close = j.Number(o, "windowCloseMinutes", at, false, 0) ?? 30;
        var road = j.Number(o, "roadSpeedKmh", at, false, 0, true) ?? 50;
        var detour = j.Number(o, "roadDetour", at, false, 1) ?? 1.3;
        var times = new Dictionary<Fortress.Security.SiteKind, Duration>
        {
            [Fortress.Security.SiteKind.Station] = Duration.FromMinutes(30),
            [Fortress.Security.SiteKind.PassingLoop] = Duration.FromMinutes(15),
            [Fortress.Security.SiteKind.Bridge] = Duration.FromMinutes(20),
            [Fortress.Security.SiteKind.Tunnel] = Duration.FromMinutes(25),
            [Fortress.Security.SiteKind.LevelCrossing] = Duration.FromMinutes(10),
        };
        if (j.Get(o, "sweepMinutes") is { ValueKind: JsonValueKind.Object } sm)
            foreach (var prop in sm.EnumerateObject())
            {
                if (!EnumText.TryParse<Fortress.Security.SiteKind>(prop.Name, out var kind)) { j.Problems.Add(j.Where($"{at}.sweepMinutes.{prop.Name}"), $"'{prop.Name}' is not one of {string.Join(", ", Enum.GetNames<Fortress.Security.SiteKind>())}"); continue; }
                if (j.Number(prop.Value, $"{at}.sweepMinutes.{prop.Name}", 0, true) is { } m) times[kind] = Duration.FromMinutes(m);
            }
        var sites = new List<Fortress.Security.SweepSite>();
        foreach (var (s, sp) in j.Array(o, "sites", at, false))
        {
            var n = j.String(s, "name", sp, true);
            var pos = j.Number(s, "positionMeters", sp, true, 0);
            var kindText = j.String(s, "kind", sp, false) ?? "other";
            if (!EnumText.TryParse<Fortress.Security.SiteKind>(kindText, out var kind)) { j.Problems.Add(j.Where(sp + ".kind"), $"'{kindText}' is not a kind of site"); continue; }
            var minutes = j.Number(s, "sweepMinutes", sp, false, 0, true);
            var guard = j.Get(s, "guardUntilEscort") is { ValueKind: JsonValueKind.True };
            if (n is null || pos is null) continue;
            if (pos > corridor.Path.Length.Meters) { j.Problems.Add(j.Where(sp + ".positionMeters"), $"{pos} m is beyond the corridor ({corridor.Path.Length.Meters} m)"); continue; }
            sites.Add(new Fortress.Security.SweepSite(n, kind, Position.FromMeters(pos.Value), minutes is { } mm ? Duration.FromMinutes(mm) : times.GetValueOrDefault(kind, Duration.FromMinutes(20)), guard));
        }
        var guardStations = j.Get(o, "guardStations") is { ValueKind: JsonValueKind.True };
        var ridePilot = j.Get(o, "ridePilot") is { ValueKind: JsonValueKind.True };
        return new Fortress.Security.SecuritySettings(
            new Fortress.Security.SecurityForce(agents, team, bases, Duration.FromHours(open), Duration.FromMinutes(close), Speed.FromKilometersPerHour(road), detour, ridePilot),
            times, sites, guardStations);
    }

    private static Instant? LocalInstant(JsonNodes j, JsonElement o, string key, string path, DateTimeZone zone)
    {
        var text = j.String(o, key, path, false);
        if (text is null) return null;
        var r = LocalDateTimePattern.GeneralIso.Parse(text);
        if (!r.Success) r = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text);
        if (!r.Success)
        {
            j.Problems.Add(j.Where($"{path}.{key}"), $"'{text}' is not a local date and time like 2019-04-23T06:00 (the place's own zone, {zone.Id}, applies)");
            return null;
        }
        return Plausible.Year.Check(r.Value.Year, j.Where($"{path}.{key}"), j.Problems) ? r.Value.InZoneLeniently(zone).ToInstant() : null;
    }

    /// <summary>
    /// A corridor routed on a real network: <c>{"route": {"osm"|"railjson"|"network": FILE, "from", "to", "via": [],
    /// "zone", "country", "gaugeMm"}}</c>, routed for the main train's first consist. <c>"network": {"stored": "ID"}</c>
    /// names a network stored by the service, resolved by <paramref name="storedNetworks"/>.
    /// </summary>
    private static Corridor? RouteCorridor(JsonNodes j, JsonElement r, JsonElement root, string displayName, string? baseDirectory, ProblemList problems,
        Func<string, Fortress.Network.RailNetwork?>? storedNetworks)
    {
        const string at = "$.corridor.route";
        string Resolve(string f) => Path.IsPathRooted(f) || baseDirectory is null ? f : Path.GetFullPath(Path.Combine(baseDirectory, f));
        var osm = j.String(r, "osm", at, false);
        var railjson = j.String(r, "railjson", at, false);
        var storedRef = j.Get(r, "network") is { ValueKind: JsonValueKind.Object } sn ? sn : (JsonElement?)null;
        var net = storedRef is null ? j.String(r, "network", at, false) : null;
        Fortress.Network.RailNetwork? stored = null;
        if (storedRef is { } sr && j.String(sr, "stored", at + ".network", true) is { } storedId)
        {
            // The id is echoed only when it is short (a caller's typo, not a payload).
            if (storedNetworks is null) problems.Add(j.Where(at + ".network.stored"), "a stored network is known only to the service (fortress serve); give a network file here");
            else if ((stored = storedNetworks(storedId)) is null)
                problems.Add(j.Where(at + ".network.stored"), storedId.Length <= 64 && !storedId.Any(char.IsControl) ? $"no stored network '{storedId}'" : "no stored network with this id");
        }
        var from = j.String(r, "from", at, true);
        var to = j.String(r, "to", at, true);
        var via = j.Strings(r, "via", at, false).ToArray();
        var zoneId = j.String(r, "zone", at, true);
        var country = j.String(r, "country", at, false) ?? "";
        var zone = zoneId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zoneId is not null && zone is null) problems.Add(j.Where(at + ".zone"), $"'{zoneId}' is not a tz database zone id");
        if ((osm is null ? 0 : 1) + (railjson is null ? 0 : 1) + (net is null && storedRef is null ? 0 : 1) != 1) problems.Add(j.Where(at), "give exactly one of osm, railjson or network");
        else if (storedRef is null) j.RefuseFile(at, "network");
        // The route is found for the main train's first consist.
        Consist? consist = null;
        foreach (var (t, tp) in j.Array(root, "trains", "$", false))
            if (string.Equals(j.String(t, "role", tp, false), "main", StringComparison.OrdinalIgnoreCase))
                foreach (var (cs, cp) in j.Array(t, "consists", tp, false)) { consist ??= ReadConsist(j, cs, cp, baseDirectory, problems); }
        if (consist is null) problems.Add(j.Where("$.trains"), "a routed corridor needs a main train with a consist");
        if (problems.Count > 0 || from is null || to is null || zone is null || consist is null) return null;
        try
        {
            var network = stored is not null ? stored
                : osm is not null ? Fortress.IO.Osm.OsmImporter.Import(Resolve(osm)).Network
                : railjson is not null ? Fortress.IO.RailJson.RailJsonImporter.Import(Resolve(railjson)).Network
                : Fortress.IO.NetworkFile.NetworkFileFormat.Read(Resolve(net!));
            var gauge = j.Integer(r, "gaugeMm", at, false, Plausible.Gauge) ?? network.MajorityGauge;
            var router = new Fortress.Routing.Router(network);
            var route = router.Find(new Fortress.Routing.RoutingTrain(consist, gauge), Fortress.Routing.RouteEndpoint.Parse(from), Fortress.Routing.RouteEndpoint.Parse(to),
                via.Select(Fortress.Routing.RouteEndpoint.Parse).ToArray());
            var corridor = CorridorFromRoute.Build(network, route, $"{route.From} - {route.To}", zone, country);
            // OpenStreetMap maps each track as its own way: a route follows one of them, so the line's track count is
            // given here when the data cannot tell.
            if (j.Integer(r, "tracks", at, false, Plausible.Tracks) is { } tracks)
                corridor = Corridor.Create(corridor.Name, corridor.Path, corridor.Places, corridor.GaugeChanges, corridor.TractionChanges,
                    [new TrackSection(Position.Origin, corridor.Path.End, tracks)], displayName);
            return corridor;
        }
        catch (FortressException ex) when (ex.Cause == ErrorCause.User)
        {
            if (ex is InvalidInputException inv) problems.AddRange(inv.Problems); else problems.Add(j.Where(at), ex.Message);
            return null;
        }
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
            if (n is not null && pos is not null && zone is not null) places.Add(new CorridorPlace(n, Position.FromMeters(pos.Value), zone, country, kind, canCross, at));
        }
        var byName = places.DistinctBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(x => x.Name, StringComparer.OrdinalIgnoreCase); // a name twice: Corridor.Create says so
        var gauges = new List<GaugeChange>();
        foreach (var (g, gp) in j.Array(c, "gaugeChanges", "$.corridor", false))
        {
            var place = j.String(g, "place", gp, true);
            var from = j.Integer(g, "fromGaugeMm", gp, true, Plausible.Gauge);
            var to = j.Integer(g, "toGaugeMm", gp, true, Plausible.Gauge);
            var minutes = j.Number(g, "durationMinutes", gp, true, Plausible.ChangeMinutes);
            var facility = j.String(g, "facility", gp, false) ?? "gauge-change facility";
            if (place is null || from is null || to is null || minutes is null) continue;
            if (!byName.TryGetValue(place, out var pl)) { problems.Add(j.Where(gp + ".place"), $"'{place}' is not one of the corridor's places"); continue; }
            gauges.Add(new GaugeChange(pl.Name, pl.Position, (int)from.Value, (int)to.Value, Duration.FromMinutes(minutes.Value), facility));
        }
        var tractions = new List<TractionChange>();
        foreach (var (t, tp) in j.Array(c, "tractionChanges", "$.corridor", false))
        {
            var place = j.String(t, "place", tp, true);
            var minutes = j.Number(t, "durationMinutes", tp, true, Plausible.ChangeMinutes);
            var reason = j.String(t, "reason", tp, false) ?? "traction change";
            if (place is null || minutes is null) continue;
            if (!byName.TryGetValue(place, out var pl)) { problems.Add(j.Where(tp + ".place"), $"'{place}' is not one of the corridor's places"); continue; }
            tractions.Add(new TractionChange(pl.Name, pl.Position, Duration.FromMinutes(minutes.Value), reason));
        }
        var tracks = new List<TrackSection>();
        foreach (var (t, tp) in j.Array(c, "tracks", "$.corridor", false))
        {
            var a = j.Number(t, "startMeters", tp, true, 0);
            var b = j.Number(t, "endMeters", tp, true, 0);
            var n = j.Integer(t, "tracks", tp, true, Plausible.Tracks);
            if (a is not null && b is not null && n is not null) tracks.Add(new TrackSection(Position.FromMeters(a.Value), Position.FromMeters(b.Value), n.Value));
        }
        if (path is null || problems.Count > 0) return null;
        try { return Corridor.Create(j.String(c, "name", "$.corridor", false) ?? "corridor", path, places, gauges, tractions, tracks.Count > 0 ? tracks : null, displayName + " corridor"); }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); return null; }
    }

    /// <summary>
    /// A consist: <c>"train": "builtin:NAME.json"</c> or a path relative to the scenario, or an inline train object;
    /// optional <c>"locomotives": [ids]</c> replaces the train's traction units (a locomotive change).
    /// </summary>
    private static Consist? ReadConsist(JsonNodes j, JsonElement cs, string cp, string? baseDirectory, ProblemList problems)
    {
        Consist? consist = null;
        var train = j.Required(cs, "train", cp);
        if (train is null) return null;
        try
        {
            if (train.Value.ValueKind == JsonValueKind.Object) consist = FortressTrainReader.Read(train.Value.GetRawText(), j.Where(cp + ".train"));
            else if (train.Value.ValueKind == JsonValueKind.String)
            {
                var refText = train.Value.GetString()!;
                if (refText.StartsWith("builtin:", StringComparison.Ordinal)) consist = FortressTrainReader.Read(BuiltIn.Text(refText["builtin:".Length..]), refText);
                else if (!j.RefuseFile(cp + ".train", "train"))
                {
                    var file = Path.IsPathRooted(refText) || baseDirectory is null ? refText : Path.Combine(baseDirectory, refText);
                    consist = RunInputs.LoadTrain(file);
                }
            }
            else problems.Add(j.Where(cp + ".train"), "must be \"builtin:NAME.json\", a file path or a train object");
        }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        catch (FileNotFoundException ex) { problems.Add(j.Where(cp + ".train"), ex.Message); }
        if (consist is null) return null;
        var locos = j.Array(cs, "locomotives", cp, false).ToList();
        if (locos.Count == 0) return consist;
        var replacement = new List<Vehicle>();
        foreach (var (l, lp) in locos)
        {
            var id = l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (id is null || !FortressTrainReader.Catalogue.TryGetValue(id, out var v)) { problems.Add(j.Where(lp), $"'{l}' is not a locomotive of the built-in catalogue"); continue; }
            replacement.Add(v);
        }
        if (problems.Count > 0) return null;
        var name = (j.String(cs, "name", cp, false)) ?? $"{consist.Name} ({string.Join(" + ", replacement.Select(r => r.Id))})";
        return Consist.Create(name, [.. replacement, .. consist.Vehicles.Where(v => !v.IsTractionUnit)], j.Where(cp));
    }
}
