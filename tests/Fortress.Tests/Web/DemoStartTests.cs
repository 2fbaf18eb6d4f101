using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Web;
using Fortress.Web.Plans;

namespace Fortress.Tests.Web;

/// <summary>
/// Starting the console as a user does: a second demo start on the same store replaces the demo plan (one demo plan,
/// replayed afresh, earlier demo tokens revoked, plans stored through the API kept); a first demo start prints one
/// admin token, not two; a port another program holds is a user error (exit 2) naming the port and --urls.
/// </summary>
public sealed class DemoStartTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fortress-demo-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static HttpClient Client(Microsoft.AspNetCore.Builder.WebApplication app, string token)
    {
        var c = new HttpClient { BaseAddress = FortressWebApp.Address(app), Timeout = TimeSpan.FromSeconds(60) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    [Fact]
    public async Task DemoStart_WithAScenarioFile_ServesThatScenario_ItsFilesReadBesideIt()
    {
        // `fortress plan SCENARIO --serve`: the scenario given, not the built-in visit, with the files it names.
        TestData.Require("osm/cologne-railway.osm.pbf");
        var file = Path.Combine(TestData.RepoRoot, "scenarios", "cologne-messe-shuttle.json");
        var spec = await TestStores.NewSpecAsync("sqlite", dir);
        await using var app = await FortressWebApp.BuildAsync(new WebOptions { Urls = "http://127.0.0.1:0", Store = spec, Output = new StringWriter(), Demo = true });
        await FortressWebApp.StartAsync(app, "http://127.0.0.1:0", Ct);
        var (id, tokens, _) = await FortressWebApp.ReplaceDemoAsync(app, Ct, (File.ReadAllText(file), Path.GetDirectoryName(file)!));
        using var c = Client(app, tokens[Role.Security]);
        using var plan = JsonDocument.Parse(await c.GetStringAsync($"/api/plans/{id}", Ct));
        var title = plan.RootElement.GetProperty("title").GetString()!;
        var expected = Fortress.IO.Files.Scenarios.ReadFile(file).Name;
        title.ShouldBe(expected);
        title.ShouldNotContain("Pyongyang");
        (await c.GetAsync($"/api/plans/{id}/live", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.StopAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task DemoStart_Twice_OneDemoPlanLiveAndOtherPlansKept(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        WebOptions Options(StringWriter o) => new() { Urls = "http://127.0.0.1:0", Store = spec, Output = o, Demo = true };
        string firstPlan, firstSecurity, posted;
        var first = new StringWriter();
        await using (var app = await FortressWebApp.BuildAsync(Options(first)))
        {
            await FortressWebApp.StartAsync(app, "http://127.0.0.1:0", Ct);
            var (id, tokens, replaced) = await FortressWebApp.ReplaceDemoAsync(app, Ct);
            replaced.ShouldBe(0);
            // One admin token on a first demo start: the demo's, not also the empty store's first-start one.
            first.ToString().ShouldNotContain("admin token");
            tokens.Keys.ShouldContain(Role.Admin);
            (firstPlan, firstSecurity) = (id, tokens[Role.Security]);
            // A plan stored through the API is not the demo's: it stays.
            using var c = Client(app, tokens[Role.Security]);
            var r = await c.PostAsync("/api/plans", new StringContent(Fortress.IO.Json.BuiltIn.Text(Fortress.IO.Json.ScenarioReader.Flagship)), Ct);
            r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync(Ct));
            posted = JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
            // The first run's replay leaves reports on the demo plan.
            var live = await app.Services.GetService(typeof(PlanCatalog)).ShouldBeOfType<PlanCatalog>().LiveAsync(id);
            await live!.AcceptAsync(LivePlan.Simulate(live.Plan, NodaTime.Duration.FromMinutes(10)).Take(30).ToList(), Ct);
            await app.StopAsync(Ct);
        }

        var second = new StringWriter();
        await using (var app = await FortressWebApp.BuildAsync(Options(second)))
        {
            await FortressWebApp.StartAsync(app, "http://127.0.0.1:0", Ct);
            var (id, tokens, replaced) = await FortressWebApp.ReplaceDemoAsync(app, Ct);
            replaced.ShouldBe(1);
            id.ShouldNotBe(firstPlan);
            var store = app.Services.GetService(typeof(Fortress.Web.Storage.IFortressStore)).ShouldBeAssignableTo<Fortress.Web.Storage.IFortressStore>()!;
            var plans = await store.PlansAsync(Ct);
            plans.Where(p => p.Demo).Select(p => p.Id).ShouldBe([id]);
            plans.Select(p => p.Id).ShouldBe([posted, id], ignoreOrder: true);
            (await store.ReportsAsync(firstPlan, Ct)).ShouldBeEmpty();

            // The earlier demo token is refused, the new one lists the two plans, the demo marked.
            using (var old = Client(app, firstSecurity))
                (await old.GetAsync("/api/plans", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            using var c = Client(app, tokens[Role.Security]);
            var list = JsonDocument.Parse(await c.GetStringAsync("/api/plans", Ct)).RootElement.EnumerateArray().ToList();
            list.Count.ShouldBe(2);
            list.Single(p => p.GetProperty("demo").GetBoolean()).GetProperty("id").GetString().ShouldBe(id);

            // And it is live: the replay moves its trains from the start of the journey.
            _ = DemoReplay.Start(app, id, postsPerSecond: 50);
            var catalog = app.Services.GetService(typeof(PlanCatalog)).ShouldBeOfType<PlanCatalog>();
            var until = DateTime.UtcNow.AddSeconds(90);
            while ((await catalog.LiveAsync(id))!.State.AsOf is null && DateTime.UtcNow < until) await Task.Delay(200, Ct);
            (await catalog.LiveAsync(id))!.State.AsOf.ShouldNotBeNull("the replay of the new demo plan reported nothing");
            var entry = JsonDocument.Parse(await c.GetStringAsync("/api/plans", Ct)).RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
            entry.GetProperty("lastReportAt").ValueKind.ShouldBe(JsonValueKind.String);
            await app.StopAsync(Ct);
        }
        await TestStores.DropAsync(spec);
    }

    private static TcpListener Occupy(out int port)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        port = ((IPEndPoint)l.LocalEndpoint).Port;
        return l;
    }

    [Fact]
    public void Serve_PortInUse_ExitTwoNamingThePortAndUrls()
    {
        var holder = Occupy(out var port);
        try
        {
            var store = "sqlite:" + Path.Combine(dir, "busy.db");
            foreach (var args in new[] { new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--store", store }, ["plan", "--serve", "--urls", $"http://127.0.0.1:{port}", "--store", store, "--report", Path.Combine(dir, "r.html")] })
            {
                var (code, output, err) = Cli.RunCommandTests.Fortress(args);
                code.ShouldBe(2, err);
                err.ShouldContain($"port {port}");
                err.ShouldContain("--urls");
                err.ShouldNotContain("internal error");
                output.ShouldBeEmpty("nothing is planned or printed before the port is found busy");
            }
        }
        finally { holder.Stop(); }
    }

    [Fact]
    public async Task StartAsync_PortTakenAfterTheCheck_UserErrorNotAFault()
    {
        var holder = Occupy(out var port);
        try
        {
            var urls = $"http://127.0.0.1:{port}";
            await using var app = await FortressWebApp.BuildAsync(new WebOptions { Urls = urls, Store = "sqlite:" + Path.Combine(dir, "race.db"), Output = new StringWriter() });
            var ex = await Should.ThrowAsync<FortressException>(() => FortressWebApp.StartAsync(app, urls, Ct));
            ex.Cause.ShouldBe(ErrorCause.User);
            ex.Message.ShouldContain($"port {port}");
            ex.Message.ShouldContain("--urls");
        }
        finally { holder.Stop(); }
    }
}
