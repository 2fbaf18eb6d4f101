using Fortress.Clearance;
using Fortress.Conflicts;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Clearance;

/// <summary>The generated regular timetable is runnable: trains drawn pattern by pattern are given crossings, never a shared block.</summary>
public class RepresentativeTrafficTests
{
    private static IReadOnlyList<Conflict> Conflicts(Corridor c, RegularTimetable timetable, Func<RegularTrain, Consist> consist, CorridorBlocks blocks) =>
        ConflictDetector.Detect(TrafficPlacement.Place(c, timetable, consist).SelectMany(t => LineClearance.Occupations(t, blocks, null, 0)));

    /// <summary>
    /// A regional service A - B every 15 minutes both ways from 06:00 (the two directions leave their ends at the same
    /// minutes), and a slower freight both ways at 06:05: as drawn, opposite trains meet between the loops and the
    /// freights are caught up by the regionals. Scheduled: no two trains share a block; every train is kept and none leaves
    /// before its pattern's time; no more trains stand at a loop at once than it has holding tracks; two trains on one block are at least the buffer time apart; a train that waits does so at a loop (a crossing stop in its timetable, arriving before
    /// it leaves) or leaves later; the first train out, the fastest and earliest, runs as drawn.
    /// </summary>
    [Fact]
    public void Schedule_OppositeAndFollowingTrainsOnSingleTrack_CrossAtLoops_NoSharedBlock()
    {
        var c = ClearanceOptimizerTests.Line(); // single track A - L1 (loop) - L2 (loop) - B, 30 km
        var blocks = CorridorBlocks.Derive(c);
        var regional = TestTrains.Train(coaches: 3);
        var freight = TestTrains.Train(coaches: 12, coachTonnes: 80);
        var consists = new Dictionary<string, Consist> { ["regional"] = regional, ["freight"] = freight };
        var day = new LocalDate(2026, 5, 1);
        var drawn = RepresentativeTraffic.Generate(c, day, 1,
            [new TrafficPattern("A", "B", "regional", [], new LocalTime(6, 0), NodaTime.Duration.FromMinutes(15), 4, true, "R", Duration.FromMinutes(1)),
             new TrafficPattern("A", "B", "freight", [], new LocalTime(6, 5), NodaTime.Duration.FromMinutes(60), 1, true, "G", Duration.Zero)],
            k => consists[k]);
        Consist ConsistOf(RegularTrain t) => consists[t.Category!];
        Conflicts(c, drawn, ConsistOf, blocks).ShouldNotBeEmpty("as drawn, the trains meet on single track");

        var (scheduled, leftOut) = RepresentativeTraffic.Schedule(c, drawn, ConsistOf, blocks, ClearanceSettings.Default);

        leftOut.ShouldBeEmpty();
        scheduled.Trains.Count.ShouldBe(drawn.Trains.Count);
        Conflicts(c, scheduled, ConsistOf, blocks).ShouldBeEmpty();
        // And the buffer time between any two that exclude each other on a block.
        var occ = TrafficPlacement.Place(c, scheduled, ConsistOf).SelectMany(t => LineClearance.Occupations(t, blocks, null, 0)).ToList();
        foreach (var a in occ)
            foreach (var b in occ.Where(b => b.TrainId != a.TrainId && b.InfrastructureId == a.InfrastructureId && b.Start >= a.Start
                         && (a.SingleTrack || b.SingleTrack || a.Direction == b.Direction)))
                (b.Start - a.End).TotalSeconds.ShouldBeGreaterThanOrEqualTo(RepresentativeTraffic.Buffer.Seconds - 1e-6, $"{a.TrainId} then {b.TrainId} on {a.BlockId}");
        var waited = 0;
        foreach (var (before, after) in drawn.Trains.Zip(scheduled.Trains))
        {
            after.Id.ShouldBe(before.Id);
            after.Stops[0].Departure!.Value.ShouldBeGreaterThanOrEqualTo(before.Stops[0].Departure!.Value, $"{after.Number} leaves early");
            after.Stops[^1].Arrival!.Value.ShouldBeGreaterThanOrEqualTo(before.Stops[^1].Arrival!.Value, $"{after.Number} arrives early");
            var crossings = after.Stops.Where(s => s.Station.Name is "L1" or "L2").ToList();
            foreach (var s in crossings) s.Departure!.Value.ShouldBeGreaterThan(s.Arrival!.Value, $"{after.Number} at {s.Station.Name}");
            if (crossings.Count > 0 || after.Stops[0].Departure != before.Stops[0].Departure) waited++;
        }
        waited.ShouldBeGreaterThan(0);
        // No more trains standing at a loop at once than it has holding tracks (one each).
        foreach (var loop in new[] { "L1", "L2" })
        {
            var stands = scheduled.Trains.SelectMany(t => t.Stops.Where(x => x.Station.Name == loop && x.Arrival < x.Departure)).ToList();
            foreach (var a in stands)
                stands.Count(b => b.Arrival < a.Departure && a.Arrival < b.Departure).ShouldBe(1, $"trains standing at {loop} with the one from {a.Arrival}");
        }
        var first = drawn.Trains.Where(t => t.Category == "regional").MinBy(t => t.Stops[0].Departure)!;
        scheduled.Trains.Single(t => t.Id == first.Id).ShouldBe(first);
    }
    /// <summary>
    /// With an imported train that keeps its times (B to A at 06:07, into the regional stream A to B): the generated
    /// trains are given paths around it too; no two of all the trains share a block.
    /// </summary>
    [Fact]
    public void Schedule_AroundAnImportedTrain_NoSharedBlockWithIt()
    {
        var c = ClearanceOptimizerTests.Line();
        var blocks = CorridorBlocks.Derive(c);
        var regional = TestTrains.Train(coaches: 3);
        var day = new LocalDate(2026, 5, 1);
        var drawn = RepresentativeTraffic.Generate(c, day, 1,
            [new TrafficPattern("A", "B", "regional", [], new LocalTime(6, 0), NodaTime.Duration.FromMinutes(15), 4, false, "R", Duration.FromMinutes(1))],
            _ => regional);
        var at = (day + new LocalTime(6, 7)).InUtc().ToInstant();
        var imported = new RegularTimetable([new RegularTrain("X1", "X1", null, null, "regional", day, null,
            [new TimetableStop(new StationRef("B", "B"), null, at, DateTimeZone.Utc), new TimetableStop(new StationRef("A", "A"), at + NodaTime.Duration.FromMinutes(30), null, DateTimeZone.Utc)])],
            [], "imported");
        var fixedTrains = TrafficPlacement.Place(c, imported, _ => regional);
        Conflicts(c, new RegularTimetable([.. drawn.Trains, .. imported.Trains], [], "all"), _ => regional, blocks).ShouldNotBeEmpty("as drawn, the regionals meet X1");

        var (scheduled, leftOut) = RepresentativeTraffic.Schedule(c, drawn, _ => regional, blocks, ClearanceSettings.Default, fixedTrains);

        leftOut.ShouldBeEmpty();
        Conflicts(c, new RegularTimetable([.. scheduled.Trains, .. imported.Trains], [], "all"), _ => regional, blocks).ShouldBeEmpty();
    }
}
