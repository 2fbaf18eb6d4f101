using System.Text.Json;
using Fortress.Cli;

namespace Fortress.Tests.Cli;

/// <summary>The <c>fortress run</c> contract: output fields, exit codes, one message per problem with its place.</summary>
public class RunCommandTests
{
    internal static (int Code, string Out, string Err) Fortress(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliHost.Invoke(CliHost.BuildRoot(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Run_Json_HasContractFields()
    {
        var (code, output, err) = Fortress("run", "--train", TestData.Require("trainruns/trains/longdistance.yaml"), "--path", TestData.Require("trainruns/paths/speed.yaml"), "--format", "json");
        code.ShouldBe(0, err);
        using var d = JsonDocument.Parse(output);
        var r = d.RootElement;
        r.GetProperty("totalTimeSeconds").GetDouble().ShouldBeGreaterThan(400);
        r.GetProperty("distanceMeters").GetDouble().ShouldBe(10000, 1e-6);
        r.GetProperty("energyJoules").GetDouble().ShouldBeGreaterThan(0);
        var poi = r.GetProperty("pointsOfInterest")[0];
        foreach (var k in new[] { "name", "positionMeters", "timeSeconds", "speedMetersPerSecond" }) poi.TryGetProperty(k, out _).ShouldBeTrue(k);
        r.GetProperty("profile").GetArrayLength().ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Run_Table_IsForPeople_WithUnits()
    {
        var (code, output, _) = Fortress("run", "--train", TestData.Require("trainruns/trains/freight.yaml"), "--path", TestData.Require("trainruns/paths/slope.yaml"));
        code.ShouldBe(0);
        output.ShouldContain("Running time");
        output.ShouldContain("km/h");
        output.ShouldContain("kWh");
    }

    [Fact]
    public void Run_Csv_HasHeaderAndRows()
    {
        var (code, output, _) = Fortress("run", "--train", TestData.Require("trainruns/trains/local.yaml"), "--path", TestData.Require("trainruns/paths/const.yaml"), "--format", "csv", "--profile-step", "100");
        code.ShouldBe(0);
        var lines = output.Trim().Split('\n');
        lines[0].ShouldStartWith("position_m,time_s,speed_kmh");
        lines.Length.ShouldBeGreaterThan(100);
    }

    public static TheoryData<string, string> BrokenPaths => new()
    {
        { "broken.yaml", "'paths' must be a list" },
        { "missing_path.yml", "'paths' is missing" },
        { "missing_schema.yml", "'schema' is missing" },
        { "missing_schema_version.yml", "'schema_version' is missing" },
    };

    [Theory]
    [MemberData(nameof(BrokenPaths))]
    public void Run_InvalidRailtoolkitPath_ExitsTwo_NamingFileAndPlace(string file, string expected)
    {
        var (code, output, err) = Fortress("run", "--train", TestData.Require("trainruns/trains/local.yaml"), "--path", TestData.Require($"trainruns/paths/{file}"));
        code.ShouldBe(2);
        output.ShouldBeEmpty();
        err.ShouldContain(file + ":");
        err.ShouldContain(expected);
        err.ShouldNotContain("   at "); // no stack trace
    }

    [Fact]
    public void Run_NegativeLengthAndNonIncreasingTable_ReportsEveryProblem()
    {
        var dir = Directory.CreateTempSubdirectory("fortress-test-");
        try
        {
            var train = Path.Combine(dir.FullName, "bad-train.yaml");
            File.WriteAllText(train, """
                schema: https://railtoolkit.org/schema/rolling-stock.json
                schema_version: "2022.05"
                trains:
                  - name: bad
                    id: bad
                    formation: [loco, wagon]
                vehicles:
                  - id: loco
                    vehicle_type: traction unit
                    length: -14
                    mass: 80
                    speed_limit: 80
                    tractive_effort:
                      - [0.0, 180000]
                      - [10.0, 150000]
                      - [10.0, 140000]
                  - id: wagon
                    vehicle_type: freight
                    length: 19
                    mass: 25
                """);
            var path = Path.Combine(dir.FullName, "bad-path.json");
            File.WriteAllText(path, """{"format": "fortress.path/1", "lengthMeters": -500, "speedLimits": [{"startMeters": 0, "kmh": 80}]}""");
            var (code, _, err) = Fortress("run", "--train", train, "--path", path);
            code.ShouldBe(2);
            err.ShouldContain("bad-train.yaml:10:"); // the negative length, with line and column
            err.ShouldContain("'length' must be above 0 to 500 m"); // the plausible range, with its reason
            err.ShouldContain("bad-train.yaml:16:"); // the repeated speed row
            err.ShouldContain("speeds must increase");
            err.ShouldContain("bad-path.json: $.lengthMeters");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Run_EmptyFormation_ExitsTwo()
    {
        var dir = Directory.CreateTempSubdirectory("fortress-test-");
        try
        {
            var train = Path.Combine(dir.FullName, "empty.json");
            File.WriteAllText(train, """{"format": "fortress.train/1", "name": "nothing", "formation": []}""");
            var (code, _, err) = Fortress("run", "--train", train, "--path", TestData.Require("trainruns/paths/const.yaml"));
            code.ShouldBe(2);
            err.ShouldContain("formation is empty");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo() =>
        Fortress("run", "--train", "/nonexistent/train.yaml", "--path", "/nonexistent/path.yaml").Code.ShouldBe(2);
}

public class ScenarioCommandTests
{
    [Fact]
    public void Export_ThenPlan_GivesTheSamePlanAsTheBuiltIn()
    {
        var dir = Directory.CreateTempSubdirectory("fortress-scn-");
        try
        {
            var file = Path.Combine(dir.FullName, "visit.json");
            var (code, _, err) = RunCommandTests.Fortress("scenario", "export", "-o", file);
            code.ShouldBe(0, err);
            File.Exists(file).ShouldBeTrue();
            var fromFile = RunCommandTests.Fortress("plan", file, "--format", "json");
            var builtIn = RunCommandTests.Fortress("plan", "--format", "json", "--report", Path.Combine(dir.FullName, "report.html"));
            File.Exists(Path.Combine(dir.FullName, "report.html")).ShouldBeTrue();
            fromFile.Code.ShouldBe(0, fromFile.Err);
            fromFile.Out.ShouldBe(builtIn.Out);
            // A second export refuses to overwrite without --force.
            RunCommandTests.Fortress("scenario", "export", "-o", file).Code.ShouldBe(2);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Plan_MissingScenarioFile_ExitsTwo() =>
        RunCommandTests.Fortress("plan", "/nonexistent/scenario.json").Code.ShouldBe(2);
}
