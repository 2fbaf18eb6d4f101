using System.Text.Json;
using Fortress.IO;
using Fortress.IO.Json;

namespace Fortress.Tests.Planning;

/// <summary>Every number in the built-in scenario has a source or a stated assumption beside it.</summary>
public class ScenarioSourcesTests
{
    [Theory]
    [InlineData(ScenarioReader.Flagship)]
    [InlineData("state-visit-2023.json")]
    public void BuiltInVisit_EverySectionWithFigures_HasASourceOrAssumption(string scenario)
    {
        using var doc = JsonDocument.Parse(BuiltIn.Text(scenario));
        var root = doc.RootElement;
        var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        foreach (var key in new[] { "corridor.lengths", "corridor.speedLimits", "corridor.gradients", "corridor.tracks", "corridor.electrification",
                     "gaugeChanges", "tractionChanges", "zones", "headways", "journey", "traffic", "loops", "security", "coordinates", "train" })
        {
            sources.ShouldContainKey(key);
            sources[key].Length.ShouldBeGreaterThan(40, key);
        }
        // Inline vehicles (the regular traffic's wagons and coaches) cite each of their figures like the catalogue does.
        var inline = 0;
        foreach (var c in root.GetProperty("traffic").GetProperty("consists").EnumerateObject())
            if (c.Value.GetProperty("train").TryGetProperty("vehicles", out var vehicles))
                foreach (var v in vehicles.EnumerateArray())
                {
                    inline++;
                    var vs = v.GetProperty("sources");
                    foreach (var k in FortressTrainReader.SourcedKeys.Where(k => v.TryGetProperty(k, out _)))
                        vs.TryGetProperty(k, out _).ShouldBeTrue($"{v.GetProperty("id").GetString()}: {k}");
                }
        inline.ShouldBeGreaterThan(0);
    }
}
