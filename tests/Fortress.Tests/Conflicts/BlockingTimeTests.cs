using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Conflicts;

public class BlockingTimeTests
{
    internal static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0, 0);

    internal static Instant At(double seconds) => T0 + NodaTime.Duration.FromSeconds(seconds);

    private static Position M(double m) => Position.FromMeters(m);

    private static BlockSection Block(string id, double from, double to, TravelDirection dir = TravelDirection.Forward, bool single = false) =>
        new(id, id, M(from), M(to), dir, single);

    [Fact]
    public void Compute_OneKilometreBlockAtTwentyMetresPerSecond_GivesHandComputedWindow()
    {
        // 200 m train at a constant 20 m/s; block 2,000..3,000 m; defaults: set-up 12 s, sight/reaction 9 s,
        // braking distance 1,000 m, overlap 100 m, release 3 s.
        // Start: front at 2,000 - 1,000 = 1,000 m at 50 s, minus 9 s, minus 12 s = 29 s.
        // Front at the entry signal: 2,000 / 20 = 100 s.
        // Rear clears end + overlap: front at 3,000 + 100 + 200 = 3,300 m at 165 s; plus 3 s release = 168 s.
        var move = TrainMovement.Constant(M(0), M(10_000), Speed.FromMetersPerSecond(20));
        var occ = BlockingTimeCalculator.Compute("IC 1", move, Length.FromMeters(200), [Block("B", 2000, 3000)], T0).Single();

        occ.Start.ShouldBe(At(29));
        occ.FrontEntry.ShouldBe(At(100));
        occ.RearClear.ShouldBe(At(165));
        occ.End.ShouldBe(At(168));
        occ.Length.ShouldBe(NodaTime.Duration.FromSeconds(139));
        occ.TrainId.ShouldBe("IC 1");
    }

    [Fact]
    public void Compute_PreviousBlockApproach_StartsAtThePreviousSignal()
    {
        var move = TrainMovement.Constant(M(0), M(10_000), Speed.FromMetersPerSecond(20));
        BlockSection[] blocks = [Block("A", 0, 1500), Block("B", 1500, 3000), Block("C", 3000, 4000)];
        var previous = BlockingTimeCalculator.Compute("t", move, Length.FromMeters(200), blocks, T0,
            BlockingParameters.Default with { Approach = ApproachMode.PreviousBlock });
        var braking = BlockingTimeCalculator.Compute("t", move, Length.FromMeters(200), blocks, T0);

        // C: previous signal at 1,500 m (75 s) - 21 s = 54 s; braking distance: 2,000 m (100 s) - 21 s = 79 s.
        previous[2].Start.ShouldBe(At(54));
        braking[2].Start.ShouldBe(At(79));
        // A: the approach point lies before the run; the train stands at its start, so 0 s - 21 s.
        previous[0].Start.ShouldBe(At(-21));
        braking[0].Start.ShouldBe(At(-21));
        // The end of the blocking time does not depend on the approach.
        previous.Select(o => o.End).ShouldBe(braking.Select(o => o.End));
    }

    [Fact]
    public void Compute_RunEndsInsideClearingDistance_HoldsBlockUntilEndOfRun()
    {
        var move = TrainMovement.Constant(M(0), M(3050), Speed.FromMetersPerSecond(20));
        var occ = BlockingTimeCalculator.Compute("t", move, Length.FromMeters(200), [Block("B", 2000, 3000)], T0).Single();
        occ.RearClear.ShouldBe(At(152.5));
        occ.End.ShouldBe(At(155.5));
    }

    [Fact]
    public void Compute_StopBeforeEntrySignal_ApproachStartsAtDeparture()
    {
        // Stands at 1,900 m from 95 s to 395 s (300 s dwell); the next block's route is set only for its departure.
        var move = TrainMovement.Constant(M(0), M(10_000), Speed.FromMetersPerSecond(20), (M(1900), Duration.FromSeconds(300)));
        var occ = BlockingTimeCalculator.Compute("t", move, Length.FromMeters(200), [Block("B", 2000, 3000)], T0).Single();
        occ.Start.ShouldBe(At(395 - 21));
        occ.FrontEntry.ShouldBe(At(400));
        occ.End.ShouldBe(At(465 + 3));
    }

    [Fact]
    public void Compute_FromComputedRun_EntryTimesAreTheRunsFrontTimes()
    {
        var consist = TestTrains.Train(coaches: 6);
        var run = RunningTimeCalculator.Run(consist, TestTrains.Flat(12_000, 120));
        var blocks = Enumerable.Range(0, 6).Select(k => Block($"B{k}", 2000 * k, 2000 * k + 2000)).ToArray();
        var occ = BlockingTimeCalculator.Compute("r", TrainMovement.FromRun(run), consist.Length, blocks, T0);

        occ.Count.ShouldBe(6);
        for (var k = 0; k < 6; k++)
        {
            var entry = run.TimeAtFront(M(2000 * k))!.Value.Seconds;
            (occ[k].FrontEntry!.Value - T0).TotalSeconds.ShouldBe(entry, 1e-6);
            occ[k].Start.ShouldBeLessThan(occ[k].FrontEntry!.Value);
            occ[k].End.ShouldBeGreaterThan(occ[k].RearClear!.Value);
            if (k > 0)
            {
                occ[k].Start.ShouldBeGreaterThan(occ[k - 1].Start);
                occ[k].End.ShouldBeGreaterThan(occ[k - 1].End);
            }
        }
        // The last block: the train stops at 12,000 m, inside its clearing distance, and holds it to the end of the run.
        (occ[5].RearClear!.Value - T0).TotalSeconds.ShouldBe(run.TotalTime.Seconds, 1e-6);
    }

    [Fact]
    public void Compute_FromRunWithStopAtSignal_NextBlockIsSetForTheDeparture()
    {
        // A 5-minute stop with the front at 4,950 m, just before the signal at 5,000 m: the block beyond is needed
        // from the departure (minus sight/reaction and set-up), not from when the train passed 4,000 m on its way in.
        var consist = TestTrains.Train(coaches: 6);
        var run = RunningTimeCalculator.Run(consist,
            TestTrains.Flat(10_000, 100, [new RunStop("loop", M(4950), Duration.FromMinutes(5)), new RunStop("end", M(10_000), Duration.Zero)]));
        var stop = run.Stops.Single(s => s.Name == "loop");
        var occ = BlockingTimeCalculator.Compute("r", TrainMovement.FromRun(run), consist.Length,
            [Block("in", 3000, 5000), Block("out", 5000, 7000)], T0);

        (occ[1].Start - T0).TotalSeconds.ShouldBe(stop.Departure.Seconds - 21, 1e-6);
        (occ[1].Start - T0).TotalSeconds.ShouldBeGreaterThan(stop.Arrival.Seconds);
        // The block the train stands in is held through the stop, until the rear has cleared 5,100 m.
        occ[0].End.ShouldBeGreaterThan(At(stop.Departure.Seconds));
    }

    [Fact]
    public void Compute_BadBlocks_ReportsEveryProblem()
    {
        var move = TrainMovement.Constant(M(0), M(5000), Speed.FromMetersPerSecond(20));
        var ex = Should.Throw<InvalidInputException>(() => BlockingTimeCalculator.Compute("t", move, Length.FromMeters(200),
            [Block("A", 1000, 900), Block("B", 800, 2000), Block("C", 4000, 6000)], T0));
        ex.Problems.Count.ShouldBe(3);
        ex.Problems.Select(p => p.Where).ShouldBe(["train t block A", "train t block B", "train t block C"]);
    }
}
