using Fortress.Clearance;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Tests.Planning;

/// <summary>
/// The built-in state visit as the line really is (issue 13): places at their cited kilometres, the break of gauge and
/// the end of the 3 kV line at Tumangang, the double pass through Baranovsky with a reversal at Ussuriysk, and the
/// regular timetable the same line speeds reproduce. Figures are the cited ones of state-visit.json's sources.
/// </summary>
public class FlagshipGeographyTests
{
    private static readonly Lazy<Scenario> Input = new(() => Scenarios.ReadBuiltIn());
    private static readonly Lazy<Journey> Visit = new(() => TestPlans.Journey(Input.Value));
    private static readonly Lazy<ConvoyPlan> Plan = new(() => ConvoyPlanner.Plan(Visit.Value));

    /// <summary>The flagship's regular traffic placed on its corridor, as the traffic stage places it.</summary>
    private static IReadOnlyList<PlacedTrain> Placed() => TestPlans.Flagship.Traffic!.Traffic;

    private static Corridor C => Visit.Value.Corridor;
    private static double Km(string place) => C.Find(place, "test").Position.Meters / 1000;

    [Theory]
    // Each distance between two places, km, as cited in the scenario's sources; within 2 km.
    [InlineData("Pyongyang", "Kalli", 19.2)]      // P'yŏngŭi line station table
    [InlineData("Kalli", "Sinsongchon", 83.7)]    // the P'yŏngra line's own chainage from Kalli
    [InlineData("Pyongyang", "Chongjin", 700)]    // 2019 timetable via Daily NK
    [InlineData("Pyongyang", "Rajin", 819)]       // Pyongra line length
    [InlineData("Rajin", "Tumangang", 49)]        // Khasan - Najin 54 km less Khasan - Tumangang 5 km
    [InlineData("Tumangang", "Khasan", 5)]
    [InlineData("Khasan", "Ryazanovka", 91)]
    [InlineData("Khasan", "Primorskaya", 151)]
    [InlineData("Khasan", "Baranovsky", 238)]
    [InlineData("Baranovsky", "Ussuriysk", 22)]
    [InlineData("Ussuriysk", "Baranovsky-2", 22)]
    [InlineData("Baranovsky-2", "Vladivostok", 89)]
    public void Flagship_Distance_WithinTwoKilometresOfTheCitedFigure(string from, string to, double km) =>
        (Km(to) - Km(from)).ShouldBe(km, 2.0, $"{from} - {to}");

    [Fact]
    public void Flagship_StationOrder_FollowsTheLine()
    {
        var order = new[] { "Pyongyang", "Kalli", "Sinsongchon", "Kowon", "Hamhung", "Kimchaek", "Kilju", "Chongjin", "Rajin", "Tumangang", "Khasan",
            "Ryazanovka", "Primorskaya", "Baranovsky", "Ussuriysk", "Baranovsky-2", "Razdolnoye", "Ugolnaya", "Vladivostok" };
        order.Select(Km).ShouldBeInOrder(SortDirection.Ascending);
        // From Khasan, Ryazanovka comes first (about 91 km), then Primorskaya (about 151 km).
        Km("Ryazanovka").ShouldBeLessThan(Km("Primorskaya"));
        // The double track from Pyongyang ends at Kalli, where the P'yŏngra line leaves the double-track P'yŏngŭi line.
        C.TracksAt(Position.FromKilometers(Km("Kalli") - 1)).ShouldBe(2);
        C.TracksAt(Position.FromKilometers(Km("Kalli") + 1)).ShouldBe(1);
        C.TracksAt(Position.FromKilometers((Km("Sinsongchon") + Km("Kalli")) / 2)).ShouldBe(1);
    }

