using System.Globalization;
using System.Xml;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Rolling;
using Fortress.Units;
using OsmSharp;
using OsmSharp.Streams;

namespace Fortress.IO.Osm;

/// <summary>
/// Reads an OpenStreetMap extract (.osm.pbf or .osm XML, told apart by content) into a <see cref="RailNetwork"/>:
/// railway=rail ways (light_rail, narrow_gauge when asked) split into edges at every node two ways share (switches,
/// junctions), at way ends and at diamond crossings and gauge-change facilities; stations from railway=station|halt and
/// public_transport=stop_position (train=yes) nodes matched to the nearest track. Files above
/// <see cref="SinglePassLimitBytes"/> are read in two passes (ways, then the nodes they use) to keep memory to the rail
/// data. Bad files raise <see cref="InvalidInputException"/>.
/// </summary>
public static class OsmImporter
{
    private static readonly string[] WayKeys =
    [
        "railway", "gauge", "maxspeed", "maxspeed:forward", "maxspeed:backward", "electrified", "voltage", "frequency",
        "axleload", "maxaxleload", "tracks", "railway:radius", "name", "ref", "railway:track_ref", "area", "service",
    ];

    private sealed record RailWay(long Id, long[] Nodes, Dictionary<string, string> Tags);

    private sealed record NodeInfo(long Id, GeoPoint Location, Dictionary<string, string> Tags);

    /// <summary>Imports the file at <paramref name="file"/>: the network and its report are named by the file's name, problems by its path.</summary>
    public static (RailNetwork Network, ImportReport Report) Import(string file, OsmImportOptions? options = null)
    {
        InputFile.Require(file, null, WorkLimits.Current.NetworkFileBytes, "networkFileBytes");
        using var fs = File.OpenRead(file);
        return Import(fs, Path.GetFileName(file), options, where: file);
    }

