using Fortress.Cli;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Tests.Logistics;

/// <summary>Provisioning and evacuation reach the security view (JSON keys, table lines) and no other.</summary>
public class LogisticsViewTests
{
    private static readonly Lazy<PlanState> Flagship = new(() => Planning.TestPlans.Plan(Scenarios.ReadBuiltIn() with { Traffic = null }));

    [Theory]
    [InlineData("public")]
    [InlineData("dispatcher")]
    public void RestrictedViews_CarryNeither(string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        var m = PlanViewBuilder.Build(Flagship.Value, ViewPolicy.For(view));
        m.Provisioning.ShouldBeNull();
        m.Evacuation.ShouldBeNull();
        var json = FortressJson.Write(PlanDocument.From(m));
        json.ShouldNotContain("\"provisioning\"");
        json.ShouldNotContain("\"evacuation\"");
    }

    [Fact]
    public void SecurityView_JsonAndTable_CarryBoth()
    {
        var m = PlanViewBuilder.Build(Flagship.Value, ViewPolicy.For(PlanView.Security));
        var json = FortressJson.Write(PlanDocument.From(m));
        json.ShouldContain("\"provisioning\"");
        json.ShouldContain("\"evacuation\"");
        json.ShouldContain("\"longestGap\"");
        json.ShouldContain("\"litresNeeded\"");
        var o = new StringWriter();
        var report = Path.Combine(Path.GetTempPath(), $"plan-logistics-{Guid.NewGuid():N}.html");
        CliHost.Invoke(CliHost.BuildRoot(), ["plan", "--view", "security", "--report", report], o, new StringWriter()).ShouldBe(0);
        File.Delete(report);
        o.ToString().ShouldContain("Provisioning: 149 people");
        // The Russian diesel takes over where the 3 kV overhead line ends, at Tumangang, and hands over at Ussuriysk.
        o.ToString().ShouldContain("Diesel (train main) ru-2te116 Tumangang - Ussuriysk");
        o.ToString().ShouldContain("Evacuation: longest gap");
    }
}
