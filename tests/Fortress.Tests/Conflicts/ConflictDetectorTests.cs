using CsCheck;
using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Units;
using NodaTime;
using static Fortress.Tests.Conflicts.BlockingTimeTests;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Conflicts;

public class ConflictDetectorTests
{
    private static Position M(double m) => Position.FromMeters(m);
    private static readonly Length TrainLength = Length.FromMeters(200);
    private static readonly Speed V20 = Speed.FromMetersPerSecond(20);

    // A single-track line A (0 km) - loop L (4.8..5.2 km, two tracks) - B (10 km).
    // Eastbound E runs A->B; westbound W runs B->A, so its path position p is line kilometre 10 - p.
    private static BlockSection[] Eastbound =>
    [
        new("E:S1", "S1", M(0), M(4800), TravelDirection.Forward, true),
        new("E:L1", "L1", M(4800), M(5200), TravelDirection.Forward, false),
        new("E:S2", "S2", M(5200), M(10_000), TravelDirection.Forward, true),
    ];

    private static BlockSection[] Westbound =>
    [
        new("W:S2", "S2", M(0), M(4800), TravelDirection.Reverse, true),
        new("W:L2", "L2", M(4800), M(5200), TravelDirection.Reverse, false),
        new("W:S1", "S1", M(5200), M(10_000), TravelDirection.Reverse, true),
    ];

    private static IReadOnlyList<BlockOccupation> East(double departSeconds) =>
        BlockingTimeCalculator.Compute("E", TrainMovement.Constant(M(0), M(10_000), V20), TrainLength, Eastbound, At(departSeconds));

    private static IReadOnlyList<BlockOccupation> West(double dwellInLoop) =>
        BlockingTimeCalculator.Compute("W", TrainMovement.Constant(M(0), M(10_000), V20, (M(5150), Duration.FromSeconds(dwellInLoop))),
            TrainLength, Westbound, T0);

    [Fact]
    public void Detect_OpposingTrainsWithoutWaiting_ConflictOnBothSingleTrackBlocks()
    {
        var conflicts = ConflictDetector.Detect([.. East(0), .. West(0)]);
        conflicts.Select(c => c.InfrastructureId).ShouldBe(["S1", "S2"]);
        conflicts.ShouldAllBe(c => c.First.TrainId != c.Second.TrainId);
    }

    [Fact]
    public void Detect_WestboundWaitsInLoopUntilEastboundClearsSingleTrack_NoConflict()
    {
        // W: front at the loop's far end (5,150 m) at 257.5 s; it cleared S2 (front at 4,800 + 100 + 200 m) at 255 s,
        //    S2 released at 258 s.
        // E departs 100 s later: S2 approach at 4,200 m = 310 s, blocking from 289 s (> 258 s). E holds S1 until its
        //    rear clears 4,900 m: front at 5,100 m = 355 s, released at 358 s.
        // W leaves the loop at 257.5 + 122.5 = 380 s: its S1 blocking time starts at 380 - 21 = 359 s (> 358 s).
        var conflicts = ConflictDetector.Detect([.. East(100), .. West(122.5)]);
        conflicts.ShouldBeEmpty();
    }

    [Fact]
    public void Detect_WestboundLeavesLoopTooEarly_ConflictOnFirstSingleTrackBlockOnly()
    {
        // W leaves at 257.5 + 42.5 = 300 s: S1 from 279 s, but E holds S1 until 358 s.
        var conflicts = ConflictDetector.Detect([.. East(100), .. West(42.5)]);
        var c = conflicts.ShouldHaveSingleItem();
        c.InfrastructureId.ShouldBe("S1");
        c.First.TrainId.ShouldBe("E");
        c.Second.TrainId.ShouldBe("W");
        c.OverlapStart.ShouldBe(At(279));
        c.OverlapEnd.ShouldBe(At(358));
        c.Overlap.ShouldBe(NodaTime.Duration.FromSeconds(79));
    }

