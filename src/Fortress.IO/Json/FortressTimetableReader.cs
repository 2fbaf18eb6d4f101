using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Timetable;
using NodaTime;
using NodaTime.Text;

namespace Fortress.IO.Json;

/// <summary>
/// Reads Fortress timetable JSON (<c>fortress.timetable/1</c>, docs/formats.md): regular trains with their stops in
/// local time. Every problem is reported at once with its JSON path.
/// </summary>
public static class FortressTimetableReader
{
    public const string Format = "fortress.timetable/1";

    public static RegularTimetable ReadFile(string path) => Read(InputFile.ReadText(path), Path.GetFileName(path));

    public static RegularTimetable Read(string text, string displayName)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, Format, "a timetable", problems);
        using var _ = doc;
        var root = doc.RootElement;
        var defaultZone = Zone(j, root, "$", null);
        var trains = new List<RegularTrain>();
        var stations = new Dictionary<string, StationRef>(StringComparer.OrdinalIgnoreCase);
        var pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
        var patternSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");
        foreach (var (t, tp) in j.Array(root, "trains", "$", true))
        {
            var id = j.String(t, "id", tp, true);
            var number = j.String(t, "number", tp, false) ?? id;
            var stops = new List<TimetableStop>();
            foreach (var (s, sp) in j.Array(t, "stops", tp, true))
            {
                var name = j.String(s, "station", sp, true);
                var zone = Zone(j, s, sp, defaultZone);
                Instant? Time(string key)
                {
                    var text = j.String(s, key, sp, false);
                    if (text is null || zone is null) return null;
                    var r = pattern.Parse(text);
                    if (!r.Success) r = patternSeconds.Parse(text);
                    if (r.Success) return Plausible.Year.Check(r.Value.Year, j.Where($"{sp}.{key}"), problems) ? r.Value.InZoneLeniently(zone).ToInstant() : null;
                    problems.Add(j.Where($"{sp}.{key}"), $"'{text}' is not a local date and time like 2019-04-24T07:00");
                    return null;
                }
                var arr = Time("arrival");
                var dep = Time("departure");
                var kind = j.String(s, "kind", sp, false) == "pass" ? StopKind.Pass : StopKind.Stop;
                if (zone is null) { problems.Add(j.Where(sp), "no time zone: give 'zone' on the stop or the document"); continue; }
                if (name is null) continue;
                var station = stations.TryGetValue(name, out var st) ? st : stations[name] = new StationRef(name, name);
                stops.Add(new TimetableStop(station, arr, dep, zone, kind));
            }
            if (id is null) continue;
            var train = new RegularTrain(id, number ?? id, j.String(t, "name", tp, false), j.String(t, "operator", tp, false), j.String(t, "category", tp, false), null, null, stops);
            problems.AddRange(train.Check(j.Where(tp)));
            trains.Add(train);
        }
        var ids = trains.GroupBy(t => t.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var dup in ids) problems.Add(j.Where("$.trains"), $"train id '{dup}' is used more than once");
        problems.ThrowIfAny();
        return new RegularTimetable(trains, stations.Values.ToArray(), $"Fortress timetable {displayName}");
    }

    private static DateTimeZone? Zone(JsonNodes j, JsonElement o, string path, DateTimeZone? fallback)
    {
        var id = j.String(o, "zone", path, false);
        if (id is null) return fallback;
        var z = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (z is null) j.Problems.Add(j.Where(path + ".zone"), $"'{id}' is not a tz database zone id");
        return z ?? fallback;
    }
}
