using Fortress.Diagnostics;
using Fortress.IO.Osm;
using Fortress.Network;

namespace Fortress.Tests.Network;

public sealed class OsmImportTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("fortress-osm-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Import_CologneExtract_KeepsAllRailTrackAndReportsDefaults()
    {
        var (net, report) = SharedNetworks.Cologne;
        // The data README: 5,920 railway=rail ways, about 1,541 km; gauge on 5,850 ways, maxspeed on 2,370.
        report.Counts["rail ways read"].ShouldBe(5920);
        net.TotalLength.Kilometers.ShouldBe(1541, tolerance: 15);
        report.Defaulted["gauge"].Edges.ShouldBeGreaterThan(0);
        report.Defaulted["maxspeed"].Edges.ShouldBeGreaterThan(report.Defaulted["gauge"].Edges);
        report.Defaulted["axleload"].Edges.ShouldBe(net.Edges.Count);
        net.MajorityGauge.ShouldBe(1435);
        net.Edges.Count(e => e.Electrification is { Volts: 15000 }).ShouldBeGreaterThan(net.Edges.Count / 2);
        net.FindOperationalPoints("Köln Hauptbahnhof").ShouldNotBeEmpty();
        report.ToString().ShouldContain("maxspeed");
    }

    [Theory]
    [InlineData("Köln Hbf")]
    [InlineData("koeln hbf")] // not a name: offered as "did you mean"
    public void Find_CologneAbbreviation_SameStationAsTheFullName(string query)
    {
        var (net, _) = SharedNetworks.Cologne;
        var full = net.FindOperationalPoints("Köln Hauptbahnhof");
        full.ShouldNotBeEmpty();
        var found = net.FindOperationalPoints(query);
        if (found.Count > 0) found.Select(o => o.SourceId).ShouldBe(full.Select(o => o.SourceId), ignoreOrder: true);
        else net.SuggestNames(query)[0].ShouldBe("Köln Hauptbahnhof");
        if (query == "Köln Hbf") found.ShouldNotBeEmpty();
    }

    [Fact]
    public void Import_ShortAltAndRailwayRefNames_AllFindTheStation()
    {
        var file = Path.Combine(temp, "names.osm");
        File.WriteAllText(file, """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="50.94" lon="6.95"/>
              <node id="2" lat="50.943" lon="6.958"><tag k="railway" v="station"/><tag k="name" v="Köln Hauptbahnhof"/>
                <tag k="short_name" v="Köln Hbf"/><tag k="alt_name" v="Cologne Central;Köln Zentral"/><tag k="railway:ref" v="KK"/></node>
              <node id="3" lat="50.95" lon="6.97"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="railway" v="rail"/></way>
            </osm>
            """);
        var (net, _) = OsmImporter.Import(file);
        foreach (var q in new[] { "Köln Hauptbahnhof", "Koln Hbf", "KK", "kk", "Cologne Central", "Köln Zentral" })
            net.FindOperationalPoints(q).ShouldHaveSingleItem(q).Name.ShouldBe("Köln Hauptbahnhof");
        net.FindOperationalPoints("Cologne Central;Köln Zentral").ShouldBeEmpty();
    }

    [Fact]
    public void Import_CologneExtract_SplitsWaysAtSharedNodesOnly()
    {
        var (net, _) = SharedNetworks.Cologne;
        // Every interior node of an edge is used by no other edge: a node where three or more edges meet is a switch.
        net.Nodes.Count.ShouldBeLessThan(net.Edges.Count + 1);
        var degrees = new int[net.Nodes.Count];
        foreach (var e in net.Edges) { degrees[e.From.Value]++; degrees[e.To.Value]++; }
        degrees.Count(d => d >= 3).ShouldBeGreaterThan(500);
        net.Edges.ShouldAllBe(e => e.Geometry.Count >= 2 && e.Length.Meters > 0);
    }

    [Fact]
    public void Import_MoscowXml_ReadsDualScriptNamesAndGauge1520()
    {
        var (net, _) = SharedNetworks.Moscow;
        net.MajorityGauge.ShouldBe(1520);
        net.FindOperationalPoints("РЖЕВСКАЯ").ShouldNotBeEmpty();
    }

    [Fact]
    public void Import_MonacoRoadsAndRail_KeepsOnlyTheRailWays()
    {
        var (net, report) = OsmImporter.Import(TestData.Require("osm/monaco.osm.pbf"));
        report.Counts["rail ways read"].ShouldBe(69); // the data README: 69 rail ways mixed with roads
        net.Edges.ShouldAllBe(e => e.SourceWayId > 0);
        net.Edges.Count.ShouldBeGreaterThan(0);
        // 67 edges, 32.6 km (the extract reaches into France); its 2,927 highway ways would add far more.
        net.TotalLength.Kilometers.ShouldBeInRange(25, 40);
        net.Edges.Count.ShouldBeLessThan(100);
    }

    [Fact]
    public void Import_TruncatedPbf_ThrowsInvalidInputNamingTruncation()
    {
        var source = TestData.Require("osm/cologne-railway.osm.pbf");
        var bytes = File.ReadAllBytes(source);
        var cut = Path.Combine(temp, "cut.osm.pbf");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var ex = Should.Throw<InvalidInputException>(() => OsmImporter.Import(cut));
        ex.Message.ShouldContain("truncated");
        ex.Problems[0].Where.ShouldContain("cut.osm.pbf");
    }

    [Fact]
    public void Import_XmlThatIsNotOsm_ThrowsInvalidInputNamingRootElement()
    {
        var file = Path.Combine(temp, "notosm.osm");
        File.WriteAllText(file, "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"><trk/></gpx>");
        var ex = Should.Throw<InvalidInputException>(() => OsmImporter.Import(file));
        ex.Message.ShouldContain("not OpenStreetMap");
        ex.Message.ShouldContain("<gpx>");
    }

    [Fact]
    public void Import_OsmWithOnlyARoad_ThrowsInvalidInputSayingThereIsNoRail()
    {
        var file = Path.Combine(temp, "road.osm");
        File.WriteAllText(file, """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="43.73" lon="7.42"/>
              <node id="2" lat="43.74" lon="7.43"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
            </osm>
            """);
        var ex = Should.Throw<InvalidInputException>(() => OsmImporter.Import(file));
        ex.Message.ShouldContain("no rail track");
        ex.Message.ShouldContain("railway=rail");
    }

    [Fact]
    public void Import_BinaryGarbage_ThrowsInvalidInput()
    {
        var file = Path.Combine(temp, "garbage.pbf");
        File.WriteAllBytes(file, Enumerable.Range(0, 1000).Select(i => (byte)(i * 37)).ToArray());
        Should.Throw<InvalidInputException>(() => OsmImporter.Import(file)).Message.ShouldContain("not an OpenStreetMap file");
    }

    [Theory]
    [InlineData("80", 80.0)]
    [InlineData("80 km/h", 80.0)]
    [InlineData("50 mph", 80.4672)]
    [InlineData("160;120", 160.0)]
    public void ParseSpeed_OsmValues_GiveKilometresPerHour(string text, double kmh) =>
        OsmImporter.ParseSpeed(text)!.Value.KilometersPerHour.ShouldBe(kmh, tolerance: 1e-6);

    [Theory]
    [InlineData("none")]
    [InlineData("signals")]
    [InlineData("RU:urban")]
    public void ParseSpeed_NonNumeric_IsNull(string text) => OsmImporter.ParseSpeed(text).ShouldBeNull();

    [Fact]
    public void Import_DualGaugeAndDirectionalSpeedTags_AreKept()
    {
        var file = Path.Combine(temp, "dual.osm");
        File.WriteAllText(file, """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="42.30" lon="130.60"/>
              <node id="2" lat="42.31" lon="130.61"/>
              <node id="3" lat="42.32" lon="130.62"><tag k="railway" v="station"/><tag k="name" v="Хасан"/><tag k="name:en" v="Khasan"/><tag k="name:ko" v="하산"/></node>
              <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
                <tag k="railway" v="rail"/><tag k="gauge" v="1435;1520"/><tag k="maxspeed:forward" v="60"/><tag k="maxspeed:backward" v="30 mph"/>
                <tag k="electrified" v="contact_line"/><tag k="voltage" v="3000"/><tag k="frequency" v="0"/><tag k="maxaxleload" v="23.5"/>
              </way>
            </osm>
            """);
        var (net, report) = OsmImporter.Import(file);
        var e = net.Edges.ShouldHaveSingleItem();
        e.Gauges.ShouldBe([1435, 1520]);
        e.Speeds[0].Forward.KilometersPerHour.ShouldBe(60, 1e-9);
        e.Speeds[0].Backward.MilesPerHour.ShouldBe(30, 1e-9);
        e.Electrification!.Volts.ShouldBe(3000);
        e.Electrification.IsDirectCurrent.ShouldBeTrue();
        e.AxleLoadLimit!.Value.Tonnes.ShouldBe(23.5, 1e-9);
        e.SourceWayId.ShouldBe(10);
        net.FindOperationalPoints("khasan").ShouldHaveSingleItem().Names["name:ko"].ShouldBe("하산");
        net.FindOperationalPoints("하산").ShouldHaveSingleItem();
        report.Defaulted.ContainsKey("gauge").ShouldBeFalse();
    }
}
