using System.Net;
using System.Text.Json;
using Fortress.Web;

namespace Fortress.Tests.Web;

/// <summary>The service answers each role with that role's view, through the fixture the page's tests share.</summary>
public sealed class ServiceSmokeTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Health_NoToken_Ok()
    {
        using var c = service.Client(null);
        var r = await c.GetAsync("/api/health", TestContext.Current.CancellationToken);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("{\"status\":\"ok\"}");
    }

    [Theory]
    [InlineData(Role.Security, "security")]
    [InlineData(Role.Dispatcher, "dispatcher")]
    [InlineData(Role.Public, "public")]
    [InlineData(Role.Admin, "security")]
    public async Task GetPlan_EachRole_ThatRolesViewAsTheCliWritesIt(Role role, string view)
    {
        using var c = service.Client(role);
        var text = await c.GetStringAsync($"/api/plans/{service.PlanId}", TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("view").GetString().ShouldBe(view);
        text.ShouldBe(Planning.TestPlans.Json(Planning.TestPlans.Flagship, role.View()));
    }

    [Fact]
    public async Task Me_Dispatcher_NameAndRole()
    {
        using var c = service.Client(Role.Dispatcher);
        var text = await c.GetStringAsync("/api/me", TestContext.Current.CancellationToken);
        text.ShouldBe("{\"name\":\"demo dispatcher\",\"role\":\"dispatcher\"}");
    }

    [Fact]
    public async Task OpenApiAndScalar_NoToken_DescribeEveryPathWithBearerAndNoCdn()
    {
        using var c = service.Client(null);
        var doc = await c.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        foreach (var path in new[] { "/api/health", "/api/me", "/api/tokens", "/api/plans", "/api/plans/{id}", "/api/plans/{id}/map", "/api/plans/{id}/speed", "/api/plans/{id}/live", "/api/plans/{id}/events", "/api/plans/{id}/positions", "/api/tokens/{name}", "/api/networks" })
            doc.ShouldContain($"\"{path}\"");
        doc.ShouldContain("\"bearer\"");
        var page = await c.GetStringAsync("/scalar/v1", TestContext.Current.CancellationToken);
        page.ShouldContain("<script");
        page.ShouldNotContain("cdn.", Case.Insensitive);
        page.ShouldNotContain("https://", Case.Insensitive);
    }
}
