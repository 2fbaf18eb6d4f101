using Fortress.Conflicts;
using System.Text.Json;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Simulation;

namespace Fortress.Tests.Simulation;

/// <summary>The built-in state visit simulated: the command's contract, need-to-know, the Monte-Carlo study, the adapter from the plan.</summary>
public class SimulateCommandTests
{
    private static readonly Lazy<(PlanState Plan, SimulationModel Model)> StateVisit = new(() =>
    {
        var state = Planning.TestPlans.Flagship;
        return (state, state.Simulation!.Model);
    });

    private static (int Code, string Out, string Err) Cli(params string[] args) => Fortress.Tests.Cli.RunCommandTests.Fortress(args);

    private static double? At(JsonElement train, double t)
    {
        double? x = null;
        foreach (var s in train.GetProperty("samples").EnumerateArray())
        {
            if (s[0].GetDouble() > t) break;
            x = s[1].GetDouble();
        }
        return x;
    }

    [Fact]
    public void Simulate_HoldMainAt490_EscortStaysBehindPilotAheadAndTheAffectedAreListed()
    {
        var (code, output, err) = Cli("simulate", "--hold", "main@490=20", "--format", "json");
        code.ShouldBe(0, err);
        using var d = JsonDocument.Parse(output);
        var trains = d.RootElement.GetProperty("trains").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        var (pilot, main, escort) = (trains["pilot"], trains["main"], trains["escort"]);
        main.GetProperty("role").GetString().ShouldBe("main");
        foreach (var s in main.GetProperty("samples").EnumerateArray())
        {
            var (t, x) = (s[0].GetDouble(), s[1].GetDouble());
            (At(escort, t) ?? double.NegativeInfinity).ShouldBeLessThanOrEqualTo(x + 1, $"escort ahead of the main train at {t} s");
            (At(pilot, t) ?? double.PositiveInfinity).ShouldBeGreaterThanOrEqualTo(x - 1, $"pilot behind the main train at {t} s");
        }
        // The 20 min stand shows at the main train's next stops (its allowance and the slack of long dwells recover it by
        // Vladivostok), and the escort, held behind it, is late there by at least the main's delay less its own slack
        // beyond the headway (planned arrival gap minus the 7 min headway).
        static double Delay(JsonElement stop) => (DateTimeOffset.Parse(stop.GetProperty("simulatedArrival").GetString()!) -
                                                  DateTimeOffset.Parse(stop.GetProperty("plannedArrival").GetString()!)).TotalSeconds;
        static bool Arrives(JsonElement stop) => stop.TryGetProperty("plannedArrival", out var p) && p.ValueKind == JsonValueKind.String
                                                 && stop.TryGetProperty("simulatedArrival", out var q) && q.ValueKind == JsonValueKind.String;
        var mainStops = main.GetProperty("stops").EnumerateArray().Where(Arrives).ToArray();
        var late = mainStops.First(st => Delay(st) >= 600);
        var station = late.GetProperty("station").GetString()!;
        var escortThere = escort.GetProperty("stops").EnumerateArray().Where(Arrives).First(st => st.GetProperty("station").GetString() == station);
        var gapThere = (DateTimeOffset.Parse(escortThere.GetProperty("plannedArrival").GetString()!) -
                        DateTimeOffset.Parse(late.GetProperty("plannedArrival").GetString()!)).TotalSeconds;
        Delay(escortThere).ShouldBeGreaterThanOrEqualTo(Delay(late) - (gapThere - 420) - 1, $"escort at {station}");
        Delay(escortThere).ShouldBeGreaterThan(0, $"escort at {station}");
        var mainDelay = main.GetProperty("delaySeconds").GetDouble();
        var escortDelay = escort.GetProperty("delaySeconds").GetDouble();
        var gap = (DateTimeOffset.Parse(Last(escort.GetProperty("stops")).GetProperty("plannedArrival").GetString()!) -
                   DateTimeOffset.Parse(Last(main.GetProperty("stops")).GetProperty("plannedArrival").GetString()!)).TotalSeconds;
        escortDelay.ShouldBeGreaterThanOrEqualTo(mainDelay - (gap - 420));
        var summary = d.RootElement.GetProperty("summary");
        var affected = summary.GetProperty("affectedRegularTrains").EnumerateArray().Select(x => x.GetString()!).ToArray();
        affected.ShouldNotBeEmpty();
        summary.GetProperty("regularTrainsDelayed").GetInt32().ShouldBe(affected.Length);
        foreach (var id in affected) trains[id].GetProperty("delaySeconds").GetDouble().ShouldBeGreaterThanOrEqualTo(60);
        foreach (var k in new[] { "convoyRestrictiveAspects", "maxConvoyDelaySeconds", "maxConvoyStopDelaySeconds", "totalRegularDelaySeconds" }) summary.TryGetProperty(k, out _).ShouldBeTrue(k);
        // The largest delay on the way: at the stop where the main train was latest (whatever its long stands made up
        // later), and the convoy's figure at least as large.
        var largest = main.GetProperty("largestDelay");
        var worst = mainStops.MaxBy(Delay);
        largest.GetProperty("seconds").GetDouble().ShouldBe(Delay(worst), 1, "the stops' times are written to the second");
        largest.GetProperty("station").GetString().ShouldBe(worst.GetProperty("station").GetString());
        largest.GetProperty("seconds").GetDouble().ShouldBeGreaterThanOrEqualTo(Math.Max(600, mainDelay));
        summary.GetProperty("maxConvoyStopDelaySeconds").GetDouble().ShouldBeGreaterThanOrEqualTo(largest.GetProperty("seconds").GetDouble());
        foreach (var a in main.GetProperty("restrictiveAspects").EnumerateArray())
            foreach (var k in new[] { "signal", "positionMeters", "time", "lostSeconds" }) a.TryGetProperty(k, out _).ShouldBeTrue(k);
        main.GetProperty("stops")[1].GetProperty("simulatedArrival").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$");
    }

