using System.Globalization;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.IO.RailJson;

/// <summary>
/// Reads OSRD RailJSON (infra.json, format 3.x) into a <see cref="RailNetwork"/>: one edge per track section (length,
/// geographic geometry, slopes, curves, line name); switches and links (or the older track_section_links) join track
/// ends into nodes, a crossing's two lines staying apart; speed sections per direction; electrifications; operational
/// points, one per part. Every problem is collected with its JSON path and reported together.
/// </summary>
public static class RailJsonImporter
{
    /// <summary>Line speed where no speed section applies. OSRD limits such track only by the train; 300 km/h stands for "no line limit".</summary>
    public static Speed NoSpeedSection { get; } = Speed.FromKilometersPerHour(300);

    public static (RailNetwork Network, ImportReport Report) Import(string file)
    {
        var problems = new ProblemList();
        JsonDocument? doc;
        using (var fs = InputFile.OpenRead(file)) doc = Fortress.IO.Json.StrictJson.Parse(fs, file, problems);
        problems.ThrowIfAny();
        using (doc) return Read(doc!.RootElement, file);
    }

    private static (RailNetwork, ImportReport) Read(JsonElement root, string file)
    {
        var p = new ProblemList();
        var report = new ImportReport(Path.GetFileName(file));
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("track_sections", out var tracksEl) || tracksEl.ValueKind != JsonValueKind.Array)
            throw new InvalidInputException(file, "not OSRD RailJSON: no \"track_sections\" array at the top level");
        var tracks = tracksEl.EnumerateArray().ToArray();
        if (tracks.Length == 0) throw new InvalidInputException($"{file}: $.track_sections", "no track sections: the infrastructure has no track");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lengths = new double[tracks.Length];
        var geoms = new GeoPoint[tracks.Length][];
        var slopes = new EdgeGradient[tracks.Length][];
        var bends = new EdgeCurve[tracks.Length][];
        for (var i = 0; i < tracks.Length; i++)
        {
            var t = tracks[i];
            var where = $"{file}: $.track_sections[{i}]";
            var id = Str(t, "id");
            if (id is null) { p.Add(where, "missing \"id\""); continue; }
            if (!index.TryAdd(id, i)) p.Add(where, $"duplicate track section id \"{id}\"");
            lengths[i] = Num(t, "length") ?? double.NaN;
            if (!(lengths[i] > 0)) p.Add(where, $"track section \"{id}\" needs a positive \"length\"");
            else if (Plausible.PathLength.Problem(lengths[i]) is { } lp) { p.Add(where + ".length", $"track section \"{id}\": length {lp}"); lengths[i] = double.NaN; }
            var coords = Coordinates(t, where, p);
            if (coords.Length < 2) p.Add(where, $"track section \"{id}\" needs a \"geo\" LineString of at least two points");
            geoms[i] = coords;
            slopes[i] = Along(t, "slopes", "gradient", where, lengths[i], p, Plausible.Gradient)
                .Select(s => new EdgeGradient(Length.FromMeters(s.B), Length.FromMeters(s.E), Gradient.FromPerMille(s.V))).ToArray();
            // OSRD signs a curve's radius by its direction; the size is what counts.
            bends[i] = Along(t, "curves", "radius", where, lengths[i], p, null).Where(s => s.V != 0)
                .Select(s => (s.B, s.E, R: Math.Abs(s.V))).Where(s => Plausible.CurveRadius.Contains(s.R) || Flag(p, $"{where}.curves", $"radius {s.R} m: {Plausible.CurveRadius.Problem(s.R)}"))
                .Select(s => new EdgeCurve(Length.FromMeters(s.B), Length.FromMeters(s.E), Length.FromMeters(s.R), CurveSource.Tagged)).ToArray();
        }
        // Problems so far are reported together with those of the switches and sections below.

