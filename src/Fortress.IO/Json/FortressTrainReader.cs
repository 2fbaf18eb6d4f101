using System.Reflection;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.IO.Json;

/// <summary>
/// Reads Fortress train JSON (<c>fortress.train/1</c>) and the vehicle catalogue (<c>fortress.catalogue/1</c>),
/// documented in docs/formats.md. Vehicle ids not defined in a train file come from the built-in catalogue.
/// </summary>
public static class FortressTrainReader
{
    public const string TrainFormat = "fortress.train/1";
    public const string CatalogueFormat = "fortress.catalogue/1";

    private static readonly Lazy<IReadOnlyDictionary<string, Vehicle>> builtIn = new(() =>
        ReadCatalogue(BuiltIn.Text("vehicles.json"), "built-in catalogue vehicles.json"));

    /// <summary>The bundled vehicle catalogue, by id.</summary>
    public static IReadOnlyDictionary<string, Vehicle> Catalogue => builtIn.Value;

    public static Consist ReadFile(string path) => Read(InputFile.ReadText(path), Path.GetFileName(path));

    /// <summary>Reads a train document; every problem is reported at once.</summary>
    public static Consist Read(string text, string displayName)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, TrainFormat, "a train document", problems);
        using var _ = doc;
        var root = doc.RootElement;
        var name = j.String(root, "name", "$", false) ?? Path.GetFileNameWithoutExtension(displayName);
        var local = new Dictionary<string, Vehicle>();
        var unreadable = new HashSet<string>(StringComparer.Ordinal); // defined with problems: not "unknown" as well
        foreach (var (item, path) in j.Array(root, "vehicles", "$", false))
        {
            var v = ReadVehicle(j, item, path, requireSources: false);
            if (v is null)
            {
                if (item.ValueKind == JsonValueKind.Object && j.Get(item, "id") is { ValueKind: JsonValueKind.String } badId) unreadable.Add(badId.GetString()!);
                continue;
            }
            if (!local.TryAdd(v.Id, v)) problems.Add(j.Where(path), $"vehicle id '{v.Id}' is defined twice");
        }
        var formation = new List<Vehicle>();
        var any = false;
        var vehicles = 0L; // counted before the list grows: a count of 1e9 is refused, never expanded
        foreach (var (item, path) in j.Array(root, "formation", "$", true))
        {
            any = true;
            string? id;
            var count = 1;
            double? payload = null;
            if (item.ValueKind == JsonValueKind.String) id = item.GetString();
            else if (item.ValueKind == JsonValueKind.Object)
            {
                id = j.String(item, "vehicle", path, true);
                count = j.Integer(item, "count", path, false, Plausible.FormationCount) ?? 1;
                payload = j.Number(item, "payloadTonnes", path, false, Plausible.Payload);
            }
            else { problems.Add(j.Where(path), "must be a vehicle id or an object with 'vehicle'"); continue; }
            if (id is null || unreadable.Contains(id)) continue;
            if (!local.TryGetValue(id, out var vehicle) && !Catalogue.TryGetValue(id, out vehicle))
            {
                var near = Catalogue.Keys.Concat(local.Keys).OrderBy(k => Fortress.Network.NameText.EditDistance(k.ToLowerInvariant(), id.ToLowerInvariant())).Take(3);
                problems.Add(j.Where(path), $"unknown vehicle '{id}': not defined in the file nor in the built-in catalogue (did you mean {string.Join(", ", near)}?)");
                continue;
            }
            if (payload is { } p) vehicle = vehicle.WithPayload(Mass.FromTonnes(p));
            vehicles += count;
            WorkLimits.Check(j.Where("$.formation"), "trainVehicles", "vehicles in the train", vehicles, WorkLimits.Current.TrainVehicles);
            for (var k = 0; k < count; k++) formation.Add(vehicle);
        }
        var decel = j.Number(root, "decelerationMps2", "$", false, Plausible.Deceleration);
        if (any && formation.Count == 0 && problems.Count == 0) problems.Add(j.Where("$.formation"), "the formation is empty: a train needs at least one vehicle");
        problems.ThrowIfAny();
        return Consist.Create(name, formation, $"{displayName} formation", decel is { } d ? Acceleration.FromMetersPerSecondSquared(d) : null);
    }

    /// <summary>Reads a catalogue document; every vehicle must cite a source for each of its figures.</summary>
    public static IReadOnlyDictionary<string, Vehicle> ReadCatalogue(string text, string displayName)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, CatalogueFormat, "a catalogue", problems);
        using var _ = doc;
        var result = new Dictionary<string, Vehicle>();
        foreach (var (item, path) in j.Array(doc.RootElement, "vehicles", "$", true))
        {
            var v = ReadVehicle(j, item, path, requireSources: true);
            if (v is not null && !result.TryAdd(v.Id, v)) problems.Add(j.Where(path), $"vehicle id '{v.Id}' is defined twice");
        }
        problems.ThrowIfAny();
        return result;
    }

    /// <summary>The numeric keys of a vehicle object that must carry a source in the catalogue.</summary>
    public static readonly string[] SourcedKeys =
        ["lengthMeters", "tareMassTonnes", "armourMassTonnes", "payloadTonnes", "axles", "maxSpeedKmh", "rotatingMassFactor", "resistance", "tractiveEffort", "braking", "capacity", "stores"];

    private static Vehicle? ReadVehicle(JsonNodes j, JsonElement o, string path, bool requireSources)
    {
        var p = j.Problems;
        var before = p.Count;
        if (o.ValueKind != JsonValueKind.Object) { p.Add(j.Where(path), "a vehicle must be a JSON object"); return null; }
        var id = j.String(o, "id", path, true);
        var at = id is null ? path : $"{path} ({id})";
        var name = j.String(o, "name", at, true);
        var kindText = j.String(o, "kind", at, true);
        VehicleKind kind = VehicleKind.Carriage;
        if (kindText is not null && !EnumText.TryParse(kindText, out kind))
            p.Add(j.Where($"{at}.kind"), $"'{kindText}' is not one of locomotive, carriage, wagon, multipleUnit");
        var length = j.Number(o, "lengthMeters", at, true, Plausible.VehicleLength);
        var tare = j.Number(o, "tareMassTonnes", at, true, Plausible.TareMass);
        var armour = j.Number(o, "armourMassTonnes", at, false, Plausible.ArmourMass) ?? 0;
        var payload = j.Number(o, "payloadTonnes", at, false, Plausible.Payload) ?? 0;
        var axles = j.Integer(o, "axles", at, true, Plausible.Axles);
        var vmax = j.Number(o, "maxSpeedKmh", at, true, Plausible.MaxSpeed);
        var traction = kind is VehicleKind.Locomotive or VehicleKind.MultipleUnit;
        var xi = j.Number(o, "rotatingMassFactor", at, false, Plausible.RotatingMassFactor) ?? (traction ? 1.09 : 1.06);
        var resistance = ReadResistance(j, o, at);
        var effort = traction ? ReadEffort(j, o, at, vmax) : TractiveEffortCurve.None;
        var system = traction ? ReadTraction(j, o, at) : null;
        var braking = ReadBraking(j, o, at);
        var amenities = Amenities.None;
        foreach (var (item, ip) in j.Array(o, "amenities", at, false))
        {
            if (item.ValueKind == JsonValueKind.String && EnumText.TryParse<Amenities>(item.GetString(), out var a)) amenities |= a;
            else p.Add(j.Where(ip), $"unknown amenity {item}; allowed: {string.Join(", ", Enum.GetNames<Amenities>().Skip(1).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}");
        }
        var capacity = Capacity.None;
        if (j.Get(o, "capacity") is { } cap)
            capacity = new Capacity(j.Integer(cap, "berths", $"{at}.capacity", false, Plausible.Capacity) ?? 0,
                j.Integer(cap, "seats", $"{at}.capacity", false, Plausible.Capacity) ?? 0,
                j.Integer(cap, "roadVehicles", $"{at}.capacity", false, Plausible.Capacity) ?? 0);
        var stores = StoreCapacity.None;
        if (j.Get(o, "stores") is { } st)
        {
            double N(string key) => j.Number(st, key, $"{at}.stores", false, Plausible.Stores) ?? 0;
            stores = new StoreCapacity(N("dryKg"), N("chilledKg"), N("frozenKg"), N("liveTankKg"), N("waterLitres"), N("fuelLitres"));
        }
        var sources = new Dictionary<string, string>();
        if (j.Get(o, "sources") is { ValueKind: JsonValueKind.Object } src)
            foreach (var prop in src.EnumerateObject())
                if (prop.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(prop.Value.GetString()))
                    sources[prop.Name] = prop.Value.GetString()!;
        if (requireSources)
            foreach (var key in SourcedKeys)
                if (j.Get(o, key) is not null && !sources.ContainsKey(key))
                    p.Add(j.Where($"{at}.sources"), $"'{key}' has no source: give a citation or a written assumption");
        if (p.Count > before || id is null || name is null || length is null || tare is null || axles is null || vmax is null || resistance is null) return null;
        return new Vehicle
        {
            Id = id,
            Name = name,
            Kind = kind,
            Length = Length.FromMeters(length.Value),
            TareMass = Mass.FromTonnes(tare.Value),
            ArmourMass = Mass.FromTonnes(armour),
            Payload = Mass.FromTonnes(payload),
            AxleCount = (int)axles.Value,
            MaxSpeed = Speed.FromKilometersPerHour(vmax.Value),
            RotatingMassFactor = xi,
            Resistance = resistance,
            TractiveEffort = effort,
            Traction = system,
            Braking = braking,
            Amenities = amenities,
            Capacity = capacity,
            Stores = stores,
            Sources = sources,
        };
    }

    private static RunningResistance? ReadResistance(JsonNodes j, JsonElement o, string at)
    {
        var r = j.Required(o, "resistance", at);
        if (r is null) return null;
        var path = $"{at}.resistance";
        if (j.Get(r.Value, "davis") is not null && j.Get(r.Value, "perMille") is not null)
        {
            j.Problems.Add(j.Where(path), "give one resistance model, 'davis' or 'perMille', not both");
            return null;
        }
        if (j.Get(r.Value, "davis") is { } d)
        {
            var a = j.Number(d, "aNewtons", path + ".davis", true, Plausible.DavisA);
            var b = j.Number(d, "bNewtonsPerMps", path + ".davis", true, Plausible.DavisB);
            var c = j.Number(d, "cNewtonsPerMps2", path + ".davis", true, Plausible.DavisC);
            return a is null || b is null || c is null ? null : DavisResistance.FromSi(a.Value, b.Value, c.Value);
        }
        if (j.Get(r.Value, "perMille") is { } pm)
        {
            var f0 = j.Number(pm, "f0", path + ".perMille", true, Plausible.PerMilleCoefficient);
            var f1 = j.Number(pm, "f1", path + ".perMille", false, Plausible.PerMilleCoefficient) ?? 0;
            var f2 = j.Number(pm, "f2", path + ".perMille", true, Plausible.PerMilleCoefficient);
            var w = j.Number(pm, "headWindKmh", path + ".perMille", false, Plausible.HeadWind) ?? 0;
            return f0 is null || f2 is null ? null
                : new PerMilleResistance(f0.Value, f1, f2.Value, Speed.FromKilometersPerHour(w), PerMilleResistance.V00);
        }
        j.Problems.Add(j.Where(path), "must have 'davis' or 'perMille'");
        return null;
    }

    private static TractiveEffortCurve ReadEffort(JsonNodes j, JsonElement o, string at, double? maxSpeedKmh)
    {
        var e = j.Required(o, "tractiveEffort", at);
        if (e is null) return TractiveEffortCurve.None;
        var path = $"{at}.tractiveEffort";
        if (j.Get(e.Value, "table") is not null)
        {
            var points = new List<(Speed, Force)>();
            var before = j.Problems.Count;
            foreach (var (row, rp) in j.Array(e.Value, "table", path, true))
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 2) { j.Problems.Add(j.Where(rp), "must be a pair [km/h, kN]"); continue; }
                var v = j.Number(row[0], rp + "[0]", Plausible.EffortSpeed);
                var f = j.Number(row[1], rp + "[1]", Plausible.EffortKn);
                if (v is null || f is null) continue;
                if (points.Count > 0 && v.Value <= points[^1].Item1.KilometersPerHour)
                    j.Problems.Add(j.Where(rp), $"speed {v} km/h is not greater than the previous {points[^1].Item1.KilometersPerHour:0.###} km/h: speeds must increase");
                points.Add((Speed.FromKilometersPerHour(v.Value), Force.FromKilonewtons(f.Value)));
            }
            if (points.Count == 0 && j.Problems.Count == before) j.Problems.Add(j.Where(path + ".table"), "is empty");
            return j.Problems.Count > before || points.Count == 0 ? TractiveEffortCurve.None : TractiveEffortCurve.FromPoints(points, path);
        }
        var f0 = j.Number(e.Value, "startingForceKn", path, true, Plausible.StartingForce);
        var pw = j.Number(e.Value, "powerKw", path, true, Plausible.PowerKw);
        var vmax = maxSpeedKmh ?? 100;
        return f0 is null || pw is null ? TractiveEffortCurve.None
            : TractiveEffortCurve.FromStartingForceAndPower(Force.FromKilonewtons(f0.Value), Power.FromKilowatts(pw.Value), Speed.FromKilometersPerHour(vmax));
    }

    private static TractionSystem? ReadTraction(JsonNodes j, JsonElement o, string at)
    {
        var t = j.Required(o, "traction", at);
        if (t is null) return null;
        var kind = j.String(t.Value, "kind", $"{at}.traction", true);
        switch (kind)
        {
            case "diesel": return TractionSystem.Diesel;
            case "steam": return new TractionSystem(TractionKind.Steam, []);
            case "electric":
                var systems = new List<Electrification>();
                foreach (var (s, sp) in j.Array(t.Value, "systems", $"{at}.traction", true))
                {
                    var volts = j.Number(s, "volts", sp, true, Plausible.Volts);
                    var hz = j.Number(s, "frequencyHz", sp, true, Plausible.Frequency);
                    if (volts is not null && hz is not null) systems.Add(new Electrification((int)volts.Value, hz.Value));
                }
                if (systems.Count == 0) j.Problems.Add(j.Where($"{at}.traction.systems"), "an electric unit needs at least one system");
                return new TractionSystem(TractionKind.Electric, systems);
            case null: return null;
            default:
                j.Problems.Add(j.Where($"{at}.traction.kind"), $"'{kind}' is not one of diesel, electric, steam");
                return null;
        }
    }

    private static VehicleBraking ReadBraking(JsonNodes j, JsonElement o, string at)
    {
        if (j.Get(o, "braking") is not { } b) return VehicleBraking.Unspecified;
        var path = $"{at}.braking";
        var d = j.Number(b, "decelerationMps2", path, false, Plausible.Deceleration);
        var bw = j.Number(b, "brakedWeightTonnes", path, false, Plausible.BrakedWeight);
        var modeText = j.String(b, "mode", path, false) ?? "P";
        if (!EnumText.TryParse<BrakeMode>(modeText, out var mode)) { j.Problems.Add(j.Where(path + ".mode"), $"'{modeText}' is not one of P, G, EP"); mode = BrakeMode.P; }
        return new VehicleBraking(d is { } dd ? Acceleration.FromMetersPerSecondSquared(dd) : null, bw is { } w ? Mass.FromTonnes(w) : null, mode);
    }
}

/// <summary>Files shipped inside the program (catalogue, built-in examples).</summary>
public static class BuiltIn
{
    public static string Text(string name)
    {
        var asm = typeof(BuiltIn).Assembly;
        using var s = asm.GetManifestResourceStream("Fortress.IO.Catalogue." + name)
            ?? throw new FileNotFoundException($"built-in resource {name} is missing from {asm.GetName().Name}", name);
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    public static IEnumerable<string> Names =>
        typeof(BuiltIn).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("Fortress.IO.Catalogue.", StringComparison.Ordinal)).Select(n => n["Fortress.IO.Catalogue.".Length..]);
}
