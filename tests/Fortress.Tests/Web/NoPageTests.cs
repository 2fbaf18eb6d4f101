using System.Net;
using Fortress.Web;

namespace Fortress.Tests.Web;

/// <summary>The service on a web root without a built page.</summary>
public sealed class NoPageServiceFixture : ServiceFixture
{
    // An empty web root (it must exist: a missing one would fall back to the wwwroot beside the assembly).
    protected override WebOptions Options() => base.Options() with { WebRoot = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "empty-wwwroot")).FullName };
}

public sealed class NoPageTests(NoPageServiceFixture service) : IClassFixture<NoPageServiceFixture>
{
    [Fact]
    public async Task Root_PageNotBuilt_SaysHowToBuildIt()
    {
        using var c = service.Client(null);
        using var r = await c.GetAsync("/", TestContext.Current.CancellationToken);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("web/build.sh");
    }
}