        // Topology: union of track ends joined by a switch, link or track_section_link.
        var parent = Enumerable.Range(0, tracks.Length * 2).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[b] = a; }
        var side = new Dictionary<int, bool>(); // track end -> true on a switch's A side
        int? End(JsonElement port, string where)
        {
            var track = Str(port, "track");
            var endpoint = Str(port, "endpoint");
            if (track is null || !index.TryGetValue(track, out var ti)) { p.Add(where, $"unknown track \"{track}\""); return null; }
            if (endpoint is not ("BEGIN" or "END")) { p.Add(where, $"endpoint must be BEGIN or END, got \"{endpoint}\""); return null; }
            return ti * 2 + (endpoint == "END" ? 1 : 0);
        }
        {
            var si = 0;
            foreach (var sw in Array(root, "switches"))
            {
                var where = $"{file}: $.switches[{si++}]";
                var type = Str(sw, "switch_type") ?? "";
                if (Obj(sw, "ports") is not { } ports) { p.Add(where, "missing \"ports\" (an object of ports)"); continue; }
                var ends = new List<(string Port, int End)>();
                foreach (var port in ports.EnumerateObject())
                    if (End(port.Value, $"{where}.ports.{port.Name}") is { } e) ends.Add((port.Name, e));
                if (type == "crossing")
                {
                    foreach (var (a, b) in new[] { ("A1", "B1"), ("A2", "B2") })
                    {
                        var ea = ends.Where(x => x.Port == a).ToArray(); var eb = ends.Where(x => x.Port == b).ToArray();
                        if (ea.Length == 1 && eb.Length == 1) { Union(ea[0].End, eb[0].End); side[ea[0].End] = true; side[eb[0].End] = false; }
                    }
                    continue;
                }
                for (var k = 1; k < ends.Count; k++) Union(ends[0].End, ends[k].End);
                foreach (var (port, e) in ends) side[e] = port.StartsWith('A');
                report.Count("switches and links");
            }
        }
        {
            var li = 0;
            foreach (var l in Array(root, "track_section_links"))
            {
                var where = $"{file}: $.track_section_links[{li++}]";
                if (Obj(l, "src") is { } s && Obj(l, "dst") is { } d && End(s, where + ".src") is { } a && End(d, where + ".dst") is { } b)
                {
                    Union(a, b); side[a] = true; side[b] = false;
                }
            }
        }

        // Speed sections, per track: breakpoints with per-direction limits (the lowest applicable wins).
        var speedRanges = new List<(double Begin, double End, double Mps, string Dirs)>[tracks.Length];
        for (var i = 0; i < tracks.Length; i++) speedRanges[i] = [];
        {
            var k = 0;
            foreach (var s in Array(root, "speed_sections"))
            {
                var where = $"{file}: $.speed_sections[{k++}]";
                if (Num(s, "speed_limit") is not { } v) { report.Count("speed sections without a general limit (skipped)"); continue; }
                // m/s in RailJSON; the range is the one of every line speed (km/h).
                if (Plausible.LineSpeed.Problem(v * 3.6) is { } vp) { p.Add(where + ".speed_limit", $"{v} m/s: the speed limit in km/h {vp}"); continue; }
                foreach (var (ti, b, e, dirs) in Ranges(s, "track_ranges", index, p, where, lengths)) speedRanges[ti].Add((b, e, v, dirs));
            }
        }
        var elecRanges = new List<(double Begin, double End, Electrification E)>[tracks.Length];
        for (var i = 0; i < tracks.Length; i++) elecRanges[i] = [];
        {
            var k = 0;
            foreach (var el in root.TryGetProperty("electrifications", out _) ? Array(root, "electrifications") : Array(root, "catenaries"))
            {
                var where = $"{file}: $.electrifications[{k++}]";
                var voltage = Str(el, "voltage");
                var volts = voltage is null ? (double?)null : double.TryParse(voltage.TrimEnd('V', 'v'), NumberStyles.Float, CultureInfo.InvariantCulture, out var vv) ? vv : null;
                if (volts is not { } vo) { p.Add(where, $"voltage \"{voltage}\" is not a number of volts such as \"25000V\""); continue; }
                var system = new Electrification((int)vo, vo >= 20000 ? 50 : vo >= 10000 ? 16.7 : 0);
                if (Plausible.Volts.Problem(vo) is { } vp) { p.Add(where + ".voltage", vp); continue; }
                foreach (var (ti, b, e, _) in Ranges(el, "track_ranges", index, p, where, lengths)) elecRanges[ti].Add((b, e, system));
            }
        }
        p.ThrowIfAny();

        // Nodes: one per union class of track ends.
        var nodeOf = new Dictionary<int, int>();
        var nodes = new List<NetworkNode>();
        int Node(int end, GeoPoint at)
        {
            var r = Find(end);
            if (nodeOf.TryGetValue(r, out var n)) return n;
            nodeOf[r] = nodes.Count;
            nodes.Add(new NetworkNode(at));
            return nodes.Count - 1;
        }
        // Bearings: at a switch, every A-side end leaves on one bearing and every B-side end on the opposite one, so the
        // router lets trains pass only between sides (never B1 to B2); elsewhere the geometry decides.
        var refBearing = new Dictionary<int, double>();
        double Bearing(int end, double geoBearing)
        {
            if (!side.TryGetValue(end, out var isA)) return geoBearing;
            var r = Find(end);
            if (!refBearing.TryGetValue(r, out var b)) refBearing[r] = b = isA ? geoBearing : (geoBearing + 180) % 360;
            return isA ? b : (b + 180) % 360;
        }
        // Signals: per track section, position and the direction of the trains they face.
        var signals = new List<EdgeSignal>[tracks.Length];
        if (root.TryGetProperty("signals", out var signalsEl) && signalsEl.ValueKind == JsonValueKind.Array)
        {
            var si = 0;
            foreach (var sg in signalsEl.EnumerateArray())
            {
                var where = $"{file}: $.signals[{si++}]";
                var track = Str(sg, "track");
                var pos = Num(sg, "position");
                var dir = Str(sg, "direction");
                if (track is null || !index.TryGetValue(track, out var ti)) { p.Add(where, $"unknown track section \"{track}\""); continue; }
                if (pos is not { } x || !(x >= 0 && x <= lengths[ti] + 1e-6)) { p.Add(where, $"position {pos} is not on track section \"{track}\""); continue; }
                if (dir is not ("START_TO_STOP" or "STOP_TO_START")) { p.Add(where, $"direction must be START_TO_STOP or STOP_TO_START, got \"{dir}\""); continue; }
                (signals[ti] ??= []).Add(new EdgeSignal(Str(sg, "id") ?? $"signal{si}", Length.FromMeters(x),
                    dir == "START_TO_STOP" ? EdgeDirection.Forward : EdgeDirection.Backward));
            }
            p.ThrowIfAny();
            report.Count("signals", si);
        }
        var edges = new List<TrackEdge>();
        var elecPartial = 0;
        for (var i = 0; i < tracks.Length; i++)
        {
            var t = tracks[i];
            var id = Str(t, "id")!;
            var len = lengths[i];
            var geometry = geoms[i];
            var from = Node(i * 2, geometry[0]);
            var to = Node(i * 2 + 1, geometry[^1]);
            var speeds = Speeds(speedRanges[i], len, report);
            var elecs = elecRanges[i].Where(r => r.End > r.Begin).ToList();
            Electrification? elec = null;
            if (elecs.Count > 0)
            {
                var best = elecs.GroupBy(r => r.E).Select(g => (g.Key, Covered: g.Sum(r => Math.Min(r.End, len) - Math.Max(r.Begin, 0)))).OrderByDescending(x => x.Covered).First();
                elec = best.Key;
                if (best.Covered < len - 1) elecPartial++;
            }
            var grads = slopes[i];
            var curves = bends[i];
            string? lineName = null;
            if (Obj(t, "extensions") is { } ext && Obj(ext, "sncf") is { } sncf) lineName = Str(sncf, "line_name");
            edges.Add(new TrackEdge
            {
                Id = new EdgeId(i),
                From = new NodeId(from),
                To = new NodeId(to),
                Geometry = geometry,
                Length = Length.FromMeters(len),
                Gauges = [1435],
                Speeds = speeds,
                Electrification = elec,
                AxleLoadLimit = null,
                Gradients = grads,
                Curves = curves,
                SourceRef = id,
                Name = lineName,
                Signals = signals[i] is { } sigs ? sigs.OrderBy(x => x.Offset).ToArray() : [],
                StartBearing = Bearing(i * 2, CurveEstimator.LeavingBearing(geometry, false)),
                EndBearing = Bearing(i * 2 + 1, CurveEstimator.LeavingBearing(geometry, true)),
            });
            report.Default("gauge (RailJSON has none: 1435 mm)", len);
            if (elec is null) report.Default("electrified (no electrification range: none)", len);
        }
        if (elecPartial > 0) report.Note($"{elecPartial} track sections are only partly electrified; each takes the system covering most of it");
        report.Count("track sections", tracks.Length);
        report.Count("nodes", nodes.Count);

        var ops = new List<OperationalPoint>();
        {
            var k = 0;
            foreach (var op in Array(root, "operational_points"))
            {
                var where = $"{file}: $.operational_points[{k++}]";
                var id = Str(op, "id") ?? $"op{k}";
                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Obj(op, "extensions") is { } ext)
                {
                    if (Obj(ext, "identifier") is { } ident && Str(ident, "name") is { } n) names["name"] = n;
                    if (Obj(ext, "sncf") is { } sncf && Str(sncf, "trigram") is { } tri && tri.Length > 0) names["short_name"] = tri;
                }
                if (!names.ContainsKey("name")) names["name"] = id;
                if (id != names["name"]) names["ref"] = id;
                var pi = 0;
                foreach (var part in Array(op, "parts"))
                {
                    var track = Str(part, "track");
                    var pos = Num(part, "position") ?? double.NaN;
                    if (track is null || !index.TryGetValue(track, out var ti)) { p.Add($"{where}.parts[{pi++}]", $"unknown track \"{track}\""); continue; }
                    if (!(pos >= 0 && pos <= lengths[ti])) { p.Add($"{where}.parts[{pi++}]", $"position {pos} is outside track \"{track}\" (0 to {lengths[ti]} m)"); continue; }
                    pi++;
                    var edge = edges[ti];
                    ops.Add(new OperationalPoint(id, OperationalPointKind.Station, names, edge.Id, Length.FromMeters(pos), edge.PointAt(Length.FromMeters(pos))));
                }
            }
        }
        p.ThrowIfAny();
        report.Count("operational point parts", ops.Count);
        return (RailNetwork.Create(Path.GetFileName(file), nodes, edges, ops), report);
    }

    private static IReadOnlyList<EdgeSpeed> Speeds(List<(double Begin, double End, double Mps, string Dirs)> ranges, double len, ImportReport report)
    {
        if (ranges.Count == 0)
        {
            report.Default("speed (no speed section: no line limit)", len);
            return [new EdgeSpeed(Length.Zero, NoSpeedSection, NoSpeedSection)];
        }
        var cuts = ranges.SelectMany(r => new[] { r.Begin, r.End }).Append(0).Where(x => x >= 0 && x < len).Distinct().Order().ToArray();
        var result = new List<EdgeSpeed>();
        foreach (var c in cuts)
        {
            var mid = c + 1e-6;
            double F(bool forward) => ranges.Where(r => r.Begin <= mid && r.End > mid && (r.Dirs == "BOTH" || r.Dirs == (forward ? "START_TO_STOP" : "STOP_TO_START")))
                .Select(r => r.Mps).DefaultIfEmpty(NoSpeedSection.MetersPerSecond).Min();
            var s = new EdgeSpeed(Length.FromMeters(c), Speed.FromMetersPerSecond(F(true)), Speed.FromMetersPerSecond(F(false)));
            if (result.Count > 0 && result[^1].Forward == s.Forward && result[^1].Backward == s.Backward) continue;
            result.Add(s);
        }
        return result;
    }

    private static IEnumerable<(int Track, double Begin, double End, string Dirs)> Ranges(JsonElement el, string name, Dictionary<string, int> index, ProblemList p, string where,
        double[] lengths)
    {
        var i = 0;
        foreach (var r in Array(el, name))
        {
            var at = $"{where}.{name}[{i++}]";
            var track = Str(r, "track");
            if (track is null || !index.TryGetValue(track, out var ti)) { p.Add(at, $"unknown track \"{track}\""); continue; }
            var (b, e) = (Num(r, "begin") ?? 0, Num(r, "end") ?? 0);
            // A range must lie on its track (a metre of slack for rounding in exported data).
            if (double.IsFinite(lengths[ti]) && !(b >= 0 && e <= lengths[ti] + 1 && e >= b))
            {
                p.Add(at, $"range {b} to {e} m is not on track section \"{track}\" (0 to {lengths[ti]} m)");
                continue;
            }
            yield return (ti, b, Math.Min(e, lengths[ti]), Str(r, "applicable_directions") ?? "BOTH");
        }
    }

    /// <summary>
    /// Ranges along one track section (slopes, curves: <c>{"begin", "end", KEY}</c>), each on the section (a metre of
    /// slack) with its value in <paramref name="range"/> when one is given; empty ranges are skipped.
    /// </summary>
    private static IEnumerable<(double B, double E, double V)> Along(JsonElement track, string name, string key, string where, double len, ProblemList p, PlausibleRange? range)
    {
        var list = new List<(double B, double E, double V)>();
        var i = 0;
        foreach (var s in Array(track, name))
        {
            var at = $"{where}.{name}[{i++}]";
            var (b, e, v) = (Num(s, "begin") ?? 0, Num(s, "end") ?? 0, Num(s, key) ?? 0);
            if (!double.IsFinite(len)) continue;
            if (!(b >= 0 && e <= len + 1 && e >= b)) { p.Add(at, $"{name} from {b} to {e} m is not on its track section (0 to {len} m)"); continue; }
            if (range?.Problem(v) is { } rp) { p.Add($"{at}.{key}", rp); continue; }
            if (e > b) list.Add((b, Math.Min(e, len), v));
        }
        return list.OrderBy(x => x.B);
    }

    private static bool Flag(ProblemList p, string where, string message)
    {
        p.Add(where, message);
        return false;
    }

    /// <summary>A track section's <c>geo</c> LineString as points; a point that is not [lon, lat] in range is a problem.</summary>
    private static GeoPoint[] Coordinates(JsonElement t, string where, ProblemList p)
    {
        if (!(t.ValueKind == JsonValueKind.Object && t.TryGetProperty("geo", out var geo) && geo.ValueKind == JsonValueKind.Object
              && geo.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array)) return [];
        var points = new List<GeoPoint>();
        var i = 0;
        foreach (var x in c.EnumerateArray())
        {
            var at = $"{where}.geo.coordinates[{i++}]";
            double? Part(int k) => x.ValueKind == JsonValueKind.Array && x.GetArrayLength() > k && x[k].ValueKind == JsonValueKind.Number && x[k].TryGetDouble(out var d) ? d : null;
            if (Part(0) is not { } lon || Part(1) is not { } lat) { p.Add(at, "a point must be [longitude, latitude] in degrees"); continue; }
            if (Plausible.Latitude.Problem(lat) is { } la) { p.Add(at, "latitude " + la); continue; }
            if (Plausible.Longitude.Problem(lon) is { } lo) { p.Add(at, "longitude " + lo); continue; }
            points.Add(new GeoPoint(lat, lon));
        }
        return points.ToArray();
    }

    private static IEnumerable<JsonElement> Array(JsonElement el, string name) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    private static JsonElement? Obj(JsonElement el, string name) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object ? o : null;

    private static string? Str(JsonElement el, string name) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number, or null when absent or not a number; a number too large for a double is NaN (refused by the range checks).</summary>
    private static double? Num(JsonElement el, string name) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? (v.TryGetDouble(out var d) && double.IsFinite(d) ? d : double.NaN) : null;
}
