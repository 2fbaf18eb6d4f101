using Fortress.Diagnostics;
using Fortress.IO.RailMl;
using Fortress.Timetable;
using NodaTime;

namespace Fortress.Tests.Import;

public class RailMlTimetableReaderTests
{
    private static readonly DateTimeZone Zurich = DateTimeZoneProviders.Tzdb["Europe/Zurich"];
    private static string OpenTrack => TestData.Require("railml/zurich-opentrack-timetable.railml");

    [Fact]
    public void Read_OpenTrackZurich_ImportsEveryTrainAndTimingPoint()
    {
        var t = RailMlTimetableReader.Read(OpenTrack, new RailMlImportOptions { Zone = Zurich, ServiceDate = new LocalDate(2014, 4, 14) });
        t.Trains.Count.ShouldBe(50);
        t.TimingPointCount.ShouldBe(738);
        t.Stations.Count.ShouldBe(35);
        t.Trains.ShouldAllBe(x => x.Stops.Count >= 2);
        // 291 stops and 447 passes; 349 points carry a time, at least 6 per train.
        t.Trains.Sum(x => x.Stops.Count(s => s.Kind == StopKind.Pass)).ShouldBe(447);
        t.Trains.Sum(x => x.Stops.Count(s => s.IsTimed)).ShouldBe(349);
        t.Trains.ShouldAllBe(x => x.Stops.Count(s => s.IsTimed) >= 6);
        foreach (var train in t.Trains) train.Check(train.Id).ShouldBeEmpty();
    }

    [Fact]
    public void Read_OpenTrackZurich_TimesAreLocalZurichTime()
    {
        var t = RailMlTimetableReader.Read(OpenTrack, new RailMlImportOptions { Zone = Zurich, ServiceDate = new LocalDate(2014, 4, 14) });
        var train = t.Trains.Single(x => x.Id == "tr-18020");
        train.Number.ShouldBe("18020");
        train.Name.ShouldBe("UST-RUEM");
        var first = train.Stops[0];
        first.Station.Name.ShouldBe("Uster");
        first.Station.Code.ShouldBe("UST");
        first.Arrival.ShouldBeNull();
        // 07:08 in Zurich on 14 April 2014 (summer time, UTC+2) is 05:08 UTC.
        first.Departure.ShouldBe(Instant.FromUtc(2014, 4, 14, 5, 8));
        first.LocalDeparture!.Value.LocalDateTime.ShouldBe(new LocalDateTime(2014, 4, 14, 7, 8));
        train.Stops[1].Kind.ShouldBe(StopKind.Pass);
        train.Stops[1].IsTimed.ShouldBeFalse();
        // Stettbach, passed at 07:15:20.
        var stet = train.Stops.First(s => s.Station.Code == "STET");
        stet.Arrival.ShouldBe(Instant.FromUtc(2014, 4, 14, 5, 15, 20));
    }

    [Fact]
    public void Read_DefaultOptions_UtcAndTheDocumentedFallbackDate()
    {
        var t = RailMlTimetableReader.Read(OpenTrack);
        var first = t.Trains.Single(x => x.Id == "tr-18020").Stops[0];
        first.Zone.ShouldBe(DateTimeZone.Utc);
        first.Departure.ShouldBe(Instant.FromUtc(2001, 1, 1, 7, 8));
    }

