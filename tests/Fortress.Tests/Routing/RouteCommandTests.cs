using System.CommandLine;
using Fortress.Cli;
using Fortress.Cli.Commands;

namespace Fortress.Tests.Routing;

/// <summary>The command line's exit codes for bad input (2) and success (0); output goes to the console.</summary>
public sealed class RouteCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("fortress-cli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static int Run(params string[] args)
    {
        return CliHost.Invoke(CliHost.BuildRoot(), args, new StringWriter(), new StringWriter());
    }

    [Fact]
    public void Route_UnknownStation_ExitCode2()
    {
        var osm = TestData.Require("osm/moscow-1520.osm");
        Run("route", "--osm", osm, "--from", "no such station", "--to", "nor this").ShouldBe(CliHost.UserError);
    }

    [Fact]
    public void Route_KolnHbfAbbreviated_RoutesLikeTheFullName()
    {
        var osm = TestData.Require("osm/cologne-railway.osm.pbf");
        string Json(string from, string to)
        {
            var (code, output, err) = Fortress.Tests.Cli.RunCommandTests.Fortress("route", "--osm", osm, "--from", from, "--to", to, "--format", "json");
            code.ShouldBe(CliHost.Ok, err);
            return output;
        }
        // The same route, stations and times; only the echo of the request ("from", "to") differs.
        static string Route(string json)
        {
            var o = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            o.Remove("from");
            o.Remove("to");
            return o.ToJsonString();
        }
        var full = Json("Köln Hauptbahnhof", "Bonn Hauptbahnhof");
        Route(Json("Köln Hbf", "Bonn Hbf")).ShouldBe(Route(full));
        Route(full).ShouldContain("Bonn Hauptbahnhof");
    }

    [Fact]
    public void Route_TruncatedPbf_ExitCode2()
    {
        var bytes = File.ReadAllBytes(TestData.Require("osm/cologne-railway.osm.pbf"));
        var cut = Path.Combine(temp, "cut.osm.pbf");
        File.WriteAllBytes(cut, bytes[..1000]);
        Run("route", "--osm", cut, "--from", "A", "--to", "B").ShouldBe(CliHost.UserError);
    }

    [Fact]
    public void Route_NoSourceGiven_ExitCode2()
    {
        Run("route", "--from", "A", "--to", "B").ShouldBe(CliHost.UserError);
    }

    [Fact]
    public void ImportThenRoute_SmallInfraNetworkFile_ExitCode0AndFileWritten()
    {
        var infra = TestData.Require("osrd/infras/small_infra/infra.json");
        var net = Path.Combine(temp, "small.fnet");
        Run("import", "railjson", infra, "-o", net).ShouldBe(CliHost.Ok);
        File.Exists(net).ShouldBeTrue();
        Run("route", "--network", net, "--from", "West_station", "--to", "North_East_station", "--format", "json").ShouldBe(CliHost.Ok);
    }

    [Fact]
    public void WithUserFacilities_AtTheBreak_LetsTheTrainThroughAtThatDuration()
    {
        var net = RouteCommand.WithUserFacilities(TestNetworks.GaugeBreak(null), ["tumen=90"]);
        var f = net.GaugeChangeFacilities.ShouldHaveSingleItem();
        (f.Name, f.Duration.Minutes, f.Origin).ShouldBe(("tumen", 90.0, "user"));
        var route = new Fortress.Routing.Router(net).Find(new Fortress.Routing.RoutingTrain(Fortress.Routing.DefaultTrain.Create(), 1435),
            new Fortress.Routing.NamedEndpoint("West"), new Fortress.Routing.NamedEndpoint("Khasan"));
        route.GaugeChanges.ShouldHaveSingleItem().Duration.Minutes.ShouldBe(90);
    }

    [Theory]
    [InlineData("Tumen")]
    [InlineData("Tumen=abc")]
    [InlineData("=30")]
    public void WithUserFacilities_BadSpec_InvalidInput(string spec) =>
        Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => RouteCommand.WithUserFacilities(TestNetworks.GaugeBreak(null), [spec]))
            .Problems.ShouldHaveSingleItem().Message.ShouldContain("NAME=MINUTES");

    [Fact]
    public void Route_UserGaugeChangeAtUnknownStation_ExitCode2()
    {
        var osm = TestData.Require("osm/moscow-1520.osm");
        Run("route", "--osm", osm, "--from", "Ржевская", "--to", "Останкино", "--gauge-change", "Nowhere=60").ShouldBe(CliHost.UserError);
    }
}
