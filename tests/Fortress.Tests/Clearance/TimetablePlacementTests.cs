using Fortress.Clearance;
using Fortress.IO.Gtfs;
using Fortress.Planning;
using Fortress.Units;

namespace Fortress.Tests.Clearance;

/// <summary>Imported regular timetables placed on a corridor with their own running times.</summary>
public class TimetablePlacementTests
{
    [Fact]
    public void Caltrain_Gtfs_EveryTripPlaced_WithRunningTimesWithinItsTimetable()
    {
        var timetable = GtfsReader.Read(TestData.Require("gtfs/caltrain-2018.zip"));
        // Caltrain: 79 mph line speed (FRA class 4 track), double track on most of the line.
        var corridor = CorridorFromTimetable.Build(timetable, "Caltrain", Speed.FromMilesPerHour(79), tracks: 2);
        corridor.Path.Length.Kilometers.ShouldBeInRange(75, 130);
        var train = TestTrains.Train(coaches: 5);
        var placed = TrafficPlacement.Place(corridor, timetable, _ => train);
        placed.Count.ShouldBe(timetable.Trains.Count);
        placed.ShouldContain(p => p.Forward);
        placed.ShouldContain(p => !p.Forward);
        // The engine's time from first to last station never exceeds the timetable's by more than a few minutes
        // (timetables carry allowances; the engine gives the technical minimum with the given dwell times).
        foreach (var p in placed)
        {
            var scheduled = (p.Train.LastArrival!.Value - p.Train.FirstDeparture!.Value).TotalSeconds;
            var computed = p.Movement.EndTime.Seconds;
            computed.ShouldBeLessThan(scheduled * 1.25 + 300, p.Train.Number);
        }
        // And their blocking times can be computed on the derived double-track blocks.
        var blocks = CorridorBlocks.Derive(corridor);
        blocks.Blocks.ShouldAllBe(b => !b.Single);
        var first = placed[0];
        var occupations = Fortress.Conflicts.BlockingTimeCalculator.Compute(first.Train.Id, first.Movement, first.Length,
            blocks.For(first.From, first.To, corridor.Path.Length), first.Departure);
        occupations.Count.ShouldBeGreaterThan(10);
    }
}
