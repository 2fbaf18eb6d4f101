using Fortress.Cli;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Tests.Logistics;

/// <summary>Provisioning and evacuation reach the security view (JSON keys, table lines) and no other.</summary>
public class LogisticsViewTests
{
    private static readonly Lazy<ConvoyPlan> Flagship = new(() => PlanningService.Plan(ScenarioReader.ReadBuiltIn() with { Traffic = null }).Plan);

    [Theory]
    [InlineData(PlanView.Public)]
    [InlineData(PlanView.Dispatcher)]
    public void RestrictedViews_CarryNeither(PlanView view)
    {
        var m = PlanViewBuilder.Build(Flagship.Value, view);
        m.Provisioning.ShouldBeNull();
        m.Evacuation.ShouldBeNull();
        var json = PlanJson.Write(m);
        json.ShouldNotContain("\"provisioning\"");
        json.ShouldNotContain("\"evacuation\"");
    }

    [Fact]
    public void SecurityView_JsonAndTable_CarryBoth()
    {
        var m = PlanViewBuilder.Build(Flagship.Value, PlanView.Security);
        var json = PlanJson.Write(m);
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
        o.ToString().ShouldContain("Diesel (main) ru-2te116 Tumangang - Ussuriysk");
        o.ToString().ShouldContain("Evacuation: longest gap");
    }
}
