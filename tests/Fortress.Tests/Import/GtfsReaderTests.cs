using Fortress.Diagnostics;
using Fortress.IO.Gtfs;
using Fortress.Timetable;
using NodaTime;

namespace Fortress.Tests.Import;

public class GtfsReaderTests
{
    private static string Caltrain => TestData.Require("gtfs/caltrain-2018.zip");

    [Fact]
    public void Read_CaltrainDefaultDate_IsFirstBusiestDateWithItsTrips()
    {
        // 92 weekday trips (mtwtf) plus one Giants special on Wednesday 2018-06-20, the first date with 93.
        var t = GtfsReader.Read(Caltrain);
        t.Trains.Count.ShouldBe(93);
        t.Trains.ShouldAllBe(x => x.ServiceDate == new LocalDate(2018, 6, 20));
        t.Source.ShouldContain("2018-06-20");
        t.Stations.Count.ShouldBe(64);
        GtfsReader.TripsPerDate(Caltrain).Max(d => d.Trips).ShouldBe(93);
    }

    [Theory]
    [InlineData(2018, 6, 19, 92)] // Tuesday: mtwtf
    [InlineData(2018, 6, 23, 52)] // Saturday: sat_sun 46 + sat_extra 4 + Giants 2
    [InlineData(2018, 7, 4, 46)]  // Independence Day: mtwtf removed, sat_sun added
    [InlineData(2020, 1, 1, 0)]   // after the calendar ends
    public void Read_CaltrainChosenDate_CountsTripsOfThatDay(int y, int m, int d, int trips)
    {
        var t = GtfsReader.Read(Caltrain, new GtfsImportOptions { ServiceDate = new LocalDate(y, m, d) });
        t.Trains.Count.ShouldBe(trips);
    }

    [Fact]
    public void Read_Caltrain_EveryTripOfTheFeedRunsOnSomeDate()
    {
        // The feed has 185 trips: weekday, weekend, Saturday-extra, and special services on single dates
        // (calendar_dates.txt). One date of each weekday pattern plus every exception date covers them all.
        using var zip = System.IO.Compression.ZipFile.OpenRead(Caltrain);
        using var reader = new StreamReader(zip.GetEntry("calendar_dates.txt")!.Open());
        var dates = reader.ReadToEnd().Split('\n').Skip(1).Where(l => l.Length > 8).Select(l => l.Split(',')[1])
            .Select(d => new LocalDate(int.Parse(d[..4]), int.Parse(d[4..6]), int.Parse(d[6..8])))
            .Concat([new LocalDate(2018, 6, 19), new LocalDate(2018, 6, 16), new LocalDate(2018, 6, 17)])
            .Distinct();
        var ids = new HashSet<string>();
        foreach (var date in dates)
            foreach (var tr in GtfsReader.Read(Caltrain, new GtfsImportOptions { ServiceDate = date }).Trains) ids.Add(tr.Id);
        ids.Count.ShouldBe(185);
    }

    [Fact]
    public void Read_Caltrain_TimesNonDecreasingAndInLosAngelesZone()
    {
        var t = GtfsReader.Read(Caltrain);
        foreach (var train in t.Trains)
        {
            train.Stops.Count.ShouldBeGreaterThanOrEqualTo(2);
            train.Check(train.Id).ShouldBeEmpty();
            var times = train.Stops.SelectMany(s => new[] { s.Arrival, s.Departure }).Select(x => x!.Value).ToArray();
            for (var i = 1; i < times.Length; i++) times[i].ShouldBeGreaterThanOrEqualTo(times[i - 1]);
            train.Stops.ShouldAllBe(s => s.Zone.Id == "America/Los_Angeles");
            train.Operator.ShouldBe("Caltrain");
        }
    }

    [Fact]
    public void Read_CaltrainTimeAfterMidnight_IsNextCalendarDay()
    {
        // Trip 199 reaches San Francisco (stop 22) at 24:05:00 on service date 2018-06-20: 00:05 PDT on the 21st.
        var t = GtfsReader.Read(Caltrain);
        var trip = t.Trains.Single(x => x.Id == "199");
        var last = trip.Stops[^1];
        last.Arrival.ShouldBe(Instant.FromUtc(2018, 6, 21, 7, 5, 0));
        last.LocalArrival!.Value.LocalDateTime.ShouldBe(new LocalDateTime(2018, 6, 21, 0, 5, 0));
    }

