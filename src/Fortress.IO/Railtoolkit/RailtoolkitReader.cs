using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using YamlDotNet.RepresentationModel;

namespace Fortress.IO.Railtoolkit;

/// <summary>
/// Reads railtoolkit rolling-stock and running-path files (schema 2022.05, as published with TrainRuns.jl) into
/// Fortress's own model, applying the conventions the reference results rely on (docs/formats.md and
/// shared/docs/railtoolkit-model.md): vehicles fully loaded; traction-unit resistance on empty mass with a 15 km/h
/// head wind; wagons by Sauthoff (trains with passenger vehicles) or Strahl (freight) with coefficients averaged over
/// the wagons; braking from the traction unit's <c>a_braking</c> or 0.375 / 0.225 m/s²; path resistance at the head
/// of the train. Every problem in a file is reported at once, with line and column.
/// </summary>
public static class RailtoolkitReader
{
    public const string SupportedSchemaVersion = "2022.05";

    private static readonly Speed V00 = Speed.FromKilometersPerHour(100);
    private static readonly Speed HeadWind = Speed.FromKilometersPerHour(15);

    /// <summary>True when the file looks like a railtoolkit document (has a railtoolkit schema key).</summary>
    public static bool Sniff(string path)
    {
        if (InputFile.KindOf(path) != InputFile.Kind.Regular) return false;
        try
        {
            foreach (var line in File.ReadLines(path).Take(20))
                if (line.TrimStart().StartsWith("schema:", StringComparison.Ordinal) && line.Contains("railtoolkit", StringComparison.OrdinalIgnoreCase))
                    return true;
        }
        catch (IOException) { }
        return false;
    }

    /// <summary>Reads the train <paramref name="trainId"/> (or the first train) of a rolling-stock file.</summary>
    public static Consist ReadTrain(string path, string? trainId = null)
    {
        var name = Path.GetFileName(path);
        var problems = new ProblemList();
        var root = YamlNodes.Load(path, name, problems);
        if (root is null) { problems.ThrowIfAny(); throw new InvalidOperationException(); }
        var y = new YamlNodes(name, problems);
        CheckHeader(y, root, "rolling-stock");
        var trains = y.RequiredSequence(root, "trains", "rolling-stock file");
        var vehicles = y.RequiredSequence(root, "vehicles", "rolling-stock file");

        var defs = new Dictionary<string, (YamlMappingNode Node, string Type)>();
        if (vehicles is not null)
        {
            foreach (var node in vehicles.Children)
            {
                if (node is not YamlMappingNode m) { problems.Add(y.Where(node), "each vehicle must be a mapping"); continue; }
                var id = y.String(m, "id", "vehicle", required: true);
                var type = y.String(m, "vehicle_type", $"vehicle {id}", required: true);
                if (id is null) continue;
                if (type is not null && type is not ("traction unit" or "multiple unit" or "passenger" or "freight"))
                    problems.Add(y.Where(m, "vehicle_type"), $"vehicle {id}: vehicle_type '{type}' is not one of 'traction unit', 'multiple unit', 'passenger', 'freight'");
                if (!defs.TryAdd(id, (m, type ?? "freight"))) problems.Add(y.Where(m, "id"), $"vehicle id '{id}' is defined twice");
            }
        }

        YamlMappingNode? train = null;
        if (trains is not null)
        {
            var all = trains.Children.OfType<YamlMappingNode>().ToList();
            if (all.Count == 0) problems.Add(y.Where(trains), "the file defines no train");
            train = trainId is null ? all.FirstOrDefault() : all.FirstOrDefault(t => y.String(t, "id", "train", false) == trainId);
            if (train is null && trainId is not null)
                problems.Add(name, $"no train with id '{trainId}'; the file has: {string.Join(", ", all.Select(t => y.String(t, "id", "train", false)))}");
        }
        var formation = new List<(string Id, YamlNode Node)>();
        var trainName = name;
        if (train is not null)
        {
            trainName = y.String(train, "name", "train", false) ?? y.String(train, "id", "train", false) ?? name;
            var f = y.RequiredSequence(train, "formation", $"train {trainName}");
            if (f is not null)
            {
                if (f.Children.Count == 0) problems.Add(y.Where(f), $"train {trainName}: the formation is empty: a train needs at least one vehicle");
                foreach (var n in f.Children)
                {
                    if (n is YamlScalarNode s && s.Value is { } id)
                    {
                        if (!defs.ContainsKey(id)) problems.Add(y.Where(n), $"train {trainName}: formation names vehicle '{id}', which the file does not define");
                        else formation.Add((id, n));
                    }
                    else problems.Add(y.Where(n), $"train {trainName}: formation entries must be vehicle ids");
                }
            }
        }

        // A train with passenger vehicles uses Sauthoff for its wagons, otherwise Strahl; coefficients are averaged.
        var wagonIds = formation.Select(f => f.Id).Where(id => defs[id].Type is "passenger" or "freight").ToList();
        var passengerTrain = formation.Any(f => defs[f.Id].Type is "passenger");
        double Avg(string key) => wagonIds.Count == 0 ? 0 : wagonIds.Average(id => y.Number(defs[id].Node, key, $"vehicle {id}", false) ?? 0);
        var f0 = Avg("base_resistance");
        var f1 = Avg("rolling_resistance");
        var f2 = Avg("air_resistance");

        var built = new Dictionary<string, Vehicle>();
        foreach (var (id, (node, type)) in defs)
        {
            if (!formation.Any(f => f.Id == id)) continue;
            var v = ReadVehicle(y, node, id, type, passengerTrain, f0, f1, f2);
            if (v is not null) built[id] = v;
        }
        problems.ThrowIfAny();
        var list = formation.Select(f => built[f.Id]).ToList();
        return Consist.Create(trainName, list, $"{name} formation");
    }

