using System.Text.Json;
using Fortress.Clearance;
using Fortress.Planning;
using Fortress.Routing;
using Fortress.Tests.Network;
using NodaTime;

namespace Fortress.Tests.Clearance;

/// <summary>Block sections cut at the signals of an OSRD RailJSON infrastructure.</summary>
public class SignalBlocksTests
{
    [Fact]
    public void Import_SmallInfra_CarriesEverySignalOntoItsTrack()
    {
        var (net, _) = SharedNetworks.SmallInfra;
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Require("osrd/infras/small_infra/infra.json")));
        var inFile = doc.RootElement.GetProperty("signals").EnumerateArray().ToArray();
        net.Edges.Sum(e => e.Signals.Count).ShouldBe(inFile.Length);
        var first = inFile[0];
        var edge = net.Edges.Single(e => e.SourceRef == first.GetProperty("track").GetString());
        var signal = edge.Signals.Single(s => s.Id == first.GetProperty("id").GetString());
        signal.Offset.Meters.ShouldBe(first.GetProperty("position").GetDouble());
        signal.Direction.ShouldBe(first.GetProperty("direction").GetString() == "START_TO_STOP" ? Fortress.Network.EdgeDirection.Forward : Fortress.Network.EdgeDirection.Backward);
    }

    [Fact]
    public void Derive_RoutedSmallInfraCorridor_BlocksBeginAtSignals()
    {
        var (net, _) = SharedNetworks.SmallInfra;
        var route = new Router(net).Find(new RoutingTrain(TestTrains.Train(coaches: 4), 1435), new NamedEndpoint("South_West_station"), new NamedEndpoint("south east station"));
        var corridor = CorridorFromRoute.Build(net, route, "south west - south east", DateTimeZone.Utc, "XX");
        corridor.Signals.ShouldNotBeEmpty();
        corridor.Signals.ShouldContain(s => s.Forward);
        corridor.Signals.ShouldAllBe(s => s.Position.Meters >= 0 && s.Position <= corridor.Path.End);

        var blocks = CorridorBlocks.Derive(corridor).Blocks;
        var atSignal = blocks.Where(b => corridor.Signals.Any(s => Math.Abs(s.Position.Meters - b.Start.Meters) < 1e-6)).ToList();
        atSignal.ShouldNotBeEmpty();
        // Every block begins at a signal, or where the open line between two crossing places begins (no block ends there).
        foreach (var b in blocks)
        {
            var signalThere = corridor.Signals.Any(s => Math.Abs(s.Position.Meters - b.Start.Meters) < 1e-6);
            var stretchStart = !blocks.Any(o => Math.Abs(o.End.Meters - b.Start.Meters) < 1e-6 && (o.Direction is null || b.Direction is null || o.Direction == b.Direction));
            (signalThere || stretchStart).ShouldBeTrue($"block {b.Id} at {b.Start.Meters} m");
        }
        // No signal stands inside a block (for its direction on double track): each one on the open line cuts it.
        foreach (var s in corridor.Signals)
            blocks.ShouldNotContain(b => (b.Direction == null || (b.Direction == Fortress.Conflicts.TravelDirection.Forward) == s.Forward) && b.Start.Meters + 1 < s.Position.Meters && s.Position.Meters < b.End.Meters - 1,
                $"signal {s.Id} at {s.Position.Meters} m");
        // The running order of a train's blocks stays valid for the blocking-time calculation.
        var forward = CorridorBlocks.Derive(corridor).For(corridor.Places[0].Position, corridor.Places[^1].Position);
        for (var i = 1; i < forward.Count; i++) forward[i].Start.ShouldBeGreaterThanOrEqualTo(forward[i - 1].End);
    }

    [Fact]
    public void Import_CologneOsm_MainSignalsOnTheirWays_AndARoutedCorridorIsCutAtThem()
    {
        var (net, report) = SharedNetworks.Cologne;
        var signals = net.Edges.SelectMany(e => e.Signals.Select(s => (Edge: e, Signal: s))).ToList();
        // The extract has some 800 main and combined signals (railway:signal:main / :combined), most with a direction.
        signals.Count.ShouldBeGreaterThan(500);
        signals.ShouldContain(x => x.Signal.Direction == Fortress.Network.EdgeDirection.Forward);
        signals.ShouldContain(x => x.Signal.Direction == Fortress.Network.EdgeDirection.Backward);
        signals.ShouldAllBe(x => x.Signal.Offset.Meters >= 0 && x.Signal.Offset <= x.Edge.Length && x.Signal.Id.StartsWith("node/"));
        report.ToString().ShouldContain("main signals");

        var route = new Router(net).Find(new RoutingTrain(TestTrains.Train(coaches: 4), 1435), new NamedEndpoint("Köln Hauptbahnhof"), new NamedEndpoint("bonn hauptbahnhof"));
        var corridor = CorridorFromRoute.Build(net, route, "Köln - Bonn", DateTimeZoneProviders.Tzdb["Europe/Berlin"], "DE");
        corridor.Signals.Count.ShouldBeGreaterThan(10);
        var blocks = CorridorBlocks.Derive(corridor).Blocks;
        blocks.Count(b => corridor.Signals.Any(sg => Math.Abs(sg.Position.Meters - b.Start.Meters) < 1e-6)).ShouldBeGreaterThan(5);
        foreach (var sg in corridor.Signals)
            blocks.ShouldNotContain(b => (b.Direction == null || (b.Direction == Fortress.Conflicts.TravelDirection.Forward) == sg.Forward) && b.Start.Meters + 1 < sg.Position.Meters && sg.Position.Meters < b.End.Meters - 1,
                $"signal {sg.Id} at {sg.Position.Meters} m");
    }
}
