using System.Text.Json;
using System.Text.Json.Nodes;
using Fortress.Clearance;
using Fortress.Diagnostics;
using Fortress.IO.Json;

namespace Fortress.Tests.Clearance;

/// <summary>Where the optimisers' quality shows: plan JSON, the table in words, the scenario's clearance keys, the CLI option.</summary>
public class OptimalityOutputTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Fortress.Cli.CliHost.Invoke(Fortress.Cli.CliHost.BuildRoot(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Report() => Path.Combine(Path.GetTempPath(), $"opt-{Guid.NewGuid():N}.html");

    [Fact]
    public void PlanJson_SummaryClearanceAndSweeps_StateObjectiveBoundGapAndMethod()
    {
        var report = Report();
        var (code, json, err) = Cli("plan", "--format", "json", "--report", report);
        code.ShouldBe(0, err);
        using var d = JsonDocument.Parse(json);
        var c = d.RootElement.GetProperty("summary").GetProperty("clearance");
        c.GetProperty("method").GetString().ShouldBeOneOf("optimal", "bounded");
        var objective = c.GetProperty("objective").GetDouble();
        c.GetProperty("bound").GetDouble().ShouldBeLessThanOrEqualTo(objective + 1e-6);
        c.GetProperty("gapPercent").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        c.GetProperty("knockOnConflicts").GetInt32().ShouldBe(0);
        c.GetProperty("unit").GetString().ShouldBe("weighted minutes of delay");
        // With every weight 1 and nothing cancelled, the objective is the total delay imposed.
        if (d.RootElement.GetProperty("summary").GetProperty("trainsCancelled").GetInt32() == 0)
            objective.ShouldBe(d.RootElement.GetProperty("summary").GetProperty("totalDelayImposedMinutes").GetDouble(), 0.51);
        var s = d.RootElement.GetProperty("sweeps");
        s.GetProperty("method").GetString().ShouldBeOneOf("optimal", "bounded");
        s.GetProperty("objective").GetDouble().ShouldBe(s.GetProperty("teamsUsed").GetInt32());
        s.GetProperty("gapPercent").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        File.ReadAllText(report).ShouldContain("id=\"clearance-quality\"");
        File.Delete(report);
    }

    [Fact]
    public void PlanClearanceGreedy_SaysGreedy_AndTheOptimumIsNoWorse()
    {
        var report = Report();
        var (code, json, err) = Cli("plan", "--clearance", "greedy", "--format", "json", "--report", report);
        code.ShouldBe(0, err);
        var greedy = JsonNode.Parse(json)!["summary"]!["clearance"]!;
        ((string)greedy["method"]!).ShouldBe("greedy");
        var (_, optimal, _) = Cli("plan", "--format", "json", "--report", report);
        ((double)JsonNode.Parse(optimal)!["summary"]!["clearance"]!["objective"]!).ShouldBeLessThanOrEqualTo((double)greedy["objective"]! + 1e-6);
        File.Delete(report);
    }

    [Fact]
    public void PlanTable_SaysHowGoodInWords()
    {
        var report = Report();
        var (code, text, err) = Cli("plan", "--view", "dispatcher", "--report", report);
        code.ShouldBe(0, err);
        text.ShouldMatch(@"Clearance: (proven optimal|within [0-9.]+ % of optimal \(time limit reached\)); [0-9.]+ weighted minutes of delay against a lower bound of [0-9.]+; no new conflict between regular trains");
        var (_, security, _) = Cli("plan", "--report", report);
        security.ShouldMatch(@"Sweeps: \d+ of \d+ teams of \d+ \(\d+ agents\), lower bound \d+ teams \((proven optimal|within .* of optimal \(time limit reached\))\)");
        // The plan's own simulation, in words, for the security view only (it names the convoy).
        security.ShouldContain("Simulation (every train at once on the signals): the convoy keeps its times at every stop, meets no restrictive aspect; no regular train delayed");
        text.ShouldNotContain("Simulation (every train");
        File.Delete(report);
    }

    [Fact]
    public void ScenarioClearanceKeys_AreRead_AndBadOnesNamedWithTheirPath()
    {
        var doc = JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();
        doc["clearance"] = new JsonObject
        {
            ["method"] = "greedy",
            ["timeLimitSeconds"] = 3,
            ["cancellationMinutes"] = 120,
            ["maxHoldMinutes"] = 90,
            ["workers"] = 2,
            ["categories"] = new JsonObject { ["passenger-ru"] = new JsonObject { ["weight"] = 2.5, ["mayCancel"] = false } },
            ["holdTracks"] = new JsonObject { ["khasan"] = 4 },
        };
        var s = Fortress.IO.Files.Scenarios.Read(doc.ToJsonString(), "test scenario", null).Clearance.ShouldNotBeNull();
        s.Method.ShouldBe(ClearanceMethod.Greedy);
        s.TimeLimit.ShouldBe(TimeSpan.FromSeconds(3));
        s.CancellationCost.ShouldBe(NodaTime.Duration.FromMinutes(120));
        s.Options.MaxHold.ShouldBe(NodaTime.Duration.FromMinutes(90));
        s.Workers.ShouldBe(2);
        s.Categories["PASSENGER-RU"].ShouldBe(new CategoryRule(2.5, false));
        s.HoldTracks["Khasan"].ShouldBe(4);

        // The reader names every bad key at once; a place the corridor does not have is named when the corridor is known
        // (the traffic stage: a routed corridor exists only once routed).
        doc["clearance"] = new JsonObject { ["method"] = "fastest", ["holdTracks"] = new JsonObject { ["L1"] = 1.5 }, ["timeLimitSeconds"] = 0, ["workers"] = 0 };
        var ex = Should.Throw<InvalidInputException>(() => Fortress.IO.Files.Scenarios.Read(doc.ToJsonString(), "test scenario", null));
        ex.Problems.ShouldContain(p => p.Where.Contains("$.clearance.method") && p.Message.Contains("'fastest'"));
        ex.Problems.ShouldContain(p => p.Where.Contains("$.clearance.timeLimitSeconds"));
        ex.Problems.ShouldContain(p => p.Where.Contains("$.clearance.workers"));
        ex.Problems.ShouldContain(p => p.Where.Contains("$.clearance.holdTracks.L1") && p.Message.Contains("whole number"));
        doc["clearance"] = new JsonObject { ["holdTracks"] = new JsonObject { ["Nowhere"] = 1 } };
        var unknown = Should.Throw<InvalidInputException>(() => Fortress.Application.PlanPipeline.Default.Run(Fortress.IO.Files.Scenarios.Read(doc.ToJsonString(), "test scenario", null)));
        unknown.Problems.ShouldContain(p => p.Where.Contains("$.clearance.holdTracks.Nowhere") && p.Message.Contains("unknown place"));
    }

    [Fact]
    public void ScenarioShiftHours_IsRead()
    {
        var doc = JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();
        doc["security"]!["shiftHours"] = 9;
        Fortress.IO.Files.Scenarios.Read(doc.ToJsonString(), "test scenario", null).Security!.Force.Shift.ShouldBe(Fortress.Units.Duration.FromHours(9));
    }

    [Fact]
    public void ASweepSiteNoTeamCanReach_PlanExitsTwo_NamingTheSite()
    {
        var doc = JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();
        doc["security"]!["windowOpenHours"] = 0.25;
        doc["security"]!["windowCloseMinutes"] = 5;
        var file = Path.Combine(Path.GetTempPath(), $"sweeps-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, doc.ToJsonString());
        var (code, _, err) = Cli("plan", file, "--format", "json");
        File.Delete(file);
        code.ShouldBe(2);
        err.ShouldContain("site Vladivostok");
    }
}