    private static Vehicle? ReadVehicle(YamlNodes y, YamlMappingNode m, string id, string type, bool passengerTrain, double f0, double f1, double f2)
    {
        var ctx = $"vehicle {id}";
        var p = y.Problems;
        var before = p.Count;
        // Every figure in its plausible range (docs/formats.md) before any unit is built from it.
        var length = y.Number(m, "length", ctx, true, Plausible.VehicleLength);
        var mass = y.Number(m, "mass", ctx, true, Plausible.TareMass);
        var load = y.Number(m, "load_limit", ctx, false, Plausible.Payload) ?? 0;
        var speed = y.Number(m, "speed_limit", ctx, false, Plausible.MaxSpeed);
        var traction = type is "traction unit" or "multiple unit";
        var xi = y.Number(m, "rotation_mass", ctx, false, Plausible.RotatingMassFactor) ?? (traction ? 1.09 : 1.06);
        var axles = y.Number(m, "axles", ctx, false, Plausible.Axles);

        RunningResistance resistance;
        TractiveEffortCurve effort = TractiveEffortCurve.None;
        TractionSystem? system = null;
        Acceleration? braking = null;
        if (traction)
        {
            var mt = y.Number(m, "mass_traction", ctx, false, Plausible.TareMass) ?? mass ?? 0;
            var baseR = y.Number(m, "base_resistance", ctx, false, Plausible.PerMilleCoefficient) ?? 0;
            var rollR = y.Number(m, "rolling_resistance", ctx, false, Plausible.PerMilleCoefficient) ?? 0;
            var airR = y.Number(m, "air_resistance", ctx, false, Plausible.PerMilleCoefficient) ?? 0;
            var kg = (mass ?? 0) * 1000;
            var g = Physics.StandardGravity / 1000;
            // R_t = g/1000 (f_base m_t + f_roll (m − m_t) + f_air m ((v + Δv)/v00)²), on the empty mass.
            var c = g * airR * kg / (V00.MetersPerSecond * V00.MetersPerSecond);
            var dv = HeadWind.MetersPerSecond;
            resistance = DavisResistance.FromSi(g * (baseR * mt * 1000 + rollR * (kg - mt * 1000)) + c * dv * dv, 2 * c * dv, c);
            effort = ReadEffort(y, m, ctx);
            var power = y.String(m, "power_type", ctx, false);
            system = power switch
            {
                "electric" => TractionSystem.Electric(Electrification.Ac15kV16_7Hz),
                "steam" => new TractionSystem(TractionKind.Steam, []),
                _ => TractionSystem.Diesel,
            };
            // railtoolkit writes the braking deceleration with either sign.
            if (y.Get(m, "a_braking") is { } abNode && y.Number(abNode, $"{ctx}: 'a_braking'") is { } ab)
            {
                if (Plausible.Deceleration.Problem(Math.Abs(ab)) is { } dp) p.Add(y.Where(abNode), $"{ctx}: a_braking (either sign) {dp}");
                else braking = Acceleration.FromMetersPerSecondSquared(Math.Abs(ab));
            }
        }
        else
        {
            resistance = passengerTrain
                ? new PerMilleResistance(f0, f1, f2, HeadWind, V00)
                : PerMilleResistance.Strahl(f0, f2);
        }
        if (p.Count > before || length is null || mass is null) return null;
        return new Vehicle
        {
            Id = id,
            Name = y.String(m, "name", ctx, false) ?? id,
            Kind = type switch
            {
                "traction unit" => VehicleKind.Locomotive,
                "multiple unit" => VehicleKind.MultipleUnit,
                "passenger" => VehicleKind.Carriage,
                _ => VehicleKind.Wagon,
            },
            Length = Length.FromMeters(length.Value),
            TareMass = Mass.FromTonnes(mass.Value),
            // The reference runs every vehicle fully loaded.
            Payload = Mass.FromTonnes(load),
            // railtoolkit does not give axle counts; four axles is the common case of every vehicle in its files.
            AxleCount = (int)(axles ?? 4),
            // No speed_limit: the vehicle sets none, so the highest plausible speed stands for "no limit" (paths limit it).
            MaxSpeed = Speed.FromKilometersPerHour(speed ?? Plausible.MaxSpeed.Max),
            RotatingMassFactor = xi,
            Resistance = resistance,
            TractiveEffort = effort,
            Traction = system,
            Braking = new VehicleBraking(braking, null, BrakeMode.P),
            Sources = new Dictionary<string, string> { ["*"] = "railtoolkit rolling-stock file (sources given there per field)" },
        };
    }

