using Fortress.Clearance;
using Fortress.IO.Osm;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Routing;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Clearance;

/// <summary>A convoy planned end to end on a network imported from real OpenStreetMap data, with regular traffic.</summary>
public class OsmEndToEndTests
{
    [Fact]
    public void Plan_CologneToBonn_OnRealOsm_WithTraffic_LeavesNoConflict()
    {
        var (network, _) = OsmImporter.Import(TestData.Require("osm/cologne-railway.osm.pbf"));
        var main = TestTrains.Train(coaches: 10, armour: 12);
        var router = new Router(network);
        var route = router.Find(new RoutingTrain(main, 1435), new NamedEndpoint("Köln Hauptbahnhof"), new NamedEndpoint("Bonn Hauptbahnhof"));
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var corridor = CorridorFromRoute.Build(network, route, "Köln - Bonn", berlin, "DE");
        corridor.Places.Count.ShouldBeGreaterThan(3);
        corridor.Path.Length.Kilometers.ShouldBeInRange(25, 45);

        var stations = corridor.Places.Where(p => p.Kind == PlaceKind.Station).Select(p => p.Name).ToList();
        var date = new LocalDate(2026, 6, 1);
        var traffic = RepresentativeTraffic.Generate(corridor, date, 1,
            [new TrafficPattern(stations[0], stations[^1], "regional", [], new LocalTime(6, 0), NodaTime.Duration.FromMinutes(20), 30, true, "RB", Duration.FromMinutes(1))],
            _ => TestTrains.Train(coaches: 5));
        var departure = (date + new LocalTime(9, 5)).InZoneLeniently(berlin).ToInstant();
        var journey = new Journey("osm test", corridor,
            [Planning.TestPlans.Train(ConvoyRole.Pilot, "p", TestTrains.Train(coaches: 3)),
             Planning.TestPlans.Train(ConvoyRole.Main, "m", main),
             Planning.TestPlans.Train(ConvoyRole.Escort, "e", TestTrains.Train(coaches: 6))],
            [new JourneyStop(corridor.Places[^1].Name, Duration.Zero)], departure, null, "test");
        var state = Planning.TestPlans.Cleared(journey, new BackgroundTraffic(traffic, new Dictionary<string, Consist>(), TestTrains.Train(coaches: 5)));
        var plan = state.Plan;
        var c = state.Clearance!;
        c.Traffic.Count.ShouldBe(60);
        c.ConflictsBefore.ShouldNotBeEmpty();
        c.Orders.ShouldNotBeEmpty();
        c.ConflictsAfter.ShouldBeEmpty();
        Fortress.Timetable.TimeText.Iso(plan.Main.Departure, berlin).ShouldEndWith("+02:00"); // summer time in Cologne
    }
}
