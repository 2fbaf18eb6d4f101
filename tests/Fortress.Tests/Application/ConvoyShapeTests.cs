using System.Text.Json.Nodes;
using Fortress.IO.Json;
using Fortress.Operations;
using Fortress.Planning;
using Fortress.Running;

namespace Fortress.Tests.Application;

/// <summary>A convoy of any shape, and the allowance as a setting (issue 11).</summary>
public class ConvoyShapeTests
{
    private static JsonObject Flagship() => JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();

    /// <summary>The flagship as <c>fortress scenario export</c> writes it, with two pilots (7 and 14 min) and no escort, the journey's headway keys removed.</summary>
    private static Scenario TwoPilots()
    {
        var s = Flagship();
        var trains = s["trains"]!.AsArray();
        var pilot = trains.Single(t => (string?)t!["role"] == "pilot")!;
        var p1 = pilot.DeepClone().AsObject();
        p1["id"] = "pilot-1";
        p1["headwayMinutes"] = 7;
        var p2 = pilot.DeepClone().AsObject();
        p2["id"] = "pilot-2";
        p2["headwayMinutes"] = 14;
        var main = trains.Single(t => (string?)t!["role"] == "main")!.DeepClone();
        s["trains"] = new JsonArray(p2, p1, main);
        s["journey"]!.AsObject().Remove("pilotHeadwayMinutes");
        s["journey"]!.AsObject().Remove("escortHeadwayMinutes");
        return Scenarios.Read(s.ToJsonString(), "two pilots", null);
    }

    [Fact]
    public void TwoPilotsNoEscort_BothAheadOfTheMainAtEveryStation_AtLeastFiveMinutesApart_AndNamedInNoRestrictedView()
    {
        var state = Planning.TestPlans.Plan(TwoPilots());
        var plan = state.Plan;
        plan.Trains.Select(t => t.Id.Value).ShouldBe(["pilot-2", "pilot-1", "main"]);
        plan.Trains.ShouldNotContain(t => t.Role == ConvoyRole.Escort);
        var main = plan.Main;
        var p1 = plan.Train(TrainId.Of("pilot-1"));
        var p2 = plan.Train(TrainId.Of("pilot-2"));
        var checkedPlaces = 0;
        foreach (var c in main.Calls)
        {
            var a = p1.Calls.SingleOrDefault(x => x.Place == c.Place && x.Position == c.Position);
            var b = p2.Calls.SingleOrDefault(x => x.Place == c.Place && x.Position == c.Position);
            if (a is null || b is null) continue;
            checkedPlaces++;
            (c.Time - a.Time).TotalMinutes.ShouldBeGreaterThanOrEqualTo(7 - 1e-6, c.Place);
            (a.Time - b.Time).TotalMinutes.ShouldBeGreaterThanOrEqualTo(5, c.Place);
            (a.Time - b.Time).TotalMinutes.ShouldBeGreaterThanOrEqualTo(14 - 1e-6, c.Place);
        }
        checkedPlaces.ShouldBeGreaterThan(10);
        foreach (var view in new[] { PlanView.Public, PlanView.Dispatcher })
        {
            var json = Planning.TestPlans.Json(state, view);
            json.ShouldNotContain("pilot", Case.Insensitive);
            json.ShouldNotContain("\"main\"");
        }
        Planning.TestPlans.Json(state, PlanView.Dispatcher).ShouldContain("RP3");
    }

    [Fact]
    public void Trains_RoleRepeatedWithoutIds_AreNumbered_AndTwoMainTrainsAreRefused()
    {
        var s = Flagship();
        var trains = s["trains"]!.AsArray();
        var escort = trains.Single(t => (string?)t!["role"] == "escort")!;
        trains.Add(escort.DeepClone());
        var read = Scenarios.Read(s.ToJsonString(), "two escorts", null);
        read.Trains.Where(t => t.Role == ConvoyRole.Escort).Select(t => t.Id.Value).ShouldBe(["escort-1", "escort-2"]);

        var main = trains.Single(t => (string?)t!["role"] == "main")!;
        trains.Add(main.DeepClone());
        Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => Planning.TestPlans.Journey(Scenarios.Read(s.ToJsonString(), "two mains", null)))
            .Message.ShouldContain("exactly one main train");
    }

    [Fact]
    public void GhostTrain_MainTrainAlone_Plans()
    {
        var s = Flagship();
        s["trains"] = new JsonArray(s["trains"]!.AsArray().Single(t => (string?)t!["role"] == "main")!.DeepClone());
        s.Remove("traffic");
        var plan = Planning.TestPlans.Plan(Scenarios.Read(s.ToJsonString(), "ghost", null)).Plan;
        plan.Trains.ShouldHaveSingleItem().Role.ShouldBe(ConvoyRole.Main);
    }

    [Theory]
    [InlineData(5.0, 0.0)]
    [InlineData(0.0, 3.0)]
    public void Allowance_MainTrainsRunningTimeGrowsByIt_WithinOnePercent(double percent, double per100Km)
    {
        var bare = Flagship();
        bare.Remove("traffic");
        bare.Remove("security");
        var withAllowance = bare.DeepClone().AsObject();
        withAllowance["allowance"] = new JsonObject { ["percent"] = percent, ["minutesPer100Km"] = per100Km };
        var a = Planning.TestPlans.Journey(Scenarios.Read(bare.ToJsonString(), "bare", null));
        var b = Planning.TestPlans.Journey(Scenarios.Read(withAllowance.ToJsonString(), "allowance", null));
        var runA = ConvoyPlanner.Plan(a).Main.Legs.Sum(l => l.Run.TotalTime.Seconds);
        var planB = ConvoyPlanner.Plan(b);
        var runB = planB.Main.Legs.Sum(l => l.Run.TotalTime.Seconds);
        var km = planB.Main.Legs.Sum(l => (l.End - l.Start).Kilometers);
        var expected = runA * (1 + percent / 100) + per100Km * 60 * km / 100;
        runB.ShouldBe(expected, expected * 0.01);
        runB.ShouldBeGreaterThan(runA);
    }

    [Fact]
    public void Allowance_UndisturbedReplay_LiveReForecastMatchesThePlanWithin30Seconds()
    {
        var s = Flagship();
        s.Remove("traffic");
        s["allowance"] = "uic451-1";
        var journey = Planning.TestPlans.Journey(Scenarios.Read(s.ToJsonString(), "allowance", null));
        journey.RunOptions.Allowance.ShouldBe(Allowance.Uic451Passenger);
        var plan = ConvoyPlanner.Plan(journey);
        var tracker = new LiveTracker(plan);
        var main = plan.Main;
        var destination = main.Calls[^1];
        var worst = 0.0;
        foreach (var r in Replay.Simulate(plan, NodaTime.Duration.FromMinutes(2)))
        {
            var (state, _) = tracker.Report(r);
            if (r.Train != main.Id) continue;
            var forecast = state.Trains.Single(t => t.Train == main.Id).Stops[^1].ForecastArrival;
            if (forecast is { } f) worst = Math.Max(worst, Math.Abs((f - destination.Arrival!.Value).TotalSeconds));
        }
        worst.ShouldBeLessThan(30);
    }
}
