using System.Text.Json;
using Fortress.IO.Contracts;
using Fortress.Web;

namespace Fortress.Tests.Application;

/// <summary>One need-to-know policy that fails closed.</summary>
public class ViewPolicyTests
{
    [Fact]
    public void NewView_SeesNothing_UntilThePolicyGrantsIt()
    {
        var state = Planning.TestPlans.Flagship;
        var auditor = PlanView.Named("auditor");
        var nothing = PlanViewBuilder.Build(state, ViewPolicy.For(auditor));
        nothing.Trains.ShouldBeEmpty();
        nothing.Orders.ShouldBeEmpty();
        nothing.Notices.ShouldBeEmpty();
        nothing.GaugeChanges.ShouldBeEmpty();
        nothing.Sweeps.ShouldBeNull();
        nothing.Summary.ShouldBe(new ViewSummary(null, null, null, null, null, null, null, null));
        var json = FortressJson.Write(PlanDocument.From(nothing));
        foreach (var p in state.Plan.Journey.Corridor.Places) json.ShouldNotContain(p.Name);
        json.ShouldNotContain("T0");
        json.ShouldNotContain("+09:00");

        // Granted the public's timetable, it sees the regular trains and notices, still nothing of the convoy.
        var timetable = PlanViewBuilder.Build(state, ViewPolicy.Custom(auditor, Disclosure.RegularTimetable, Disclosure.PublicNotices));
        timetable.Trains.Count.ShouldBe(state.Traffic!.Traffic.Count);
        timetable.Notices.Count.ShouldBe(state.Clearance!.Orders.Count);
        timetable.ConvoyTrains.ShouldBeFalse();
        FortressJson.Write(PlanDocument.From(timetable)).ShouldNotContain("RP1");
    }

    [Fact]
    public void KnownViews_ParseExactly()
    {
        PlanView.Parse("dispatcher", "v").ShouldBe(PlanView.Dispatcher);
        Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => PlanView.Parse("Dispatcher", "v"));
        Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => PlanView.Parse("public,security", "v"));
    }

    [Fact]
    public void LiveState_OfAViewWithoutLiveState_HasNoTrainsOrAlerts()
    {
        var plan = Planning.TestPlans.Flagship.Plan;
        var tracker = new Fortress.Operations.LiveTracker(plan);
        foreach (var r in Fortress.Operations.Replay.Simulate(plan, NodaTime.Duration.FromMinutes(10)).Take(30)) tracker.Report(r);
        var doc = LiveDocument.From(tracker.State, plan, ViewPolicy.For(PlanView.Named("auditor")));
        doc.Trains.ShouldBeEmpty();
        doc.Alerts.ShouldBeEmpty();
        doc.AsOf.ShouldBeNull();
        LiveDocument.From(tracker.State, plan, ViewPolicy.For(PlanView.Dispatcher)).Trains.Count.ShouldBe(3);
    }
}

/// <summary>The OpenAPI description documents every 200 response of the plan, live and network endpoints with a schema.</summary>
public sealed class OpenApiTests(Fortress.Tests.Web.ServiceFixture service) : IClassFixture<Fortress.Tests.Web.ServiceFixture>
{
    [Fact]
    public async Task OpenApi_PlanLiveAndNetworkEndpoints_HaveResponseSchemas()
    {
        using var c = service.Client(null);
        using var doc = JsonDocument.Parse(await c.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = doc.RootElement.GetProperty("paths");
        var expected = new (string Path, string Method, string Status)[]
        {
            ("/api/plans", "get", "200"), ("/api/plans", "post", "201"), ("/api/plans/{id}", "get", "200"), ("/api/plans/{id}/map", "get", "200"),
            ("/api/plans/{id}/speed", "get", "200"), ("/api/plans/{id}/live", "get", "200"), ("/api/plans/{id}/positions", "post", "202"),
            ("/api/networks", "get", "200"), ("/api/networks", "post", "201"),
        };
        foreach (var (path, method, status) in expected)
        {
            var response = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
            var content = response.GetProperty("content").EnumerateObject().ShouldHaveSingleItem();
            var schema = content.Value.GetProperty("schema");
            (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _) || schema.TryGetProperty("items", out _)).ShouldBeTrue($"{method} {path} {status}");
        }
        // The plan document's schema names the documented fields.
        var components = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var plan = components.GetProperty("PlanDocument").GetProperty("properties");
        foreach (var key in new[] { "view", "trains", "reservedPaths", "gaugeChanges", "tractionChanges", "clearanceOrders", "summary" }) plan.TryGetProperty(key, out _).ShouldBeTrue(key);
    }
}