    [Fact]
    public void Detect_FastTrainCatchesUpSlowOnDoubleTrack_ConflictsOnlyWhereItCatchesUp()
    {
        // Five 2 km double-track blocks. Slow: 20 m/s from 0 s; fast: 40 m/s from 300 s.
        // Block k (from 2,000k m): slow holds it from (2,000k - 1,000)/20 - 21 s to (2,000k + 2,300)/20 + 3 s (the last
        // to the end of its run, 500 + 3 s); the fast train needs it from 300 + (2,000k - 1,000)/40 - 21 s.
        // k = 3: slow to 418 s, fast from 404 s; k = 4: slow to 503 s, fast from 454 s; earlier blocks are free.
        var blocks = Enumerable.Range(0, 5).Select(k => new BlockSection($"D{k}", $"D{k}", M(2000 * k), M(2000 * k + 2000), TravelDirection.Forward, false)).ToArray();
        var slow = BlockingTimeCalculator.Compute("slow", TrainMovement.Constant(M(0), M(10_000), V20), TrainLength, blocks, T0);
        var fast = BlockingTimeCalculator.Compute("fast", TrainMovement.Constant(M(0), M(10_000), Speed.FromMetersPerSecond(40)), TrainLength, blocks, At(300));

        var conflicts = ConflictDetector.Detect([.. slow, .. fast]);
        conflicts.Select(c => c.InfrastructureId).ShouldBe(["D3", "D4"]);
        conflicts[0].OverlapStart.ShouldBe(At(404));
        conflicts[0].OverlapEnd.ShouldBe(At(418));
        conflicts[1].OverlapStart.ShouldBe(At(454));
        conflicts[1].OverlapEnd.ShouldBe(At(503));
        conflicts.ShouldAllBe(c => c.First.TrainId == "slow" && c.Second.TrainId == "fast");
    }

    [Fact]
    public void Detect_OpposingTrainsOnDoubleTrack_DoNotConflict()
    {
        var blocks = Enumerable.Range(0, 5).Select(k => new BlockSection($"D{k}", $"D{k}", M(2000 * k), M(2000 * k + 2000), TravelDirection.Forward, false)).ToArray();
        var back = blocks.Reverse().Select((b, i) => b with { Start = M(2000 * i), End = M(2000 * i + 2000), Direction = TravelDirection.Reverse }).ToArray();
        var up = BlockingTimeCalculator.Compute("up", TrainMovement.Constant(M(0), M(10_000), V20), TrainLength, blocks, T0);
        var down = BlockingTimeCalculator.Compute("down", TrainMovement.Constant(M(0), M(10_000), V20), TrainLength, back, T0);
        ConflictDetector.Detect([.. up, .. down]).ShouldBeEmpty();
        // The same two movements on a single-track line conflict where they meet: the middle block D2, held by both
        // from 4,000 m - 1,000 m = 150 s - 21 s = 129 s to 6,300 m = 315 s + 3 s = 318 s. On D1 the up train is
        // released at 218 s and the down train needs it from 229 s, and the other way round on D3.
        var upS = up.Select(o => o with { SingleTrack = true });
        var downS = down.Select(o => o with { SingleTrack = true });
        var c = ConflictDetector.Detect([.. upS, .. downS]).ShouldHaveSingleItem();
        c.InfrastructureId.ShouldBe("D2");
        c.OverlapStart.ShouldBe(At(129));
        c.OverlapEnd.ShouldBe(At(318));
    }

    [Fact]
    public void Detect_TouchingBlockingTimes_DoNotConflict()
    {
        var a = new BlockOccupation("a", "x", "X", TravelDirection.Forward, false, At(0), At(100));
        var b = a with { TrainId = "b", Start = At(100), End = At(200) };
        ConflictDetector.Detect([a, b]).ShouldBeEmpty();
        ConflictDetector.Detect([a, b with { Start = At(99.999) }]).ShouldHaveSingleItem();
    }

    [Fact]
    public void Detect_InconsistentTrackKind_ReportsTheBlock()
    {
        var a = new BlockOccupation("a", "x", "X", TravelDirection.Forward, true, At(0), At(100));
        var b = a with { TrainId = "b", SingleTrack = false };
        var bad = a with { TrainId = "c", End = At(-5) };
        var ex = Should.Throw<InvalidInputException>(() => ConflictDetector.Detect([a, b, bad]));
        ex.Problems.Count.ShouldBe(2);
        ex.Problems.ShouldContain(p => p.Where == "block X");
        ex.Problems.ShouldContain(p => p.Where == "train c block x");
    }

    private static readonly Gen<BlockOccupation[]> Occupations =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 4], Gen.Int[0, 1], Gen.Int[0, 600], Gen.Int[1, 120])
            .Select((train, block, dir, start, len) => new BlockOccupation(
                $"T{train}", $"b{block}", $"B{block}", (TravelDirection)dir, block % 2 == 0,
                At(start), At(start + len)))
            .Array[0, 60];

    [Fact]
    public void Detect_RandomOccupations_SameConflictsAsNaivePairwiseCheck()
    {
        Occupations.Sample(occ =>
        {
            var fast = ConflictDetector.Detect(occ);
            var naive = NaiveConflictDetector.Detect(occ);
            fast.ShouldBe(naive);
            // Every reported overlap is real and within both blocking times.
            foreach (var c in fast)
            {
                c.First.ConflictsWith(c.Second).ShouldBeTrue();
                c.OverlapStart.ShouldBeLessThan(c.OverlapEnd);
                c.OverlapStart.ShouldBeGreaterThanOrEqualTo(c.Second.Start);
                c.OverlapEnd.ShouldBeLessThanOrEqualTo(c.First.End);
            }
        }, iter: 2000);
    }
}
