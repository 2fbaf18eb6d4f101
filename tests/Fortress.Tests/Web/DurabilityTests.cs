using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Web.Plans;
using Fortress.Web.Storage;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>
/// The service as its own process, killed with SIGKILL: an acknowledged report survives; a plan being saved is either
/// complete or absent; the SQLite file stays sound.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-durable-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public DurabilityTests() => Directory.CreateDirectory(dir);

    private static HttpClient Client(ServiceProcess s, string token)
    {
        var c = new HttpClient { BaseAddress = s.Address, Timeout = TimeSpan.FromSeconds(120) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AcknowledgedReports_SurviveKill9AndRestart()
    {
        var store = "sqlite:" + Path.Combine(dir, "fortress.db");
        string token, planId;
        var reports = LivePlan.Simulate(Planning.TestPlans.Flagship.Plan, Duration.FromMinutes(1)).Where(r => r.Train == Planning.Ids.Main).Take(25).ToList();
        using (var s = await ServiceProcess.StartAsync(store, Ct))
        {
            token = s.AdminToken.ShouldNotBeNull();
            using var c = Client(s, token);
            using var created = await c.PostAsync("/api/plans", Json(BuiltIn.Text(ScenarioReader.Flagship)), Ct);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            planId = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
            foreach (var r in reports)
            {
                var body = JsonSerializer.Serialize(new { train = "main", time = Fortress.Timetable.TimeText.Iso(r.Time, DateTimeZone.Utc), lat = r.Latitude, lon = r.Longitude, speedKmh = r.SpeedKmh });
                using var a = await c.PostAsync($"/api/plans/{planId}/positions", Json(body), Ct);
                a.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }
            s.Kill(); // at once after the last 202
        }
        using (var s = await ServiceProcess.StartAsync(store, Ct))
        {
            s.AdminToken.ShouldBeNull(); // not an empty store: no new admin token
            using var c = Client(s, token);
            using var doc = JsonDocument.Parse(await c.GetStringAsync($"/api/plans/{planId}/live", Ct));
            var main = doc.RootElement.GetProperty("trains").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "main");
            main.GetProperty("position").GetProperty("lat").GetDouble().ShouldBe(reports[^1].Latitude, 1e-6);
            s.Kill();
        }
        await using var st = new SqliteStore(Path.Combine(dir, "fortress.db"));
        (await st.ReportsAsync(planId, Ct)).Select(r => r.Time).ShouldBe(reports.Select(r => r.Time));
        (await st.IntegrityCheckAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task PlansPostedWhileKilled_CompleteOrAbsent_FileSound()
    {
        var path = Path.Combine(dir, "fortress.db");
        var scenario = BuiltIn.Text(ScenarioReader.Flagship);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var s = await ServiceProcess.StartAsync("sqlite:" + path, Ct))
        {
            using var c = Client(s, s.AdminToken.ShouldNotBeNull());
            // The first plan pays for the planning; later ones of the same scenario only write.
            using (var first = await c.PostAsync("/api/plans", Json(scenario), Ct)) first.StatusCode.ShouldBe(HttpStatusCode.Created);
            using var stop = new CancellationTokenSource();
            var posters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var r = await c.PostAsync("/api/plans", Json(scenario), stop.Token);
                        if (r.StatusCode == HttpStatusCode.Created) acknowledged.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync(stop.Token)).RootElement.GetProperty("id").GetString()!);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException) { }
                }
            })).ToList();
            var until = DateTime.UtcNow.AddSeconds(30);
            while (acknowledged.Count < 8 && DateTime.UtcNow < until) await Task.Delay(50, Ct);
            s.Kill(); // while the posters are writing
            await stop.CancelAsync();
            await Task.WhenAll(posters);
        }
        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(8);
        await using var st = new SqliteStore(path);
        (await st.IntegrityCheckAsync()).ShouldBe("ok");
        var plans = await st.PlansAsync(Ct);
        acknowledged.ShouldBeSubsetOf(plans.Select(p => p.Id));
        foreach (var p in plans)
        {
            p.Scenario.ShouldBe(scenario);
            var views = await st.ViewsAsync(p.Id, Ct);
            views.Select(v => v.View).ShouldBe(["dispatcher", "public", "security"], $"plan {p.Id}");
            foreach (var v in views) JsonDocument.Parse(v.Json).RootElement.GetProperty("view").GetString().ShouldBe(v.View);
        }
        (await st.RowCountsAsync(Ct))["plan_views"].ShouldBe(3 * plans.Count);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
