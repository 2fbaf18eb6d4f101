using Fortress.Diagnostics;
using Fortress.IO.RailJson;
using Fortress.Network;

namespace Fortress.Tests.Network;

public sealed class RailJsonImportTests
{
    [Fact]
    public void Import_SmallInfra_ReadsTracksSwitchesSpeedsSlopesAndOperationalPoints()
    {
        var (net, _) = SharedNetworks.SmallInfra;
        net.Edges.Count.ShouldBe(31);
        net.TotalLength.Kilometers.ShouldBe(120, tolerance: 10); // the data README: 120 km
        net.OperationalPoints.Select(o => o.Name).Distinct().Count().ShouldBe(8);
        net.Edges.ShouldContain(e => e.Gradients.Count > 0);
        net.Edges.ShouldContain(e => e.Curves.Count > 0);
        net.Edges.ShouldContain(e => e.Electrification != null && e.Electrification.Volts == 25000);
        // speed_section.0 limits TA0 to 83.33 m/s (300 km/h).
        var ta0 = net.Edges.Single(e => e.SourceRef == "TA0");
        ta0.Speeds[0].Forward.MetersPerSecond.ShouldBe(83.333, tolerance: 0.01);
        // Switch PA0 joins TA1's end with TA3 and TA4: one node, three edges.
        var ta1 = net.Edges.Single(e => e.SourceRef == "TA1");
        net.IncidentEdges(ta1.To).Select(x => net[x.Edge].SourceRef).Order().ShouldBe(["TA1", "TA3", "TA4"]);
    }

    [Fact]
    public void Import_BrokenReferences_ReportsEveryProblemWithItsJsonPath()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fortress-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            {"track_sections": [
               {"id": "T1", "length": 1000, "geo": {"type": "LineString", "coordinates": [[2.0, 48.0], [2.01, 48.0]]}},
               {"id": "T2", "length": -5, "geo": {"type": "LineString", "coordinates": [[2.01, 48.0], [2.02, 48.0]]}}],
             "switches": [{"id": "S", "switch_type": "link", "ports": {"A": {"endpoint": "END", "track": "T1"}, "B": {"endpoint": "MIDDLE", "track": "T9"}}}]}
            """);
        try
        {
            var ex = Should.Throw<InvalidInputException>(() => RailJsonImporter.Import(file));
            ex.Problems.ShouldContain(p => p.Where.EndsWith("$.track_sections[1]") && p.Message.Contains("positive \"length\""));
            ex.Problems.ShouldContain(p => p.Where.EndsWith("$.switches[0].ports.B") && p.Message.Contains("unknown track \"T9\""));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void WriteRead_SmallInfra_KeepsGradientsCurvesAndSpeedSections()
    {
        var (net, _) = SharedNetworks.SmallInfra;
        var file = Path.Combine(Path.GetTempPath(), $"fortress-{Guid.NewGuid():N}.fnet");
        try
        {
            Fortress.IO.NetworkFile.NetworkFileFormat.Write(net, file);
            var back = Fortress.IO.NetworkFile.NetworkFileFormat.Read(file);
            for (var i = 0; i < net.Edges.Count; i++)
            {
                back.Edges[i].Gradients.ShouldBe(net.Edges[i].Gradients);
                back.Edges[i].Curves.ShouldBe(net.Edges[i].Curves);
                back.Edges[i].Speeds.ShouldBe(net.Edges[i].Speeds);
                back.Edges[i].Electrification.ShouldBe(net.Edges[i].Electrification);
            }
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Import_NotRailJson_ThrowsInvalidInput()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fortress-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"hello\": 1}");
        try { Should.Throw<InvalidInputException>(() => RailJsonImporter.Import(file)).Message.ShouldContain("track_sections"); }
        finally { File.Delete(file); }
    }
}
