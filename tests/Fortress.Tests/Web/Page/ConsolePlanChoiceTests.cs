using System.Net;
using System.Text;
using System.Text.Json;
using Fortress.Tests.Reports;
using Fortress.Web;
using Microsoft.Playwright;

namespace Fortress.Tests.Web.Page;

/// <summary>
/// Which plan the page opens: the newest live one (the plan whose trains reported last, else the one stored last), so
/// a restarted demo, stored anew, is what a user sees, never an older plan whose replay has stopped. And a page load
/// asks the service for nothing it is refused (no 401: the page has its own icon).
/// </summary>
public sealed class ConsolePlanChoiceTests(PageServiceFixture service) : IClassFixture<PageServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_SeveralPlans_OpensTheNewestLiveAndIsNeverRefused()
    {
        ConsolePageTests.RequireBrowserAndPage();
        using var c = service.Client(Role.Security);
        service.Clock.Advance(NodaTime.Duration.FromMinutes(1)); // the service's clock: the second plan is stored a minute after the first
        var r = await c.PostAsync("/api/plans", new StringContent(Fortress.IO.Json.BuiltIn.Text(Fortress.IO.Json.ScenarioReader.Flagship), Encoding.UTF8, "application/json"), Ct);
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync(Ct));
        var newer = JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ReportBrowserTests.Launch(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var refused = new List<string>();
        page.Response += (_, x) => { if (x.Status == 401) lock (refused) refused.Add(x.Url); };
        await page.GotoAsync(service.BaseAddress.AbsoluteUri);
        await page.FillAsync("#token", service.Token(Role.Security));
        await page.ClickAsync("button[type=submit]");
        await page.Locator(".plan-picker select").WaitForAsync();
        await page.Locator("svg#route-map").WaitForAsync();
        (await page.InputValueAsync(".plan-picker select")).ShouldBe(newer, "the plan stored last, none having reported");

        // The older plan's trains report: it is the live one now, and a fresh page opens it.
        service.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        var live = await service.LiveAsync();
        await live.AcceptAsync(Fortress.Web.Plans.LivePlan.Simulate(live.Plan, NodaTime.Duration.FromMinutes(10)).Take(10).ToList(), Ct);
        await page.ReloadAsync();
        await page.Locator(".plan-picker select").WaitForAsync();
        await page.Locator("svg#route-map").WaitForAsync();
        (await page.InputValueAsync(".plan-picker select")).ShouldBe(service.PlanId, "the plan whose trains reported last");
        (await page.Locator(".plan-picker option").AllInnerTextsAsync()).Distinct().Count().ShouldBe(2, "two plans of one title are told apart");
        lock (refused) refused.ShouldBeEmpty();
    }
}