    /// <summary>
    /// Imports OSM XML or PBF read from <paramref name="source"/> (told apart by content; the web service's uploads come
    /// this way, with no temporary file). The stream is read from its current position and left open; one that cannot
    /// seek, or does not start at 0, is first copied into memory (the reader looks at the head, checks the PBF's blocks
    /// and may read twice). The network and its report are named <paramref name="name"/>; problems name
    /// <paramref name="where"/> (default: <paramref name="name"/>).
    /// </summary>
    public static (RailNetwork Network, ImportReport Report) Import(Stream source, string name, OsmImportOptions? options = null, string? where = null)
    {
        options ??= OsmImportOptions.Default;
        where ??= name;
        using var copy = source.CanSeek && source.Position == 0 ? null : new MemoryStream();
        if (copy is not null) { source.CopyTo(copy); copy.Position = 0; }
        var fs = copy ?? source;
        var isXml = Sniff(fs, where);
        var report = new ImportReport(name);
        var kinds = new HashSet<string> { "rail" };
        if (options.IncludeLightRail) kinds.Add("light_rail");
        if (options.IncludeNarrowGauge) kinds.Add("narrow_gauge");

        // Small files: one pass keeping every node's coordinates. Large files: pass 1 reads the rail ways and how often
        // each node is used, pass 2 only the coordinates of those nodes, so memory stays with the rail data.
        var singlePass = fs.Length <= SinglePassLimitBytes;
        var ways = new List<RailWay>();
        var nodeUse = new Dictionary<long, int>();
        var wayCount = 0;
        var railwayValues = new Dictionary<string, int>();
        var coords = new Dictionary<long, GeoPoint>();
        var tagged = new List<NodeInfo>();
        var badNodes = new List<Problem>();
        var badCount = 0;
        void VisitNode(OsmSharp.Node n, bool keepAll)
        {
            if (n.Id is not { } id || n.Latitude is not { } lat || n.Longitude is not { } lon) return;
            // A coordinate outside WGS84 (NaN, 1e308, longitude 999) is a corrupt file, never a place on the Earth.
            if (Plausible.Latitude.Problem(lat) is { } la || Plausible.Longitude.Problem(lon) is { } lo)
            {
                if (++badCount <= 20) badNodes.Add(new Problem($"{where}: node {id}", Plausible.Latitude.Contains(lat) ? "longitude " + Plausible.Longitude.Problem(lon) : "latitude " + Plausible.Latitude.Problem(lat)));
                return;
            }
            var p = new GeoPoint(lat, lon);
            if (keepAll || nodeUse.ContainsKey(id)) coords[id] = p;
            if (n.Tags is null || n.Tags.Count == 0) return;
            if (IsInteresting(n.Tags, options))
                tagged.Add(new NodeInfo(id, p, n.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
        }
        Stream(fs, where, isXml, options, singlePass ? "reading" : "reading ways", 0, singlePass ? 1.0 : 0.5, ignoreNodes: !singlePass, geo =>
        {
            if (geo is OsmSharp.Node node) { VisitNode(node, keepAll: true); return; }
            if (geo is not Way w || w.Id is not { } id || w.Nodes is null) return;
            wayCount++;
            if (w.Tags is null || !w.Tags.TryGetValue("railway", out var railway)) return;
            railwayValues[railway] = railwayValues.GetValueOrDefault(railway) + 1;
            if (!kinds.Contains(railway) || (w.Tags.TryGetValue("area", out var area) && area == "yes")) return;
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var k in WayKeys) if (w.Tags.TryGetValue(k, out var v)) tags[k] = v;
            ways.Add(new RailWay(id, w.Nodes, tags));
            for (var i = 0; i < w.Nodes.Length; i++)
            {
                var n = w.Nodes[i];
                nodeUse[n] = nodeUse.GetValueOrDefault(n) + (i == 0 || i == w.Nodes.Length - 1 ? 2 : 1);
            }
        });
        if (ways.Count == 0)
        {
            var seen = railwayValues.Count == 0 ? "no railway=* ways at all"
                : "railway values seen: " + string.Join(", ", railwayValues.OrderByDescending(x => x.Value).Take(8).Select(x => $"{x.Key} ({x.Value})"));
            throw new InvalidInputException(where, $"no rail track to import: no way tagged railway={string.Join("|", kinds)} among {wayCount} ways ({seen})");
        }
        if (!singlePass)
            Stream(fs, where, isXml, options, "reading nodes", 0.5, 0.5, ignoreNodes: false, geo =>
            {
                if (geo is OsmSharp.Node n) VisitNode(n, keepAll: false);
            });
        if (badCount > 0)
        {
            if (badCount > badNodes.Count) badNodes.Add(new Problem(where, $"and {badCount - badNodes.Count} more nodes with coordinates outside WGS84"));
            throw new InvalidInputException(badNodes);
        }
        options.Progress?.Report(("building network", 1));
        return Build(name, where, ways, nodeUse, coords, tagged, options, report);
    }

    private static bool IsInteresting(OsmSharp.Tags.TagsCollectionBase tags, OsmImportOptions o)
    {
        tags.TryGetValue("railway", out var railway);
        tags.TryGetValue("public_transport", out var pt);
        if (railway is "station" or "halt" or "junction" or "border" or "railway_crossing" or "gauge_conversion") return true;
        if (tags.ContainsKey("gauge_conversion")) return true;
        if (railway == "signal" && IsMainSignal(tags)) return true;
        if (pt == "stop_position")
            return (tags.TryGetValue("train", out var t) && t == "yes") || (o.IncludeLightRail && tags.TryGetValue("light_rail", out var lr) && lr == "yes");
        return false;
    }

    /// <summary>
    /// A signal that bounds a block section (OpenRailwayMap tagging): a main signal (<c>railway:signal:main</c>) or a
    /// combined one (<c>railway:signal:combined</c>, main and distant in one). Distant-only, shunting, speed and minor
    /// signals do not.
    /// </summary>
    private static bool IsMainSignal(IEnumerable<KeyValuePair<string, string>> tags) =>
        tags.Any(t => t.Key is "railway:signal:main" or "railway:signal:combined" && t.Value is not ("no" or ""));

    private static bool IsMainSignal(OsmSharp.Tags.TagsCollectionBase tags) =>
        IsMainSignal(tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));

