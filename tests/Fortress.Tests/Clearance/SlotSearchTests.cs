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

    private static (Journey Journey, BackgroundTraffic Traffic) Journey(params RegularTrain[] traffic)
    {
        var places = new[] { ("A", 0.0, PlaceKind.Station), ("L", 20, PlaceKind.PassingLoop), ("B", 40, PlaceKind.Station) };
        var corridor = Corridor.Create("line", RunningPath.Create("line", Length.FromKilometers(40), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(100))]),
            places.Select(p => new CorridorPlace(p.Item1, Position.FromKilometers(p.Item2), DateTimeZone.Utc, "XX", p.Item3)).ToArray(),
            tracks: [new TrackSection(Position.Origin, Position.FromKilometers(40), 1)]);
        var timetable = new RegularTimetable(traffic, [], "test");
        return (new Journey("test", corridor, [Planning.TestPlans.Train(ConvoyRole.Main, "main", TestTrains.Train(coaches: 8))],
            [new JourneyStop("B", Duration.Zero)], Ten, null, "test"),
            new BackgroundTraffic(timetable, new Dictionary<string, Consist>(), TestTrains.Train(coaches: 6)));
    }

    private static TrafficContext Context(Journey j, BackgroundTraffic t) =>
        new(TrafficPlacement.PlaceOnce(j.Corridor, t), CorridorBlocks.DeriveOnce(j.Corridor), ClearanceOptions.Default);

    private static SlotResult Find((Journey Journey, BackgroundTraffic Traffic) j, Instant from, Instant to) =>
        SlotSearch.Find(j.Journey, Context(j.Journey, j.Traffic), from, to);

    private static PlanState Cleared((Journey Journey, BackgroundTraffic Traffic) j) => Planning.TestPlans.Cleared(j.Journey, j.Traffic);

    private static RegularTrain Opposing(string n, Instant dep) =>
        new(n, n, null, null, "x", null, null,
            [new TimetableStop(new StationRef("B", "B"), null, dep, DateTimeZone.Utc), new TimetableStop(new StationRef("A", "A"), dep + NodaTime.Duration.FromMinutes(35), null, DateTimeZone.Utc)]);

    [Fact]
    public void Find_FreeWindowExists_DepartsThereWithoutAnyOrder()
    {
        // An opposing train leaves B at 09:50: leaving A at 10:00 would meet it; the window runs to 11:00.
        var j = Journey(Opposing("R1", Ten - NodaTime.Duration.FromMinutes(10)));
        Cleared(j).Clearance!.Orders.ShouldNotBeEmpty();
        var slot = Find(j, Ten, Ten + NodaTime.Duration.FromHours(1));
        slot.FreeWindows.ShouldNotBeEmpty();
        slot.Clearance!.Orders.ShouldBeEmpty();
        slot.Clearance.ConflictsBefore.ShouldBeEmpty();
        slot.Departure.ShouldBeGreaterThan(Ten);
        slot.CandidatesEvaluated.ShouldBe(1);
    }

    [Fact]
    public void Find_NoFreeWindow_ChoosesTheLeastDisruption()
    {
        // Opposing trains every 20 minutes fill the window: some order is unavoidable.
        var trains = Enumerable.Range(0, 12).Select(i => Opposing($"R{i}", Ten - NodaTime.Duration.FromMinutes(60) + NodaTime.Duration.FromMinutes(20 * i))).ToArray();
        var j = Journey(trains);
        var slot = Find(j, Ten, Ten + NodaTime.Duration.FromMinutes(60));
        slot.FreeWindows.ShouldBeEmpty();
        slot.CandidatesEvaluated.ShouldBeGreaterThan(1);
        var atStart = Cleared(j);
        slot.Clearance!.TotalDelay.ShouldBeLessThanOrEqualTo(atStart.Clearance!.TotalDelay);
        slot.Clearance.ConflictsAfter.ShouldBeEmpty();
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

    /// <summary>A - X - B on single track, the convoy stopping 2 min at X (at most 40 min); a train from B to X only.</summary>
    private static (Journey Journey, BackgroundTraffic Traffic) WithStopAtX(Duration? maxDwell, params RegularTrain[] traffic)
    {
        var places = new[] { ("A", 0.0), ("X", 20), ("B", 40) };
        var corridor = Corridor.Create("line", RunningPath.Create("line", Length.FromKilometers(40), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(100))]),
            places.Select(p => new CorridorPlace(p.Item1, Position.FromKilometers(p.Item2), DateTimeZone.Utc, "XX")).ToArray(),
            tracks: [new TrackSection(Position.Origin, Position.FromKilometers(40), 1)]);
        return (new Journey("test", corridor, [Planning.TestPlans.Train(ConvoyRole.Main, "main", TestTrains.Train(coaches: 8))],
            [new JourneyStop("X", Duration.FromMinutes(2), null, maxDwell), new JourneyStop("B", Duration.Zero)], Ten, null, "test"),
            new BackgroundTraffic(new RegularTimetable(traffic, [], "test"), new Dictionary<string, Consist>(), TestTrains.Train(coaches: 6)));
    }

    [Fact]
    public void Find_LongerStopAtX_LetsTheOpposingTrainThroughWithoutHoldingIt_WithTheLeastWholeSecondDwell()
    {
        // The train leaves B at 10:10 for X: it is on the single track X - B when the convoy, stopping 2 min at X,
        // wants to leave. The departure is fixed (window 10:00 to 10:00).
        var r = new RegularTrain("R1", "R1", null, null, "x", null, null,
            [new TimetableStop(new StationRef("B", "B"), null, Ten + NodaTime.Duration.FromMinutes(10), DateTimeZone.Utc),
             new TimetableStop(new StationRef("X", "X"), Ten + NodaTime.Duration.FromMinutes(30), null, DateTimeZone.Utc)]);

        // With the stop as given, the train is held.
        var fixedStop = Find(WithStopAtX(null, r), Ten, Ten);
        fixedStop.Clearance!.Orders.ShouldHaveSingleItem().TrainNumber.ShouldBe("R1");
        fixedStop.LongerStops.ShouldBeEmpty();

        // The answer from the blocking times: the convoy may enter X - B once R's blocking time there has ended.
        var j = WithStopAtX(Duration.FromMinutes(40), r);
        var blocks = CorridorBlocks.Derive(j.Journey.Corridor);
        var bare = ConvoyPlanner.Plan(j.Journey);
        var convoyOnXB = LineClearance.ConvoyOccupations(bare, blocks, Fortress.Conflicts.BlockingParameters.Default).Single(o => o.Start > Ten + NodaTime.Duration.FromMinutes(5));
        var placed = TrafficPlacement.Place(j.Journey.Corridor, j.Traffic.Timetable, j.Traffic.ConsistFor).Single();
        var rOnXB = LineClearance.Occupations(placed, blocks, null, 0).Single();
        rOnXB.InfrastructureId.ShouldBe(convoyOnXB.InfrastructureId);
        var needed = (rOnXB.End - convoyOnXB.Start).TotalSeconds;
        needed.ShouldBeGreaterThan(0);
        var expected = Math.Ceiling(needed + 0.001); // the least whole second past the edge (a millisecond's margin)

        var slot = Find(j, Ten, Ten);
        slot.Departure.ShouldBe(Ten);
        var longer = slot.LongerStops.ShouldHaveSingleItem();
        longer.Place.ShouldBe("X");
        longer.Extra.TotalSeconds.ShouldBe(expected);
        var atX = slot.Plan.Main.Calls.Single(c => c.Place == "X");
        (atX.Departure!.Value - atX.Arrival!.Value).TotalSeconds.ShouldBe(120 + expected, 1e-6);
        slot.Clearance!.Orders.ShouldBeEmpty();
        slot.Clearance.ConflictsBefore.ShouldBeEmpty();
        slot.Clearance.TotalDelay.ShouldBe(NodaTime.Duration.Zero);

        // One second less and the convoy would meet R.
        var shorter = Cleared((j.Journey with { Stops = [new JourneyStop("X", Duration.FromSeconds(120 + expected - 1)), j.Journey.Stops[1]] }, j.Traffic));
        shorter.Clearance!.ConflictsBefore.ShouldNotBeEmpty();
    }

    [Fact]
    public void Find_StopMayNotBeLongEnough_FallsBackToHoldingTheTrain()
    {
        var r = new RegularTrain("R1", "R1", null, null, "x", null, null,
            [new TimetableStop(new StationRef("B", "B"), null, Ten + NodaTime.Duration.FromMinutes(10), DateTimeZone.Utc),
             new TimetableStop(new StationRef("X", "X"), Ten + NodaTime.Duration.FromMinutes(30), null, DateTimeZone.Utc)]);
        var slot = Find(WithStopAtX(Duration.FromMinutes(3), r), Ten, Ten);
        slot.LongerStops.ShouldBeEmpty();
        slot.Clearance!.Orders.ShouldHaveSingleItem();
        slot.Clearance.ConflictsAfter.ShouldBeEmpty();
    }

    [Fact]
    public void Shift_MovesEveryTimeAfterTheHaltByTheExtraDwell_AsThePlannerDoes()
    {
        var j = WithStopAtX(Duration.FromMinutes(40)).Journey;
        var basePlan = ConvoyPlanner.Plan(j);
        var shifted = SlotSearch.Shift(basePlan, j, NodaTime.Duration.FromMinutes(5), [0, 600, 0]);
        var replanned = ConvoyPlanner.Plan(j with { EarliestDeparture = Ten + NodaTime.Duration.FromMinutes(5), Stops = [new JourneyStop("X", Duration.FromMinutes(12)), j.Stops[1]] });
        foreach (var (a, b) in shifted.Main.Calls.Zip(replanned.Main.Calls))
        {
            a.Place.ShouldBe(b.Place);
            (a.Arrival is { } x ? (x - b.Arrival!.Value).TotalSeconds : 0).ShouldBe(0, 1e-3);
            (a.Departure is { } y ? (y - b.Departure!.Value).TotalSeconds : 0).ShouldBe(0, 1e-3);
        }
        shifted.Summary.MainTrainDuration.TotalSeconds.ShouldBe(replanned.Summary.MainTrainDuration.TotalSeconds, 1e-3);
    }

    [Fact]
    public void Scenario_MaxDwellMinutes_IsReadOntoTheStop_AndOneShorterThanTheDwellIsRefused()
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fortress.IO.Json.BuiltIn.Text(Fortress.IO.Json.ScenarioReader.Flagship))!;
        var stop = doc["journey"]!["stops"]![0]!;
        stop["maxDwellMinutes"] = 45;
        var journey = Planning.TestPlans.Journey(Scenarios.Read(doc.ToJsonString(), "test scenario", null));
        var read = journey.Stops.Single(x => x.Place == stop["place"]!.GetValue<string>());
        read.MaxDwell.ShouldBe(Duration.FromMinutes(45));
        journey.Stops.Where(x => x != read).ShouldAllBe(x => x.MaxDwell == null);

        stop["maxDwellMinutes"] = 5; // shorter than its 15 min dwell
        Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => Planning.TestPlans.Journey(Scenarios.Read(doc.ToJsonString(), "test scenario", null)))
            .Message.ShouldContain("the longest dwell (5 min) is shorter than the dwell (15 min)");
    }
}
