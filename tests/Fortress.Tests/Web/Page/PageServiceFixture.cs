using Fortress.Web;

namespace Fortress.Tests.Web.Page;

/// <summary>
/// The real service (<see cref="ServiceFixture"/>) serving the console page built by web/build.sh from
/// src/Fortress.Web/wwwroot of this checkout.
/// </summary>
public sealed class PageServiceFixture : ServiceFixture
{
    /// <summary>The built page's folder in this checkout.</summary>
    public static string WebRoot => Path.Combine(TestData.RepoRoot, "src", "Fortress.Web", "wwwroot");

    /// <summary>Whether the page has been built (web/build.sh; test.sh runs it).</summary>
    public static bool PageBuilt => File.Exists(Path.Combine(WebRoot, "index.html"));

    protected override WebOptions Options() => base.Options() with { WebRoot = WebRoot };
}