    private static RailNetwork BuildFinal(string name, List<NetworkNode> nodes, List<TrackEdge> edges, List<OperationalPoint> ops, List<GaugeChangeFacility> facilities) =>
        RailNetwork.Create(name, nodes, edges, ops, facilities);

    private static (RailNetwork, ImportReport) Build(string name, string where, List<RailWay> ways, Dictionary<long, int> nodeUse, Dictionary<long, GeoPoint> coords,
        List<NodeInfo> tagged, OsmImportOptions o, ImportReport report)
    {
        var crossings = tagged.Where(t => t.Tags.GetValueOrDefault("railway") == "railway_crossing").Select(t => t.Id).ToHashSet();
        var facilityNodes = tagged.Where(t => t.Tags.GetValueOrDefault("railway") == "gauge_conversion" || t.Tags.ContainsKey("gauge_conversion"))
            .ToDictionary(t => t.Id);
        // Main signals, by node: the directions they face relative to the way's node order (railway:signal:direction).
        var signals = tagged.Where(t => t.Tags.GetValueOrDefault("railway") == "signal" && IsMainSignal(t.Tags))
            .ToDictionary(t => t.Id, t => t.Tags.GetValueOrDefault("railway:signal:direction"));
        var nodeIndex = new Dictionary<long, int>();
        var nodes = new List<NetworkNode>();
        var edges = new List<TrackEdge>();
        int NodeFor(long osmId)
        {
            if (nodeIndex.TryGetValue(osmId, out var i)) return i;
            i = nodes.Count;
            nodes.Add(new NetworkNode(coords[osmId], crossings.Contains(osmId), osmId));
            nodeIndex[osmId] = i;
            return i;
        }

        var missingNodes = 0;
        foreach (var w in ways)
        {
            report.Count("rail ways read");
            var ids = new List<long>(w.Nodes.Length);
            foreach (var n in w.Nodes)
            {
                if (!coords.ContainsKey(n)) { missingNodes++; continue; }
                if (ids.Count > 0 && ids[^1] == n) continue;
                ids.Add(n);
            }
            if (ids.Count < 2)
            {
                report.Count("rail ways skipped: fewer than two nodes in the extract");
                continue;
            }
            var attrs = WayAttributes(w, o, report);
            var start = 0;
            for (var i = 1; i < ids.Count; i++)
            {
                var split = i == ids.Count - 1 || nodeUse[ids[i]] >= 2 || crossings.Contains(ids[i]) || facilityNodes.ContainsKey(ids[i]);
                if (!split) continue;
                var geometry = ids.GetRange(start, i - start + 1).Select(id => coords[id]).ToArray();
                var meters = GeoMath.PolylineMeters(geometry);
                if (meters > 0.01)
                {
                    // Main signals on this stretch (its first node only on the way's first stretch, so a signal at a
                    // split node belongs to one edge): offset along the geometry, direction from the way's node order.
                    var edgeSignals = new List<EdgeSignal>();
                    var along = 0.0;
                    for (var k = start; k <= i; k++)
                    {
                        if (k > start) along += GeoPoint.Meters(coords[ids[k - 1]], coords[ids[k]]);
                        if ((k == start && start != 0) || !signals.TryGetValue(ids[k], out var dir)) continue;
                        var sid = "node/" + ids[k].ToString(CultureInfo.InvariantCulture);
                        if (dir is "forward" or "both") edgeSignals.Add(new EdgeSignal(sid, Length.FromMeters(Math.Min(along, meters)), EdgeDirection.Forward));
                        if (dir is "backward" or "both") edgeSignals.Add(new EdgeSignal(sid, Length.FromMeters(Math.Min(along, meters)), EdgeDirection.Backward));
                        if (dir is not ("forward" or "backward" or "both")) report.Count("main signals without railway:signal:direction (left out)");
                    }
                    report.Count("main signals", edgeSignals.Count);
                    var e = new TrackEdge
                    {
                        Signals = edgeSignals.Count == 0 ? [] : edgeSignals,
                        Id = new EdgeId(edges.Count),
                        From = new NodeId(NodeFor(ids[start])),
                        To = new NodeId(NodeFor(ids[i])),
                        Geometry = geometry,
                        Length = Length.FromMeters(meters),
                        Gauges = attrs.Gauges,
                        Speeds = attrs.Speeds,
                        Electrification = attrs.Electrification,
                        AxleLoadLimit = attrs.AxleLoad,
                        Tracks = attrs.Tracks,
                        Curves = attrs.Radius is { } r ? [new EdgeCurve(Length.Zero, Length.FromMeters(meters), r, CurveSource.Tagged)] : CurveEstimator.Estimate(geometry),
                        SourceWayId = w.Id,
                        SourceRef = "way/" + w.Id.ToString(CultureInfo.InvariantCulture),
                        Name = attrs.Name,
                        StartBearing = CurveEstimator.LeavingBearing(geometry, fromEnd: false),
                        EndBearing = CurveEstimator.LeavingBearing(geometry, fromEnd: true),
                    };
                    edges.Add(e);
                    foreach (var (attr, _) in attrs.Defaulted) report.Default(attr, meters);
                }
                start = i;
            }
        }
        if (missingNodes > 0) report.Note($"{missingNodes} node references of rail ways lie outside the extract and were left out");
        if (edges.Count == 0) throw new InvalidInputException(where, "no rail track to import: the rail ways have no usable geometry (their nodes are missing)");
        report.Count("edges", edges.Count);
        report.Count("nodes", nodes.Count);

        var bare = RailNetwork.Create(name, nodes, edges);
        var ops = new List<OperationalPoint>();
        foreach (var t in tagged)
        {
            var kind = t.Tags.GetValueOrDefault("railway") switch
            {
                "station" => OperationalPointKind.Station,
                "halt" => OperationalPointKind.Halt,
                "junction" => OperationalPointKind.Junction,
                "border" => OperationalPointKind.BorderCrossing,
                _ => t.Tags.GetValueOrDefault("public_transport") == "stop_position" ? OperationalPointKind.StopPosition : (OperationalPointKind?)null,
            };
            if (kind is not { } k) continue;
            if (t.Tags.GetValueOrDefault("station") is "miniature" or "subway" or "light_rail" or "monorail" or "funicular" && !(o.IncludeLightRail && t.Tags["station"] == "light_rail"))
            {
                report.Count("stations skipped: miniature, subway, monorail or light rail");
                continue;
            }
            // The names people use for it: its name and translations, official, short and alternative names, and the
            // railway's own code (railway:ref, e.g. DS 100 "KK" for Köln Hbf), all searchable (RailNetwork.FindOperationalPoints).
            var names = t.Tags.Where(kv => kv.Key == "name" || kv.Key.StartsWith("name:", StringComparison.Ordinal) || kv.Key is "official_name" or "short_name" or "alt_name" or "railway:ref")
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            if (names.Count == 0)
            {
                report.Count("stations skipped: no name");
                continue;
            }
            var snap = bare.Snap(t.Location, o.StationMatchDistance);
            if (snap is not { } s)
            {
                report.Count($"stations skipped: farther than {o.StationMatchDistance.Meters:0} m from track");
                continue;
            }
            ops.Add(new OperationalPoint("node/" + t.Id.ToString(CultureInfo.InvariantCulture), k, names, s.Edge, s.Offset, t.Location));
            report.Count("operational points");
        }
        var facilities = new List<GaugeChangeFacility>();
        foreach (var (id, info) in facilityNodes)
        {
            if (!nodeIndex.TryGetValue(id, out var ni))
            {
                report.Note($"gauge-change facility node/{id} is not on imported track; ignored");
                continue;
            }
            var duration = ParseDuration(info.Tags.GetValueOrDefault("duration")) ?? o.DefaultGaugeChangeDuration;
            facilities.Add(new GaugeChangeFacility(info.Tags.GetValueOrDefault("name") ?? $"node/{id}", new NodeId(ni), duration, "data"));
            report.Count("gauge-change facilities");
        }
        return (BuildFinal(name, nodes, edges, ops, facilities), report);
    }

