using System.Text.Json.Nodes;
using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Simulation;
using Fortress.Units;
using static Fortress.Tests.Simulation.SimLines;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Robustness;

/// <summary>
/// Issue 15's rules applied to what issues 12 and 16 added: <c>fortress simulate</c>'s options (bounded study, holds and
/// late starts in range), the scenario's <c>signalling</c> keys, <c>plan SCENARIO --serve</c> and <c>serve</c>'s
/// addresses: exit 2 naming what and where, never a fault, never a wait.
/// </summary>
public sealed class SimulationHostileInputTests
{
    // fortress simulate: options checked before planning, so each answer is immediate.

    [Theory]
    [InlineData("--runs", "0", "at least one run")]
    [InlineData("--runs", "2.5", "--runs")]
    [InlineData("--runs", "1e9", "--runs")]
    [InlineData("--runs", "2000000000", "--limit monteCarloRuns=")]
    [InlineData("--seed", "-1", "--seed")]
    [InlineData("--hold", "main@490=1e12", "2880")]
    [InlineData("--hold", "main@490=-5", "2880")]
    [InlineData("--hold", "main@NaN=5", "not a kilometre")]
    [InlineData("--hold", "main@490=Infinity", "--hold main@490=Infinity")]
    [InlineData("--hold", "main=20", "TRAIN@KM=MINUTES")]
    [InlineData("--late", "main=1e300", "2880")]
    [InlineData("--late", "escort=1e9", "two days")]
    [InlineData("--late", "escort=NaN", "--late escort=NaN")]
    public void Simulate_AbsurdOption_ExitsTwoNamingTheOption(string option, string value, string expected) =>
        Hostile.Cli("simulate", option, value).ShouldBeUserError(expected);

    [Fact]
    public void Simulate_RunsAboveALoweredLimit_RefusedWithTheLimitAndHowToRaiseIt()
    {
        var r = Hostile.Cli("simulate", "--limit", "monteCarloRuns=3", "--runs", "4");
        r.ShouldBeUserError("--limit monteCarloRuns=");
        r.Err.ShouldContain("4 is above the limit of 3");
    }

    [Theory]
    [InlineData("/dev/zero", "not a regular file")]
    [InlineData("/dev/null", "not a regular file")]
    public void Simulate_DeviceAsScenario_ExitsTwoAtOnce(string device, string expected) =>
        Hostile.Cli("simulate", device).ShouldBeUserError(expected);

    [Fact]
    public void Simulate_FolderAsScenario_SaysFolderNotFileNotFound()
    {
        using var s = new Scratch();
        var r = Hostile.Cli("simulate", s.Path);
        r.ShouldBeUserError("folder");
        r.Err.ShouldNotContain("not found");
    }

    [Fact]
    public void Simulate_AbsurdScenarioValue_ExitsTwoNamingTheFile()
    {
        using var s = new Scratch();
        var file = s.File("s.json", CliHostileInputTests.Set(Hostile.Flagship(), "journey.escortHeadwayMinutes=1e9").ToJsonString());
        var r = Hostile.Cli("simulate", file, "--format", "json");
        r.ShouldBeUserError("escortHeadwayMinutes");
        r.Err.ShouldContain("s.json");
    }

    // The scenario's signalling (issue 12): every key in its range, every problem at once, with the file.

    public static TheoryData<string, string, string> SignallingCases() => new()
    {
        { "aspects", "2.5", "whole number" },
        { "aspects", "4", "must be 2 or 3" },
        { "blockLengthMeters", "1e308", "blockLengthMeters" },
        { "blockLengthMeters", "0", "blockLengthMeters" },
        { "convoyBufferSeconds", "1e9", "convoyBufferSeconds" },
        { "convoyBufferSeconds", "-1", "convoyBufferSeconds" },
        { "reactionSeconds", "1e12", "reactionSeconds" },
        { "sightingDistanceMeters", "1e-300", "sightingDistanceMeters" },
        { "setupSeconds", "1e400", "setupSeconds" },
        { "overlapMeters", "\"far\"", "overlapMeters" },
    };

    [Theory]
    [MemberData(nameof(SignallingCases))]
    public void Plan_AbsurdSignalling_ExitsTwoNamingTheKeyAndFile(string key, string value, string expected)
    {
        using var s = new Scratch();
        var scenario = Hostile.Flagship();
        scenario["signalling"] = new JsonObject { [key] = JsonNode.Parse(value) };
        var r = Hostile.Cli("plan", s.File("s.json", scenario.ToJsonString()), "--format", "json");
        r.ShouldBeUserError(expected);
        r.Err.ShouldContain("s.json");
        r.Err.ShouldContain("signalling." + key);
    }

