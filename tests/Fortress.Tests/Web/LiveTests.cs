using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fortress.Planning;
using Fortress.Web;
using Fortress.Web.Plans;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>Position reports in, live state and server-sent events out, in each role's train ids.</summary>
public sealed class LiveTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Body(IEnumerable<IncomingReport> reports, Func<TrainId, string> id) =>
        JsonSerializer.Serialize(reports.Select(r => new Dictionary<string, object?>
        {
            ["train"] = id(r.Train),
            ["time"] = Fortress.Timetable.TimeText.Iso(r.Time, DateTimeZone.Utc),
            ["lat"] = r.Latitude,
            ["lon"] = r.Longitude,
            ["speedKmh"] = r.SpeedKmh,
        }));

    private static async Task<HttpResponseMessage> Post(HttpClient c, string planId, string body) =>
        await c.PostAsync($"/api/plans/{planId}/positions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    [Fact]
    public async Task PostPositions_Security_202StoredThenInLiveStateInDispatcherIds()
    {
        var live = await service.LiveAsync();
        var reports = LivePlan.Simulate(live.Planned, Duration.FromMinutes(1)).Where(r => r.Train == Planning.Ids.Main).Take(40).ToList();
        var before = (await service.Store.ReportsAsync(service.PlanId, Ct)).Count;
        using var sec = service.Client(Role.Security);
        using var r = await Post(sec, service.PlanId, Body(reports, id => live.ViewId(id, PlanView.Security)));
        r.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await r.Content.ReadAsStringAsync(Ct)).ShouldBe("{\"accepted\":40}");
        (await service.Store.ReportsAsync(service.PlanId, Ct)).Count.ShouldBe(before + 40);

        using var disp = service.Client(Role.Dispatcher);
        using var doc = JsonDocument.Parse(await disp.GetStringAsync($"/api/plans/{service.PlanId}/live", Ct));
        var main = doc.RootElement.GetProperty("trains").EnumerateArray().Single(t => t.GetProperty("id").GetString() == live.ViewId(Planning.Ids.Main, PlanView.Dispatcher));
        main.TryGetProperty("role", out _).ShouldBeFalse();
        var pos = main.GetProperty("position");
        pos.GetProperty("lat").GetDouble().ShouldBe(reports[^1].Latitude, 1e-6);
        NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(pos.GetProperty("time").GetString()!).Value.ToInstant().ShouldBe(reports[^1].Time);
        main.GetProperty("stops").GetArrayLength().ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task PostPositions_IdOfAnotherView_400NothingStored()
    {
        var live = await service.LiveAsync();
        var report = LivePlan.Simulate(live.Planned, Duration.FromMinutes(1))[0];
        var before = (await service.Store.RowCountsAsync(Ct))["position_reports"];
        using var sec = service.Client(Role.Security);
        using var r = await Post(sec, service.PlanId, Body([report], id => live.ViewId(id, PlanView.Dispatcher)));
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadAsStringAsync(Ct)).ShouldContain("$[0].train");
        (await service.Store.RowCountsAsync(Ct))["position_reports"].ShouldBe(before);
    }

    [Fact]
    public async Task Events_Dispatcher_LiveStateAfterEachPostAndHeartbeats()
    {
        var live = await service.LiveAsync();
        var reports = LivePlan.Simulate(live.Planned, Duration.FromMinutes(1)).Where(r => r.Train == Planning.Ids.Escort).ToList();
        using var disp = service.Client(Role.Dispatcher);
        using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/plans/{service.PlanId}/events");
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var resp = await disp.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, Ct);
        resp.StatusCode.ShouldBe(HttpStatusCode.OK);
        resp.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(Ct));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        async Task<string> NextEvent(string kind)
        {
            string? evt = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) evt = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && evt == kind) return line["data: ".Length..];
                else if (line.StartsWith(": heartbeat", StringComparison.Ordinal) && kind == "heartbeat") return line;
            }
            throw new EndOfStreamException();
        }

        await NextEvent("live"); // the state on connecting
        using var sec = service.Client(Role.Security);
        var escortId = live.ViewId(Planning.Ids.Escort, PlanView.Dispatcher);
        foreach (var r in new[] { reports[10], reports[20] })
        {
            (await Post(sec, service.PlanId, Body([r], id => live.ViewId(id, PlanView.Security)))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            // Frames of earlier posts by other tests may come first: read until this report shows.
            while (true)
            {
                using var doc = JsonDocument.Parse(await NextEvent("live"));
                var escort = doc.RootElement.GetProperty("trains").EnumerateArray().Single(t => t.GetProperty("id").GetString() == escortId);
                if (escort.GetProperty("position").ValueKind == JsonValueKind.Object && Math.Abs(escort.GetProperty("position").GetProperty("lat").GetDouble() - r.Latitude) < 1e-6) break;
            }
        }
        (await NextEvent("heartbeat")).ShouldStartWith(": heartbeat");
    }

    [Fact]
    public async Task Events_ReportFarOffTheRoute_AlertInDispatcherIdsWithoutRole()
    {
        var live = await service.LiveAsync();
        var pilot = live.Plan.Trains.Single(t => t.Role == ConvoyRole.Pilot);
        var pilotId = live.ViewId(Planning.Ids.Pilot, PlanView.Dispatcher);
        using var disp = service.Client(Role.Dispatcher);
        using var resp = await disp.GetAsync($"/api/plans/{service.PlanId}/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(Ct));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        // 39.5 N 124 E: in the Yellow Sea, tens of kilometres from the line.
        var far = new IncomingReport(Planning.Ids.Pilot, pilot.Departure + Duration.FromHours(1), 39.5, 124.0, 60);
        using var sec = service.Client(Role.Security);
        (await Post(sec, service.PlanId, Body([far], id => live.ViewId(id, PlanView.Security)))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        string? evt = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) { evt = line[7..]; continue; }
            if (evt != "alert" || !line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            using var a = JsonDocument.Parse(line[6..]);
            if (a.RootElement.GetProperty("kind").GetString() != "offRoute") continue;
            a.RootElement.GetProperty("train").GetString().ShouldBe(pilotId);
            a.RootElement.GetProperty("message").GetString()!.ShouldNotContain("pilot", Case.Insensitive);
            line.ShouldNotContain("\"role\"");
            return;
        }
        throw new EndOfStreamException("no offRoute alert");
    }

    [Fact]
    public async Task Robustness_SecurityGetsTheStudy_DispatcherNotFound()
    {
        var live = await service.LiveAsync();
        using var disp = service.Client(Role.Dispatcher);
        // It names the convoy's trains: below security the plan-not-found answer, as for the speed profile.
        (await disp.GetAsync($"/api/plans/{service.PlanId}/robustness", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var sec = service.Client(Role.Security);
        var first = await sec.GetStringAsync($"/api/plans/{service.PlanId}/robustness", Ct);
        using var study = JsonDocument.Parse(first);
        var mc = study.RootElement;
        first.ShouldNotContain("convoy", Case.Insensitive);
        mc.GetProperty("runs").GetInt32().ShouldBe(Fortress.Application.RobustnessStage.DefaultRuns);
        var convoy = mc.GetProperty("trains").EnumerateArray().ToList();
        convoy.Select(c => c.GetProperty("train").GetString()).ShouldBe(live.Plan.Trains.Select(t => live.ViewId(t.Id, PlanView.Security)), ignoreOrder: true);
        foreach (var c in convoy)
        {
            double D(string p) => c.GetProperty(p).GetProperty("delaySeconds").GetDouble();
            D("p50").ShouldBeLessThanOrEqualTo(D("p90"));
            D("p90").ShouldBeLessThanOrEqualTo(D("p99"));
            c.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("runs").GetInt32()).ShouldBe(Fortress.Application.RobustnessStage.DefaultRuns - c.GetProperty("notArrived").GetInt32());
            // The delay at its worst stop on the way: never below the delay at the last stop.
            c.GetProperty("largestDelayOnTheWay").GetProperty("p90").GetDouble().ShouldBeGreaterThanOrEqualTo(D("p90"));
        }
        // Run once, then kept: the same answer again.
        (await sec.GetStringAsync($"/api/plans/{service.PlanId}/robustness", Ct)).ShouldBe(first);
    }

    [Fact]
    public async Task MapAndSpeed_DispatcherMapSecuritySpeed_RouteAndEveryTrainInItsIds()
    {
        var live = await service.LiveAsync();
        using var disp = service.Client(Role.Dispatcher);
        using var map = JsonDocument.Parse(await disp.GetStringAsync($"/api/plans/{service.PlanId}/map", Ct));
        var features = map.RootElement.GetProperty("features").EnumerateArray().ToList();
        var route = features.Single(f => f.GetProperty("properties").GetProperty("kind").GetString() == "route");
        route.GetProperty("geometry").GetProperty("coordinates").GetArrayLength().ShouldBeGreaterThan(10);
        features.Select(f => f.GetProperty("properties").GetProperty("kind").GetString()).ShouldContain("gaugeChange");
        features.Select(f => f.GetProperty("properties").GetProperty("kind").GetString()).ShouldContain("border");

        // The speed profile reveals the consist: a dispatcher gets the plan-not-found answer, security the profile.
        (await disp.GetAsync($"/api/plans/{service.PlanId}/speed", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var sec = service.Client(Role.Security);
        using var speed = JsonDocument.Parse(await sec.GetStringAsync($"/api/plans/{service.PlanId}/speed", Ct));
        var trains = speed.RootElement.GetProperty("trains").EnumerateArray().ToList();
        trains.Select(t => t.GetProperty("id").GetString()).ShouldBe(live.Plan.Trains.OrderBy(t => t.Departure).Select(t => live.ViewId(t.Id, PlanView.Security)));
        foreach (var t in trains)
        {
            var points = t.GetProperty("points").EnumerateArray().ToList();
            points.Count.ShouldBeGreaterThan(100);
            // The planned run never exceeds the line limit (a small tolerance for rounding).
            points.ShouldAllBe(p => p.GetProperty("speedKmh").GetDouble() <= p.GetProperty("limitKmh").GetDouble() + 0.5);
            points.Zip(points.Skip(1)).ShouldAllBe(p => p.Second.GetProperty("km").GetDouble() >= p.First.GetProperty("km").GetDouble() - 1e-9);
        }
    }
}