    private sealed record Attributes(IReadOnlyList<int> Gauges, IReadOnlyList<EdgeSpeed> Speeds, Electrification? Electrification, Mass AxleLoad,
        int Tracks, Length? Radius, string? Name, List<(string, double)> Defaulted);

    private static Attributes WayAttributes(RailWay w, OsmImportOptions o, ImportReport report)
    {
        var defaulted = new List<(string, double)>();
        var tags = w.Tags;
        var where = $"way {w.Id}";

        IReadOnlyList<int> gauges;
        var gauge = tags.GetValueOrDefault("gauge");
        var parsed = gauge?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(x => int.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) && g is > 300 and < 3000 ? g : 0).ToArray() ?? [];
        if (parsed.Length > 0 && parsed.All(g => g > 0)) gauges = parsed.Distinct().ToArray();
        else
        {
            if (gauge is not null) report.Note($"{where}: gauge \"{gauge}\" is not a number of millimetres; default {o.DefaultGaugeMillimeters} mm used");
            defaulted.Add(("gauge", 0));
            gauges = [o.DefaultGaugeMillimeters];
        }

        Speed Dir(string key)
        {
            var v = tags.GetValueOrDefault(key) is { } s ? ParseSpeed(s) : null;
            if (v is null && tags.GetValueOrDefault(key) is { } bad && bad is not ("none" or "signals"))
                report.Note($"{where}: {key} \"{bad}\" is not a speed");
            return v ?? Speed.Zero;
        }
        var both = Dir("maxspeed");
        var fwd = Dir("maxspeed:forward");
        var bwd = Dir("maxspeed:backward");
        if (fwd == Speed.Zero) fwd = both;
        if (bwd == Speed.Zero) bwd = both;
        if (fwd == Speed.Zero || bwd == Speed.Zero) defaulted.Add(("maxspeed", 0));
        if (fwd == Speed.Zero) fwd = o.DefaultSpeed;
        if (bwd == Speed.Zero) bwd = o.DefaultSpeed;