    [Fact]
    public void Flagship_BreakOfGauge_AtTumangangWithRussianDieselOverTheBridgeToKhasan()
    {
        var gauge = C.GaugeChanges.ShouldHaveSingleItem();
        gauge.Place.ShouldBe("Tumangang");
        (gauge.FromGaugeMm, gauge.ToGaugeMm).ShouldBe((1435, 1520));
        gauge.Capacity.ShouldBe(1);
        var tumangang = C.Find("Tumangang", "test").Position;
        C.TractionChanges.ShouldContain(t => t.Position == tumangang && !t.Reversal);
        C.Find("Khasan", "test").Country.ShouldBe("RU");
        C.Find("Khasan", "test").Kind.ShouldBe(PlaceKind.Border);
        foreach (var t in Visit.Value.Trains)
        {
            // North Korean 3 kV DC electric up to Tumangang; a diesel (every traction unit) from there to Khasan and beyond.
            var before = t.ConsistAt(tumangang - Length.FromMeters(1)).Vehicles.Where(v => v.IsTractionUnit).ToArray();
            before.ShouldAllBe(v => v.Traction!.Kind == TractionKind.Electric && v.Traction.Systems.Any(s => s.Volts == 3000));
            var after = t.ConsistAt(tumangang).Vehicles.Where(v => v.IsTractionUnit).ToArray();
            after.ShouldAllBe(v => v.Traction!.Kind == TractionKind.Diesel, t.Name);
            t.ConsistAt(C.Find("Khasan", "test").Position).ShouldBeSameAs(t.ConsistAt(tumangang));
        }
        // The Friendship Bridge, between Tumangang and Khasan, has its own limit, lower than the dual-gauge track on either side.
        static Speed LimitAt(double km) => C.Path.SpeedLimits.Last(s => s.Start <= Position.FromKilometers(km)).Limit;
        var onBridge = LimitAt(869.5);
        onBridge.ShouldBeLessThan(LimitAt(871));
        onBridge.ShouldBeLessThan(LimitAt(860));
    }

    [Fact]
    public void Flagship_ShedTakesOneTrainAtATime_PilotMainAndEscortInTurn_AndTheHeadwaysShowIt()
    {
        var plan = Plan.Value;
        var change = plan.GaugeChanges.ShouldHaveSingleItem();
        var turns = change.Occupation.OrderBy(o => o.Start).ToArray();
        turns.Select(o => plan.Train(o.Train).Role).ShouldBe([ConvoyRole.Pilot, ConvoyRole.Main, ConvoyRole.Escort]);
        for (var i = 1; i < turns.Length; i++) turns[i].Start.ShouldBeGreaterThanOrEqualTo(turns[i - 1].End);
        // Each train in the shed for 30 min plus 10 min per car: the 21-car main train 4 h, the 5-car pilot 80 min.
        (turns[1].End - turns[1].Start).TotalMinutes.ShouldBe(30 + 10 * 21, 0.01);
        (turns[0].End - turns[0].Start).TotalMinutes.ShouldBe(30 + 10 * 5, 0.01);
        // The escort leaves Tumangang when its own exchange is done, hours after the main train, not 7 minutes.
        NodaTime.Instant Leaves(ConvoyRole r) => plan.Trains.Single(t => t.Role == r).Calls.Single(c => c.Place == "Tumangang").Departure!.Value;
        (Leaves(ConvoyRole.Escort) - Leaves(ConvoyRole.Main)).ShouldBeGreaterThanOrEqualTo(turns[2].End - turns[1].End);
        Leaves(ConvoyRole.Escort).ShouldBeGreaterThanOrEqualTo(turns[2].End);
        // The pilot still leaves its headway ahead of the main train.
        (Leaves(ConvoyRole.Main) - Leaves(ConvoyRole.Pilot)).TotalMinutes.ShouldBeGreaterThanOrEqualTo(7 - 1e-6);
    }

