using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fortress.IO.Json;
using Fortress.Tests.Planning;
using Fortress.Tests.Reports;
using Fortress.Web;
using Microsoft.Playwright;

namespace Fortress.Tests.Web.Page;

/// <summary>
/// The console page in Debian's headless chromium against the real service: each role logs in with its token and sees
/// exactly what it may see, and a journey replayed through the API moves the train on the map and fills the
/// timetable. Every request that leaves the service is aborted and reported. Skips when chromium is not installed or
/// the page is not built (web/build.sh; test.sh builds it). Screenshots are left in /tmp for people to look at.
/// </summary>
public sealed class ConsolePageTests(PageServiceFixture service) : IClassFixture<PageServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static void RequireBrowserAndPage()
    {
        Assert.SkipUnless(File.Exists(ReportBrowserTests.Chromium), $"{ReportBrowserTests.Chromium} is not installed (apt-get install chromium); the console's browser tests are skipped");
        Assert.SkipUnless(PageServiceFixture.PageBuilt, $"the console page is not built ({PageServiceFixture.WebRoot}/index.html is absent); run web/build.sh (needs npm)");
    }

    /// <summary>A logged-in page of the role, and the URLs it tried outside the service (aborted).</summary>
    private sealed class Session : IAsyncDisposable
    {
        public required IPlaywright Playwright { get; init; }
        public required IBrowser Browser { get; init; }
        public required IPage Page { get; init; }
        public List<string> Requested { get; } = [];
        public List<string> Outside { get; } = [];
        public List<string> Errors { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    private async Task<Session> LogIn(Role role)
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await ReportBrowserTests.Launch(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        var s = new Session { Playwright = playwright, Browser = browser, Page = page };
        var origin = service.BaseAddress.GetLeftPart(UriPartial.Authority);
        page.PageError += (_, e) => { lock (s.Errors) s.Errors.Add(e); };
        await page.RouteAsync("**/*", async r =>
        {
            var url = r.Request.Url;
            lock (s.Requested) s.Requested.Add(url);
            if (url.StartsWith(origin, StringComparison.Ordinal)) await r.ContinueAsync();
            else
            {
                lock (s.Outside) s.Outside.Add(url);
                await r.AbortAsync();
            }
        });
        (await page.GotoAsync(service.BaseAddress.AbsoluteUri))!.Status.ShouldBe(200);
        await page.FillAsync("#token", service.Token(role));
        await page.ClickAsync("button[type=submit]");
        await page.Locator("[data-testid=who]").Filter(new() { HasTextString = role.Name() }).WaitForAsync();
        return s;
    }

    private async Task<JsonNode> Api(Role role, string path)
    {
        using var c = service.Client(role);
        return JsonNode.Parse(await c.GetStringAsync($"/api/plans/{service.PlanId}{path}", Ct))!;
    }

    /// <summary>A screenshot of the whole page (the viewport stretched to it, so the canvas chart is drawn at its size).</summary>
    private static async Task Shot(IPage page, string path)
    {
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(1440, Math.Clamp(height, 600, 9000));
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(20_000);
        await page.SetViewportSizeAsync(1440, 1000);
    }

    /// <summary>Painted pixels on the space-time chart's paths canvas (the third of its layers).</summary>
    private const string PathsInk =
        "(() => { const c = document.querySelectorAll('#space-time canvas')[2]; if (!c || !c.width) return 0; " +
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()";

    private static IEnumerable<string> Secrets() => ConvoySecrets.Of(Scenarios.ReadBuiltIn()).Distinct();

    [Fact]
    public async Task Security_LogsIn_SeesMapChartsRolesAndConsist()
    {
        RequireBrowserAndPage();
        var plan = await Api(Role.Security, "");
        await using var s = await LogIn(Role.Security);
        var page = s.Page;

        await page.Locator("svg#route-map g.place").First.WaitForAsync();
        (await page.Locator("svg#route-map g.place").CountAsync()).ShouldBeGreaterThanOrEqualTo(10);
        (await page.Locator("svg#route-map polyline.route-line").CountAsync()).ShouldBe(1);
        foreach (var place in new[] { "Pyongyang", "Khasan", "Vladivostok" })
            (await page.Locator($"svg#route-map g.place[data-place='{place}'] text").IsVisibleAsync()).ShouldBeTrue(place);
        await page.Locator("svg#speed-distance polyline.speed-line").First.WaitForAsync();
        (await page.Locator("svg#speed-distance polyline.speed-line").CountAsync()).ShouldBe(3);
        await page.Locator("#space-time canvas").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await page.Locator("#space-time").GetAttributeAsync("data-paths"))!.Split(' ').Count(p => p.EndsWith("-plan", StringComparison.Ordinal)).ShouldBe(3);
        // OSRD's chart draws on canvas layers (background, graduations, paths, ...): the paths layer has ink across the chart.
        await page.WaitForFunctionAsync(PathsInk + " > 0");
        (await page.EvaluateAsync<int>(PathsInk)).ShouldBeGreaterThan(2_000);
        (await page.Locator("table.timetable").CountAsync()).ShouldBe(3);

        // The security view names the trains, their roles and consists, and states the purpose.
        var text = await page.InnerTextAsync("body");
        foreach (var t in plan["trains"]!.AsArray())
        {
            var id = (string)t!["id"]!;
            (await page.Locator($"[data-testid=trains-panel] .train-card[data-train='{id}']").IsVisibleAsync()).ShouldBeTrue(id);
            text.ShouldContain((string)t["role"]!);
            text.ShouldContain((string)t["name"]!);
            foreach (var c in t["consist"]!.AsArray()) text.ShouldContain((string)c!);
        }
        text.ShouldContain((string)plan["purpose"]!);
        (await page.Locator("[data-section=sweeps]").CountAsync()).ShouldBe(plan["sweeps"] is null ? 0 : 1);
        (await page.Locator("[data-section=berths]").CountAsync()).ShouldBe(plan["berths"] is null ? 0 : 1);
        (await page.Locator("[data-testid=orders] li").AllInnerTextsAsync()).ShouldBe(plan["clearanceOrders"]!.AsArray().Select(o => (string)o!).ToList());

        // Times in the offset of their place, as the plan gives them.
        var first = (string)plan["trains"]![1]!["stops"]![0]!["departure"]!;
        text.ShouldContain(DateTimeOffset.Parse(first, CultureInfo.InvariantCulture).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture));

        await Shot(page, "/tmp/fortress-console-security.png");
        s.Outside.ShouldBeEmpty(string.Join(", ", s.Outside));
        s.Errors.ShouldBeEmpty(string.Join(", ", s.Errors));
    }

    [Fact]
    public async Task Dispatcher_LogsIn_SeesReservedPathsButNoConsistNamesOrPurpose()
    {
        RequireBrowserAndPage();
        var plan = await Api(Role.Dispatcher, "");
        await using var s = await LogIn(Role.Dispatcher);
        var page = s.Page;

        await page.Locator("svg#route-map g.place").First.WaitForAsync();
        (await page.Locator("table.timetable").CountAsync()).ShouldBe(3);
        // The speed profile reveals the consist: the dispatcher's page has none (the need-to-know policy).
        (await page.Locator("svg#speed-distance").CountAsync()).ShouldBe(0);
        var text = await page.InnerTextAsync("body");
        foreach (var p in plan["reservedPaths"]!.AsArray()) text.ShouldContain((string)p!["id"]!);
        text.ShouldContain("RP1");
        (await page.Locator("[data-testid=trains-panel]").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-testid=purpose]").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-testid=orders] li").CountAsync()).ShouldBe(plan["clearanceOrders"]!.AsArray().Count);

        var dom = await page.ContentAsync();
        foreach (var secret in Secrets())
        {
            text.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the dispatcher's page shows '{secret}'");
            dom.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the dispatcher's DOM holds '{secret}'");
        }
        await Shot(page, "/tmp/fortress-console-dispatcher.png");
        s.Outside.ShouldBeEmpty(string.Join(", ", s.Outside));
        s.Errors.ShouldBeEmpty(string.Join(", ", s.Errors));
    }

    [Fact]
    public async Task Public_LogsIn_SeesTimetableAndChangesAndNothingOfTheConvoy()
    {
        RequireBrowserAndPage();
        var plan = await Api(Role.Public, "");
        await using var s = await LogIn(Role.Public);
        var page = s.Page;

        await page.Locator("[data-testid=public-timetable] tbody tr").First.WaitForAsync();
        (await page.Locator("[data-testid=public-timetable] tbody tr").CountAsync()).ShouldBe(plan["trains"]!.AsArray().Count);
        (await page.Locator("[data-testid=orders] li").AllInnerTextsAsync()).ShouldBe(plan["clearanceOrders"]!.AsArray().Select(o => (string)o!).ToList());
        foreach (var sel in new[] { "#route-map", "#space-time", "#speed-distance", "table.timetable[data-train]", "[data-testid=trains-panel]", "[data-testid=stream-status]" })
            (await page.Locator(sel).CountAsync()).ShouldBe(0, sel);

        // Filtering finds a train by its number.
        var someTrain = (string)plan["trains"]![0]!["id"]!;
        await page.FillAsync("[data-testid=filter]", someTrain);
        (await page.Locator($"[data-testid=public-timetable] tbody tr[data-train='{someTrain}']").CountAsync()).ShouldBe(1);
        await page.FillAsync("[data-testid=filter]", "");

        var text = await page.InnerTextAsync("body");
        var dom = await page.ContentAsync();
        foreach (var secret in Secrets())
        {
            text.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the public page shows '{secret}'");
            dom.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the public DOM holds '{secret}'");
        }
        // The page asked for nothing but the public plan: no map, no live state, no event stream, no speed profile.
        lock (s.Requested)
            s.Requested.ShouldNotContain(u => u.Contains("/map", StringComparison.Ordinal) || u.Contains("/live", StringComparison.Ordinal) || u.Contains("/events", StringComparison.Ordinal) || u.Contains("/speed", StringComparison.Ordinal));

        // The code the public downloads names nothing of the convoy either.
        var assets = Directory.EnumerateFiles(PageServiceFixture.WebRoot, "*", SearchOption.AllDirectories).ToList();
        assets.ShouldNotBeEmpty();
        foreach (var f in assets)
        {
            var code = await File.ReadAllTextAsync(f, Ct);
            foreach (var secret in Secrets())
                code.Contains(secret, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{Path.GetFileName(f)} holds '{secret}'");
        }
        await Shot(page, "/tmp/fortress-console-public.png");
        s.Outside.ShouldBeEmpty(string.Join(", ", s.Outside));
        s.Errors.ShouldBeEmpty(string.Join(", ", s.Errors));
    }

    [Fact]
    public async Task ReplayedJourney_PostedPositions_MoveTheMarkerAndFillTheTimetable()
    {
        RequireBrowserAndPage();
        var plan = await Api(Role.Security, "");
        var map = await Api(Role.Security, "/map");
        await using var s = await LogIn(Role.Security);
        var page = s.Page;
        await page.Locator("svg#route-map g.place").First.WaitForAsync();
        await page.Locator("[data-testid=stream-status]").Filter(new() { HasTextString = "open" }).WaitForAsync();
        (await page.Locator("svg#route-map g.train-marker").CountAsync()).ShouldBe(0);

        // The main train's run as reports at its first three places, at the planned times plus four minutes.
        var train = plan["trains"]!.AsArray().Select(t => t!).Single(t => (string)t["role"]! == "main");
        var id = (string)train["id"]!;
        var places = map["features"]!.AsArray().Select(f => f!).Where(f => (string)f["geometry"]!["type"]! == "Point")
            .GroupBy(f => (string)f["properties"]!["name"]!).ToDictionary(g => g.Key, g => g.First()["geometry"]!["coordinates"]!.AsArray());
        var reports = train["stops"]!.AsArray().Select(x => x!).Where(x => places.ContainsKey((string)x["station"]!)).Take(3).Select(x =>
        {
            var at = (string?)x["departure"] ?? (string)x["arrival"]!;
            var late = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).AddMinutes(4);
            var c = places[(string)x["station"]!];
            return new JsonObject
            {
                ["train"] = id,
                ["time"] = late.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                ["lat"] = (double)c[1]!,
                ["lon"] = (double)c[0]!,
                ["speedKmh"] = 50.0,
            };
        }).ToList();
        reports.Count.ShouldBe(3);

        await Post(reports[0]);
        var live = await Api(Role.Security, "/live");
        Assert.SkipWhen(live["trains"]!.AsArray().All(t => t!["position"] is null),
            "the service's live state carries no positions yet (the tracking core of branch ops is not merged into the service)");
        var marker = page.Locator($"svg#route-map g.train-marker[data-train='{id}']");
        await marker.WaitForAsync();
        var before = await marker.GetAttributeAsync("transform");

        await Post(reports[1]);
        await Post(reports[2]);
        await page.WaitForFunctionAsync(
            "([sel, t]) => { const m = document.querySelector(sel); return m && m.getAttribute('transform') !== t; }",
            new object?[] { $"svg#route-map g.train-marker[data-train='{id}']", before });
        (await marker.GetAttributeAsync("transform")).ShouldNotBe(before);

        // The timetable shows an actual or a forecast time, and the delay.
        var table = page.Locator($"table.timetable[data-train='{id}']");
        await page.WaitForFunctionAsync(
            "sel => [...document.querySelectorAll(sel + ' td.actual, ' + sel + ' td.forecast')].some(td => td.textContent.trim().length > 0)",
            $"table.timetable[data-train='{id}']");
        var filled = (await table.Locator("td.actual, td.forecast").AllInnerTextsAsync()).Where(t => t.Trim().Length > 0).ToList();
        filled.ShouldNotBeEmpty();
        // Dense cells: the clock, with the day (a line above) and the offset where they change down the column; the full time in the title.
        filled.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^(\w{3} \d{1,2} \w{3}\s+)?\d{2}:\d{2}( [+-]\d{2}:\d{2})?$"));
        (await table.Locator("td.actual[title], td.forecast[title]").First.GetAttributeAsync("title"))!.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$");
        (await page.InnerTextAsync("[data-testid=as-of]")).ShouldStartWith("as of ");
        (await page.Locator($"#space-time").GetAttributeAsync("data-actual-points")).ShouldNotBe("0");

        // A report far off the route raises an alert, and the alert reaches the page through the event stream.
        var last = reports[2];
        var off = new JsonObject
        {
            ["train"] = id,
            ["time"] = DateTimeOffset.Parse((string)last["time"]!, CultureInfo.InvariantCulture).AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["lat"] = (double)last["lat"]! + 0.5,
            ["lon"] = (double)last["lon"]! - 0.5,
            ["speedKmh"] = 40.0,
        };
        await Post(off);
        var alerts = (await Api(Role.Security, "/live"))["alerts"]!.AsArray();
        alerts.ShouldNotBeEmpty("the service raised no alert for a report 50 km off the route");
        await page.Locator("[data-testid=alerts] li").First.WaitForAsync();
        (await page.Locator("[data-testid=alerts] li").CountAsync()).ShouldBe(alerts.Count);
        (await page.InnerTextAsync("[data-testid=alerts]")).ShouldContain((string)alerts[0]!["message"]!);

        await Shot(page, "/tmp/fortress-console-replay.png");
        s.Outside.ShouldBeEmpty(string.Join(", ", s.Outside));
        s.Errors.ShouldBeEmpty(string.Join(", ", s.Errors));
    }

    [Fact]
    public async Task LogIn_UnknownToken_RefusedAndAskedAgain()
    {
        RequireBrowserAndPage();
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await ReportBrowserTests.Launch(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(service.BaseAddress.AbsoluteUri);
        await page.FillAsync("#token", "not-a-token-" + Guid.NewGuid().ToString("N"));
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".login [role=alert]").WaitForAsync();
        (await page.InnerTextAsync(".login [role=alert]")).ShouldContain("refused");
        (await page.Locator("#token").IsVisibleAsync()).ShouldBeTrue();
        (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('console.token')")).ShouldBeNull();
    }

    private async Task Post(JsonObject report)
    {
        using var c = service.Client(Role.Security);
        using var body = new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json");
        var r = await c.PostAsync($"/api/plans/{service.PlanId}/positions", body, Ct);
        r.StatusCode.ShouldBe(HttpStatusCode.Accepted, await r.Content.ReadAsStringAsync(Ct));
    }
}
