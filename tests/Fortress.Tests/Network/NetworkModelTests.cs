using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Units;

namespace Fortress.Tests.Network;

public sealed class NetworkModelTests
{
    [Theory]
    [InlineData("Köln Hauptbahnhof", "koln hauptbahnhof")]
    [InlineData("KÖLN-Süd", "koln sud")]
    [InlineData("Straße", "strasse")]
    [InlineData("  Bonn   Hbf ", "bonn hauptbahnhof")]
    [InlineData("Köln Hbf.", "koln hauptbahnhof")]
    [InlineData("Köln-Deutz Bf", "koln deutz bahnhof")]
    [InlineData("München Rbf Nord", "munchen rangierbahnhof nord")]
    [InlineData("Clapham Jn", "clapham junction")]
    [InlineData("Hbf", "hbf")] // one word (a code) is left as it is
    [InlineData("KK", "kk")]
    public void Normalize_AccentsCaseSpacingAndAbbreviations_AreIgnored(string text, string expected) =>
        NameText.Normalize(text).ShouldBe(expected);

    [Fact]
    public void EditDistance_KnownPairs_AreLevenshtein()
    {
        NameText.EditDistance("kitten", "sitting").ShouldBe(3);
        NameText.EditDistance("", "abc").ShouldBe(3);
        NameText.EditDistance("bonn", "bonn").ShouldBe(0);
    }

    [Fact]
    public void Estimate_PointsOnACircle_GiveItsRadius()
    {
        // Points every 20 m on a 600 m radius circle near Cologne.
        var centre = new GeoPoint(50.9, 6.9);
        const double r = 600;
        var pts = Enumerable.Range(0, 20).Select(i =>
        {
            var a = i * 20.0 / r;
            var north = r * Math.Sin(a); var east = r * (1 - Math.Cos(a));
            return new GeoPoint(centre.Latitude + north / 111_195.0, centre.Longitude + east / (111_195.0 * Math.Cos(centre.Latitude * Math.PI / 180)));
        }).ToArray();
        var curves = CurveEstimator.Estimate(pts);
        curves.ShouldNotBeEmpty();
        curves.ShouldAllBe(c => Math.Abs(c.Radius.Meters - r) < 15);
    }

    [Fact]
    public void Estimate_StraightLine_GivesNoCurve()
    {
        var pts = Enumerable.Range(0, 10).Select(i => new GeoPoint(50.9 + i * 0.001, 6.9)).ToArray();
        CurveEstimator.Estimate(pts).ShouldBeEmpty();
    }

    [Fact]
    public void Create_EdgeWithBadReferences_ReportsEveryProblem()
    {
        var e = new TrackEdge
        {
            Id = new EdgeId(0), From = new NodeId(0), To = new NodeId(5), Geometry = [new GeoPoint(0, 0)], Length = Length.Zero,
            Gauges = [], Speeds = [new EdgeSpeed(Length.Zero, Speed.FromKilometersPerHour(80), Speed.FromKilometersPerHour(80))],
        };
        var ex = Should.Throw<InvalidInputException>(() => RailNetwork.Create("t", [new NetworkNode(new GeoPoint(0, 0))], [e]));
        ex.Problems.Count.ShouldBe(4); // missing To node, zero length, one-point geometry, no gauge
    }
}