    [Fact]
    public void Flagship_PassesBaranovskyTwice_ReversingAtUssuriysk()
    {
        var pass = C.Occurrences("Baranovsky");
        pass.Count.ShouldBe(2);
        var ussuriysk = C.Find("Ussuriysk", "test");
        pass[0].Position.ShouldBeLessThan(ussuriysk.Position);
        pass[1].Position.ShouldBeGreaterThan(ussuriysk.Position);
        // The same physical track both ways: the two passes are equally long.
        (ussuriysk.Position - pass[0].Position).Meters.ShouldBe((pass[1].Position - ussuriysk.Position).Meters, 1.0);
        var reversal = C.TractionChanges.Single(t => t.Position == ussuriysk.Position);
        reversal.Reversal.ShouldBeTrue();
        reversal.Duration.Seconds.ShouldBeGreaterThan(0);
        // The main train calls at Baranovsky, Ussuriysk (held for the reversal), Baranovsky again.
        var calls = Plan.Value.Main.Calls.Select(c => c.Place).ToList();
        var first = calls.IndexOf("Baranovsky");
        calls.LastIndexOf("Baranovsky").ShouldBe(first + 2);
        calls[first + 1].ShouldBe("Ussuriysk");
        var held = Plan.Value.Main.Calls[first + 1];
        (held.Departure!.Value - held.Arrival!.Value).TotalMinutes.ShouldBeGreaterThanOrEqualTo(reversal.Duration.Seconds / 60 - 1e-6);
        // After the reversal the cars run in the other order: the saloon, 8th of 21 from the front before, is 14th after.
        var main = Visit.Value.Main;
        static string[] Cars(Consist c) => c.Vehicles.Where(v => !v.IsTractionUnit).Select(v => v.Id).ToArray();
        Cars(main.ConsistAt(ussuriysk.Position)).ShouldBe(Cars(main.ConsistAt(pass[0].Position)).Reverse().ToArray());
        var carpet = Visit.Value.Stops[^1].Precise!;
        main.ConsistAt(ussuriysk.Position).Vehicles[carpet.Car - 1].Id.ShouldBe("kp-armoured-saloon");
    }

    [Fact]
    public void Flagship_RegularTrains_MatchedToThePassInTheirDirection()
    {
        var placed = Placed();
        var pass = C.Occurrences("Baranovsky");
        var ussuriysk = C.Find("Ussuriysk", "test").Position;
        var vladivostok = C.Find("Vladivostok", "test").Position;
        var khasan = C.Find("Khasan", "test").Position;
        // Ussuriysk - Vladivostok: on the second pass, running with the corridor.
        var down = placed.Where(p => p.Train.Stops[0].Station.Name == "Ussuriysk" && p.Train.Stops[^1].Station.Name == "Vladivostok").ToArray();
        down.ShouldNotBeEmpty();
        down.ShouldAllBe(p => p.Forward && p.From == ussuriysk && p.To == vladivostok);
        down.ShouldAllBe(p => p.Calls.Single(c => c.Place.Name == "Baranovsky").Place.Position == pass[1].Position);
        // Vladivostok - Ussuriysk: the same pass, against the corridor.
        var up = placed.Where(p => p.Train.Stops[0].Station.Name == "Vladivostok" && p.Train.Stops[^1].Station.Name == "Ussuriysk").ToArray();
        up.ShouldNotBeEmpty();
        up.ShouldAllBe(p => !p.Forward && p.Calls.Single(c => c.Place.Name == "Baranovsky").Place.Position == pass[1].Position);
        // Khasan - Ussuriysk: on the first pass.
        var north = placed.Where(p => p.Train.Stops[0].Station.Name == "Khasan" && p.Train.Stops[^1].Station.Name == "Ussuriysk").ToArray();
        north.ShouldNotBeEmpty();
        north.ShouldAllBe(p => p.Forward && p.From == khasan && p.To == ussuriysk && p.Calls.Single(c => c.Place.Name == "Baranovsky").Place.Position == pass[0].Position);
    }

    [Fact]
    public void Flagship_RegularPassengerTrain_PyongyangToChongjin_Within25PercentOfThe2019Timetable()
    {
        // Daily NK, the 2019 timetable: Pyongyang - Chongjin, 700 km via 8 stations, 1 day 3 h 43 min. The regular
        // passenger train of the flagship's own traffic, timed by the engine from the same line speeds as the convoy.
        var timetable = NodaTime.Duration.FromHours(27) + NodaTime.Duration.FromMinutes(43);
        var trains = Placed()
            .Where(p => p.Train.Stops[0].Station.Name == "Pyongyang" && p.Train.Stops[^1].Station.Name == "Chongjin").ToArray();
        trains.ShouldNotBeEmpty();
        foreach (var t in trains)
        {
            // Origin, 8 calls, destination; any other stop is a crossing the generated timetable was given (decision 0016):
            // at a place where trains can cross, waiting there.
            string[] calls = ["Pyongyang", "Pyongsong", "Sunchon", "Sinsongchon", "Kowon", "Hamhung", "Tanchon", "Kimchaek", "Kilju", "Chongjin"];
            t.Train.Stops.Select(s => s.Station.Name).Where(calls.Contains).ShouldBe(calls);
            foreach (var s in t.Train.Stops.Where(s => !calls.Contains(s.Station.Name)))
            {
                C.Find(s.Station.Name, "test").CanCross.ShouldBeTrue(s.Station.Name);
                (s.Departure!.Value - s.Arrival!.Value).ShouldBeGreaterThan(NodaTime.Duration.Zero, s.Station.Name);
            }
            t.Train.Category.ShouldBe("passenger-kp");
            var planned = t.Train.LastArrival!.Value - t.Train.FirstDeparture!.Value;
            (planned / timetable).ShouldBeInRange(0.75, 1.25, $"planned {planned.TotalHours:0.00} h against 27.72 h");
            // Its own running (placed with the engine) agrees with its timetable.
            var run = t.Movement.TimeAtFront(Position.Origin + (t.To - t.From))!.Value.Seconds;
            run.ShouldBeLessThanOrEqualTo(planned.TotalSeconds + 1);
        }
    }

