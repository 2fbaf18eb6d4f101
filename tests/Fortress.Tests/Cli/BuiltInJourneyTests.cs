using System.Text.Json;

namespace Fortress.Tests.Cli;

/// <summary>The two built-in journeys (issue 13) and the precise stop's new fields in <c>fortress run</c> JSON.</summary>
public class BuiltInJourneyTests
{
    [Fact]
    public void ScenarioList_ShowsThe2019And2023Visits()
    {
        var (code, output, err) = RunCommandTests.Fortress("scenario", "list");
        code.ShouldBe(0, err);
        output.ShouldContain("scenario  state-visit.json");
        output.ShouldContain("scenario  state-visit-2023.json");
    }

    [Fact]
    public void Run_DefaultPreciseStop_JsonKeepsOldFieldsAndAddsTheMonteCarlo()
    {
        var (code, output, err) = RunCommandTests.Fortress("run", "--format", "json");
        code.ShouldBe(0, err);
        using var d = JsonDocument.Parse(output);
        var p = d.RootElement.GetProperty("preciseStops")[0];
        foreach (var k in new[] { "stop", "car", "markerMeters", "errorMeters", "spreadLowMeters", "spreadHighMeters", "approachSpeedForToleranceKmh", "withinTolerance" })
            p.TryGetProperty(k, out _).ShouldBeTrue(k);
        var probability = p.GetProperty("probabilityWithinTolerance").GetDouble();
        probability.ShouldBeInRange(0.0, 1.0);
        p.GetProperty("doorErrorP5Meters").GetDouble().ShouldBeLessThan(p.GetProperty("doorErrorP95Meters").GetDouble());
        p.TryGetProperty("approachSpeedFor95PercentKmh", out _).ShouldBeTrue();
        var mc = p.GetProperty("monteCarlo");
        var samples = mc.GetProperty("samples").GetInt32();
        mc.GetProperty("histogram").EnumerateArray().Sum(h => h.GetProperty("count").GetInt32()).ShouldBe(samples);
        mc.GetProperty("buildUpMinSeconds").GetDouble().ShouldBeLessThan(mc.GetProperty("buildUpMaxSeconds").GetDouble());
    }
}
