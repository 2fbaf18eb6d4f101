using Fortress.Cli;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Tests.Planning;

/// <summary>
/// Need-to-know: nothing that identifies the convoy (train names, consist and vehicle names, roles, the words of its
/// purpose) may appear in the public or dispatcher output, in any format.
/// </summary>
public class ViewLeakTests
{
    private static IEnumerable<string> Secrets(Scenario s) => ConvoySecrets.Of(s);

    public static TheoryData<string, string> Outputs => new() { { "public", "json" }, { "public", "table" }, { "dispatcher", "json" }, { "dispatcher", "table" } };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Plan_RestrictedView_NamesNothingOfTheConvoy(string view, string format)
    {
        var journey = Scenarios.ReadBuiltIn();
        var o = new StringWriter();
        var e = new StringWriter();
        var report = Path.Combine(Path.GetTempPath(), $"plan-{view}-{format}-{Guid.NewGuid():N}.html");
        CliHost.Invoke(CliHost.BuildRoot(), ["plan", "--view", view, "--format", format, "--report", report], o, e).ShouldBe(0, e.ToString());
        var html = File.ReadAllText(report);
        File.Delete(report);
        var text = o.ToString();
        text.Length.ShouldBeGreaterThan(20);
        foreach (var s in Secrets(journey).Distinct())
        {
            text.Replace(report, "").Contains(s, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the {view} {format} output contains '{s}'");
            html.Contains(s, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the {view} report contains '{s}'");
        }
    }

    [Fact]
    public void Plan_SecurityView_ShowsTheConvoy()
    {
        var o = new StringWriter();
        var report = Path.Combine(Path.GetTempPath(), $"plan-security-{Guid.NewGuid():N}.html");
        CliHost.Invoke(CliHost.BuildRoot(), ["plan", "--view", "security", "--format", "json", "--report", report], o, new StringWriter()).ShouldBe(0);
        File.Delete(report);
        var text = o.ToString();
        text.ShouldContain("\"role\": \"pilot\"");
        text.ShouldContain("\"role\": \"main\"");
        text.ShouldContain("\"role\": \"escort\"");
        text.ShouldContain("armoured");
    }

    [Fact]
    public void Plan_DispatcherView_KeepsReservedPathsAndTimes()
    {
        var model = TestPlans.View(TestPlans.Flagship, PlanView.Dispatcher);
        model.Trains.Count.ShouldBe(3);
        model.Trains.ShouldAllBe(t => t.Role == null && t.Name == null && t.Consist == null);
        model.GaugeChanges.Count.ShouldBe(3);
        model.Purpose.ShouldBeNull();
    }
}
