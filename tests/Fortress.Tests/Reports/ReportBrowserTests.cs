using System.Text.Json;
using Fortress.Planning;
using Microsoft.Playwright;

namespace Fortress.Tests.Reports;

/// <summary>
/// Opens the security report in a real headless browser (Debian's chromium, never a downloaded one), with every
/// network request blocked, and checks through the DOM that the charts are there and laid out. Skips when
/// /usr/bin/chromium is not installed (test.sh installs it).
/// </summary>
public class ReportBrowserTests
{
    internal const string Chromium = "/usr/bin/chromium";

    /// <summary>Where a copy of the screenshot is left for people to look at.</summary>
    public const string ScreenshotCopy = "/tmp/fortress-report.png";

    /// <summary>Where a copy of the dispatcher report's screenshot is left.</summary>
    public const string DispatcherScreenshotCopy = "/tmp/fortress-report-dispatcher.png";

    /// <summary>Debian's chromium, headless, with the flags the project uses everywhere (never a downloaded browser).</summary>
    internal static async Task<IBrowser> Launch(IPlaywright playwright) => await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Opens the file with every request that is not for a file aborted; returns the page and the list of requested URLs.</summary>
    private static async Task<(IPage Page, List<string> Requested)> Open(IBrowser browser, string file)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var requested = new List<string>();
        page.Request += (_, r) => { lock (requested) requested.Add(r.Url); };
        await page.RouteAsync("**/*", r => r.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? r.ContinueAsync() : r.AbortAsync());
        var response = await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        response.ShouldNotBeNull();
        return (page, requested);
    }

    [Fact]
    public async Task DispatcherReport_InHeadlessChromium_ShowsPathsButNoConvoy()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install chromium); the browser check is skipped");
        var dir = Directory.CreateTempSubdirectory("fortress-report-");
        try
        {
            var file = Path.Combine(dir.FullName, "dispatcher.html");
            await File.WriteAllTextAsync(file, ReportFixture.Html(PlanView.Dispatcher), TestContext.Current.CancellationToken);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Launch(playwright);
            var (page, requested) = await Open(browser, file);
            (await page.Locator("svg#space-time polyline.train-path").CountAsync()).ShouldBe(3);
            (await page.Locator("svg#speed-distance").CountAsync()).ShouldBe(0);
            (await page.Locator("svg#precise-stop").CountAsync()).ShouldBe(0);
            var text = await page.InnerTextAsync("body");
            foreach (var t in ReportFixture.Journey.Trains) text.ShouldNotContain(t.Name, Case.Insensitive);
            text.ShouldNotContain("pilot", Case.Insensitive);
            text.ShouldNotContain("escort", Case.Insensitive);
            var shot = Path.Combine(dir.FullName, "dispatcher.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            try { File.Copy(shot, DispatcherScreenshotCopy, overwrite: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            lock (requested) requested.ShouldAllBe(u => u.StartsWith("file:"), string.Join(", ", requested));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_InHeadlessChromium_DrawsTheChartsOffline()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install chromium); the browser check is skipped");
        var dir = Directory.CreateTempSubdirectory("fortress-report-");
        try
        {
            var file = Path.Combine(dir.FullName, "report.html");
            await File.WriteAllTextAsync(file, ReportFixture.Html(PlanView.Security), TestContext.Current.CancellationToken);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Launch(playwright);
            var (page, requested) = await Open(browser, file);

            // The space-time chart is laid out, with its three train paths drawn inside it.
            var box = await page.Locator("svg#space-time").BoundingBoxAsync();
            box.ShouldNotBeNull();
            box.Width.ShouldBeGreaterThan(600);
            box.Height.ShouldBeGreaterThan(300);
            (await page.Locator("svg#space-time polyline.train-path").CountAsync()).ShouldBe(3);
            var pathBoxes = await page.EvaluateAsync<JsonElement>(
                "() => [...document.querySelectorAll('svg#space-time polyline.train-path')].map(p => { const b = p.getBBox(); return [b.width, b.height]; })");
            foreach (var b in pathBoxes.EnumerateArray())
            {
                b[0].GetDouble().ShouldBeGreaterThan(500);
                b[1].GetDouble().ShouldBeGreaterThan(300);
            }

            // Station labels are rendered and visible.
            foreach (var place in new[] { "Pyongyang", "Khasan", "Vladivostok" })
                (await page.Locator("svg#space-time text.place", new() { HasTextString = place }).First.IsVisibleAsync()).ShouldBeTrue(place);

            // The other figures.
            foreach (var id in new[] { "space-time-detail", "speed-distance", "route-map", "precise-stop" })
            {
                var b = await page.Locator($"svg#{id}").BoundingBoxAsync();
                b.ShouldNotBeNull(id);
                (b.Width * b.Height).ShouldBeGreaterThan(10_000, id);
            }
            (await page.Locator("svg#route-map circle.station-dot").CountAsync()).ShouldBeGreaterThanOrEqualTo(10);
            (await page.Locator("svg#speed-distance polyline.run-envelope").CountAsync()).ShouldBe(1);
            (await page.Locator("table.timetable").CountAsync()).ShouldBe(3);

            var shot = Path.Combine(dir.FullName, "report.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            new FileInfo(shot).Length.ShouldBeGreaterThan(20_000);
            try { File.Copy(shot, ScreenshotCopy, overwrite: true); }
            catch (IOException) { /* a copy for people only */ }
            catch (UnauthorizedAccessException) { }

            // Nothing but the file itself was requested.
            lock (requested) requested.ShouldAllBe(u => u.StartsWith("file:"), string.Join(", ", requested));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
