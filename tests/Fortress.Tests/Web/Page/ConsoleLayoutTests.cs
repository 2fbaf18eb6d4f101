using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fortress.Planning;
using Fortress.Tests.Reports;
using Fortress.Web;
using Fortress.Web.Plans;
using Microsoft.Playwright;

namespace Fortress.Tests.Web.Page;

/// <summary>
/// The console as a planner and a dispatcher read it, at 1280 px, in Debian's chromium, on the flagship and on the
/// Cologne example (stored on the service as a network and a scenario), each with half its journey replayed (the main
/// train stopping on the way, so alerts are raised): every label of the map, the place names and the speed chart inside
/// their figure and apart, the map's scale bar inside the map, no table cut off, no time shown in UTC, no raw enum
/// name, every halt named beside the space-time chart, the regular traffic drawn, and the "3 h" window narrowing the
/// distance axis. With FORTRESS_SCREENSHOTS=DIR set, a reduced screenshot per role and scenario is written there.
/// </summary>
public sealed partial class ConsoleLayoutTests(PageServiceFixture service) : IClassFixture<PageServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly SemaphoreSlim Preparing = new(1, 1);
    private static readonly Dictionary<string, string> Prepared = [];

    public static readonly TheoryData<string, Role> Cases = new()
    {
        { "flagship", Role.Security }, { "flagship", Role.Dispatcher }, { "flagship", Role.Public },
        { "cologne", Role.Security }, { "cologne", Role.Dispatcher }, { "cologne", Role.Public },
    };

    /// <summary>The scenario's plan on the service, half its journey replayed (once per fixture): its id.</summary>
    private async Task<string> Prepare(string scenario)
    {
        await Preparing.WaitAsync(Ct);
        try
        {
            var key = service.BaseAddress + scenario;
            if (Prepared.TryGetValue(key, out var done)) return done;
            var id = service.PlanId;
            if (scenario == "cologne")
            {
                var pbf = TestData.Require("osm/cologne-railway.osm.pbf");
                using var c = service.Client(Role.Security);
                var net = await c.PostAsync("/api/networks?name=Cologne", new ByteArrayContent(await File.ReadAllBytesAsync(pbf, Ct)), Ct);
                net.StatusCode.ShouldBe(HttpStatusCode.Created, await net.Content.ReadAsStringAsync(Ct));
                var netId = JsonDocument.Parse(await net.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
                var text = await File.ReadAllTextAsync(Path.Combine(TestData.RepoRoot, "scenarios", "cologne-special.json"), Ct);
                var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
                var route = json["corridor"]!["route"]!.AsObject();
                route.Remove("osm");
                route["network"] = new System.Text.Json.Nodes.JsonObject { ["stored"] = netId };
                var plan = await c.PostAsync("/api/plans", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
                plan.StatusCode.ShouldBe(HttpStatusCode.Created, await plan.Content.ReadAsStringAsync(Ct));
                id = JsonDocument.Parse(await plan.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
            }
            var catalog = (PlanCatalog)service.App.Services.GetService(typeof(PlanCatalog))!;
            var live = (await catalog.LiveAsync(id))!;
            var reports = LivePlan.Simulate(live.Planned, NodaTime.Duration.FromMinutes(scenario == "cologne" ? 0.5 : 2),
                [Fortress.Operations.Replay.StopHalfWay(live.Plan, live.Plan.Main.Id, NodaTime.Duration.FromMinutes(scenario == "cologne" ? 6 : 15))]);
            var half = reports.Take(reports.Count * 6 / 10).ToList();
            foreach (var batch in half.Chunk(200)) await live.AcceptAsync(batch, Ct);
            Prepared[key] = id;
            return id;
        }
        finally { Preparing.Release(); }
    }

    [GeneratedRegex(@"\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:Z|UTC|GMT|\+00:00)(?![\d:])")]
    private static partial Regex UtcTime();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex RawIso();

    // An identifier as code writes it: lateArrival, stoppedOutsideStation, PassingLoop, BorderCrossing.
    [GeneratedRegex(@"\b(?:[a-z]+(?:[A-Z][a-z0-9]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)+)\b")]
    private static partial Regex RawEnum();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Console_HalfWayThrough_LaidOutReadableAndLocal(string scenario, Role role)
    {
        ConsolePageTests.RequireBrowserAndPage();
        var planId = await Prepare(scenario);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ReportBrowserTests.Launch(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        // Generous: the suite runs its tests side by side on two cores, and a wait here checks what is drawn, not how soon.
        page.SetDefaultTimeout(90_000);
        var unauthorised = new List<string>();
        var pageErrors = new List<string>();
        page.PageError += (_, e) => { lock (pageErrors) pageErrors.Add(e); };
        page.Console += (_, m) => { if (m.Type == "error") lock (pageErrors) pageErrors.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status == 401) lock (unauthorised) unauthorised.Add(r.Url); };
        await page.GotoAsync(service.BaseAddress.AbsoluteUri);
        await page.FillAsync("#token", service.Token(role));
        await page.ClickAsync("button[type=submit]");
        await page.Locator("[data-testid=who]").Filter(new() { HasTextString = role.Name() }).WaitForAsync();
        await ChoosePlan(page);

        if (role == Role.Public)
        {
            await page.Locator("[data-testid=public-timetable] tbody tr").First.WaitForAsync();
            // In local departure order: the wall clock at each train's first station, as a passenger reads the board.
            var departs = await page.Locator("[data-testid=public-timetable] tbody tr td:nth-child(4)").AllInnerTextsAsync();
            var wall = departs.Select(d => d[..Math.Min(16, d.Length)]).ToList(); // the wall clock, without the offset
            wall.ShouldBe(wall.OrderBy(d => d, StringComparer.Ordinal).ToList());
        }
        else
        {
            try { await page.Locator("svg#route-map g.train-marker").First.WaitForAsync(); }
            catch (TimeoutException e)
            {
                // What the page showed instead (its error list among it), to tell a slow machine from a broken page.
                string[] seen;
                lock (pageErrors) seen = [.. pageErrors];
                var body = await page.InnerTextAsync("body");
                throw new TimeoutException($"no train marker on the map; page errors: [{string.Join("; ", seen)}]; page text: {body[..Math.Min(2000, body.Length)]}", e);
            }
            // The speed profile reveals the consist: security's page only (the need-to-know policy).
            if (role == Role.Security) await page.Locator("svg#speed-distance polyline.speed-line").First.WaitForAsync();
            else (await page.Locator("svg#speed-distance").CountAsync()).ShouldBe(0);
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#space-time')?.dataset.regular) > 0");
            if (scenario == "flagship") await page.Locator("[data-testid=alerts] li").First.WaitForAsync(); // the main train's stop on the way
            await page.WaitForTimeoutAsync(300);

            (await LayoutChecks.LabelProblems(page, "svg#route-map, svg#speed-distance, svg#space-time-places")).ShouldBeEmpty();
            (await LayoutChecks.ScaleBarProblems(page, "svg#route-map")).ShouldBeEmpty();

            // Every halt of the view's paths is named beside the space-time chart (none dropped for want of room).
            using var c = service.Client(role);
            var plan = JsonDocument.Parse(await c.GetStringAsync($"/api/plans/{planId}", Ct)).RootElement;
            var paths = plan.TryGetProperty("reservedPaths", out var rp) ? rp : plan.GetProperty("trains");
            var halts = paths.EnumerateArray().SelectMany(p => p.GetProperty("stops").EnumerateArray())
                .Where(s => !s.TryGetProperty("activity", out var a) || a.GetString() != "pass").Select(s => s.GetProperty("station").GetString()!).Distinct().ToList();
            var named = await page.Locator("svg#space-time-places text").AllTextContentsAsync();
            halts.ShouldBeSubsetOf(named);

            // The window around the last report narrows the distance axis (on the flagship's 29 h; the Cologne journey
            // of half an hour lies wholly inside it) and keeps its labels apart.
            var whole = await page.Locator("#space-time").GetAttributeAsync("data-km");
            await page.ClickAsync(".stc-range button:nth-child(2)");
            if (scenario == "flagship")
            {
                await page.WaitForFunctionAsync("k => document.querySelector('#space-time').dataset.km !== k", whole);
                var window = (await page.Locator("#space-time").GetAttributeAsync("data-km"))!.Split('-').Select(double.Parse).ToArray();
                var all = whole!.Split('-').Select(double.Parse).ToArray();
                (window[1] - window[0]).ShouldBeLessThan(all[1] - all[0]);
            }
            else await page.WaitForTimeoutAsync(300);
            (await LayoutChecks.LabelProblems(page, "svg#space-time-places")).ShouldBeEmpty();
            await page.ClickAsync(".stc-range button:nth-child(1)");
        }

        (await LayoutChecks.CutOffColumns(page)).ShouldBeEmpty();
        var text = await page.InnerTextAsync("body");
        UtcTime().Matches(text).Select(m => m.Value).ShouldBeEmpty("a time shown in UTC");
        RawIso().Matches(text).Select(m => m.Value).ShouldBeEmpty("a raw ISO-8601 time");
        string[] properNouns = ["OpenStreetMap"]; // written so by its makers
        RawEnum().Matches(text).Select(m => m.Value).Except(properNouns).Distinct().ShouldBeEmpty("a name as code writes it");
        lock (unauthorised) unauthorised.ShouldBeEmpty();

        if (Environment.GetEnvironmentVariable("FORTRESS_SCREENSHOTS") is { Length: > 0 } shots)
        {
            Directory.CreateDirectory(shots);
            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = Math.Clamp(height, 900, 7000) }, DeviceScaleFactor = 0.5f });
            var shot = await context.NewPageAsync();
            await shot.GotoAsync(service.BaseAddress.AbsoluteUri);
            await shot.FillAsync("#token", service.Token(role));
            await shot.ClickAsync("button[type=submit]");
            await shot.Locator("[data-testid=who]").Filter(new() { HasTextString = role.Name() }).WaitForAsync();
            await ChoosePlan(shot);
            if (role != Role.Public) await shot.Locator("svg#route-map g.train-marker").First.WaitForAsync();
            else await shot.Locator("[data-testid=public-timetable] tbody tr").First.WaitForAsync();
            await shot.WaitForTimeoutAsync(800);
            await shot.ScreenshotAsync(new() { Path = Path.Combine(shots, $"console-{scenario}-{role.Name()}.png"), FullPage = true });
        }

        // The plan under test, where the service stores several. The picker appears only once the page has loaded the list
        // of plans, after the name of the user: looking for it at once (as this test did) could find none and leave the
        // page on the plan it shows first (the one that reported last: the flagship beside a Cologne plan).
        async Task ChoosePlan(IPage p)
        {
            using var client = service.Client(role);
            var stored = JsonDocument.Parse(await client.GetStringAsync("/api/plans", Ct)).RootElement.GetArrayLength();
            if (stored < 2) return;
            await p.Locator(".plan-picker select").WaitForAsync();
            await p.SelectOptionAsync(".plan-picker select", planId);
        }
    }
}
