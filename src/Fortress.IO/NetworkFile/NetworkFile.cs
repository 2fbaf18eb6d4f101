using System.Text;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.IO.NetworkFile;

/// <summary>
/// Fortress's compact binary network file (".fnet"): once imported, a network loads again without parsing OSM or JSON.
/// Layout: magic "FORTNET\0", format version (int32), body length (int64), FNV-1a 64-bit checksum of the body, body
/// (BinaryWriter little-endian: name, nodes, edges, operational points, gauge-change facilities). A reader rejects another
/// magic, a newer version, a short file and a checksum mismatch with <see cref="InvalidInputException"/>.
/// </summary>
public static class NetworkFileFormat
{
    public const int Version = 2; // 2: main signals per edge
    private static readonly byte[] Magic = "FORTNET\0"u8.ToArray();
    private const int HeaderSize = 8 + 4 + 8 + 8;

    /// <summary>Writes the network file (<see cref="OutputFile"/>: whole or not at all, no other file touched).</summary>
    public static void Write(RailNetwork net, string file) => OutputFile.WriteBytes(file, ToBytes(net));

    /// <summary>The whole file (header and body) in memory: what <see cref="Write"/> writes (the web service stores these bytes).</summary>
    public static byte[] ToBytes(RailNetwork net)
    {
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true)) WriteBody(w, net);
        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        var all = new MemoryStream(HeaderSize + bytes.Length);
        using (var w = new BinaryWriter(all, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write((long)bytes.Length);
            w.Write(Fnv1a(bytes));
            w.Write(bytes);
        }
        return all.ToArray();
    }

    /// <summary>True when the bytes start with the network-file magic.</summary>
    public static bool IsNetworkFile(ReadOnlySpan<byte> content) => content.Length >= Magic.Length && content[..Magic.Length].SequenceEqual(Magic);

    /// <summary>True when the file starts with the network-file magic.</summary>
    public static bool IsNetworkFile(string file)
    {
        if (InputFile.KindOf(file) != InputFile.Kind.Regular) return false;
        using var fs = File.OpenRead(file);
        var head = new byte[Magic.Length];
        return fs.Read(head, 0, head.Length) == head.Length && head.AsSpan().SequenceEqual(Magic);
    }

    public static RailNetwork Read(string file)
    {
        return Read(InputFile.ReadBytes(file, null, WorkLimits.Current.NetworkFileBytes, "networkFileBytes"), file);
    }

    /// <summary>Reads a network file held in memory; <paramref name="where"/> names it in problems.</summary>
    public static RailNetwork Read(byte[] all, string where)
    {
        if (all.Length < HeaderSize || !IsNetworkFile(all))
            throw new InvalidInputException(where, "not a Fortress network file (import OSM or RailJSON first: fortress import osm FILE -o NET)");
        var version = BitConverter.ToInt32(all, 8);
        if (version != Version) throw new InvalidInputException(where, $"network file version {version} is not supported (this Fortress reads version {Version}); import the source again");
        var length = BitConverter.ToInt64(all, 12);
        var checksum = BitConverter.ToUInt64(all, 20);
        if (length != all.Length - HeaderSize)
            throw new InvalidInputException(where, $"network file is truncated or padded: body should be {length} bytes, found {all.Length - HeaderSize}");
        var body = all.AsSpan(HeaderSize);
        if (Fnv1a(body) != checksum) throw new InvalidInputException(where, "network file is corrupt: checksum mismatch");
        try
        {
            using var r = new BinaryReader(new MemoryStream(all, HeaderSize, (int)length, writable: false), Encoding.UTF8);
            return ReadBody(r);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ArgumentException)
        {
            throw new InvalidInputException(where, $"network file is corrupt: {ex.Message}");
        }
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        var h = 14695981039346656037UL;
        foreach (var b in data) { h ^= b; h *= 1099511628211UL; }
        return h;
    }

    private static void WriteBody(BinaryWriter w, RailNetwork net)
    {
        w.Write(net.Name);
        w.Write(net.Nodes.Count);
        foreach (var n in net.Nodes)
        {
            w.Write(n.Location.Latitude); w.Write(n.Location.Longitude);
            w.Write(n.IsDiamondCrossing); w.Write(n.SourceId);
        }
        w.Write(net.Edges.Count);
        foreach (var e in net.Edges)
        {
            w.Write(e.From.Value); w.Write(e.To.Value);
            w.Write(e.Length.Meters);
            w.Write(e.Geometry.Count);
            foreach (var g in e.Geometry) { w.Write(g.Latitude); w.Write(g.Longitude); }
            w.Write((byte)e.Gauges.Count);
            foreach (var g in e.Gauges) w.Write(g);
            w.Write(e.Speeds.Count);
            foreach (var s in e.Speeds) { w.Write(s.Start.Meters); w.Write(s.Forward.MetersPerSecond); w.Write(s.Backward.MetersPerSecond); }
            w.Write(e.Electrification is not null);
            if (e.Electrification is { } el) { w.Write(el.Volts); w.Write(el.FrequencyHz); }
            w.Write(e.AxleLoadLimit is not null);
            if (e.AxleLoadLimit is { } a) w.Write(a.Kilograms);
            w.Write(e.Gradients.Count);
            foreach (var g in e.Gradients) { w.Write(g.Start.Meters); w.Write(g.End.Meters); w.Write(g.Gradient.PerMille); }
            w.Write(e.Curves.Count);
            foreach (var c in e.Curves) { w.Write(c.Start.Meters); w.Write(c.End.Meters); w.Write(c.Radius.Meters); w.Write((byte)c.Source); }
            w.Write(e.Tracks);
            w.Write(e.SourceWayId);
            w.Write(e.SourceRef);
            w.Write(e.Name is not null);
            if (e.Name is not null) w.Write(e.Name);
            w.Write(e.StartBearing); w.Write(e.EndBearing);
            w.Write(e.Signals.Count);
            foreach (var sg in e.Signals) { w.Write(sg.Id); w.Write(sg.Offset.Meters); w.Write((byte)sg.Direction); }
        }
        w.Write(net.OperationalPoints.Count);
        foreach (var op in net.OperationalPoints)
        {
            w.Write(op.SourceId); w.Write((byte)op.Kind);
            w.Write(op.Names.Count);
            foreach (var (k, v) in op.Names) { w.Write(k); w.Write(v); }
            w.Write(op.Edge.Value); w.Write(op.Offset.Meters);
            w.Write(op.Location.Latitude); w.Write(op.Location.Longitude);
        }
        w.Write(net.GaugeChangeFacilities.Count);
        foreach (var f in net.GaugeChangeFacilities)
        {
            w.Write(f.Name); w.Write(f.Node.Value); w.Write(f.Duration.Seconds); w.Write(f.Origin);
        }
    }

    private static RailNetwork ReadBody(BinaryReader r)
    {
        var name = r.ReadString();
        var nodes = new NetworkNode[Count(r)];
        for (var i = 0; i < nodes.Length; i++)
            nodes[i] = new NetworkNode(new GeoPoint(r.ReadDouble(), r.ReadDouble()), r.ReadBoolean(), r.ReadInt64());
        var edges = new TrackEdge[Count(r)];
        // Identical gauge sets and speed profiles are shared, as most edges have the same few.
        var gaugeSets = new Dictionary<string, int[]>();
        var speedSets = new Dictionary<(double, double, double), EdgeSpeed[]>();
        var elecs = new Dictionary<(int, double), Electrification>();
        for (var i = 0; i < edges.Length; i++)
        {
            var from = r.ReadInt32(); var to = r.ReadInt32();
            var length = r.ReadDouble();
            var geometry = new GeoPoint[Count(r)];
            for (var k = 0; k < geometry.Length; k++) geometry[k] = new GeoPoint(r.ReadDouble(), r.ReadDouble());
            var gauges = new int[r.ReadByte()];
            for (var k = 0; k < gauges.Length; k++) gauges[k] = r.ReadInt32();
            var gkey = string.Join(';', gauges);
            if (gaugeSets.TryGetValue(gkey, out var shared)) gauges = shared; else gaugeSets[gkey] = gauges;
            var speeds = new EdgeSpeed[Count(r)];
            for (var k = 0; k < speeds.Length; k++)
                speeds[k] = new EdgeSpeed(Length.FromMeters(r.ReadDouble()), Speed.FromMetersPerSecond(r.ReadDouble()), Speed.FromMetersPerSecond(r.ReadDouble()));
            if (speeds.Length == 1)
            {
                var key = (speeds[0].Start.Meters, speeds[0].Forward.MetersPerSecond, speeds[0].Backward.MetersPerSecond);
                if (speedSets.TryGetValue(key, out var s)) speeds = s; else speedSets[key] = speeds;
            }
            Electrification? elec = null;
            if (r.ReadBoolean())
            {
                var ekey = (r.ReadInt32(), r.ReadDouble());
                if (!elecs.TryGetValue(ekey, out elec)) elecs[ekey] = elec = new Electrification(ekey.Item1, ekey.Item2);
            }
            Mass? axle = r.ReadBoolean() ? Mass.FromKilograms(r.ReadDouble()) : null;
            var grads = new EdgeGradient[Count(r)];
            for (var k = 0; k < grads.Length; k++) grads[k] = new EdgeGradient(Length.FromMeters(r.ReadDouble()), Length.FromMeters(r.ReadDouble()), Gradient.FromPerMille(r.ReadDouble()));
            var curves = new EdgeCurve[Count(r)];
            for (var k = 0; k < curves.Length; k++) curves[k] = new EdgeCurve(Length.FromMeters(r.ReadDouble()), Length.FromMeters(r.ReadDouble()), Length.FromMeters(r.ReadDouble()), (CurveSource)r.ReadByte());
            var tracks = r.ReadInt32();
            var way = r.ReadInt64();
            var sref = r.ReadString();
            var ename = r.ReadBoolean() ? r.ReadString() : null;
            edges[i] = new TrackEdge
            {
                Id = new EdgeId(i), From = new NodeId(from), To = new NodeId(to), Length = Length.FromMeters(length), Geometry = geometry,
                Gauges = gauges, Speeds = speeds, Electrification = elec, AxleLoadLimit = axle,
                Gradients = grads.Length == 0 ? [] : grads, Curves = curves.Length == 0 ? [] : curves,
                Tracks = tracks, SourceWayId = way, SourceRef = sref, Name = ename,
                StartBearing = r.ReadDouble(), EndBearing = r.ReadDouble(),
            };
            var signals = new EdgeSignal[Count(r)];
            for (var k = 0; k < signals.Length; k++) signals[k] = new EdgeSignal(r.ReadString(), Length.FromMeters(r.ReadDouble()), (EdgeDirection)r.ReadByte());
            if (signals.Length > 0) edges[i] = edges[i] with { Signals = signals };
        }
        var ops = new OperationalPoint[Count(r)];
        for (var i = 0; i < ops.Length; i++)
        {
            var id = r.ReadString(); var kind = (OperationalPointKind)r.ReadByte();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var nn = Count(r);
            for (var k = 0; k < nn; k++) names[r.ReadString()] = r.ReadString();
            ops[i] = new OperationalPoint(id, kind, names, new EdgeId(r.ReadInt32()), Length.FromMeters(r.ReadDouble()), new GeoPoint(r.ReadDouble(), r.ReadDouble()));
        }
        var facilities = new GaugeChangeFacility[Count(r)];
        for (var i = 0; i < facilities.Length; i++)
            facilities[i] = new GaugeChangeFacility(r.ReadString(), new NodeId(r.ReadInt32()), Duration.FromSeconds(r.ReadDouble()), r.ReadString());
        return RailNetwork.Create(name, nodes, edges, ops, facilities);
    }

    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > 100_000_000) throw new IOException($"implausible element count {n}");
        return n;
    }
}
