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
        blocks.Blocks.ShouldAllBe(b => !b.SingleTrack);
        var first = placed[0];
        var occupations = Fortress.Conflicts.BlockingTimeCalculator.Compute(first.Train.Id, first.Movement, first.Length,
            blocks.For(first.From, first.To), first.Departure);
        occupations.Count.ShouldBeGreaterThan(10);
    }
}

/// <summary>The OpenTrack railML timetable (no coordinates) placed on a corridor drawn from its own running times.</summary>
public class RailMlPlacementTests
{
    [Fact]
    public void Zurich_OpenTrack_TrainsAlongTheLongestLine_ArePlaced_AndTheirConflictsChecked()
    {
        var zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Zurich"];
        var timetable = Fortress.IO.RailMl.RailMlTimetableReader.Read(TestData.Require("railml/zurich-opentrack-timetable.railml"),
            new Fortress.IO.RailMl.RailMlImportOptions { Zone = zone, ServiceDate = new NodaTime.LocalDate(2014, 4, 14) });
        // Assumption: S-Bahn trains run between timing points at 60 km/h on average; line speed 120 km/h, double track.
        var corridor = CorridorFromTimetable.BuildFromTimes(timetable, "Zurich S-Bahn", Speed.FromKilometersPerHour(60), Speed.FromKilometersPerHour(120), tracks: 2);
        corridor.Places.Count.ShouldBeGreaterThan(5);
        var (along, leftOut) = CorridorFromTimetable.TrainsAlong(timetable, corridor);
        (along.Trains.Count + leftOut.Count).ShouldBe(timetable.Trains.Count);
        along.Trains.Count.ShouldBeGreaterThanOrEqualTo(10, "the longest line carries a good share of the 50 trains");
        leftOut.ShouldAllBe(p => p.Message.Contains("Zurich S-Bahn"));

        var train = TestTrains.Train(coaches: 4);
        var placed = TrafficPlacement.Place(corridor, along, _ => train);
        placed.Count.ShouldBe(along.Trains.Count);
        placed.ShouldContain(p => p.Forward);
        placed.ShouldContain(p => !p.Forward);
        // Each keeps its timetable: the engine's run never needs much more than the scheduled time.
        foreach (var p in placed)
        {
            var scheduled = (p.Train.LastArrival!.Value - p.Train.FirstDeparture!.Value).TotalSeconds;
            p.Movement.EndTime.Seconds.ShouldBeLessThan(scheduled * 1.25 + 120, p.Train.Number);
        }
        // Blocking times of every placed train on the derived blocks; the sweep and the pairwise check agree.
        var blocks = CorridorBlocks.Derive(corridor);
        var occupations = placed.SelectMany(p => Fortress.Conflicts.BlockingTimeCalculator.Compute(p.Train.Id, p.Movement, p.Length,
            blocks.For(p.From, p.To), p.Departure)).ToList();
        occupations.Count.ShouldBeGreaterThan(placed.Count * 4);
        // Roughly the real line (Rümlang - Uster via Zürich HB is about 30 km); the stretches are estimates.
        corridor.Path.Length.Kilometers.ShouldBeInRange(20, 40);
        var conflicts = Fortress.Conflicts.ConflictDetector.Detect(occupations);
        conflicts.Count.ShouldBe(Fortress.Conflicts.NaiveConflictDetector.Detect(occupations).Count);
    }
}
