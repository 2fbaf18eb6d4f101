using Fortress.Planning;
using Fortress.Tests.Planning;

namespace Fortress.Tests.Reports;

/// <summary>
/// Need-to-know in the HTML report: nothing that identifies the convoy (train names, consist and vehicle names and
/// ids, roles, the words of its purpose, the journey's name) appears in the public or dispatcher report, neither in
/// the text nor in attributes, titles or CSS.
/// </summary>
public class ReportLeakTests
{
    private static IEnumerable<string> Secrets(Scenario s) => ConvoySecrets.Of(s);

    [Theory]
    [InlineData("public")]
    [InlineData("dispatcher")]
    public void Write_RestrictedView_NamesNothingOfTheConvoy(string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        var html = ReportFixture.Html(view);
        html.Length.ShouldBeGreaterThan(500);
        foreach (var s in Secrets(ReportFixture.Scenario).Distinct())
            html.Contains(s, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the {view} report contains '{s}'");
    }

    [Fact]
    public void Write_SecurityView_NamesTheConvoy()
    {
        var html = ReportFixture.Html(PlanView.Security);
        foreach (var t in ReportFixture.Journey.Trains) html.ShouldContain(System.Net.WebUtility.HtmlEncode(t.Name));
        html.ShouldContain(System.Net.WebUtility.HtmlEncode(ReportFixture.Journey.Purpose));
    }
}
