using Fortress.Diagnostics;
using Fortress.IO.Json;

namespace Fortress.Tests.Import;

public class FortressTimetableReaderTests
{
    [Fact]
    public void Read_LocalTimesInTheirZones_AreExactInstants()
    {
        var t = FortressTimetableReader.Read("""
            {"format": "fortress.timetable/1", "zone": "Asia/Pyongyang", "trains": [
              {"id": "X1", "number": "51", "category": "passenger", "stops": [
                {"station": "Tumangang", "departure": "2019-04-24T00:30"},
                {"station": "Khasan", "arrival": "2019-04-24T01:40", "zone": "Asia/Vladivostok"}]}]}
            """, "t.json");
        var train = t.Trains.ShouldHaveSingleItem();
        // 00:30 +09:00 to 01:40 +10:00 is ten minutes, not seventy.
        (train.Stops[1].Arrival!.Value - train.Stops[0].Departure!.Value).TotalMinutes.ShouldBe(10);
    }

    [Fact]
    public void Read_BadTimesUnknownZoneAndDuplicateIds_AllReported()
    {
        var ex = Should.Throw<InvalidInputException>(() => FortressTimetableReader.Read("""
            {"format": "fortress.timetable/1", "zone": "Mars/Olympus", "trains": [
              {"id": "A", "stops": [{"station": "X", "departure": "24/04 07:00", "zone": "UTC"}, {"station": "Y", "arrival": "2019-04-24T08:00", "zone": "UTC"}]},
              {"id": "A", "stops": [{"station": "X", "departure": "2019-04-24T09:00", "zone": "UTC"}, {"station": "Y", "arrival": "2019-04-24T08:00", "zone": "UTC"}]}]}
            """, "bad.json"));
        ex.Problems.ShouldContain(p => p.Message.Contains("Mars/Olympus"));
        ex.Problems.ShouldContain(p => p.Message.Contains("24/04 07:00"));
        ex.Problems.ShouldContain(p => p.Message.Contains("used more than once"));
        ex.Problems.ShouldContain(p => p.Message.Contains("earlier than the time before it"));
    }
}
