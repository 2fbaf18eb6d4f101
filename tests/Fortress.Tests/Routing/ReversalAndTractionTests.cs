using Fortress.Network;
using Fortress.Rolling;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Tests.Routing;

public sealed class ReversalAndTractionTests
{
    /// <summary>
    /// A switch at node 1: the stem from node 0 (west) splits into two branches to the east, 5 degrees apart. From one
    /// branch to the other a train must reverse at the switch.
    /// </summary>
    private static RailNetwork Switch(Electrification? branchElectrification = null)
    {
        var west = TestNetworks.At(0); var sw = TestNetworks.At(10);
        var b1 = new GeoPoint(sw.Latitude + 0.002, TestNetworks.At(20).Longitude);
        var b2 = new GeoPoint(sw.Latitude - 0.002, TestNetworks.At(20).Longitude);
        var nodes = new[] { new NetworkNode(west), new NetworkNode(sw), new NetworkNode(b1), new NetworkNode(b2) };
        var ac = new Electrification(25000, 50);
        var edges = new[]
        {
            TestNetworks.Edge(0, 0, 1, west, sw, [1435], elec: ac),
            TestNetworks.Edge(1, 1, 2, sw, b1, [1435], elec: ac),
            TestNetworks.Edge(2, 1, 3, sw, b2, [1435], elec: branchElectrification ?? ac),
        };
        var ops = new[]
        {
            TestNetworks.Station("Stem", 0, 2000, TestNetworks.At(2)),
            TestNetworks.Station("Junction", 0, edges[0].Length.Meters - 10, sw),
            TestNetworks.Station("North", 1, edges[1].Length.Meters - 500, b1),
            TestNetworks.Station("South", 2, edges[2].Length.Meters - 500, b2),
        };
        return RailNetwork.Create("switch", nodes, edges, ops);
    }

    private static Consist Electric()
    {
        var d = DefaultTrain.Create();
        var loco = d.Vehicles[0] with { Id = "e-loco", Traction = TractionSystem.Electric(new Electrification(25000, 50)) };
        return Consist.Create("electric test train", [loco, .. d.Vehicles.Skip(1)]);
    }

    [Fact]
    public void Find_BranchToBranch_NeedsAReversalAndIsRefusedByDefault()
    {
        var router = new Router(Switch());
        var train = new RoutingTrain(DefaultTrain.Create(), 1435);
        router.Find(train, new NamedEndpoint("Stem"), new NamedEndpoint("North")).Reversals.ShouldBeEmpty();
        var ex = Should.Throw<NoRouteException>(() => router.Find(train, new NamedEndpoint("North"), new NamedEndpoint("South")));
        ex.BlockingConstraints.ShouldBe(["reversal"]);
        ex.Message.ShouldContain("reversal");
    }

    [Fact]
    public void Find_BranchToBranchWithReversalsAllowed_ReversesOnceAndPaysForIt()
    {
        var router = new Router(Switch());
        var train = new RoutingTrain(DefaultTrain.Create(), 1435);
        var route = router.Find(train, new NamedEndpoint("North"), new NamedEndpoint("South"), options: RouteOptions.Default with { AllowReversal = true });
        route.Reversals.ShouldHaveSingleItem();
        route.Run!.Stops.ShouldContain(s => s.Name.StartsWith("reversal") && s.Dwell.Minutes == 10);
    }

    [Fact]
    public void Find_ElectricTrainOntoDcBranch_RefusedNamingElectrification_OrChangesLocomotiveWhenAllowed()
    {
        var router = new Router(Switch(Electrification.Dc3000));
        var train = new RoutingTrain(Electric(), 1435);
        router.Find(train, new NamedEndpoint("Stem"), new NamedEndpoint("North")).TractionChanges.ShouldBeEmpty();
        var ex = Should.Throw<NoRouteException>(() => router.Find(train, new NamedEndpoint("Stem"), new NamedEndpoint("South")));
        ex.BlockingConstraints.ShouldBe(["electrification"]);
        ex.Message.ShouldContain("3 kV DC");
        var route = router.Find(train, new NamedEndpoint("Stem"), new NamedEndpoint("South"), options: RouteOptions.Default with { AllowLocomotiveChange = true });
        var change = route.TractionChanges.ShouldHaveSingleItem();
        change.Place.ShouldBe("Junction");
        change.Duration.ShouldBe(Duration.FromMinutes(30));
    }

    [Fact]
    public void Find_ElectricTrainThroughADieselOnlyGap_ChangesToDieselAndBack()
    {
        var ac = new Electrification(25000, 50);
        // 20 km electrified, a 20 km gap, then 200 km of 160 km/h electrified line: own traction (120 km/h) saves 50 min
        // there against an 80 km/h diesel, more than the 30 min of changing back.
        var at = new[] { TestNetworks.At(0), TestNetworks.At(20), TestNetworks.At(40), TestNetworks.At(240) };
        var nodes = at.Select(p => new NetworkNode(p)).ToArray();
        var edges = new[]
        {
            TestNetworks.Edge(0, 0, 1, at[0], at[1], [1435], elec: ac),
            TestNetworks.Edge(1, 1, 2, at[1], at[2], [1435]),
            TestNetworks.Edge(2, 2, 3, at[2], at[3], [1435], kmh: 160, elec: ac),
        };
        var ops = new[]
        {
            TestNetworks.Station("A", 0, 1000, TestNetworks.At(1)),
            TestNetworks.Station("Wire end", 0, edges[0].Length.Meters - 50, at[1]),
            TestNetworks.Station("Wire start", 2, 50, at[2]),
            TestNetworks.Station("C", 2, edges[2].Length.Meters - 1000, TestNetworks.At(239)),
        };
        var net = RailNetwork.Create("gap", nodes, edges, ops);
        var options = RouteOptions.Default with { AllowLocomotiveChange = true, SubstituteLocomotiveMaxSpeed = Speed.FromKilometersPerHour(80) };
        var route = new Router(net).Find(new RoutingTrain(Electric(), 1435), new NamedEndpoint("A"), new NamedEndpoint("C"), options: options);
        route.TractionChanges.Select(c => (c.Place, c.To)).ShouldBe([("Wire end", "diesel locomotive"), ("Wire start", "electric 25 kV 50 Hz")]);
        route.Run!.Stops.Count(s => s.Name.StartsWith("locomotive change")).ShouldBe(2);
        route.Path!.SpeedLimits[^1].Limit.ShouldBe(Speed.FromKilometersPerHour(160)); // own traction again on the fast line

        // A short electrified stretch after the gap is not worth changing back for.
        var shortNet = RailNetwork.Create("gap-short", nodes.Take(3).Append(new NetworkNode(TestNetworks.At(60))).ToArray(),
            [edges[0], edges[1], TestNetworks.Edge(2, 2, 3, at[2], TestNetworks.At(60), [1435], kmh: 160, elec: ac)],
            [ops[0], ops[1], ops[2], TestNetworks.Station("C", 2, 19_000, TestNetworks.At(59))]);
        var shortRoute = new Router(shortNet).Find(new RoutingTrain(Electric(), 1435), new NamedEndpoint("A"), new NamedEndpoint("C"), options: options);
        shortRoute.TractionChanges.ShouldHaveSingleItem().To.ShouldBe("diesel locomotive");
        // The diesel hauls to the end: its 80 km/h caps the 160 km/h line in the path given to the engine.
        shortRoute.Path!.SpeedLimits[^1].Limit.ShouldBe(Speed.FromKilometersPerHour(80));
    }
}