    private static TractiveEffortCurve ReadEffort(YamlNodes y, YamlMappingNode m, string ctx)
    {
        var node = y.Get(m, "tractive_effort");
        if (node is not YamlSequenceNode seq)
        {
            y.Problems.Add(y.Where(m), $"{ctx}: a traction unit needs a 'tractive_effort' list of [speed km/h, force N] pairs");
            return TractiveEffortCurve.None;
        }
        var points = new List<(Speed, Force)>();
        var before = y.Problems.Count;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var row = seq.Children[i];
            if (row is not YamlSequenceNode pair || pair.Children.Count != 2)
            {
                y.Problems.Add(y.Where(row), $"{ctx}: tractive_effort row {i + 1} must be a pair [speed km/h, force N]");
                continue;
            }
            var v = y.Number(pair.Children[0], $"{ctx}: tractive_effort row {i + 1} speed", Plausible.EffortSpeed);
            var f = y.Number(pair.Children[1], $"{ctx}: tractive_effort row {i + 1} force", Plausible.EffortKn, 0.001);
            if (v is null || f is null) continue;
            if (points.Count > 0 && v.Value <= points[^1].Item1.KilometersPerHour)
                y.Problems.Add(y.Where(row), $"{ctx}: tractive_effort row {i + 1}: speed {v} km/h is not greater than the previous {points[^1].Item1.KilometersPerHour:0.###} km/h: speeds must increase");
            if (f < 0) y.Problems.Add(y.Where(row), $"{ctx}: tractive_effort row {i + 1}: force {f} N is negative");
            points.Add((Speed.FromKilometersPerHour(v.Value), Force.FromNewtons(f.Value)));
        }
        if (points.Count == 0 && y.Problems.Count == before) y.Problems.Add(y.Where(seq), $"{ctx}: tractive_effort is empty");
        if (y.Problems.Count > before || points.Count == 0) return TractiveEffortCurve.None;
        return TractiveEffortCurve.FromPoints(points, ctx + " tractive_effort");
    }

    /// <summary>Reads the path <paramref name="pathId"/> (or the first path) of a running-path file.</summary>
    public static RunningPath ReadPath(string path, string? pathId = null)
    {
        var name = Path.GetFileName(path);
        var problems = new ProblemList();
        var root = YamlNodes.Load(path, name, problems);
        if (root is null) { problems.ThrowIfAny(); throw new InvalidOperationException(); }
        var y = new YamlNodes(name, problems);
        CheckHeader(y, root, "running-path");
        var paths = y.RequiredSequence(root, "paths", "running-path file");
        if (paths is null) { problems.ThrowIfAny(); throw new InvalidOperationException(); }
        var all = paths.Children.OfType<YamlMappingNode>().ToList();
        if (all.Count == 0) { problems.Add(y.Where(paths), "the file defines no path"); problems.ThrowIfAny(); }
        var m = pathId is null ? all[0] : all.FirstOrDefault(p => y.String(p, "id", "path", false) == pathId);
        if (m is null) { problems.Add(name, $"no path with id '{pathId}'"); problems.ThrowIfAny(); throw new InvalidOperationException(); }
        var pathName = y.String(m, "name", "path", false) ?? y.String(m, "id", "path", false) ?? name;
        var ctx = $"path {pathName}";

        var speeds = new List<SpeedSection>();
        var grads = new List<GradientSection>();
        double? end = null;
        var rows = y.RequiredSequence(m, "characteristic_sections", ctx);
        if (rows is not null)
        {
            if (rows.Children.Count < 2) problems.Add(y.Where(rows), $"{ctx}: characteristic_sections needs at least two rows (the start and the end of the path)");
            double? last = null;
            for (var i = 0; i < rows.Children.Count; i++)
            {
                var row = rows.Children[i];
                if (row is not YamlSequenceNode r || r.Children.Count != 3)
                {
                    problems.Add(y.Where(row), $"{ctx}: characteristic_sections row {i + 1} must be [position m, speed limit km/h, resistance ‰]");
                    continue;
                }
                var s = y.Number(r.Children[0], $"{ctx}: row {i + 1} position", Plausible.PathPosition);
                var v = y.Number(r.Children[1], $"{ctx}: row {i + 1} speed limit", Plausible.LineSpeed);
                var g = y.Number(r.Children[2], $"{ctx}: row {i + 1} resistance", Plausible.Gradient);
                if (s is null || v is null || g is null) continue;
                if (i == 0 && s != 0) problems.Add(y.Where(row), $"{ctx}: the first section must start at 0 m, not {s} m");
                if (s < 0) problems.Add(y.Where(row), $"{ctx}: row {i + 1}: position {s} m is negative");
                if (last is { } l && s <= l) problems.Add(y.Where(row), $"{ctx}: row {i + 1}: position {s} m does not come after the previous row's {l} m");
                if (v <= 0) problems.Add(y.Where(row), $"{ctx}: row {i + 1}: speed limit {v} km/h must be positive");
                last = s;
                if (i < rows.Children.Count - 1)
                {
                    speeds.Add(new SpeedSection(Position.FromMeters(s.Value), Speed.FromKilometersPerHour(Math.Max(v.Value, 1e-3))));
                    grads.Add(new GradientSection(Position.FromMeters(s.Value), Gradient.FromPerMille(g.Value)));
                }
                else end = s;
            }
        }
        var pois = new List<PointOfInterest>();
        if (y.Get(m, "points_of_interest") is { } poiNode)
        {
            if (poiNode is not YamlSequenceNode ps) problems.Add(y.Where(poiNode), $"{ctx}: points_of_interest must be a list");
            else
                for (var i = 0; i < ps.Children.Count; i++)
                {
                    var row = ps.Children[i];
                    if (row is not YamlSequenceNode r || r.Children.Count != 3 || r.Children[1] is not YamlScalarNode nm || r.Children[2] is not YamlScalarNode fr)
                    {
                        problems.Add(y.Where(row), $"{ctx}: points_of_interest row {i + 1} must be [position m, name, front|rear]");
                        continue;
                    }
                    var s = y.Number(r.Children[0], $"{ctx}: point of interest {i + 1} position", Plausible.PathPosition);
                    if (fr.Value is not ("front" or "rear")) problems.Add(y.Where(fr), $"{ctx}: point of interest {i + 1}: '{fr.Value}' must be 'front' or 'rear'");
                    if (s is null) continue;
                    if (end is { } e && (s < 0 || s > e)) problems.Add(y.Where(row), $"{ctx}: point of interest {nm.Value} at {s} m lies outside the path (0 to {e} m)");
                    pois.Add(new PointOfInterest(nm.Value ?? $"poi {i + 1}", Position.FromMeters(s.Value), fr.Value == "rear" ? TrainMeasure.Rear : TrainMeasure.Front));
                }
        }
        problems.ThrowIfAny();
        return RunningPath.Create(pathName, Length.FromMeters(end!.Value), speeds, grads, null, null, pois, name);
    }

    private static void CheckHeader(YamlNodes y, YamlMappingNode root, string kind)
    {
        var schema = y.String(root, "schema", $"{kind} file", required: true);
        if (schema is not null && !schema.Contains(kind, StringComparison.OrdinalIgnoreCase))
            y.Problems.Add(y.Where(root), $"schema '{schema}' is not the railtoolkit {kind} schema");
        var version = y.String(root, "schema_version", $"{kind} file", required: true);
        if (version is not null && version != SupportedSchemaVersion)
            y.Problems.Add(y.Where(root), $"schema_version '{version}' is not supported (only {SupportedSchemaVersion})");
    }
}
