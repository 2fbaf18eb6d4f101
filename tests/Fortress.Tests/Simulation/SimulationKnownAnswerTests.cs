using Fortress.Conflicts;
using Fortress.Simulation;
using Fortress.Units;
using NodaTime;
using static Fortress.Tests.Simulation.SimLines;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Simulation;

/// <summary>Known answers of the multi-train simulation: headways against the blocking-time model, crossings at a loop, a deadlock.</summary>
public class SimulationKnownAnswerTests
{
    private static SimulationResult Run(SimInfrastructure line, Signalling? sig, IReadOnlyList<Disturbance>? d, params SimTrain[] trains) =>
        SimulationModel.Compile(new SimulationInput(line, sig ?? Signalling.Default, trains)).Run(d, SimulationOptions.Default with { ResourceUses = true });

    private static double Seconds(Instant a, Instant b) => (a - b).TotalSeconds;

    /// <summary>The least headway at which an identical follower meets no conflict: the longest blocking time of the leader.</summary>
    private static (double Headway, BlockOccupation Critical) MinimumHeadway(SimInfrastructure line, SimTrain leader, BlockingParameters p)
    {
        var occ = Blocking(line, leader, p);
        var critical = occ.MaxBy(o => (o.End - o.Start).TotalSeconds)!;
        return ((critical.End - critical.Start).TotalSeconds, critical);
    }

    [Theory]
    [InlineData(SignalAspects.Two)]
    [InlineData(SignalAspects.Three)]
    public void Follower_AtMinimumHeadway_MeetsNoRestrictiveAspect(SignalAspects aspects)
    {
        var line = Line([0, 20], [false]);
        var sig = Signalling.Default with { Aspects = aspects };
        var leader = Train("L", 0, 20, T0);
        var (h, _) = MinimumHeadway(line, leader, sig.EffectiveBlocking);
        var follower = Train("F", 0, 20, T0 + NodaTime.Duration.FromSeconds(h));

        var r = Run(line, sig, null, leader, follower);

        r.Deadlocks.ShouldBeEmpty();
        foreach (var t in r.Trains)
        {
            t.RestrictiveAspects.ShouldBeEmpty($"{t.Id} at a headway of {h:0.0} s");
            Seconds(t.Stops[^1].SimulatedArrival!.Value, t.Stops[^1].PlannedArrival!.Value).ShouldBe(0, 1e-3);
        }
    }

    [Theory]
    [InlineData(SignalAspects.Two)]
    public void Follower_OneMinuteEarly_MeetsTheCriticalSignalAndArrivesAtTheMinimumHeadway(SignalAspects aspects)
    {
        var line = Line([0, 20], [false]);
        var sig = Signalling.Default with { Aspects = aspects };
        var leader = Train("L", 0, 20, T0);
        var (h, critical) = MinimumHeadway(line, leader, sig.EffectiveBlocking);
        // Both start from standstill at the same station, so the first block (slowest out of the platform) is the critical one.
        critical.BlockId.ShouldBe("D0.0:F");
        var follower = Train("F", 0, 20, T0 + NodaTime.Duration.FromSeconds(h - 60));

        var r = Run(line, sig, null, leader, follower);

        var f = r.Trains.Single(t => t.Id == "F");
        f.RestrictiveAspects.Count.ShouldBe(1);
        f.RestrictiveAspects[0].Signal.ShouldBe("D0.0:F/F");
        f.RestrictiveAspects[0].Protects.ShouldBe(critical.BlockId);
        f.RestrictiveAspects[0].LostSeconds.ShouldBe(60, 2);
        // Released one minute early, it leaves and arrives as a follower at exactly the minimum headway would (2 s).
        var predicted = T0 + NodaTime.Duration.FromSeconds(h) + NodaTime.Duration.FromSeconds(leader.Legs[0].PlannedRun.TotalTime.Seconds);
        Seconds(f.Stops[^1].SimulatedArrival!.Value, predicted).ShouldBe(0, 2);
        r.Trains.Single(t => t.Id == "L").RestrictiveAspects.ShouldBeEmpty();
    }