    private static string Write(string xml)
    {
        var f = Path.Combine(Directory.CreateTempSubdirectory("fortress-railml-").FullName, "t.railml");
        File.WriteAllText(f, xml);
        return f;
    }

    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <railml version="2.2" xmlns="http://www.railml.org/schemas/2013">
          <infrastructure id="i">
            <operationControlPoints>
              <ocp id="A" name="Alpha"><geoCoord coord="47.37 8.54"/></ocp>
              <ocp id="B" name="Beta"/>
            </operationControlPoints>
          </infrastructure>
        """;

    [Fact]
    public void Read_AcrossMidnight_NextDayByRolloverOrDayAttribute()
    {
        var f = Write(Head + """
              <timetable id="t">
                <operatingPeriods><operatingPeriod id="op1" name="daily" startDate="2026-03-28" endDate="2026-10-24"/></operatingPeriods>
                <trainParts>
                  <trainPart id="p1" trainNumber="901" operatingPeriodRef="op1"><ocpsTT>
                    <ocpTT ocpRef="A" ocpType="stop"><times scope="scheduled" departure="23:50:00"/></ocpTT>
                    <ocpTT ocpRef="B" ocpType="stop"><times scope="scheduled" arrival="03:10:00"/></ocpTT>
                  </ocpsTT></trainPart>
                  <trainPart id="p2" trainNumber="902"><ocpsTT>
                    <ocpTT ocpRef="A" ocpType="stop"><times scope="published" departure="00:10:00"/><times scope="scheduled" departure="23:50:00"/></ocpTT>
                    <ocpTT ocpRef="B" ocpType="stop"><times scope="scheduled" arrival="00:20:00" arrivalDay="1"/></ocpTT>
                  </ocpsTT></trainPart>
                </trainParts>
              </timetable>
            </railml>
            """);
        var t = RailMlTimetableReader.Read(f, new RailMlImportOptions { Zone = Zurich });
        // 901 runs in the night the clocks go forward (29 March 2026, 02:00 -> 03:00): 23:50 CET to 03:10 CEST is 2 h 20 min.
        var n901 = t.Trains.Single(x => x.Number == "901");
        n901.ServiceDate.ShouldBe(new LocalDate(2026, 3, 28));
        n901.OperatingDays.ShouldNotBeNull().ShouldContain("daily");
        (n901.Stops[1].Arrival!.Value - n901.Stops[0].Departure!.Value).ShouldBe(NodaTime.Duration.FromMinutes(140));
        n901.Stops[0].Station.Latitude.ShouldBe(47.37);
        // 902 has no operating period: the fallback date; the scheduled times win over the published ones.
        var n902 = t.Trains.Single(x => x.Number == "902");
        (n902.Stops[1].Arrival!.Value - n902.Stops[0].Departure!.Value).ShouldBe(NodaTime.Duration.FromMinutes(30));
        n902.Stops[1].LocalArrival!.Value.Date.ShouldBe(RailMlImportOptions.FallbackDate.PlusDays(1));
    }

    [Fact]
    public void Read_NotRailMl_IsRefused()
    {
        var ex = Should.Throw<InvalidInputException>(() => RailMlTimetableReader.Read(Write("<?xml version=\"1.0\"?>\n<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"/>")));
        ex.Problems.Single().Where.ShouldEndWith("t.railml:2");
        ex.Message.ShouldContain("not a railML 2.x document");
        Should.Throw<InvalidInputException>(() => RailMlTimetableReader.Read(Write("<railml xmlns=\"https://www.railml.org/schemas/3.2\" version=\"3.2\"/>")));
        Should.Throw<InvalidInputException>(() => RailMlTimetableReader.Read(Write("<railml><unclosed></railml>")))
            .Message.ShouldContain("not well-formed XML");
    }

    [Fact]
    public void Read_BrokenReferencesAndTimes_ReportsEveryProblemWithLine()
    {
        var xml = Head + """
              <timetable id="t">
                <trainParts>
                  <trainPart id="p1" trainNumber="1"><ocpsTT>
                    <ocpTT ocpRef="A" ocpType="stop"><times scope="scheduled" departure="08:00:00"/></ocpTT>
                    <ocpTT ocpRef="NOWHERE" ocpType="stop"><times scope="scheduled" arrival="08:10:00"/></ocpTT>
                    <ocpTT ocpRef="B" ocpType="stop"><times scope="scheduled" arrival="8h20"/></ocpTT>
                  </ocpsTT></trainPart>
                </trainParts>
                <trains>
                  <train id="tr1" type="operational" trainNumber="1"><trainPartSequence sequence="1"><trainPartRef ref="p1"/></trainPartSequence></train>
                  <train id="tr2" type="operational" trainNumber="2"><trainPartSequence sequence="1"><trainPartRef ref="p9"/></trainPartSequence></train>
                </trains>
              </timetable>
            </railml>
            """;
        var ex = Should.Throw<InvalidInputException>(() => RailMlTimetableReader.Read(Write(xml)));
        var lines = xml.Split('\n');
        int LineOf(string s) => Array.FindIndex(lines, l => l.Contains(s)) + 1;
        ex.Problems.Count.ShouldBe(3);
        var (nowhere, badTime, p9) = ($"t.railml:{LineOf("NOWHERE")} ", $"t.railml:{LineOf("8h20")} ", $"t.railml:{LineOf("ref=\"p9\"")}");
        ex.Problems.ShouldContain(p => p.Where.StartsWith(nowhere) && p.Message.Contains("NOWHERE"));
        ex.Problems.ShouldContain(p => p.Where.StartsWith(badTime) && p.Message.Contains("8h20"));
        ex.Problems.ShouldContain(p => p.Where == p9 && p.Message.Contains("p9"));
    }
}
