using System.Text.Json.Nodes;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Logistics;
using Fortress.Network;
using Fortress.Planning;

namespace Fortress.Tests.Logistics;

/// <summary>The scenario's provisioning and evacuation sections: defaults, coordinates, ramps at stations, bad input.</summary>
public class LogisticsScenarioTests
{
    private static JsonObject Flagship() => JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();

    private static Scenario Read(JsonObject o) => Scenarios.Read(o.ToJsonString(), "test scenario", null);

    /// <summary>The evacuation points of a scenario as the logistics stage resolves them on its corridor.</summary>
    private static IReadOnlyList<EvacuationPoint> Points(Scenario s) => LogisticsStage.Points(s.Evacuation!, Planning.TestPlans.Journey(s).Corridor).Points;

    [Fact]
    public void Flagship_Provisioning_DinersByRoleAndShare()
    {
        var p = Scenarios.ReadBuiltIn().Provisioning.ShouldNotBeNull();
        // 145 on the delegation + 4 crew: the 6 guests Russian, the other 143 split 85/15 by largest remainder.
        p.People.ShouldBe(149);
        p.Diners["russian"].ShouldBe(6 + (int)Math.Round(143 * 0.15));
        p.Extras.Single().Item.ShouldBe("live seafood");
    }

    [Fact]
    public void EvacuationPoint_ByCoordinates_NearestPlaceAndGreatCircleAccess()
    {
        var o = Flagship();
        var points = o["evacuation"]!["points"]!.AsArray();
        points.Add(new JsonObject { ["name"] = "Field hospital", ["kind"] = "hospital", ["lat"] = 41.85, ["lon"] = 129.75 });
        var p = Points(Read(o)).Single(x => x.Name == "Field hospital");
        var chongjin = Planning.TestPlans.FlagshipJourney().Corridor.Find("Chongjin", "test");
        p.Position.ShouldBe(chongjin.Position);
        var (lat, lon) = chongjin.Coordinates!.Value;
        p.Access.Meters.ShouldBe(GeoPoint.Meters(new GeoPoint(lat, lon), new GeoPoint(41.85, 129.75)), 1e-6);
    }

    [Fact]
    public void RampsAtStations_AddsOneRampPerStationWithoutOne()
    {
        var o = Flagship();
        o["evacuation"]!["rampsAtStations"] = true;
        var s = Read(o);
        var stations = Planning.TestPlans.Journey(s).Corridor.Places.Where(p => p.Kind == PlaceKind.Station).ToList();
        var ramps = Points(s).Where(p => p.Kind == EvacuationKind.Ramp).ToList();
        ramps.Count.ShouldBe(stations.Count);
        ramps.Select(r => r.Position).Distinct().Count().ShouldBe(stations.Count);
    }

    [Fact]
    public void BadSections_EveryProblemNamed()
    {
        var o = Flagship();
        o["provisioning"]!["cuisineByRole"] = new JsonObject { ["admiral"] = "french" };
        o["provisioning"]!["mealTimes"] = new JsonObject { ["supper"] = "21:00", ["lunch"] = "noon" };
        o["evacuation"]!["points"]!.AsArray().Add(new JsonObject { ["name"] = "Nowhere", ["kind"] = "castle", ["place"] = "Chongjin" });
        o["evacuation"]!["points"]!.AsArray().Add(new JsonObject { ["name"] = "Twice", ["kind"] = "ramp", ["place"] = "Chongjin", ["positionMeters"] = 5 });
        var ex = Should.Throw<InvalidInputException>(() => Points(Read(o)));
        ex.Message.ShouldContain("admiral");
        ex.Message.ShouldContain("supper");
        ex.Message.ShouldContain("noon");
        ex.Message.ShouldContain("castle");
        ex.Message.ShouldContain("exactly one of place or positionMeters");
    }

    [Fact]
    public void UnsuppliableRequest_RefusedByThePlan()
    {
        var o = Flagship();
        o["provisioning"]!["requests"]![0]!["amount"] = 500; // the kitchen car's tank holds 120 kg
        var scenario = Read(o) with { Traffic = null };
        var ex = Should.Throw<InfeasibleException>(() => Planning.TestPlans.Plan(scenario));
        ex.Message.ShouldContain("live seafood");
        ex.Message.ShouldContain("short by 380 kg");
    }
}
