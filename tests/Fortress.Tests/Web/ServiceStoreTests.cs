using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fortress.Planning;
using Fortress.Web;
using Fortress.Web.Plans;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>
/// The whole service on each store: a plan and its reports stored, the service stopped and started again on the same
/// store, the live state rebuilt from the stored reports; no second admin token on a store that has tokens.
/// </summary>
public sealed class ServiceStoreTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-svcstore-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Restart_SameStore_PlanAndLiveStateBack(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        WebOptions Options(StringWriter o) => new() { Urls = "http://127.0.0.1:0", Store = spec, Output = o };
        string planId, security, liveBefore;
        var first = new StringWriter();
        await using (var app = await FortressWebApp.BuildAsync(Options(first)))
        {
            await app.StartAsync(Ct);
            first.ToString().ShouldContain("admin token");
            (planId, var tokens) = await FortressWebApp.SeedDemoAsync(app, Ct);
            security = tokens[Role.Security];
            using var c = new HttpClient { BaseAddress = FortressWebApp.Address(app) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", security);
            var plan = Planning.TestPlans.Flagship.Plan;
            var reports = LivePlan.Simulate(plan, Duration.FromMinutes(5)).Take(60).ToList();
            var body = JsonSerializer.Serialize(reports.Select(r => new { train = r.Train.ToString().ToLowerInvariant(), time = Fortress.Timetable.TimeText.Iso(r.Time, DateTimeZone.Utc), lat = r.Latitude, lon = r.Longitude, speedKmh = r.SpeedKmh }));
            (await c.PostAsync($"/api/plans/{planId}/positions", new StringContent(body, Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            liveBefore = await c.GetStringAsync($"/api/plans/{planId}/live", Ct);
            await app.StopAsync(Ct);
        }
        var second = new StringWriter();
        await using (var app = await FortressWebApp.BuildAsync(Options(second)))
        {
            await app.StartAsync(Ct);
            second.ToString().ShouldNotContain("admin token");
            using var c = new HttpClient { BaseAddress = FortressWebApp.Address(app) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", security);
            (await c.GetStringAsync($"/api/plans/{planId}/live", Ct)).ShouldBe(liveBefore);
            JsonDocument.Parse(await c.GetStringAsync($"/api/plans/{planId}", Ct)).RootElement.GetProperty("view").GetString().ShouldBe("security");
            await app.StopAsync(Ct);
        }
        await TestStores.DropAsync(spec);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
