using Fortress.Network;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Tests.Routing;

public sealed class LandmarkSearchTests
{
    [Fact]
    public void Find_WithLandmarks_SameCostAsPlainDijkstraAndFewerStatesSettled()
    {
        var net = SyntheticNetwork.Grid(60, seed: 7);
        var router = new Router(net);
        router.Preprocess(8);
        var train = new RoutingTrain(DefaultTrain.Create(), 1435);
        var rng = new Random(3);
        var alt = RouteOptions.Default with { ComputeRunningTime = false };
        var plain = alt with { UseLandmarks = false };
        long settledAlt = 0, settledPlain = 0;
        for (var q = 0; q < 30; q++)
        {
            var a = new NetworkPlace(new EdgeId(rng.Next(net.Edges.Count)), Length.FromMeters(500), "a");
            var b = new NetworkPlace(new EdgeId(rng.Next(net.Edges.Count)), Length.FromMeters(700), "b");
            if (a.Edge == b.Edge) continue;
            var r1 = router.FindBetween(train, [[a], [b]], alt);
            var r2 = router.FindBetween(train, [[a], [b]], plain);
            r1.EstimatedTime.Seconds.ShouldBe(r2.EstimatedTime.Seconds, tolerance: 1e-6);
            settledAlt += r1.SettledStates;
            settledPlain += r2.SettledStates;
        }
        settledAlt.ShouldBeLessThan(settledPlain / 3);
    }
}