        Electrification? elec;
        var electrified = tags.GetValueOrDefault("electrified");
        if (electrified is null)
        {
            defaulted.Add(("electrified", 0));
            elec = o.DefaultElectrification;
        }
        else if (electrified == "no") elec = null;
        else
        {
            var volts = FirstNumber(tags.GetValueOrDefault("voltage"));
            var hz = FirstNumber(tags.GetValueOrDefault("frequency"));
            if (volts is null) defaulted.Add(("voltage (electrified, system unknown)", 0));
            if (volts is not null && hz is null) defaulted.Add(("frequency (taken as 0 Hz, DC)", 0));
            elec = new Electrification((int)(volts ?? 0), hz ?? 0);
        }

        var axleText = tags.GetValueOrDefault("maxaxleload") ?? tags.GetValueOrDefault("axleload");
        var axle = FirstNumber(axleText) is { } t && t > 0 ? Mass.FromTonnes(t) : (Mass?)null;
        if (axle is null)
        {
            if (axleText is not null) report.Note($"{where}: axle load \"{axleText}\" is not a number of tonnes");
            defaulted.Add(("axleload", 0));
        }

        var tracks = int.TryParse(tags.GetValueOrDefault("tracks"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tr) && tr >= 1 ? tr : 1;
        if (!tags.ContainsKey("tracks")) defaulted.Add(("tracks", 0));
        var radius = FirstNumber(tags.GetValueOrDefault("railway:radius")) is { } r && Math.Abs(r) > 1 ? Length.FromMeters(Math.Abs(r)) : (Length?)null;
        var name = tags.GetValueOrDefault("name") ?? tags.GetValueOrDefault("ref");
        return new Attributes(gauges, [new EdgeSpeed(Length.Zero, fwd, bwd)], elec, axle ?? o.DefaultAxleLoad, tracks, radius, name, defaulted);
    }