    [Fact]
    public void Plan_SignallingWithSeveralBadKeys_EveryProblemAtOnce()
    {
        using var s = new Scratch();
        var scenario = Hostile.Flagship();
        scenario["signalling"] = new JsonObject { ["blockLengthMeters"] = -5, ["convoyBufferSeconds"] = 1e9, ["overlapMeters"] = 1e6 };
        var r = Hostile.Cli("plan", s.File("s.json", scenario.ToJsonString()), "--format", "json");
        r.ShouldBeUserError("blockLengthMeters");
        r.Err.ShouldContain("convoyBufferSeconds");
        r.Err.ShouldContain("overlapMeters");
    }

    // The engine itself, for any caller: disturbances beyond two days and studies above the limit are refused.

    [Fact]
    public void SimulationModel_DisturbancesBeyondTwoDays_EveryProblemAtOnce()
    {
        var line = Line([0, 20], [false]);
        var model = SimulationModel.Compile(new SimulationInput(line, Signalling.Default, [Train("A", 0, 20, T0)]));
        var ex = Should.Throw<InvalidInputException>(() => model.Run(
        [
            new UnplannedHold("A", Position.FromKilometers(5), Duration.FromMinutes(3 * 1440)),
            new LateDeparture("A", Duration.FromMinutes(1e12)),
            new UnplannedHold("A", Position.FromKilometers(6), Duration.FromMinutes(-1)),
        ]));
        ex.Problems.Count.ShouldBe(3);
        ex.Problems.ShouldAllBe(p => p.Message.Contains("2880"));
    }

    [Fact]
    public void SimulationModel_DisturbanceOfTwoDays_Runs()
    {
        var line = Line([0, 20], [false]);
        var model = SimulationModel.Compile(new SimulationInput(line, Signalling.Default, [Train("A", 0, 20, T0)]));
        var r = model.Run([new LateDeparture("A", Duration.FromMinutes(2 * 1440))]);
        r.Trains[0].DelaySeconds!.Value.ShouldBe(2 * 86_400, 1);
    }

    [Fact]
    public void MonteCarlo_RunsAboveTheLimit_RefusedBeforeAnyRun()
    {
        var line = Line([0, 20], [false]);
        var model = SimulationModel.Compile(new SimulationInput(line, Signalling.Default, [Train("A", 0, 20, T0)]));
        using var _ = WorkLimits.Use(WorkLimits.Default with { MonteCarloRuns = 5 }, TestContext.Current.CancellationToken);
        var ex = Should.Throw<WorkLimitExceededException>(() => MonteCarlo.Run(model, 6, 1));
        ex.Limit.ShouldBe("monteCarloRuns");
        MonteCarlo.Run(model, 5, 1).Runs.ShouldBe(5);
    }

    [Fact]
    public void MonteCarlo_HeavyTailedSettings_DrawsCappedAtTwoDaysNotRefused()
    {
        // A Weibull shape of 0.1 (the least allowed) draws delays of years; the study caps them at the longest plausible disturbance.
        var line = Line([0, 20, 40], [false, false]);
        var model = SimulationModel.Compile(new SimulationInput(line, Signalling.Default, [Train("A", 0, 40, T0, stops: [(20, 60)])]));
        var settings = MonteCarloSettings.Default with { DwellExtensionShare = 1, DwellExtensionShape = 0.1, DwellExtensionScale = Duration.FromMinutes(60) };
        var r = MonteCarlo.Run(model, 8, 7, settings);
        r.Convoy.ShouldBeEmpty(); // a regular train only
        r.RunsWithDeadlock.ShouldBe(0);
        r.MeanTotalRegularDelaySeconds.ShouldBeLessThanOrEqualTo(Plausible.DisturbanceMinutes.Max * 60 + 3600);
    }

    // plan SCENARIO --serve and serve: a bad address is the option's error before anything is planned or stored.

    [Theory]
    [InlineData("serve", "notaurl")]
    [InlineData("serve", "http://127.0.0.1:99999")]
    [InlineData("plan", "ftp://127.0.0.1:5080")]
    public void Serve_UrlsNotAnAddress_RealProcess_ExitsTwoLeavingNothing(string command, string urls)
    {
        using var s = new Scratch();
        string[] args = command == "plan" ? ["plan", "--serve", "--urls", urls, "--format", "json"] : ["serve", "--urls", urls];
        var r = Hostile.Process(s.Path, TimeSpan.FromSeconds(60), Hostile.OneGigabyte, null, args);
        r.Code.ShouldBe(2, r.Err);
        r.Err.ShouldContain("--urls");
        r.Err.ShouldNotContain("fault in Fortress");
        s.Files().ShouldBeEmpty(); // no store created, no report written
    }

    [Fact]
    public void PlanServe_DeviceAsScenario_ExitsTwoBeforeListening()
    {
        var r = Hostile.Cli("plan", "/dev/zero", "--serve", "--urls", "http://127.0.0.1:0");
        r.ShouldBeUserError("not a regular file");
    }
}
