using System.Collections.Concurrent;
using Fortress.IO.Json;
using Fortress.IO.Reports;
using Fortress.Planning;
using Microsoft.Playwright;

namespace Fortress.Tests.Reports;

/// <summary>
/// The report laid out for any route, checked in Debian's chromium at 1280 px on three routes of very different
/// lengths: the flagship (1,248 km, a border, a break of gauge), the Cologne example (33 km, no border) and the
/// Messe/Deutz shuttle (1.1 km). Every figure's labels inside it and apart, the map's scale bar inside the map, no
/// table cut off, no caption naming a border the route does not cross. With FORTRESS_SCREENSHOTS=DIR set, a reduced
/// screenshot of each page is written there (docs/screenshots is made this way).
/// </summary>
public sealed class ReportLayoutTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "flagship", "security" }, { "flagship", "dispatcher" }, { "flagship", "public" },
        { "cologne", "security" }, { "cologne", "dispatcher" }, { "cologne", "public" },
        { "messe", "security" }, { "messe", "dispatcher" }, { "messe", "public" },
    };

    private static readonly ConcurrentDictionary<string, Lazy<(PlanState Plan, IReadOnlyDictionary<string, (double Lat, double Lon)> Coordinates)>> Planned = new();

    /// <summary>The scenario's plan (planned once per test run) and its places' coordinates; skips without the shared data.</summary>
    internal static (PlanState Plan, IReadOnlyDictionary<string, (double Lat, double Lon)> Coordinates) Plan(string scenario)
    {
        if (scenario == "flagship") return (ReportFixture.State, ReportFixture.Coordinates);
        TestData.Require("osm/cologne-railway.osm.pbf");
        var file = Path.Combine(TestData.RepoRoot, "scenarios", scenario == "cologne" ? "cologne-special.json" : "cologne-messe-shuttle.json");
        return Planned.GetOrAdd(scenario, _ => new(() =>
        {
            var state = Planning.TestPlans.Plan(Scenarios.ReadFile(file));
            return (state, state.Plan.Journey.Corridor.Coordinates());
        })).Value;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Report_AnyRoute_LabelsApartInsideTheirFiguresAndNothingCutOff(string scenario, string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        Assert.SkipUnless(File.Exists(ReportBrowserTests.Chromium), $"{ReportBrowserTests.Chromium} is not installed (apt-get install chromium); the browser check is skipped");
        var (plan, coordinates) = Plan(scenario);
        var dir = Directory.CreateTempSubdirectory("fortress-layout-");
        try
        {
            var file = Path.Combine(dir.FullName, "report.html");
            using (var w = new StreamWriter(file)) PlanReport.Write(plan, ViewPolicy.For(view), w, coordinates);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await ReportBrowserTests.Launch(playwright);
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            await page.RouteAsync("**/*", r => r.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? r.ContinueAsync() : r.AbortAsync());
            await page.GotoAsync(new Uri(file).AbsoluteUri);

            (await LayoutChecks.LabelProblems(page, "svg")).ShouldBeEmpty();
            (await LayoutChecks.CutOffColumns(page)).ShouldBeEmpty();
            if (view != PlanView.Public) (await LayoutChecks.ScaleBarProblems(page, "svg#route-map")).ShouldBeEmpty();

            // Captions name only what the route has: a border is mentioned only where it crosses one.
            var text = await page.InnerTextAsync("body");
            var crossesBorder = plan.Plan.Journey.Corridor.Places.Zip(plan.Plan.Journey.Corridor.Places.Skip(1)).Any(p => !string.Equals(p.First.Country, p.Second.Country, StringComparison.OrdinalIgnoreCase));
            if (!crossesBorder) text.ShouldNotContain("border", Case.Insensitive);

            if (Environment.GetEnvironmentVariable("FORTRESS_SCREENSHOTS") is { Length: > 0 } shots)
                await Screenshots.Page(browser, file, Path.Combine(shots, $"report-{scenario}-{view.Name}.png"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void PublicReport_RegularTrains_CaptionedWithTheirNumbers()
    {
        var html = ReportFixture.Html(PlanView.Public);
        var model = PlanViewBuilder.Build(ReportFixture.State, ViewPolicy.For(PlanView.Public));
        var changed = model.Notices.Select(n => n.Train).ToHashSet();
        changed.ShouldNotBeEmpty();
        foreach (var id in changed) html.ShouldContain($"Train {id}");
    }

    [Fact]
    public void SecurityReport_Summary_SpanAgreesWithFirstDepartureAndLastArrival()
    {
        var html = ReportFixture.Html(PlanView.Security);
        html.ShouldContain("First departure to last arrival");
        html.ShouldContain("Main train journey");
        html.ShouldNotContain("<dt>Duration</dt>");
        var first = ReportFixture.Plan.Trains.Min(t => t.Departure);
        var last = ReportFixture.Plan.Trains.Max(t => t.Arrival);
        var minutes = (long)Math.Round((last - first).TotalMinutes);
        html.ShouldContain($"<dt>First departure to last arrival</dt><dd>{minutes / 60} h {minutes % 60:00} min</dd>");
    }
}

/// <summary>Reduced screenshots for docs/screenshots: half the CSS pixels (device scale 0.5), PNG, the whole page.</summary>
internal static class Screenshots
{
    public static async Task Page(IBrowser browser, string file, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, DeviceScaleFactor = 0.5f });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/*", r => r.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? r.ContinueAsync() : r.AbortAsync());
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }
}
