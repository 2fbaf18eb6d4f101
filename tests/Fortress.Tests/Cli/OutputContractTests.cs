using System.Text.Json;
using System.Text.RegularExpressions;
using Fortress.Cli;
using Fortress.Running;

namespace Fortress.Tests.Cli;

/// <summary>
/// The JSON of <c>fortress run</c> and <c>fortress route</c> against the field lists docs/formats.md gives ("Run JSON",
/// "Route JSON and GeoJSON"): every documented object is present, with exactly the documented fields in the documented
/// order. The lists are read from the document, so the docs and the records cannot drift apart.
/// </summary>
public sealed partial class OutputContractTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("fortress-contract-").FullName;

    /// <summary>
    /// A small network with every kind of change: West - Mitte standard gauge under 3 kV DC, Mitte - East broad gauge
    /// without wires, and a switch east of it whose two branches (Nord, Süd) are 7 degrees apart, so that going from one
    /// to the other reverses. Names with non-ASCII letters and '+' as people write them.
    /// </summary>
    internal const string ChangesOsm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="Fortress tests">
          <node id="1" lat="50.0" lon="7.00"><tag k="railway" v="station"/><tag k="name" v="West"/></node>
          <node id="2" lat="50.0" lon="7.05"><tag k="railway" v="station"/><tag k="name" v="Mitte"/></node>
          <node id="3" lat="50.0" lon="7.10"><tag k="railway" v="station"/><tag k="name" v="Öst+Ende"/></node>
          <node id="4" lat="50.0" lon="7.15"/>
          <node id="5" lat="50.002" lon="7.20"><tag k="railway" v="station"/><tag k="name" v="Nord"/></node>
          <node id="6" lat="49.998" lon="7.20"><tag k="railway" v="station"/><tag k="name" v="Süd"/></node>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="railway" v="rail"/><tag k="gauge" v="1435"/><tag k="electrified" v="contact_line"/><tag k="voltage" v="3000"/><tag k="frequency" v="0"/><tag k="maxspeed" v="100"/></way>
          <way id="11"><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="electrified" v="no"/><tag k="maxspeed" v="80"/></way>
          <way id="12"><nd ref="4"/><nd ref="5"/><tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="maxspeed" v="60"/></way>
          <way id="13"><nd ref="4"/><nd ref="6"/><tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="maxspeed" v="60"/></way>
        </osm>
        """;

    [Fact]
    public void RunJson_BuiltInArrival_HasExactlyTheDocumentedFieldsInOrder()
    {
        var fields = Documented("## Run JSON");
        var (code, output, err) = RunCommandTests.Fortress("run", "--format", "json");
        code.ShouldBe(CliHost.Ok, err);
        ShouldMatch(fields, output);
    }

    [Fact]
    public void RouteJson_GaugeTractionAndReversal_HasExactlyTheDocumentedFieldsInOrder()
    {
        var fields = Documented("## Route JSON");
        var osm = Path.Combine(temp, "changes.osm");
        File.WriteAllText(osm, ChangesOsm);
        var train = Path.Combine(TestData.RepoRoot, "scenarios", "kp-regular-passenger.train.json"); // electric, 3 kV DC
        var (code, changes, err) = RunCommandTests.Fortress("route", "--osm", osm, "--from", "West", "--to", "Öst+Ende", "--gauge", "1435",
            "--gauge-change", "Mitte=60", "--allow-locomotive-change", "--train", train, "--format", "json");
        code.ShouldBe(CliHost.Ok, err);
        (code, var reversal, err) = RunCommandTests.Fortress("route", "--osm", osm, "--from", "Nord", "--to", "Süd", "--allow-reversal", "--format", "json");
        code.ShouldBe(CliHost.Ok, err);
        ShouldMatch(fields, changes, reversal);
        // What the changes say, and text as it is written (no \u escapes).
        using var d = JsonDocument.Parse(changes);
        var g = d.RootElement.GetProperty("gaugeChanges").EnumerateArray().ShouldHaveSingleItem();
        (g.GetProperty("facility").GetString(), g.GetProperty("fromGaugeMillimeters").GetInt32(), g.GetProperty("toGaugeMillimeters").GetInt32(), g.GetProperty("durationSeconds").GetDouble())
            .ShouldBe(("Mitte", 1435, 1520, 3600.0));
        d.RootElement.GetProperty("tractionChanges")[0].GetProperty("to").GetString().ShouldBe("diesel locomotive");
        changes.ShouldContain("\"to\": \"Öst+Ende\"");
    }

    [Fact]
    public void RouteGeoJson_Changes_LineThenPointsWithTypeGeometryProperties()
    {
        var osm = Path.Combine(temp, "changes.osm");
        File.WriteAllText(osm, ChangesOsm);
        var train = Path.Combine(TestData.RepoRoot, "scenarios", "kp-regular-passenger.train.json");
        var (code, output, err) = RunCommandTests.Fortress("route", "--osm", osm, "--from", "West", "--to", "Öst+Ende", "--gauge", "1435",
            "--gauge-change", "Mitte=60", "--allow-locomotive-change", "--train", train, "--format", "geojson");
        code.ShouldBe(CliHost.Ok, err);
        using var d = JsonDocument.Parse(output);
        Keys(d.RootElement).ShouldBe(["type", "features"]);
        var features = d.RootElement.GetProperty("features").EnumerateArray().ToList();
        features.ShouldAllBe(f => Keys(f).SequenceEqual(new[] { "type", "geometry", "properties" }));
        features.ShouldAllBe(f => Keys(f.GetProperty("geometry")).SequenceEqual(new[] { "type", "coordinates" }));
        Keys(features[0].GetProperty("properties")).ShouldBe(["from", "to", "train", "lengthMeters", "runningTimeSeconds"]);
        features.Skip(1).ShouldAllBe(f => Keys(f.GetProperty("properties")).SequenceEqual(new[] { "kind", "name", "positionMeters" }));
        features.Skip(1).Select(f => f.GetProperty("properties").GetProperty("kind").GetString())
            .ShouldBe(["station", "station", "station", "gaugeChange", "tractionChange"]);
        features[4].GetProperty("properties").GetProperty("name").GetString().ShouldBe("Mitte: 1435 -> 1520 mm, 60 min");
    }

    [Fact]
    public void PreciseStopDocument_WithoutMonteCarlo_LeavesOutItsFieldsOnly()
    {
        var input = Fortress.IO.Files.RunInputs.Load(null, null);
        var result = RunningTimeCalculator.Run(input.Consist, input.Path, RunOptions.Default);
        var withMc = RunDocument.From(result, input.Consist, RunOptions.Default, null);
        var bare = withMc with { PreciseStops = [PreciseStopDocument.From(result.PreciseStops[0] with { Uncertainty = null })] };
        var documented = Documented("## Run JSON")["preciseStops[]"];
        using var d = JsonDocument.Parse(FortressJson.Write(bare));
        Keys(d.RootElement.GetProperty("preciseStops")[0]).ShouldBe(documented.TakeWhile(k => k != "probabilityWithinTolerance"));
        using var m = JsonDocument.Parse(FortressJson.Write(withMc));
        Keys(m.RootElement.GetProperty("preciseStops")[0]).ShouldBe(documented);
    }

    /// <summary>The field lists of a section of docs/formats.md: "- `path`: `a`, `b`" lines ("(top level)" for the root).</summary>
    private static Dictionary<string, string[]> Documented(string heading)
    {
        var text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "formats.md"));
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"docs/formats.md has no section {heading}");
        var end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var fields = new Dictionary<string, string[]>();
        foreach (Match m in FieldLine().Matches(section))
            fields[m.Groups["path"].Success ? m.Groups["path"].Value : ""] = Backticked().Matches(m.Groups["fields"].Value).Select(x => x.Groups[1].Value).ToArray();
        fields.ShouldContainKey("", $"{heading}: no top-level field list");
        return fields;
    }

    /// <summary>Every documented place is in one of <paramref name="outputs"/> at least once, and every object there has exactly its fields, in order.</summary>
    private static void ShouldMatch(Dictionary<string, string[]> fields, params string[] outputs)
    {
        var docs = outputs.Select(o => JsonDocument.Parse(o)).ToArray();
        try
        {
            foreach (var (path, keys) in fields)
            {
                var objects = docs.SelectMany(d => At(d.RootElement, path)).ToList();
                objects.ShouldNotBeEmpty($"no object at '{path}' in the output");
                foreach (var o in objects) Keys(o).ShouldBe(keys, $"fields at '{path}'");
            }
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    /// <summary>The objects at a documented place: "" the root, "a.b" a member's member, "a[]" each element of an array.</summary>
    private static IEnumerable<JsonElement> At(JsonElement root, string path)
    {
        IEnumerable<JsonElement> current = [root];
        if (path.Length == 0) return current;
        foreach (var part in path.Split('.'))
        {
            var array = part.EndsWith("[]", StringComparison.Ordinal);
            var name = array ? part[..^2] : part;
            current = current.Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _)).Select(e => e.GetProperty(name))
                .SelectMany(e => array ? e.EnumerateArray().ToArray() : [e]).ToList();
        }
        return current;
    }

    private static string[] Keys(JsonElement o) => o.EnumerateObject().Select(p => p.Name).ToArray();

    [GeneratedRegex(@"^- (?:\(top level\)|`(?<path>[^`]+)`): (?<fields>`.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldLine();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    public void Dispose()
    {
        try { Directory.Delete(temp, true); } catch (IOException) { }
    }
}