    [Fact]
    public void PyongyangChongjinPathFile_IsTheCorridorsFirst700Km_AndItsRunIsWithin25PercentOfTheTimetable()
    {
        // docs/fidelity.md reproduces the timetable check with `fortress run` on this path: it must stay the corridor's.
        var input = Fortress.IO.Files.RunInputs.Load(Path.Combine(TestData.RepoRoot, "scenarios", "kp-regular-passenger.train.json"),
            Path.Combine(TestData.RepoRoot, "scenarios", "pyongyang-chongjin-2019.path.json"));
        var end = C.Find("Chongjin", "test").Position;
        input.Path.Length.Meters.ShouldBe(end.Meters, 1e-6);
        input.Path.SpeedLimits.Select(x => (x.Start, x.Limit)).ShouldBe(C.Path.SpeedLimits.Where(x => x.Start < end).Select(x => (x.Start, x.Limit)));
        input.Path.Gradients.Select(x => (x.Start, x.Gradient)).ShouldBe(C.Path.Gradients.Where(x => x.Start < end).Select(x => (x.Start, x.Gradient)));
        var run = Fortress.Running.RunningTimeCalculator.Run(input.Consist, input.Path,
            Fortress.Running.RunOptions.Default with { Allowance = new Fortress.Running.Allowance(5, Duration.Zero) });
        (run.TotalTime.Seconds / (27 * 3600 + 43 * 60)).ShouldBeInRange(0.75, 1.25);
    }

    [Fact]
    public void Visit2023_PlansPyongyangToVostochny_NorthFromUssuriyskWithoutReversal()
    {
        var scenario = Scenarios.ReadBuiltIn("state-visit-2023.json");
        var journey = TestPlans.Journey(scenario);
        var c = journey.Corridor;
        c.Occurrences("Baranovsky").Count.ShouldBe(1);
        c.TractionChanges.ShouldAllBe(t => !t.Reversal);
        c.GaugeChanges.ShouldHaveSingleItem().Place.ShouldBe("Tumangang");
        // Ussuriysk - Khabarovsk 656 km and Khabarovsk - Belogorsk 648 km by the Trans-Siberian's kilometre posts.
        (c.Find("Khabarovsk", "t").Position - c.Find("Ussuriysk", "t").Position).Kilometers.ShouldBe(9177 - 8521, 2.0);
        (c.Find("Belogorsk", "t").Position - c.Find("Khabarovsk", "t").Position).Kilometers.ShouldBe(8521 - 7873, 2.0);
        var plan = TestPlans.Plan(scenario).Plan;
        var main = plan.Main;
        main.Calls[^1].Place.ShouldBe("Vostochny (Uglegorsk)");
        main.Calls[^1].Zone.Id.ShouldBe("Asia/Yakutsk"); // Amur Oblast, UTC+9
        main.Calls.Select(c => c.Place).ShouldBe(main.Calls.Select(c => c.Place).Distinct()); // no place twice
        // Left Pyongyang on Sunday 10 September 2023 in the afternoon; before the summit on the 13th at the cosmodrome.
        main.Departure.InZone(main.Calls[0].Zone).Date.ShouldBe(new NodaTime.LocalDate(2023, 9, 10));
        main.Arrival.InZone(main.Calls[^1].Zone).Date.ShouldBeLessThanOrEqualTo(new NodaTime.LocalDate(2023, 9, 13));
    }
}

