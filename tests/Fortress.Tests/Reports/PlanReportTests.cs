using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fortress.Diagnostics;
using Fortress.IO.Reports;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Tests.Reports;

public class PlanReportTests
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    /// <summary>The page as XML: the writer emits well-formed XHTML-compatible markup, so System.Xml.Linq reads it.</summary>
    private static XDocument Parse(string html) => XDocument.Parse(Regex.Replace(html, "^<!DOCTYPE html>", ""));

    private static IEnumerable<XElement> Svg(XDocument doc, string id) =>
        doc.Descendants(SvgNs + "svg").Where(e => (string?)e.Attribute("id") == id);

    [Theory]
    [InlineData("security")]
    [InlineData("dispatcher")]
    [InlineData("public")]
    public void Write_AnyView_IsSelfContained(string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        var html = ReportFixture.Html(view);
        Parse(html).ShouldNotBeNull();
        // No reference to anything outside the file: no src/href/url() at all except in-page fragments and the SVG namespace.
        Regex.Matches(html, "(?:src|href)\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value).ShouldAllBe(v => v.StartsWith('#'));
        Regex.Matches(html, "url\\(([^)]*)\\)", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value.Trim('\'', '"')).ShouldAllBe(v => v.StartsWith('#'));
        Regex.Replace(html, "xmlns=\"http://www.w3.org/2000/svg\"", "").ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldNotContain("@import");
        html.ShouldNotContain("<script src", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
    }

    [Fact]
    public void Write_RobustnessStudy_SecurityOnlyOneRowPerConvoyTrainPercentilesInOrder()
    {
        var doc = Parse(ReportFixture.Html(PlanView.Security));
        var chart = Svg(doc, "robustness").Single();
        var trains = ReportFixture.Plan.Trains.Select(t => t.Id.Value).ToList();
        var labels = chart.Descendants(SvgNs + "text").Select(t => t.Value).ToList();
        foreach (var t in trains) labels.ShouldContain(t);
        // One dashed line per percentile per train, drawn left to right as p50 <= p90 <= p99.
        var lines = chart.Descendants(SvgNs + "line").Where(l => (string?)l.Attribute("class") == "percentile").Select(l => double.Parse((string)l.Attribute("x1")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        lines.Count.ShouldBe(3 * trains.Count);
        for (var i = 0; i < trains.Count; i++)
        {
            lines[3 * i].ShouldBeLessThanOrEqualTo(lines[3 * i + 1]);
            lines[3 * i + 1].ShouldBeLessThanOrEqualTo(lines[3 * i + 2]);
        }
        // Every bin's runs add up to the study's runs (each train arrived in every run of this plan).
        var study = ReportFixture.State.Robustness!;
        foreach (var c in study.Convoy) c.Delays.Count.ShouldBe(study.Runs);
        foreach (var view in new[] { PlanView.Dispatcher, PlanView.Public })
        {
            Svg(Parse(ReportFixture.Html(view)), "robustness").ShouldBeEmpty();
            ReportFixture.Html(view).ShouldNotContain("Robustness");
        }
    }

    [Fact]
    public void Write_SecurityView_HasEveryChart()
    {
        var doc = Parse(ReportFixture.Html(PlanView.Security));
        var st = Svg(doc, "space-time").ShouldHaveSingleItem();
        var paths = st.Descendants(SvgNs + "polyline").Where(p => ((string?)p.Attribute("class") ?? "").Contains("train-path")).ToList();
        paths.Count.ShouldBe(3);
        paths.Select(p => (string?)p.Attribute("data-train")).ShouldBe(["pilot", "main", "escort"]);
        paths.ShouldAllBe(p => ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 100);
        // Station names as gridline labels, and the border.
        var labels = st.Descendants(SvgNs + "text").Select(t => t.Value).ToList();
        foreach (var place in new[] { "Pyongyang", "Tumangang", "Khasan", "Vladivostok" }) labels.ShouldContain(place);
        labels.ShouldContain(l => l.StartsWith("border KP | RU"));
        Svg(doc, "space-time-detail").ShouldHaveSingleItem().Descendants(SvgNs + "polyline").Count(p => ((string?)p.Attribute("class") ?? "").Contains("train-path")).ShouldBe(3);
        // The regular traffic as cleared is drawn underneath, thin.
        st.Descendants(SvgNs + "polyline").Count(p => (string?)p.Attribute("class") == "regular-path").ShouldBeGreaterThan(10);

        var sd = Svg(doc, "speed-distance").ShouldHaveSingleItem();
        sd.Descendants(SvgNs + "polyline").Select(p => (string?)p.Attribute("class")).ShouldBe(["line-limit", "run-envelope"], ignoreOrder: true);
        var events = sd.Descendants(SvgNs + "text").Select(t => t.Value).ToList();
        events.ShouldContain(e => e.StartsWith("break of gauge 1435 → 1520 mm"));
        events.Count(e => e.StartsWith("locomotive change")).ShouldBe(2);

        var map = Svg(doc, "route-map").ShouldHaveSingleItem();
        map.Descendants(SvgNs + "circle").Count(c => ((string?)c.Attribute("class") ?? "").StartsWith("station-dot")).ShouldBeGreaterThanOrEqualTo(10);
        map.Descendants(SvgNs + "g").ShouldContain(g => (string?)g.Attribute("class") == "border-mark");

        var ps = Svg(doc, "precise-stop").ShouldHaveSingleItem();
        foreach (var cls in new[] { "platform", "train-body", "tolerance-band", "spread-band" })
            ps.Descendants(SvgNs + "rect").ShouldContain(r => (string?)r.Attribute("class") == cls, cls);
        ps.Descendants(SvgNs + "line").ShouldContain(l => (string?)l.Attribute("class") == "marker");
        ps.Descendants(SvgNs + "line").ShouldContain(l => (string?)l.Attribute("class") == "door");
    }

    [Fact]
    public void Write_SecurityView_ShowsLocalTimesOnBothSidesOfTheBorder()
    {
        var html = ReportFixture.Html(PlanView.Security);
        // The flagship arrives at Vladivostok (UTC+10) by its required 18:00 local and leaves Pyongyang on UTC+9.
        // (The departure is worked back in whole seconds, so the arrival is up to a second before 18:00.)
        var main = ReportFixture.Plan.Main;
        (ReportFixture.Journey.RequiredArrival!.Value - main.Arrival).ShouldBeLessThan(NodaTime.Duration.FromSeconds(1));
        new[] { "17:59", "18:00" }.ShouldContain(t => html.Contains($"<span class=\"time\">{t}</span> <span class=\"off\">+10:00</span>"));
        html.ShouldContain("+09:00");
        html.ShouldContain("+10:00");
        // The axes are labelled in local time of both zones.
        html.ShouldContain("local time at Pyongyang (+09:00, Asia/Pyongyang)");
        html.ShouldContain("local time at Vladivostok (+10:00, Asia/Vladivostok)");
    }

    [Fact]
    public void Write_SecurityView_ReportsThePreciseStopOfTheRun()
    {
        var r = ReportFixture.Plan.Main.Legs[^1].Run.PreciseStops.ShouldHaveSingleItem();
        var html = ReportFixture.Html(PlanView.Security);
        html.ShouldContain($"{ReportFixture.Plan.Journey.Stops[^1].Precise!.Marker.Meters / 1000:0.000} km"); // the marker, as a corridor position
        html.ShouldContain($"{r.ApproachSpeed.KilometersPerHour:0.0} km/h");
        html.ShouldContain("car 10");
    }

    [Fact]
    public void Write_DispatcherView_DrawsReservedPathsButNoConsistCharts()
    {
        var doc = Parse(ReportFixture.Html(PlanView.Dispatcher));
        Svg(doc, "space-time").ShouldHaveSingleItem().Descendants(SvgNs + "polyline").Where(p => ((string?)p.Attribute("class") ?? "").Contains("train-path"))
            .Select(p => (string?)p.Attribute("data-train")).ShouldBe(["RP1", "RP2", "RP3"]);
        Svg(doc, "route-map").ShouldHaveSingleItem();
        Svg(doc, "speed-distance").ShouldBeEmpty();
        Svg(doc, "precise-stop").ShouldBeEmpty();
    }

    [Fact]
    public void Write_PublicView_HasNoPathChartOrMap()
    {
        var html = ReportFixture.Html(PlanView.Public);
        var doc = Parse(html);
        doc.Descendants(SvgNs + "svg").ShouldBeEmpty();
        // The flagship's regular traffic is retimed: the public page lists those trains and their changes in neutral words.
        var plan = ReportFixture.State;
        plan.Clearance.ShouldNotBeNull();
        html.ShouldContain("Trains whose times change");
        foreach (var o in plan.Clearance!.Orders) html.ShouldContain($"train {o.TrainNumber}");
        html.ShouldNotContain("let the opposing train pass"); // dispatcher wording stays out of the public page
    }

    [Fact]
    public void Write_WithoutCoordinates_LeavesOutTheMap()
    {
        var w = new StringWriter();
        PlanReport.Write(ReportFixture.State, ViewPolicy.For(PlanView.Security), w);
        Svg(Parse(w.ToString()), "route-map").ShouldBeEmpty();
        Svg(Parse(w.ToString()), "space-time").ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("security")]
    [InlineData("dispatcher")]
    [InlineData("public")]
    public void Write_OtherCorridorWithoutPreciseStop_WritesAPage(string viewName)
    {
        var view = PlanView.Parse(viewName, "view");
        var plan = Planning.TestPlans.Cleared(Fortress.Tests.Planning.ConvoyPlannerTests.Small(), null);
        var coordinates = new Dictionary<string, (double Lat, double Lon)> { ["West"] = (42.0, 130.0), ["East"] = (42.3, 130.6) };
        var w = new StringWriter();
        PlanReport.Write(plan, ViewPolicy.For(view), w, coordinates);
        var doc = Parse(w.ToString());
        Svg(doc, "precise-stop").ShouldBeEmpty();
        Svg(doc, "space-time").Count().ShouldBe(view == PlanView.Public ? 0 : 1);
        Svg(doc, "route-map").Count().ShouldBe(view == PlanView.Public ? 0 : 1);
        Svg(doc, "speed-distance").Count().ShouldBe(view == PlanView.Security ? 1 : 0);
    }

    [Fact]
    public void ReadBuiltIn_EveryFlagshipPlace_HasCoordinatesInTheRegion()
    {
        var c = ReportFixture.Coordinates;
        foreach (var p in ReportFixture.Journey.Corridor.Places)
        {
            c.ShouldContainKey(p.Name);
            c[p.Name].Lat.ShouldBeInRange(38.5, 44.5, p.Name);
            c[p.Name].Lon.ShouldBeInRange(125.0, 132.5, p.Name);
        }
    }

    public static TheoryData<string, string> BadCoordinates => new()
    {
        { """{"corridor": {"places": [{"name": "A", "lat": 95, "lon": 10}]}}""", "places[0].lat: must be from -90 to 90 degrees" },
        { """{"corridor": {"places": [{"name": "A", "lat": 45, "lon": "east"}]}}""", "places[0].lon: must be a number" },
        { """{"corridor": {"places": [{"name": "A", "lat": 45}]}}""", "'A' has only one of lat and lon" },
    };

    [Theory]
    [MemberData(nameof(BadCoordinates))]
    public void Read_BadCoordinates_ReportsWhere(string json, string expected)
    {
        var ex = Should.Throw<InvalidInputException>(() => Scenarios.Read(json, "x.json", null));
        ex.Problems.ShouldContain(p => (p.Where + ": " + p.Message).Contains(expected));
    }

    [Fact]
    public void Read_PlacesWithoutCoordinates_HaveNone()
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fortress.IO.Json.BuiltIn.Text(ScenarioReader.Flagship))!;
        var place = doc["corridor"]!["places"]![1]!.AsObject();
        place.Remove("lat");
        place.Remove("lon");
        var corridor = Planning.TestPlans.Journey(Scenarios.Read(doc.ToJsonString(), "x.json", null)).Corridor;
        corridor.Find(place["name"]!.GetValue<string>(), "test").Coordinates.ShouldBeNull();
        var origin = doc["corridor"]!["places"]![0]!;
        corridor.Find("Pyongyang", "test").Coordinates.ShouldBe((origin["lat"]!.GetValue<double>(), origin["lon"]!.GetValue<double>()));
        // One entry per place name (a place passed twice, Baranovsky, has one position on the map).
        corridor.Coordinates().Count.ShouldBe(corridor.Places.Select(p => p.Name).Distinct().Count() - 1);
    }
}
