using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Planning;

public class ConvoyPlannerTests
{
    private static readonly DateTimeZone Pyongyang = DateTimeZoneProviders.Tzdb["Asia/Pyongyang"];
    private static readonly DateTimeZone Vladivostok = DateTimeZoneProviders.Tzdb["Asia/Vladivostok"];

    /// <summary>A 60 km corridor across a border and a break of gauge, with a faster pilot and a slower escort.</summary>
    internal static Journey Small(Instant? earliest = null, Instant? required = null, bool withGaugeChange = true)
    {
        var path = RunningPath.Create("test corridor", Length.FromKilometers(60), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(80))]);
        var places = new[]
        {
            new CorridorPlace("West", Position.Origin, Pyongyang, "KP"),
            new CorridorPlace("Border", Position.FromKilometers(25), Pyongyang, "KP", PlaceKind.Border),
            new CorridorPlace("Bogie Shed", Position.FromKilometers(26), Vladivostok, "RU", PlaceKind.GaugeChange),
            new CorridorPlace("Loop", Position.FromKilometers(40), Vladivostok, "RU", PlaceKind.PassingLoop),
            new CorridorPlace("East", Position.FromKilometers(60), Vladivostok, "RU"),
        };
        var gauges = withGaugeChange ? new[] { new GaugeChange("Bogie Shed", Position.FromKilometers(26), 1435, 1520, Duration.FromMinutes(180), "bogie exchange") } : [];
        var corridor = Corridor.Create("test", path, places, gauges, [new TractionChange("Bogie Shed", Position.FromKilometers(26), Duration.FromMinutes(30), "diesel")]);
        var pilot = Consist.Create("pilot consist", [TestTrains.Locomotive(powerKw: 5000), TestTrains.Coach()]);
        var main = TestTrains.Train(coaches: 14, armour: 15);
        var mainRu = Consist.Create("main consist, Russian diesel", [TestTrains.Locomotive(tonnes: 130, powerKw: 3000), .. main.Vehicles.Skip(1)]);
        var escort = TestTrains.Train(coaches: 18);
        return new Journey("test visit", corridor,
            [TestPlans.Train(ConvoyRole.Pilot, "pilot", pilot),
             new ConvoyTrain(TrainId.Of("main"), ConvoyRole.Main, "main", [(Position.Origin, main), (Position.FromKilometers(26), mainRu)]),
             TestPlans.Train(ConvoyRole.Escort, "escort", escort)],
            [new JourneyStop("Border", Duration.FromMinutes(20)), new JourneyStop("East", Duration.Zero)],
            earliest ?? Instant.FromUtc(2019, 4, 23, 21, 0), required, "test purpose");
    }

    [Fact]
    public void Plan_PilotAheadAndEscortBehind_ByAtLeastTheHeadway_EverywhereAlongTheLine()
    {
        var plan = ConvoyPlanner.Plan(Small());
        var pilot = plan.Trains.Single(t => t.Role == ConvoyRole.Pilot);
        var main = plan.Main;
        var escort = plan.Trains.Single(t => t.Role == ConvoyRole.Escort);
        var h = NodaTime.Duration.FromMinutes(7);
        for (var km = 0.0; km <= 60; km += 0.5)
        {
            var x = Position.FromKilometers(km);
            (main.TimeAt(x)!.Value - pilot.TimeAt(x)!.Value).ShouldBeGreaterThanOrEqualTo(h - NodaTime.Duration.FromMilliseconds(1), $"pilot at {km} km");
            (escort.TimeAt(x)!.Value - main.TimeAt(x)!.Value).ShouldBeGreaterThanOrEqualTo(h - NodaTime.Duration.FromMilliseconds(1), $"escort at {km} km");
        }
        // At every departure the pilot leaves at least one headway before the main train.
        foreach (var call in main.Calls.Where(c => c.Kind != CallKind.Pass && c.Departure is not null))
        {
            var p = pilot.Calls.Single(c => c.Place == call.Place);
            (call.Departure!.Value - p.Departure!.Value).ShouldBeGreaterThanOrEqualTo(h);
        }
    }

    [Fact]
    public void Plan_GaugeChange_HoldsEveryTrainForItsDuration_AndTimesShowInLocalZones()
    {
        var plan = ConvoyPlanner.Plan(Small());
        var g = plan.GaugeChanges.ShouldHaveSingleItem();
        g.Occupation.Count.ShouldBe(3);
        foreach (var (_, start, end) in g.Occupation) (end - start).ShouldBeGreaterThanOrEqualTo(NodaTime.Duration.FromMinutes(180));
        var main = plan.Main;
        var border = main.Calls.Single(c => c.Place == "Border");
        var shed = main.Calls.Single(c => c.Place == "Bogie Shed");
        Fortress.Timetable.TimeText.Iso(border.Departure!.Value, border.Zone).ShouldEndWith("+09:00");
        Fortress.Timetable.TimeText.Iso(shed.Arrival!.Value, shed.Zone).ShouldEndWith("+10:00");
        // 1 km across the zone boundary takes about a minute of real time, not an hour and a minute.
        (shed.Arrival!.Value - border.Departure!.Value).TotalMinutes.ShouldBeInRange(0.3, 3);
        plan.Summary.GaugeChanges.ShouldBe(1);
        plan.Summary.TractionChanges.ShouldBe(1);
    }

    [Fact]
    public void Plan_GaugeChange_AddsItsDurationToTheJourney()
    {
        var with = ConvoyPlanner.Plan(Small()).Summary.MainTrainDuration;
        var without = ConvoyPlanner.Plan(Small(withGaugeChange: false)).Summary.MainTrainDuration;
        // 180 min for the bogies instead of 30 min for the locomotives alone.
        (with - without).TotalMinutes.ShouldBe(150, 0.5);
    }

    [Fact]
    public void Plan_RequiredArrivalOnly_DepartureIsWorkedBack()
    {
        var required = Instant.FromUtc(2019, 4, 24, 9, 0);
        var journey = Small() with { EarliestDeparture = null, RequiredArrival = required };
        var plan = ConvoyPlanner.Plan(journey);
        // The departure in whole seconds: the arrival at most a second before the required time, never after it.
        plan.Main.Arrival.ShouldBeLessThanOrEqualTo(required);
        (required - plan.Main.Arrival).ShouldBeLessThan(NodaTime.Duration.FromSeconds(1));
        (plan.Main.Departure.ToUnixTimeTicks() % NodaConstants.TicksPerSecond).ShouldBe(0);
    }

    [Fact]
    public void Plan_RequiredArrivalTooEarly_IsRefusedWithHowLate()
    {
        var journey = Small(required: Instant.FromUtc(2019, 4, 23, 22, 0));
        var ex = Should.Throw<InfeasibleException>(() => ConvoyPlanner.Plan(journey));
        ex.Code.ShouldBe("plan.late");
        ex.Message.ShouldContain("min late");
    }

    [Fact]
    public void Plan_UnknownStop_IsRefusedWithSuggestion()
    {
        var journey = Small() with { Stops = [new JourneyStop("Boarder", Duration.FromMinutes(5))] };
        var ex = Should.Throw<InvalidInputException>(() => ConvoyPlanner.Plan(journey));
        ex.Message.ShouldContain("did you mean Border");
    }

    [Fact]
    public void Flagship_PlansPyongyangToVladivostok_WithZonesHeadwaysAndTheRedCarpet()
    {
        var plan = TestPlans.Flagship.Plan;
        var main = plan.Main;
        main.Calls[0].Place.ShouldBe("Pyongyang");
        main.Calls[^1].Place.ShouldBe("Vladivostok");
        foreach (var c in main.Calls)
            Fortress.Timetable.TimeText.Iso(c.Time, c.Zone).ShouldEndWith(c.Position < Position.FromKilometers(872) ? "+09:00" : "+10:00", Case.Sensitive, c.Place);
        plan.GaugeChanges.ShouldHaveSingleItem().Change.Place.ShouldBe("Tumangang");
        plan.Summary.TractionChanges.ShouldBe(2);
        var carpet = main.Legs[^1].Run.PreciseStops.ShouldHaveSingleItem();
        Math.Abs(carpet.Error.Meters).ShouldBeLessThan(0.3);
        // Longer than the 2019 timetable's 27 h 43 min for a regular train to Chongjin (700 of the 1,244 km), within two days.
        plan.Summary.MainTrainDuration.TotalHours.ShouldBeInRange(27.7, 48);
    }
}