    [Fact]
    public void Follower_CaughtUpOnTheOpenLine_BrakesForTheRedAndLosesTime()
    {
        // A slow leader and a fast follower: the follower catches up between stations, sees caution, brakes and starts again.
        var line = Line([0, 30], [false]);
        var leader = Train("slow", 0, 30, T0, kmh: 60);
        var follower = Train("fast", 0, 30, T0 + NodaTime.Duration.FromMinutes(5), kmh: 140);

        var r = Run(line, null, null, leader, follower);

        var f = r.Trains.Single(t => t.Id == "fast");
        f.RestrictiveAspects.Count.ShouldBeGreaterThan(0);
        f.RestrictiveAspects.ShouldAllBe(a => a.Signal.StartsWith("D0.") && a.Position.Meters > 750);
        f.DelaySeconds!.Value.ShouldBeGreaterThan(60);
        // It never gets closer than one block: every block it enters was cleared by the leader first.
        var uses = r.ResourceUses.Where(u => u.Resource.StartsWith("D0.")).GroupBy(u => u.Resource);
        foreach (var g in uses)
        {
            var s = g.Single(u => u.Train == "slow");
            var q = g.Single(u => u.Train == "fast");
            q.Granted.ShouldBeGreaterThanOrEqualTo(s.Released - 1e-9, g.Key);
        }
        // Samples: the fast train's front is never ahead of the slow one's.
        var slow = r.Trains.Single(t => t.Id == "slow").Samples;
        foreach (var s in f.Samples)
        {
            var lead = slow.LastOrDefault(x => x.Seconds <= s.Seconds);
            if (lead.Seconds > 0 && s.Seconds <= slow[^1].Seconds) s.PositionMeters.ShouldBeLessThanOrEqualTo(lead.PositionMeters + 1e-6);
        }
    }

    [Theory]
    [InlineData(0, 120, "X")]   // X reaches the loop first and waits there for Y
    [InlineData(120, 0, "Y")]   // Y reaches the loop first and waits there for X
    public void SingleTrack_TrainsCrossAtTheLoop_InEitherOrder(int xLeaves, int yLeaves, string waits)
    {
        var line = Line([0, 10, 20], [true, true]);
        var x = Train("X", 0, 20, T0 + NodaTime.Duration.FromSeconds(xLeaves));
        var y = Train("Y", 20, 0, T0 + NodaTime.Duration.FromSeconds(yLeaves));

        var r = Run(line, null, null, x, y);

        r.Deadlocks.ShouldBeEmpty();
        r.Trains.ShouldAllBe(t => t.Finished);
        var waiter = r.Trains.Single(t => t.Id == waits);
        var other = r.Trains.Single(t => t.Id != waits);
        // The first at the loop stops at the signal into the section the other still runs in.
        var into = waits == "X" ? "S1" : "S0";
        waiter.RestrictiveAspects.ShouldContain(a => a.Protects == $"{into}.0");
        other.RestrictiveAspects.ShouldNotContain(a => a.Protects == (waits == "X" ? "S0.0" : "S1.0"));
        // One direction at a time in each section: the waiter enters it only after the other has left it.
        var theirs = r.ResourceUses.Single(u => u.Resource == $"{into}.0" && u.Train == other.Id);
        var mine = r.ResourceUses.Single(u => u.Resource == $"{into}.0" && u.Train == waiter.Id);
        mine.Granted.ShouldBeGreaterThanOrEqualTo(theirs.Released - 1e-9);
        // Both stood at the loop at the same time (two tracks).
        r.ResourceUses.Where(u => u.Resource == "P1").Count().ShouldBe(2);
    }

