using Fortress.Timetable;
using NodaTime;

namespace Fortress.Tests.Timetable;

public class RegularTrainTests
{
    private static readonly DateTimeZone Pyongyang = DateTimeZoneProviders.Tzdb["Asia/Pyongyang"];
    private static readonly DateTimeZone Vladivostok = DateTimeZoneProviders.Tzdb["Asia/Vladivostok"];

    private static TimetableStop Stop(string name, DateTimeZone zone, LocalDateTime? arr, LocalDateTime? dep, StopKind kind = StopKind.Stop) =>
        new(new StationRef(name, name), arr is { } a ? zone.AtStrictly(a).ToInstant() : null, dep is { } d ? zone.AtStrictly(d).ToInstant() : null, zone, kind);

    [Fact]
    public void Stops_AcrossTimeZones_DurationIsInstantDifference()
    {
        // Leaves Tumangang (UTC+9) at 23:30 local, arrives Khasan (UTC+10) at 01:00 local the next day: the clocks
        // read 1 h 30 apart, the journey takes exactly 30 minutes.
        var dep = Stop("Tumangang", Pyongyang, null, new LocalDateTime(2026, 4, 24, 23, 30));
        var arr = Stop("Khasan", Vladivostok, new LocalDateTime(2026, 4, 25, 1, 0), null);
        (arr.Arrival!.Value - dep.Departure!.Value).ShouldBe(NodaTime.Duration.FromMinutes(30));
        arr.LocalArrival!.Value.Offset.ShouldBe(Offset.FromHours(10));
        dep.LocalDeparture!.Value.Offset.ShouldBe(Offset.FromHours(9));
        var train = new RegularTrain("x", "x", null, null, null, new LocalDate(2026, 4, 24), null, [dep, arr]);
        train.Check("x").ShouldBeEmpty();
        train.FirstDeparture.ShouldBe(dep.Departure);
        train.LastArrival.ShouldBe(arr.Arrival);
    }

    [Fact]
    public void Check_TimeGoingBackwards_IsReportedWithTheStop()
    {
        var z = DateTimeZone.Utc;
        var d = new LocalDate(2026, 1, 1);
        var train = new RegularTrain("t", "1", null, null, null, d, null,
        [
            Stop("A", z, null, d.At(new LocalTime(10, 0))),
            Stop("B", z, null, null, StopKind.Pass),
            Stop("C", z, d.At(new LocalTime(10, 20)), d.At(new LocalTime(10, 19))),
            Stop("D", z, d.At(new LocalTime(10, 5)), null),
        ]);
        var problems = train.Check("train t").ToList();
        problems.Count.ShouldBe(2);
        problems[0].Where.ShouldBe("train t stop 3 (C)");
        problems[1].Where.ShouldBe("train t stop 4 (D)");
    }

    [Fact]
    public void Check_SingleStop_IsAProblem()
    {
        var train = new RegularTrain("t", "1", null, null, null, null, null, [Stop("A", DateTimeZone.Utc, null, new LocalDateTime(2026, 1, 1, 0, 0))]);
        train.Check("t").ShouldHaveSingleItem().Message.ShouldContain("at least 2");
    }

    [Fact]
    public void Dwell_IsDepartureMinusArrival_NullWhenEitherIsMissing()
    {
        var s = Stop("A", Vladivostok, new LocalDateTime(2026, 4, 25, 9, 0), new LocalDateTime(2026, 4, 25, 9, 7));
        s.Dwell.ShouldBe(NodaTime.Duration.FromMinutes(7));
        Stop("B", Vladivostok, null, new LocalDateTime(2026, 4, 25, 9, 0)).Dwell.ShouldBeNull();
        s.ToString().ShouldBe("A 09:00:00 09:07:00");
    }
}
