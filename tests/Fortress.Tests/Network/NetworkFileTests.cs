using Fortress.Diagnostics;
using Fortress.IO.NetworkFile;

namespace Fortress.Tests.Network;

public sealed class NetworkFileTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("fortress-net-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void WriteRead_CologneNetwork_RoundTripsEveryAttribute()
    {
        var (net, _) = SharedNetworks.Cologne;
        var file = Path.Combine(temp, "cologne.fnet");
        NetworkFileFormat.Write(net, file);
        var back = NetworkFileFormat.Read(file);
        back.Nodes.ShouldBe(net.Nodes);
        back.Edges.Count.ShouldBe(net.Edges.Count);
        for (var i = 0; i < net.Edges.Count; i++)
        {
            var a = net.Edges[i]; var b = back.Edges[i];
            b.From.ShouldBe(a.From); b.To.ShouldBe(a.To); b.Length.ShouldBe(a.Length);
            b.Geometry.ShouldBe(a.Geometry); b.Gauges.ShouldBe(a.Gauges); b.Speeds.ShouldBe(a.Speeds);
            b.Electrification.ShouldBe(a.Electrification); b.AxleLoadLimit.ShouldBe(a.AxleLoadLimit);
            b.Curves.ShouldBe(a.Curves); b.SourceWayId.ShouldBe(a.SourceWayId); b.Name.ShouldBe(a.Name);
            b.StartBearing.ShouldBe(a.StartBearing); b.EndBearing.ShouldBe(a.EndBearing);
        }
        back.OperationalPoints.Select(o => (o.SourceId, o.Name, o.Edge, o.Offset)).ShouldBe(net.OperationalPoints.Select(o => (o.SourceId, o.Name, o.Edge, o.Offset)));
    }

    [Fact]
    public void WriteRead_SmallInfra_KeepsTheSignals()
    {
        var (net, _) = SharedNetworks.SmallInfra;
        net.Edges.Sum(e => e.Signals.Count).ShouldBeGreaterThan(0);
        var file = Path.Combine(temp, "small_infra.fnet");
        NetworkFileFormat.Write(net, file);
        var back = NetworkFileFormat.Read(file);
        for (var i = 0; i < net.Edges.Count; i++) back.Edges[i].Signals.ShouldBe(net.Edges[i].Signals, $"edge {i}");
    }

    [Fact]
    public void Read_FlippedByte_ThrowsChecksumMismatch()
    {
        var (net, _) = SharedNetworks.Moscow;
        var file = Path.Combine(temp, "m.fnet");
        NetworkFileFormat.Write(net, file);
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(file, bytes);
        Should.Throw<InvalidInputException>(() => NetworkFileFormat.Read(file)).Message.ShouldContain("checksum");
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsInvalidInput()
    {
        var (net, _) = SharedNetworks.Moscow;
        var file = Path.Combine(temp, "m.fnet");
        NetworkFileFormat.Write(net, file);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length - 100)]);
        Should.Throw<InvalidInputException>(() => NetworkFileFormat.Read(file)).Message.ShouldContain("truncated");
    }

    [Fact]
    public void Read_OtherFile_ThrowsNotANetworkFile()
    {
        var file = Path.Combine(temp, "x.fnet");
        File.WriteAllText(file, "hello, this is not a network");
        Should.Throw<InvalidInputException>(() => NetworkFileFormat.Read(file)).Message.ShouldContain("not a Fortress network file");
    }
}