    /// <summary>
    /// A follower sent into a single-track section as soon as its blocking times allow, behind a train that will pass the
    /// loop at the far end while a third train stands there on the other track: the simulation keeps a track at the loop
    /// for the follower from its entry into the section, and the passing train's track counts as free (it leaves the loop
    /// before the follower can get there; a dispatcher lets the follower in). Before, the loop's track was taken at the
    /// section's entry and the follower was held until the passing train had cleared the loop: the simulation and the
    /// blocking times disagreed (decisions 0013, 0016). And never more trains stand in the loop than it has tracks.
    /// </summary>
    [Fact]
    public void SingleTrack_FollowerBehindATrainPassingTheNextLoop_EntersWhenItsBlockingTimesAllow()
    {
        var line = Line([0, 10, 20], [true, true], singleBlockKm: 3);
        var stands = Train("S", 0, 20, T0, stops: [(10, 3600)]);
        var passes = Train("P", 0, 20, T0 + NodaTime.Duration.FromMinutes(10));
        var probe = Train("F", 0, 20, T0 + NodaTime.Duration.FromMinutes(10), stops: [(10, 60)]);
        // The follower's earliest departure by the blocking times: none of its blocks overlaps the passing train's.
        var theirs = Blocking(line, passes).ToDictionary(o => o.InfrastructureId);
        var headway = Blocking(line, probe).Where(o => theirs.ContainsKey(o.InfrastructureId)).Max(o => (theirs[o.InfrastructureId].End - o.Start).TotalSeconds);
        var follows = Train("F", 0, 20, T0 + NodaTime.Duration.FromMinutes(10) + NodaTime.Duration.FromSeconds(Math.Ceiling(headway) + 1), stops: [(10, 60)]);

        var r = Run(line, null, null, stands, passes, follows);

        r.Deadlocks.ShouldBeEmpty();
        foreach (var t in r.Trains)
        {
            t.DelaySeconds!.Value.ShouldBe(0, 1e-3, t.Id);
            t.LargestStopDelay!.Value.Seconds.ShouldBe(0, 1e-3, t.Id);
            t.RestrictiveAspects.ShouldBeEmpty(t.Id);
        }
        // On the loop's tracks (a route set into one until it is given back): at most two trains at any moment.
        var atLoop = r.ResourceUses.Where(u => u.Resource == "P1").Select(u => (In: u.Granted, Out: u.Released)).ToList();
        atLoop.Count.ShouldBe(3);
        foreach (var (inAt, _) in atLoop) atLoop.Count(u => u.In <= inAt && inAt < u.Out).ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public void SingleTrack_LoopWithOneTrack_DeadlockIsReportedNotHung()
    {
        // Opposing trains, each planned first into the section ahead of the other, and one track at the loop between.
        var line = Line([0, 10, 20], [true, true], tracksAt: [2, 1, 2]);
        var x = Train("X", 0, 20, T0);
        var y = Train("Y", 20, 0, T0);

        var r = Run(line, null, null, x, y);

        r.Trains.ShouldAllBe(t => !t.Finished && t.DelaySeconds == null);
        r.Deadlocks.Count.ShouldBe(1);
        r.Deadlocks[0].Trains.ShouldBe(["X", "Y"], ignoreOrder: true);
        r.Deadlocks[0].Resources.ShouldBe(["S0.0", "S1.0"], ignoreOrder: true);
        r.Deadlocks[0].Description.ShouldContain("X waits for S0.0");
        r.Summary.RegularTrainsDelayed.ShouldBe(2);
    }

    [Fact]
    public void Train_Alone_ReproducesItsPlannedEnvelope()
    {
        var line = Line([0, 12, 30], [false, true]);
        var t = Train("A", 0, 30, T0, kmh: 120, stops: [(12, 90)], gradient: 4);
        var r = Run(line, null, null, t);

        var s = r.Trains.Single();
        s.RestrictiveAspects.ShouldBeEmpty();
        foreach (var st in s.Stops)
        {
            if (st.PlannedArrival is { } pa) Seconds(st.SimulatedArrival!.Value, pa).ShouldBe(0, 1e-3);
            if (st.PlannedDeparture is { } pd) Seconds(st.SimulatedDeparture!.Value, pd).ShouldBe(0, 1e-3);
        }
        // Every sample on the run's own curve: the front passes each position when the envelope says.
        var run = t.Legs[0].PlannedRun;
        var t0 = Seconds(T0, r.Start);
        foreach (var sample in s.Samples.Where(x => x.SpeedMetersPerSecond > 0.5))
            (t0 + run.TimeAtFront(Position.FromMeters(sample.PositionMeters))!.Value.Seconds).ShouldBe(sample.Seconds, 0.01);
        s.Samples.Zip(s.Samples.Skip(1)).ShouldAllBe(p => p.Second.Seconds - p.First.Seconds <= 10 + 1e-9);
    }

    [Fact]
    public void LateDeparture_Alone_ArrivesExactlyThatLate()
    {
        var line = Line([0, 20], [true]);
        var t = Train("A", 0, 20, T0);
        var r = Run(line, null, [new LateDeparture("A", Duration.FromMinutes(7))], t);
        r.Trains[0].DelaySeconds!.Value.ShouldBe(420, 1e-3);
        r.Trains[0].RestrictiveAspects.ShouldBeEmpty();
    }

    [Fact]
    public void UnplannedHold_BrakesStandsAndRestarts_LosingMoreThanTheStand()
    {
        var line = Line([0, 20], [false]);
        var t = Train("A", 0, 20, T0, kmh: 120);
        var r = Run(line, null, [new UnplannedHold("A", Position.FromKilometers(9), Duration.FromMinutes(5))], t);
        var s = r.Trains[0];
        // Five minutes standing plus the time to brake from line speed and to start again.
        s.DelaySeconds!.Value.ShouldBeGreaterThan(300 + 20);
        s.DelaySeconds!.Value.ShouldBeLessThan(300 + 120);
        var stand = s.Samples.Where(x => Math.Abs(x.PositionMeters - 9000) < 1e-3 && x.SpeedMetersPerSecond == 0).ToArray();
        (stand[^1].Seconds - stand[0].Seconds).ShouldBeGreaterThanOrEqualTo(290);
        // The trace gives the front at any instant, the samples at theirs.
        foreach (var x in s.Samples)
        {
            var (front, speed) = s.Trace!.At(r.Start + NodaTime.Duration.FromSeconds(x.Seconds));
            front.Meters.ShouldBe(x.PositionMeters, 0.01);
            speed.MetersPerSecond.ShouldBe(x.SpeedMetersPerSecond, 0.01);
        }
        s.Trace!.At(r.Start).Front.Meters.ShouldBe(0);
        s.Trace.At(s.Trace.End + NodaTime.Duration.FromHours(1)).Front.Meters.ShouldBe(20000, 1e-6);
    }

    /// <summary>
    /// A delay made up at a long stop: the train is on time at its last stop, so its arrival delay (and the convoy's
    /// <c>MaxConvoyDelaySeconds</c>) reads 0, but it was late at the stop on its way, where sweeps and guards follow its
    /// times; the largest delay on the way says where and how much.
    /// </summary>
    [Fact]
    public void UnplannedHold_MadeUpAtALongStop_OnTimeAtTheEndButTheLargestDelayOnTheWayShows()
    {
        var line = Line([0, 10, 20], [false, false]);
        var t = Train("A", 0, 20, T0, kmh: 120, stops: [(10, 1800)], role: SimulationRole.Main);
        // A 30 min stand planned where one minute would do (a ceremony, a gauge change waiting for its shed).
        t = t with { Stops = t.Stops.Select((x, i) => i == 1 ? x with { MinimumDwell = Duration.FromSeconds(60) } : x).ToArray() };
        var r = Run(line, null, [new UnplannedHold("A", Position.FromKilometers(5), Duration.FromMinutes(5))], t);
        var s = r.Trains[0];
        s.DelaySeconds!.Value.ShouldBe(0, 1e-3);
        r.Summary.MaxConvoyDelaySeconds.ShouldBe(0, 1e-3);
        var stop = s.Stops[1];
        var late = Seconds(stop.SimulatedArrival!.Value, stop.PlannedArrival!.Value);
        late.ShouldBeGreaterThan(300, "five minutes standing, and braking and starting again");
        Seconds(stop.SimulatedDeparture!.Value, stop.PlannedDeparture!.Value).ShouldBe(0, 1e-3, "the stand absorbs it");
        s.LargestStopDelay.ShouldBe(new StopDelay(stop.Place, late, Departure: false));
        r.Summary.MaxConvoyStopDelaySeconds.ShouldBe(late, 1e-9);
        // Undisturbed, the largest delay is none (at the first stop, where it leaves on time).
        var calm = Run(line, null, null, t);
        calm.Trains[0].LargestStopDelay!.Value.Seconds.ShouldBe(0, 1e-3);
        calm.Summary.MaxConvoyStopDelaySeconds.ShouldBe(0, 1e-3);
    }

    [Fact]
    public void DwellExtension_AtATimedStop_DelaysTheDepartureByTheExtension()
    {
        var line = Line([0, 10, 20], [false, false]);
        var t = Train("A", 0, 20, T0, stops: [(10, 60)]);
        var r = Run(line, null, [new DwellExtension("A", 1, Duration.FromSeconds(45))], t);
        var stop = r.Trains[0].Stops[1];
        Seconds(stop.SimulatedDeparture!.Value, stop.PlannedDeparture!.Value).ShouldBe(45, 1e-3);
        r.Trains[0].DelaySeconds!.Value.ShouldBe(45, 1e-3);
    }

    [Fact]
    public void PerformanceShortfall_RunsSlowerThanPlanned()
    {
        var line = Line([0, 20], [false]);
        var t = Train("A", 0, 20, T0, kmh: 140);
        var r = Run(line, null, [new PerformanceChange("A", 0.8, 0.8)], t);
        r.Trains[0].DelaySeconds!.Value.ShouldBeGreaterThan(1);
        r.Trains[0].RestrictiveAspects.ShouldBeEmpty();
    }

    [Fact]
    public void Disturbances_Invalid_EveryProblemReportedAtOnce()
    {
        var line = Line([0, 20], [false]);
        var model = SimulationModel.Compile(new SimulationInput(line, Signalling.Default, [Train("A", 0, 20, T0)]));
        var ex = Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => model.Run(
        [
            new UnplannedHold("nobody", Position.FromKilometers(3), Duration.FromMinutes(1)),
            new UnplannedHold("A", Position.FromKilometers(25), Duration.FromMinutes(1)),
            new LateDeparture("A", Duration.FromMinutes(-1)),
        ]));
        ex.Problems.Count.ShouldBe(3);
        ex.Problems[0].Message.ShouldContain("unknown train 'nobody'");
        ex.Problems[1].Message.ShouldContain("not on its way");
    }
}
