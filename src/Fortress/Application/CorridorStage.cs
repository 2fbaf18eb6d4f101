using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Application;

/// <summary>The corridor: as authored, or routed on the scenario's network for the main train's first consist.</summary>
public sealed class CorridorStage : IPlanStage
{
    public string Name => "corridor";

    public PlanState Run(PlanState state, CancellationToken cancel) => state with
    {
        Corridor = state.Scenario.Corridor switch
        {
            AuthoredCorridor a => a.Corridor,
            RoutedCorridor r => Route(r, state.Scenario),
            _ => throw new InvalidOperationException("unknown kind of corridor source"),
        },
    };

    private static Corridor Route(RoutedCorridor r, Scenario s)
    {
        var consist = s.Trains.FirstOrDefault(t => t.Role == ConvoyRole.Main)?.Consists.FirstOrDefault()?.Consist
            ?? throw new InvalidInputException("$.trains", "a routed corridor needs a main train with a consist");
        var router = new Router(r.Network);
        var route = router.Find(new RoutingTrain(consist, r.GaugeMm ?? r.Network.MajorityGauge), RouteEndpoint.Parse(r.From), RouteEndpoint.Parse(r.To),
            r.Via.Select(RouteEndpoint.Parse).ToArray());
        var corridor = CorridorFromRoute.Build(r.Network, route, $"{route.From} - {route.To}", r.Zone, r.Country);
        // OpenStreetMap maps each track as its own way: a route follows one of them, so the line's track count is given
        // in the scenario when the data cannot tell.
        return r.Tracks is { } tracks
            ? Corridor.Create(corridor.Name, corridor.Path, corridor.Places, corridor.GaugeChanges, corridor.TractionChanges,
                [new TrackSection(Position.Origin, corridor.Path.End, tracks)], r.Where, corridor.Signals)
            : corridor;
    }
}