    /// <summary>An OSM speed: "80", "80 km/h", "50 mph"; null for anything else ("none", "signals", "RU:urban").</summary>
    internal static Speed? ParseSpeed(string text)
    {
        var s = text.Split(';')[0].Trim();
        var mph = s.EndsWith("mph", StringComparison.OrdinalIgnoreCase);
        s = s.Replace("mph", "", StringComparison.OrdinalIgnoreCase).Replace("km/h", "", StringComparison.OrdinalIgnoreCase)
            .Replace("kmh", "", StringComparison.OrdinalIgnoreCase).Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || v > 700) return null;
        return mph ? Speed.FromMilesPerHour(v) : Speed.FromKilometersPerHour(v);
    }

    private static double? FirstNumber(string? text)
    {
        if (text is null) return null;
        var s = text.Split(';')[0].Trim();
        var end = 0;
        while (end < s.Length && (char.IsDigit(s[end]) || s[end] is '.' or '-')) end++;
        return double.TryParse(s[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>"90" (minutes), "1:30" or "01:30" (hours:minutes).</summary>
    private static Duration? ParseDuration(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out var h) && int.TryParse(parts[1], out var m)) return Duration.FromMinutes(h * 60 + m);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && min >= 0 ? Duration.FromMinutes(min) : null;
    }

    /// <summary>True for OSM XML, false for PBF; throws for anything else, for a truncated PBF and for XML that is not OSM.</summary>
    internal static bool Sniff(Stream fs, string file)
    {
        fs.Position = 0;
        if (fs.Length == 0) throw new InvalidInputException(file, "the file is empty");
        // The first byte after a byte-order mark and any white space (however much) tells XML from PBF.
        var first = fs.ReadByte();
        if (first == 0xEF && fs.ReadByte() == 0xBB && fs.ReadByte() == 0xBF) first = fs.ReadByte();
        while (first is ' ' or '\t' or '\r' or '\n') first = fs.ReadByte();
        if (first == '<')
        {
            fs.Position = 0;
            try
            {
                using var xr = XmlReader.Create(fs, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
                while (xr.Read())
                {
                    if (xr.NodeType != XmlNodeType.Element) continue;
                    if (xr.LocalName != "osm")
                        throw new InvalidInputException($"{file}:{((IXmlLineInfo)xr).LineNumber}", $"this XML is not OpenStreetMap data: its root element is <{xr.LocalName}>, expected <osm>");
                    return true;
                }
            }
            catch (XmlException ex)
            {
                throw new InvalidInputException($"{file}:{ex.LineNumber}:{ex.LinePosition}", $"not readable XML: {ex.Message}");
            }
            throw new InvalidInputException(file, "this XML has no root element");
        }
        CheckPbfBlocks(file, fs);
        return false;
    }

    /// <summary>Walks the PBF's blocks (4-byte header length, BlobHeader with its data size) to find truncation before parsing.</summary>
    private static void CheckPbfBlocks(string file, Stream fs)
    {
        fs.Position = 0;
        var len = fs.Length;
        var pos = 0L;
        var block = 0;
        var buf = new byte[4];
        while (pos < len)
        {
            if (pos + 4 > len) throw Truncated(file, block, pos, len);
            fs.Position = pos;
            fs.ReadExactly(buf, 0, 4);
            var headerLen = (buf[0] << 24) | (buf[1] << 16) | (buf[2] << 8) | buf[3];
            if (headerLen <= 0 || headerLen > 64 * 1024)
                throw new InvalidInputException(file, block == 0
                    ? "not an OpenStreetMap file: neither OSM XML nor OSM PBF (the first block header is not valid)"
                    : $"corrupt OSM PBF: block {block} at byte {pos} has an invalid header length {headerLen}");
            if (pos + 4 + headerLen > len) throw Truncated(file, block, pos, len);
            var header = new byte[headerLen];
            fs.ReadExactly(header, 0, headerLen);
            var (type, dataSize) = ParseBlobHeader(header);
            if (block == 0 && type != "OSMHeader")
                throw new InvalidInputException(file, "not an OpenStreetMap file: neither OSM XML nor OSM PBF (no OSMHeader block)");
            if (dataSize < 0) throw new InvalidInputException(file, $"corrupt OSM PBF: block {block} at byte {pos} has no data size");
            pos += 4 + headerLen + dataSize;
            if (pos > len) throw Truncated(file, block, pos - dataSize, len);
            block++;
        }
    }

    private static InvalidInputException Truncated(string file, int block, long pos, long length) =>
        new(file, $"truncated OSM PBF: block {block} at byte {pos} runs past the end of the file ({length} bytes); the download or copy is incomplete");

    private static (string? Type, long DataSize) ParseBlobHeader(byte[] b)
    {
        string? type = null;
        long size = -1;
        var i = 0;
        while (i < b.Length)
        {
            var key = ReadVarint(b, ref i);
            var field = key >> 3; var wire = key & 7;
            if (wire == 0) { var v = ReadVarint(b, ref i); if (field == 3) size = v; }
            else if (wire == 2)
            {
                var l = (int)ReadVarint(b, ref i);
                if (l < 0 || i + l > b.Length) return (type, -1);
                if (field == 1) type = System.Text.Encoding.UTF8.GetString(b, i, l);
                i += l;
            }
            else return (type, -1);
        }
        return (type, size);
    }

    private static long ReadVarint(byte[] b, ref int i)
    {
        long r = 0; var shift = 0;
        while (i < b.Length)
        {
            var x = b[i++];
            r |= (long)(x & 0x7F) << shift;
            if ((x & 0x80) == 0) return r;
            shift += 7;
            if (shift > 63) break;
        }
        return -1;
    }

    /// <summary>Files up to this size are read in one pass (all node coordinates kept: about 40 bytes per node).</summary>
    public const long SinglePassLimitBytes = 64L * 1024 * 1024;

    private static void Stream(Stream fs, string file, bool isXml, OsmImportOptions o, string stage, double progressBase, double progressSpan, bool ignoreNodes, Action<OsmGeo> visit)
    {
        fs.Position = 0;
        OsmStreamSource source = isXml ? new XmlOsmStreamSource(fs) : new PBFOsmStreamSource(fs);
        var count = 0L;
        while (true)
        {
            OsmGeo geo;
            try
            {
                if (!source.MoveNext(ignoreNodes, false, true)) break;
                geo = source.Current();
            }
            catch (Exception ex) when (ex is not InvalidInputException)
            {
                throw new InvalidInputException($"{file} (byte {SafePosition(fs)})", $"cannot read this OSM {(isXml ? "XML" : "PBF")} file: {ex.Message}");
            }
            visit(geo);
            if (o.Progress is not null && (++count & 0x3FFF) == 0)
                o.Progress.Report((stage, progressBase + progressSpan * SafePosition(fs) / Math.Max(1, fs.Length)));
        }
        o.Progress?.Report((stage, progressBase + progressSpan));
    }

    private static long SafePosition(Stream fs)
    {
        try { return fs.Position; } catch (ObjectDisposedException) { return 0; }
    }
}
