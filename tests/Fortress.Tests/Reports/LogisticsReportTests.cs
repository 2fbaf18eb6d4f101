using Fortress.Planning;
using Microsoft.Playwright;

namespace Fortress.Tests.Reports;

/// <summary>
/// The security-only report sections: sweep roster, berth plan, provisioning (loads, stock chart, fuel) and evacuation
/// coverage (chart with thresholds, the longest gap and the points). Present for security, absent for public and
/// dispatcher; the security report is opened in headless chromium to check the charts are laid out.
/// </summary>
public class LogisticsReportTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Where screenshots of the sections are left for people to look at.</summary>
    public const string ScreenshotCopy = "/tmp/fortress-report-logistics.png";

    private static readonly string[] Sections = ["sweeps", "berths", "provisioning", "evacuation"];

    [Fact]
    public void SecurityReport_HasEverySection()
    {
        var html = ReportFixture.Html(PlanView.Security);
        foreach (var s in Sections) html.ShouldContain($"id=\"{s}\"");
        html.ShouldContain("id=\"evacuation-chart\"");
        html.ShouldContain("id=\"stock-chart\"");
        html.ShouldContain("class=\"worst\"");
        html.ShouldContain("class=\"threshold\"");
        var plan = ReportFixture.State;
        html.ShouldContain(System.Net.WebUtility.HtmlEncode(plan.Evacuation!.WorstBetween));
        foreach (var l in plan.Provisioning!.Loads) html.ShouldContain(System.Net.WebUtility.HtmlEncode(l.Place));
        foreach (var t in plan.Sweeps!.Teams.Where(t => t.Assignments.Count > 0)) html.ShouldContain(System.Net.WebUtility.HtmlEncode(t.Assignments[0].Site.Name));
    }

    [Theory]
    [InlineData("public")]
    [InlineData("dispatcher")]
    public void RestrictedReports_HaveNone(string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        var html = ReportFixture.Html(view);
        foreach (var s in Sections) html.ShouldNotContain($"id=\"{s}\"");
        html.ShouldNotContain("evacuation-chart");
        html.ShouldNotContain("stock-chart");
        html.ShouldNotContain("Sweep roster");
        html.ShouldNotContain("Berth plan");
    }

    [Fact]
    public async Task SecurityReport_InHeadlessChromium_ChartsLaidOut()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install chromium); the browser check is skipped");
        var dir = Directory.CreateTempSubdirectory("fortress-logistics-");
        try
        {
            var file = Path.Combine(dir.FullName, "security.html");
            await File.WriteAllTextAsync(file, ReportFixture.Html(PlanView.Security), TestContext.Current.CancellationToken);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            await page.RouteAsync("**/*", r => r.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? r.ContinueAsync() : r.AbortAsync());
            await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
            foreach (var id in new[] { "evacuation-chart", "stock-chart" })
            {
                var box = await page.Locator($"svg#{id}").BoundingBoxAsync();
                box.ShouldNotBeNull();
                box.Width.ShouldBeGreaterThan(800);
                box.Height.ShouldBeGreaterThan(150);
            }
            (await page.Locator("svg#evacuation-chart path.evac-point").CountAsync()).ShouldBeGreaterThan(3);
            (await page.Locator("svg#stock-chart polyline.stock-line").CountAsync()).ShouldBeGreaterThan(3);
            (await page.Locator("#sweeps table.sweeps tbody tr").CountAsync()).ShouldBeGreaterThan(10);
            (await page.Locator("#berths table.berths tbody tr").CountAsync()).ShouldBe(ReportFixture.State.Berths!.Cars.Count);
            var shot = Path.Combine(dir.FullName, "logistics.png");
            await page.Locator("#provisioning").ScreenshotAsync(new() { Path = Path.Combine(dir.FullName, "provisioning.png") });
            await page.Locator("#evacuation").ScreenshotAsync(new() { Path = shot });
            File.Copy(shot, ScreenshotCopy, overwrite: true);
            File.Copy(Path.Combine(dir.FullName, "provisioning.png"), "/tmp/fortress-report-provisioning.png", overwrite: true);
            await page.Locator("#sweeps").ScreenshotAsync(new() { Path = "/tmp/fortress-report-sweeps.png" });
        }
        finally { dir.Delete(recursive: true); }
    }
}
