using Fortress.Network;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Tests.Routing;

public sealed class GaugeBreakRoutingTests
{
    private static RoutingTrain Train(int gauge = 1435) => new(DefaultTrain.Create(), gauge);

    [Fact]
    public void Find_BreakWithFacility_ChangesGaugeThereAndTheDurationIsInTheRunningTime()
    {
        var short_ = new Router(TestNetworks.GaugeBreak(60)).Find(Train(), new NamedEndpoint("West"), new NamedEndpoint("Khasan"));
        var long_ = new Router(TestNetworks.GaugeBreak(180)).Find(Train(), new NamedEndpoint("West"), new NamedEndpoint("Khasan"));

        var change = short_.GaugeChanges.ShouldHaveSingleItem();
        change.Facility.ShouldBe("Tumen bogie exchange");
        (change.FromGauge, change.ToGauge).ShouldBe((1435, 1520));
        change.Position.Meters.ShouldBe(19_000, tolerance: 1);
        short_.Length.Meters.ShouldBe(38_000, tolerance: 5);
        short_.Run!.Stops.ShouldContain(s => s.Name.Contains("gauge change") && Math.Abs(s.Dwell.Minutes - 60) < 1e-9);
        // The running time contains the stop: two hours more at the facility make the run exactly two hours longer.
        (long_.RunningTime - short_.RunningTime).Seconds.ShouldBe(7200, tolerance: 1e-6);
        // 38 km at up to 80 km/h is at least 28.5 min; with the hour at the facility well over 88 min.
        short_.RunningTime.Minutes.ShouldBeInRange(88.5, 100);
    }

    [Fact]
    public void Find_BreakWithoutFacility_NoRouteNamingGaugeAndWhere()
    {
        var ex = Should.Throw<NoRouteException>(() => new Router(TestNetworks.GaugeBreak(null)).Find(Train(), new NamedEndpoint("West"), new NamedEndpoint("Khasan")));
        ex.BlockingConstraints.ShouldBe(["gauge"]);
        ex.Message.ShouldContain("gauge: the train runs on 1435 mm");
        ex.Message.ShouldContain("way 1001");
        ex.Message.ShouldContain("1520 mm");
    }

    [Fact]
    public void Find_NamesInOtherScripts_FindTheSameStations()
    {
        var route = new Router(TestNetworks.GaugeBreak(60)).Find(Train(), new NamedEndpoint("서쪽"), new NamedEndpoint("ХАСАН"));
        route.Stations.Select(s => s.Name).ShouldBe(["West", "Tumen", "Khasan"]);
    }

    [Fact]
    public void Find_AxleLoadAboveLimit_NoRouteNamingTheLimitAndTheWay()
    {
        var net = TestNetworks.GaugeBreak(60, axleLimitOnWest: Mass.FromTonnes(20));
        var ex = Should.Throw<NoRouteException>(() => new Router(net).Find(Train(), new NamedEndpoint("West"), new NamedEndpoint("Khasan")));
        ex.BlockingConstraints.ShouldBe(["axle load"]);
        ex.Message.ShouldContain("axle load 21.0 t exceeds the 20.0 t limit on way 1000 near");
    }

    [Fact]
    public void Find_UnknownStation_InvalidInputWithSuggestion()
    {
        var ex = Should.Throw<Fortress.Diagnostics.InvalidInputException>(() =>
            new Router(TestNetworks.GaugeBreak(60)).Find(Train(), new NamedEndpoint("Khasen"), new NamedEndpoint("Nowhere")));
        ex.Problems.Count.ShouldBe(2);
        ex.Problems[0].Where.ShouldBe("--from");
        ex.Problems[0].Message.ShouldContain("did you mean: \"Khasan\"");
    }

    [Fact]
    public void Find_DualGaugeTrack_TakesEitherGauge()
    {
        var nodes = new[] { new NetworkNode(TestNetworks.At(0)), new NetworkNode(TestNetworks.At(10)) };
        var edges = new[] { TestNetworks.Edge(0, 0, 1, TestNetworks.At(0), TestNetworks.At(10), [1435, 1520]) };
        var net = RailNetwork.Create("dual", nodes, edges,
            [TestNetworks.Station("A", 0, 500, TestNetworks.At(0.5)), TestNetworks.Station("B", 0, 9000, TestNetworks.At(9))]);
        foreach (var g in new[] { 1435, 1520 })
            new Router(net).Find(Train(g), new NamedEndpoint("A"), new NamedEndpoint("B")).Length.Meters.ShouldBe(8500, tolerance: 1);
        Should.Throw<NoRouteException>(() => new Router(net).Find(Train(1067), new NamedEndpoint("A"), new NamedEndpoint("B"))).Message.ShouldContain("gauge");
    }
}