    private static string Feed(Dictionary<string, string> files)
    {
        var dir = Directory.CreateTempSubdirectory("fortress-gtfs-").FullName;
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    private static Dictionary<string, string> Minimal(string stopTimes, string calendar = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nall,1,1,1,1,1,1,1,20181101,20181130\n") => new()
    {
        ["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nA,Test Rail,http://x,America/Los_Angeles\n",
        ["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon,stop_timezone\nS1,One,37.0,-122.0,\nS2,Two,37.1,-122.1,America/New_York\n",
        ["routes.txt"] = "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,Local,Local,2\n",
        ["trips.txt"] = "route_id,service_id,trip_id,trip_headsign,trip_short_name\nR,all,T1,Two,101\n",
        ["stop_times.txt"] = stopTimes,
        ["calendar.txt"] = calendar,
    };

    [Fact]
    public void Read_DaylightSavingEndDay_TimesCountFromNoonMinusTwelveHours()
    {
        // 2018-11-04: clocks in Los Angeles go back at 02:00 PDT. Noon is 20:00Z (PST), so the service day's origin
        // is 08:00Z (01:00 PDT), and 25:00:00 is exactly 25 hours later.
        var dir = Feed(Minimal("trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,00:00:00,00:00:00,S1,1\nT1,25:00:00,25:00:00,S2,2\n"));
        var t = GtfsReader.Read(dir, new GtfsImportOptions { ServiceDate = new LocalDate(2018, 11, 4) });
        var train = t.Trains.ShouldHaveSingleItem();
        train.Number.ShouldBe("101");
        train.Stops[0].Departure.ShouldBe(Instant.FromUtc(2018, 11, 4, 8, 0));
        (train.Stops[1].Arrival!.Value - train.Stops[0].Departure!.Value).ShouldBe(NodaTime.Duration.FromHours(25));
        // The second stop keeps its own zone for display.
        train.Stops[1].Zone.Id.ShouldBe("America/New_York");
        train.Stops[1].LocalArrival!.Value.LocalDateTime.ShouldBe(new LocalDateTime(2018, 11, 5, 4, 0));
    }

    [Fact]
    public void Read_PassWithoutTimes_IsKeptAsUntimedPass()
    {
        var dir = Feed(Minimal("trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\nT1,10:00:00,10:00:00,S1,1,,\nT1,,,S2,2,1,1\nT1,10:20:00,10:21:00,S1,3,,\n"));
        var train = GtfsReader.Read(dir).Trains.Single();
        train.Stops[1].Kind.ShouldBe(StopKind.Pass);
        train.Stops[1].IsTimed.ShouldBeFalse();
        train.Stops[2].Dwell.ShouldBe(NodaTime.Duration.FromMinutes(1));
    }

    [Fact]
    public void Read_MissingRequiredFiles_ListsEveryOne()
    {
        var files = Minimal("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
        files.Remove("stop_times.txt");
        files.Remove("agency.txt");
        files.Remove("calendar.txt");
        var ex = Should.Throw<InvalidInputException>(() => GtfsReader.Read(Feed(files)));
        ex.Problems.Count.ShouldBe(3);
        ex.Problems.ShouldContain(p => p.Where.EndsWith("/agency.txt"));
        ex.Problems.ShouldContain(p => p.Where.EndsWith("/stop_times.txt"));
        ex.Problems.ShouldContain(p => p.Where.EndsWith("/calendar.txt"));
    }

    [Fact]
    public void Read_BadRows_ReportsEveryProblemWithFileAndLine()
    {
        var files = Minimal(
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" +
            "T1,10:00:00,10:00:00,S1,1\n" +     // line 2: fine
            "T1,9:59:00,10:05:00,S2,2\n" +      // line 3: earlier than the previous stop
            "T1,10:7:00,10:10:00,S1,3\n" +      // line 4: bad time
            "T9,10:00:00,10:00:00,S1,1\n" +     // line 5: unknown trip
            "T1,10:20:00,10:20:00,S7,4\n");     // line 6: unknown stop
        files["stops.txt"] += "S3,Three,95.0,-122.0,\n"; // line 4: latitude out of range
        files["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nA,Test Rail,http://x,Mars/Olympus\n";
        var ex = Should.Throw<InvalidInputException>(() => GtfsReader.Read(Feed(files)));
        ex.Problems.Select(p => p.Where).ShouldBe(
            ["agency.txt:2", "stops.txt:4", "stop_times.txt:4", "stop_times.txt:5", "stop_times.txt:6", "stop_times.txt:3"],
            ignoreOrder: true);
        ex.Message.ShouldContain("Mars/Olympus");
    }

    [Fact]
    public void Read_NotAFeed_IsInvalidInput()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "not a zip");
        Should.Throw<InvalidInputException>(() => GtfsReader.Read(file));
        Should.Throw<InvalidInputException>(() => GtfsReader.Read(file + ".absent"));
    }
}