    /// <summary>
    /// The plan's own simulation (undisturbed, every train at once) keeps the convoy to its times at every stop, not only
    /// at the last: a convoy train held on the way and caught up at a long stand would move the sweeps that follow it.
    /// </summary>
    [Fact]
    public void Plan_StateVisit_ItsOwnSimulationKeepsTheConvoyOnTimeAtEveryStop()
    {
        var sim = StateVisit.Value.Plan.Simulation!.Undisturbed;
        sim.Summary.ConvoyRestrictiveAspects.ShouldBe(0);
        sim.Summary.MaxConvoyStopDelaySeconds.ShouldBe(0, 1);
        foreach (var t in sim.Trains.Where(t => t.IsConvoy)) t.LargestStopDelay!.Value.Seconds.ShouldBe(0, 1, t.Id);
    }

    private static JsonElement Last(JsonElement array) => array[array.GetArrayLength() - 1];

    [Theory]
    [InlineData("--hold", "nosuchtrain@10=5", "unknown train 'nosuchtrain'")]
    [InlineData("--hold", "main@2000=5", "is not on train main's way")]
    [InlineData("--hold", "main@490=-5", "must be from 0 to 2880 min")]
    [InlineData("--hold", "main490", "expected TRAIN@KM=MINUTES")]
    [InlineData("--late", "escort=soon", "is not a number of minutes")]
    [InlineData("--runs", "0", "at least one run")]
    public void Simulate_BadInput_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var (code, _, err) = Cli("simulate", option, value);
        code.ShouldBe(2, err);
        err.ShouldContain(option);
        err.ShouldContain(message);
    }

    [Fact]
    public void Simulate_MonteCarlo200Runs_PercentilesInOrderAndTheSameForTheSameSeed()
    {
        var model = StateVisit.Value.Model;
        var a = SimulationJson.Write(SimulationViews.Build(MonteCarlo.Run(model, 200, 1), model, ViewPolicy.For(PlanView.Security)));
        var b = SimulationJson.Write(SimulationViews.Build(MonteCarlo.Run(model, 200, 1), model, ViewPolicy.For(PlanView.Security)));
        b.ShouldBe(a);
        using var d = JsonDocument.Parse(a);
        var mc = d.RootElement.GetProperty("monteCarlo");
        mc.GetProperty("runs").GetInt32().ShouldBe(200);
        var convoy = mc.GetProperty("convoy").EnumerateArray().ToArray();
        convoy.Select(c => c.GetProperty("train").GetString()).ShouldBe(["pilot", "main", "escort"]);
        foreach (var c in convoy)
        {
            double? P(string k) => c.GetProperty(k).GetProperty("delaySeconds") is { ValueKind: JsonValueKind.Number } x ? x.GetDouble() : null;
            var (p50, p90, p99) = (P("p50"), P("p90"), P("p99"));
            p50.ShouldNotBeNull();
            if (p90 is { } q90) q90.ShouldBeGreaterThanOrEqualTo(p50!.Value);
            if (p99 is { } q99) q99.ShouldBeGreaterThanOrEqualTo(P("p90") ?? double.PositiveInfinity);
            c.GetProperty("histogram").EnumerateArray().Sum(h => h.GetProperty("runs").GetInt32()).ShouldBe(200 - c.GetProperty("notArrived").GetInt32());
            // The largest delay at any stop on the way is, run by run, at least the delay at the last stop: so is each percentile.
            var way = c.GetProperty("largestDelayOnTheWay");
            foreach (var k in new[] { "p50", "p90", "p99" })
                if (P(k) is { } last && way.GetProperty(k) is { ValueKind: JsonValueKind.Number } w) w.GetDouble().ShouldBeGreaterThanOrEqualTo(last, $"{k} on the way");
            way.GetProperty("p90").GetDouble().ShouldBeGreaterThanOrEqualTo(way.GetProperty("p50").GetDouble());
        }
        foreach (var k in new[] { "headwayBelowMinimumProbability", "convoyRestrictiveAspectProbability" })
            mc.GetProperty(k).GetDouble().ShouldBeInRange(0, 1);
        mc.GetProperty("p90TotalRegularDelaySeconds").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        // A different seed draws different delays.
        SimulationJson.Write(SimulationViews.Build(MonteCarlo.Run(model, 20, 2), model, ViewPolicy.For(PlanView.Security)))
            .ShouldNotBe(SimulationJson.Write(SimulationViews.Build(MonteCarlo.Run(model, 20, 1), model, ViewPolicy.For(PlanView.Security))));
    }

    [Fact]
    public void Simulate_MonteCarloFromTheCommandLine_SameSeedSameOutput()
    {
        var first = Cli("simulate", "--runs", "4", "--seed", "9", "--format", "json");
        var second = Cli("simulate", "--runs", "4", "--seed", "9", "--format", "json");
        first.Code.ShouldBe(0, first.Err);
        second.Out.ShouldBe(first.Out);
        first.Out.ShouldContain("\"monteCarlo\"");
        var table = Cli("simulate", "--runs", "4", "--seed", "9");
        table.Out.ShouldContain("arrival delay (minutes) over 4 runs");
        table.Out.ShouldContain("P(the convoy meets a restrictive aspect)");
    }

    [Fact]
    public void SimulationViews_PublicAndDispatcher_NeverNameTheConvoy()
    {
        var model = StateVisit.Value.Model;
        var run = model.Run([new UnplannedHold("main", Fortress.Units.Position.FromKilometers(490), Fortress.Units.Duration.FromMinutes(20))]);
        var convoy = new[] { "pilot", "main", "escort" };

        var pub = SimulationViews.Build(run, model.Trains, ViewPolicy.For(PlanView.Public));
        pub.Trains.ShouldAllBe(t => t.Role == "regular" && t.Samples.Count == 0 && t.RestrictiveAspects.Count == 0);
        pub.Trains.ShouldNotContain(t => convoy.Contains(t.Id) || t.Id.StartsWith("RP"));
        pub.Summary!.ConvoyRestrictiveAspects.ShouldBeNull();
        pub.Summary.MaxConvoyDelaySeconds.ShouldBeNull();
        pub.Summary.MaxConvoyStopDelaySeconds.ShouldBeNull();
        var pubJson = SimulationJson.Write(pub);
        foreach (var word in convoy.Append("reserved").Append("RP1")) pubJson.ShouldNotContain($"\"{word}\"");

        var disp = SimulationViews.Build(run, model.Trains, ViewPolicy.For(PlanView.Dispatcher));
        disp.Trains.Where(t => t.Role != "regular").Select(t => (t.Id, t.Role)).ShouldBe([("RP1", "reserved"), ("RP2", "reserved"), ("RP3", "reserved")]);
        var dispJson = SimulationJson.Write(disp);
        foreach (var word in convoy) dispJson.ShouldNotContain($"\"{word}\"");

        var sec = SimulationViews.Build(run, model.Trains, ViewPolicy.For(PlanView.Security));
        sec.Trains.Where(t => t.Role != "regular").Select(t => t.Id).ShouldBe(convoy);

        // A view the policy does not know sees nothing.
        var unknown = SimulationViews.Build(run, model.Trains, ViewPolicy.For(PlanView.Named("auditor")));
        unknown.Trains.ShouldBeEmpty();
        unknown.Summary.ShouldBeNull();
    }

    [Fact]
    public void PlanSimulationInput_StateVisit_UnhinderedTrainsKeepTheirPlannedTimes()
    {
        var (plan, model) = StateVisit.Value;
        var input = model.Input;
        input.Trains.Count(t => t.IsConvoy).ShouldBe(3);
        input.Trains.Count(t => !t.IsConvoy).ShouldBe(plan.Clearance!.Traffic.Count);
        input.Trains.Single(t => t.Id == "escort").Follows.ShouldBe("main");
        input.Trains.Single(t => t.Id == "main").Follows.ShouldBe("pilot");
        // A train held by an order at a loop it would have passed stands there in the simulation's input.
        var order = plan.Clearance.Orders.First(o => o.Kind == Fortress.Clearance.OrderKind.CrossAt);
        input.Trains.Single(t => t.Id == order.TrainId).Stops.ShouldContain(s => s.Place == order.Place);

        var r = model.Run();
        var unhindered = r.Trains.Where(t => t.Finished && t.RestrictiveAspects.Count == 0).ToArray();
        unhindered.Length.ShouldBeGreaterThan(20);
        foreach (var t in unhindered)
            foreach (var s in t.Stops)
            {
                if (s.SimulatedArrival is { } a) (a - s.PlannedArrival!.Value).TotalSeconds.ShouldBe(0, 1, $"{t.Id} at {s.Place}");
                if (s.SimulatedDeparture is { } d) (d - s.PlannedDeparture!.Value).TotalSeconds.ShouldBe(0, 1, $"{t.Id} from {s.Place}");
            }
        r.Deadlocks.ShouldBeEmpty();
    }
}
