using Fortress.Clearance;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Clearance;

public class SlotSearchTests
{
    private static readonly Instant Ten = Instant.FromUtc(2026, 5, 1, 10, 0);

    private static Journey Journey(params RegularTrain[] traffic)
    {
        var places = new[] { ("A", 0.0, PlaceKind.Station), ("L", 20, PlaceKind.PassingLoop), ("B", 40, PlaceKind.Station) };
        var corridor = Corridor.Create("line", RunningPath.Create("line", Length.FromKilometers(40), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(100))]),
            places.Select(p => new CorridorPlace(p.Item1, Position.FromKilometers(p.Item2), DateTimeZone.Utc, "XX", p.Item3)).ToArray(),
            tracks: [new TrackSection(Position.Origin, Position.FromKilometers(40), 1)]);
        var timetable = new RegularTimetable(traffic, [], "test");
        return new Journey("test", corridor, [new ConvoyTrain(ConvoyRole.Main, "main", [(Position.Origin, TestTrains.Train(coaches: 8))])],
            [new JourneyStop("B", Duration.Zero)], Ten, null, Fortress.Planning.Journey.DefaultHeadway, Fortress.Planning.Journey.DefaultHeadway, "test",
            new BackgroundTraffic(timetable, new Dictionary<string, Consist>(), TestTrains.Train(coaches: 6)));
    }

    private static RegularTrain Opposing(string n, Instant dep) =>
        new(n, n, null, null, "x", null, null,
            [new TimetableStop(new StationRef("B", "B"), null, dep, DateTimeZone.Utc), new TimetableStop(new StationRef("A", "A"), dep + NodaTime.Duration.FromMinutes(35), null, DateTimeZone.Utc)]);

    [Fact]
    public void Find_FreeWindowExists_DepartsThereWithoutAnyOrder()
    {
        // An opposing train leaves B at 09:50: leaving A at 10:00 would meet it; the window runs to 11:00.
        var j = Journey(Opposing("R1", Ten - NodaTime.Duration.FromMinutes(10)));
        ConvoyPlanner.Plan(j).Clearance!.Orders.ShouldNotBeEmpty();
        var slot = SlotSearch.Find(j, Ten, Ten + NodaTime.Duration.FromHours(1));
        slot.FreeWindows.ShouldNotBeEmpty();
        slot.Plan.Clearance!.Orders.ShouldBeEmpty();
        slot.Plan.Clearance.ConflictsBefore.ShouldBeEmpty();
        slot.Departure.ShouldBeGreaterThan(Ten);
        slot.CandidatesEvaluated.ShouldBe(1);
    }

    [Fact]
    public void Find_NoFreeWindow_ChoosesTheLeastDisruption()
    {
        // Opposing trains every 20 minutes fill the window: some order is unavoidable.
        var trains = Enumerable.Range(0, 12).Select(i => Opposing($"R{i}", Ten - NodaTime.Duration.FromMinutes(60) + NodaTime.Duration.FromMinutes(20 * i))).ToArray();
        var j = Journey(trains);
        var slot = SlotSearch.Find(j, Ten, Ten + NodaTime.Duration.FromMinutes(60));
        slot.FreeWindows.ShouldBeEmpty();
        slot.CandidatesEvaluated.ShouldBeGreaterThan(1);
        var atStart = ConvoyPlanner.Plan(j);
        slot.Plan.Summary.TotalDelayImposed.ShouldBeLessThanOrEqualTo(atStart.Summary.TotalDelayImposed);
        slot.Plan.Clearance!.ConflictsAfter.ShouldBeEmpty();
    }

    [Fact]
    public void FreeWindows_AreTheGapsBetweenForbiddenIntervals()
    {
        var t = Ten;
        var forbidden = new List<(Instant, Instant, string)>
        {
            (t + NodaTime.Duration.FromMinutes(5), t + NodaTime.Duration.FromMinutes(10), "a"),
            (t + NodaTime.Duration.FromMinutes(8), t + NodaTime.Duration.FromMinutes(15), "b"),
            (t + NodaTime.Duration.FromMinutes(30), t + NodaTime.Duration.FromMinutes(40), "c"),
        };
        var free = SlotSearch.FreeWindows(forbidden, t, t + NodaTime.Duration.FromMinutes(60), null);
        free.Count.ShouldBe(3);
        free[0].ShouldBe(new Interval(t, t + NodaTime.Duration.FromMinutes(5)));
        free[1].ShouldBe(new Interval(t + NodaTime.Duration.FromMinutes(15), t + NodaTime.Duration.FromMinutes(30)));
        free[2].ShouldBe(new Interval(t + NodaTime.Duration.FromMinutes(40), t + NodaTime.Duration.FromMinutes(60)));
    }
}
