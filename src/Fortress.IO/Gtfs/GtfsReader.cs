using System.Globalization;
using Fortress.Diagnostics;
using Fortress.Timetable;
using NodaTime;
using NodaTime.Text;

namespace Fortress.IO.Gtfs;

/// <summary>Options of the GTFS import.</summary>
public sealed record GtfsImportOptions
{
    /// <summary>
    /// The service date to import. Default (null): the first date of the feed on which the most trips run.
    /// </summary>
    public LocalDate? ServiceDate { get; init; }

    public static GtfsImportOptions Default { get; } = new();
}

/// <summary>
/// Reads a GTFS feed (a .zip or a folder) into the regular traffic of one service date: one <see cref="RegularTrain"/>
/// per trip that runs that day, with exact instants. Files used: agency (time zone), stops (with parent_station and
/// stop_timezone), routes, trips, stop_times, calendar and/or calendar_dates.
/// <para>
/// Times follow the GTFS reference: "H:MM:SS" counted from noon minus 12 h of the service date in the agency's zone,
/// so 25:10:00 is 01:10 the next day and days with a daylight-saving change come out right. A stop's own
/// stop_timezone (or its parent station's) is kept for display only. A stop where both pickup_type and drop_off_type
/// are 1 (no pickup, no drop-off) is a <see cref="StopKind.Pass"/>.
/// </para>
/// Every problem in the feed is reported at once with file:line (the CSV line); a missing required file is a problem too.
/// </summary>
public static class GtfsReader
{
    private static readonly string[] RequiredFiles = ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"];

    /// <summary>Imports the trips of one service date.</summary>
    /// <exception cref="InvalidInputException">Every problem found in the feed.</exception>
    public static RegularTimetable Read(string path, GtfsImportOptions? options = null)
    {
        var data = Load(path);
        var o = options ?? GtfsImportOptions.Default;
        var date = o.ServiceDate ?? BusiestDate(data) ?? throw new InvalidInputException(path, "no trip runs on any date of the feed's calendar");
        var active = ActiveServices(data, date);
        var trains = new List<RegularTrain>();
        foreach (var trip in data.Trips)
        {
            if (!active.Contains(trip.ServiceId)) continue;
            trains.Add(ToTrain(data, trip, date));
        }
        return new RegularTimetable(trains, data.Stations, $"GTFS {data.FeedName}, service date {date:uuuu-MM-dd}, zone {data.Zone.Id}");
    }

    /// <summary>How many trips run on each date of the feed's calendar, in date order.</summary>
    public static IReadOnlyList<(LocalDate Date, int Trips)> TripsPerDate(string path)
    {
        var data = Load(path);
        return CountPerDate(data);
    }

    private static LocalDate? BusiestDate(FeedData data)
    {
        LocalDate? best = null;
        var most = 0;
        foreach (var (d, n) in CountPerDate(data))
            if (n > most) (best, most) = (d, n);
        return best;
    }

    private static List<(LocalDate, int)> CountPerDate(FeedData data)
    {
        var tripsPerService = data.Trips.GroupBy(t => t.ServiceId).ToDictionary(g => g.Key, g => g.Count());
        var dates = new SortedSet<LocalDate>();
        foreach (var c in data.Calendar)
            for (var d = c.Start; d <= c.End; d = d.PlusDays(1)) dates.Add(d);
        foreach (var x in data.Exceptions) dates.Add(x.Date);
        var result = new List<(LocalDate, int)>();
        foreach (var d in dates)
        {
            var n = ActiveServices(data, d).Sum(s => tripsPerService.GetValueOrDefault(s));
            result.Add((d, n));
        }
        return result;
    }

    private static HashSet<string> ActiveServices(FeedData data, LocalDate date)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in data.Calendar)
            if (date >= c.Start && date <= c.End && c.Days[(int)date.DayOfWeek - 1]) set.Add(c.ServiceId);
        foreach (var x in data.Exceptions)
        {
            if (x.Date != date) continue;
            if (x.Added) set.Add(x.ServiceId);
            else set.Remove(x.ServiceId);
        }
        return set;
    }

    private static RegularTrain ToTrain(FeedData data, Trip trip, LocalDate date)
    {
        // Noon minus 12 h in the agency zone: the GTFS origin of a service day's times.
        var origin = data.Zone.AtLeniently(date.At(new LocalTime(12, 0))).ToInstant() - NodaTime.Duration.FromHours(12);
        Instant? At(int? seconds) => seconds is { } s ? origin + NodaTime.Duration.FromSeconds(s) : null;
        var stops = trip.StopTimes.Select(st =>
        {
            var station = data.StopsById[st.StopId];
            var zone = data.StopZone(station);
            return new TimetableStop(station, At(st.Arrival), At(st.Departure), zone, st.Pass ? StopKind.Pass : StopKind.Stop);
        }).ToArray();
        var route = data.Routes[trip.RouteId];
        return new RegularTrain(trip.Id, trip.ShortName ?? trip.Id, trip.Headsign, route.Agency, route.Name, date,
            data.ServiceDescription(trip.ServiceId), stops);
    }

    // ---------------------------------------------------------------- loading and checking

    private sealed record Route(string Id, string? Agency, string? Name);
    private sealed record StopTime(int Line, int Sequence, string StopId, int? Arrival, int? Departure, bool Pass);
    private sealed record Trip(string Id, string RouteId, string ServiceId, string? Headsign, string? ShortName, int Line)
    {
        public List<StopTime> StopTimes { get; } = [];
    }
    private sealed record CalendarEntry(string ServiceId, bool[] Days, LocalDate Start, LocalDate End);
    private sealed record CalendarException(string ServiceId, LocalDate Date, bool Added);

    private sealed class FeedData
    {
        public required string FeedName { get; init; }
        public required DateTimeZone Zone { get; init; }
        public required List<StationRef> Stations { get; init; }
        public required Dictionary<string, StationRef> StopsById { get; init; }
        public required Dictionary<string, string> Parents { get; init; }
        public required Dictionary<string, Route> Routes { get; init; }
        public required List<Trip> Trips { get; init; }
        public required List<CalendarEntry> Calendar { get; init; }
        public required List<CalendarException> Exceptions { get; init; }

        public DateTimeZone StopZone(StationRef s)
        {
            var id = s.TimeZoneId;
            if (id is null && Parents.TryGetValue(s.Id, out var parent) && StopsById.TryGetValue(parent, out var p)) id = p.TimeZoneId;
            return id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } z ? z : Zone;
        }

        public string? ServiceDescription(string serviceId)
        {
            var c = Calendar.FirstOrDefault(x => x.ServiceId == serviceId);
            if (c is null) return $"service {serviceId}";
            var names = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
            var days = string.Join(",", names.Where((_, i) => c.Days[i]));
            return $"service {serviceId}: {days} {c.Start:uuuu-MM-dd}..{c.End:uuuu-MM-dd}";
        }
    }

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    private static FeedData Load(string path)
    {
        var feed = GtfsFeed.Open(path);
        var problems = new ProblemList();
        foreach (var f in RequiredFiles)
            if (!feed.Has(f)) problems.Add($"{feed.Name}/{f}", "required GTFS file is missing");
        if (!feed.Has("calendar.txt") && !feed.Has("calendar_dates.txt"))
            problems.Add($"{feed.Name}/calendar.txt", "required GTFS file is missing (calendar.txt or calendar_dates.txt)");
        problems.ThrowIfAny();

        // agency.txt: the zone of all times.
        var agencies = feed.Rows("agency.txt", problems, "agency_name", "agency_timezone");
        DateTimeZone? zone = null;
        var agencyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in agencies)
        {
            var tz = a["agency_timezone"];
            var z = tz is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz);
            if (z is null) problems.Add(a.Where, $"agency_timezone '{tz}' is not a tz database zone");
            else if (zone is null) zone = z;
            else if (zone.Id != z.Id) problems.Add(a.Where, $"agency_timezone {z.Id} differs from the first agency's {zone.Id} (GTFS requires one zone)");
            agencyNames[a["agency_id"] ?? ""] = a["agency_name"] ?? "";
        }
        if (agencies.Count == 0 && problems.Count == 0) problems.Add("agency.txt:2", "no agency: one is required for the time zone");

        // stops.txt
        var stations = new List<StationRef>();
        var stopsById = new Dictionary<string, StationRef>(StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        var parentLines = new List<(string Child, string Parent, string Where)>();
        foreach (var s in feed.Rows("stops.txt", problems, "stop_id"))
        {
            var id = s["stop_id"];
            if (id is null) { problems.Add(s.Where, "stop_id is empty"); continue; }
            var lat = Coordinate(s, "stop_lat", 90, problems);
            var lon = Coordinate(s, "stop_lon", 180, problems);
            var tz = s["stop_timezone"];
            if (tz is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz) is null)
                problems.Add(s.Where, $"stop_timezone '{tz}' is not a tz database zone");
            var station = new StationRef(id, s["stop_name"] ?? id, s["stop_code"], lat, lon, tz);
            if (!stopsById.TryAdd(id, station)) { problems.Add(s.Where, $"duplicate stop_id {id}"); continue; }
            stations.Add(station);
            if (s["parent_station"] is { } parent) { parents[id] = parent; parentLines.Add((id, parent, s.Where)); }
        }
        foreach (var (child, parent, where) in parentLines)
            if (!stopsById.ContainsKey(parent)) problems.Add(where, $"parent_station {parent} of stop {child} is not in stops.txt");

        // routes.txt
        var routes = new Dictionary<string, Route>(StringComparer.Ordinal);
        foreach (var r in feed.Rows("routes.txt", problems, "route_id"))
        {
            var id = r["route_id"];
            if (id is null) { problems.Add(r.Where, "route_id is empty"); continue; }
            var agencyId = r["agency_id"];
            string? agency = agencyId is not null && agencyNames.TryGetValue(agencyId, out var n) ? n
                : agencyNames.Count == 1 ? agencyNames.Values.First() : null;
            if (agencyId is not null && !agencyNames.ContainsKey(agencyId)) problems.Add(r.Where, $"agency_id {agencyId} is not in agency.txt");
            if (!routes.TryAdd(id, new Route(id, agency, r["route_long_name"] ?? r["route_short_name"])))
                problems.Add(r.Where, $"duplicate route_id {id}");
        }

        // calendar.txt, calendar_dates.txt
        var calendar = new List<CalendarEntry>();
        string[] dayColumns = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        foreach (var c in feed.Rows("calendar.txt", problems, ["service_id", .. dayColumns, "start_date", "end_date"]))
        {
            var days = new bool[7];
            for (var i = 0; i < 7; i++)
            {
                var v = c[dayColumns[i]];
                if (v is "1") days[i] = true;
                else if (v is not "0") problems.Add(c.Where, $"{dayColumns[i]} must be 0 or 1, not '{v}'");
            }
            var start = Date(c, "start_date", problems);
            var end = Date(c, "end_date", problems);
            if (start is { } s && end is { } e)
            {
                if (e < s) problems.Add(c.Where, $"end_date {e:uuuu-MM-dd} is before start_date {s:uuuu-MM-dd}");
                else if (c["service_id"] is { } sid) calendar.Add(new CalendarEntry(sid, days, s, e));
                else problems.Add(c.Where, "service_id is empty");
            }
        }
        var exceptions = new List<CalendarException>();
        foreach (var c in feed.Rows("calendar_dates.txt", problems, "service_id", "date", "exception_type"))
        {
            var d = Date(c, "date", problems);
            var type = c["exception_type"];
            if (type is not ("1" or "2")) problems.Add(c.Where, $"exception_type must be 1 or 2, not '{type}'");
            else if (d is { } date && c["service_id"] is { } sid) exceptions.Add(new CalendarException(sid, date, type == "1"));
        }

        // trips.txt
        var trips = new List<Trip>();
        var tripsById = new Dictionary<string, Trip>(StringComparer.Ordinal);
        foreach (var t in feed.Rows("trips.txt", problems, "route_id", "service_id", "trip_id"))
        {
            var id = t["trip_id"];
            var route = t["route_id"];
            var service = t["service_id"];
            if (id is null || route is null || service is null) { problems.Add(t.Where, "trip_id, route_id and service_id are required"); continue; }
            if (!routes.ContainsKey(route)) problems.Add(t.Where, $"route_id {route} is not in routes.txt");
            var trip = new Trip(id, route, service, t["trip_headsign"], t["trip_short_name"], t.Line);
            if (!tripsById.TryAdd(id, trip)) { problems.Add(t.Where, $"duplicate trip_id {id}"); continue; }
            trips.Add(trip);
        }

        // stop_times.txt
        foreach (var st in feed.Rows("stop_times.txt", problems, "trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"))
        {
            var tripId = st["trip_id"];
            var stopId = st["stop_id"];
            if (tripId is null || !tripsById.TryGetValue(tripId, out var trip)) { problems.Add(st.Where, $"trip_id '{tripId}' is not in trips.txt"); continue; }
            if (stopId is null || !stopsById.ContainsKey(stopId)) { problems.Add(st.Where, $"stop_id '{stopId}' is not in stops.txt"); continue; }
            if (!int.TryParse(st["stop_sequence"], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            { problems.Add(st.Where, $"stop_sequence '{st["stop_sequence"]}' is not a non-negative integer"); continue; }
            var arr = Time(st, "arrival_time", problems, out var arrOk);
            var dep = Time(st, "departure_time", problems, out var depOk);
            if (!arrOk || !depOk) continue;
            if (arr is { } a && dep is { } d && d < a) problems.Add(st.Where, $"departure_time {st["departure_time"]} is before arrival_time {st["arrival_time"]}");
            trip.StopTimes.Add(new StopTime(st.Line, seq, stopId, arr, dep, st["pickup_type"] == "1" && st["drop_off_type"] == "1"));
        }
        foreach (var trip in trips)
        {
            trip.StopTimes.Sort((x, y) => x.Sequence.CompareTo(y.Sequence));
            if (trip.StopTimes.Count < 2) { problems.Add($"trips.txt:{trip.Line}", $"trip {trip.Id} has {trip.StopTimes.Count} stop time(s); at least 2 are needed"); continue; }
            int? last = null;
            for (var i = 0; i < trip.StopTimes.Count; i++)
            {
                var x = trip.StopTimes[i];
                if (i > 0 && x.Sequence == trip.StopTimes[i - 1].Sequence) problems.Add($"stop_times.txt:{x.Line}", $"trip {trip.Id}: stop_sequence {x.Sequence} appears twice");
                foreach (var t in new[] { x.Arrival, x.Departure })
                {
                    if (t is not { } v) continue;
                    if (last is { } l && v < l) problems.Add($"stop_times.txt:{x.Line}", $"trip {trip.Id}: time {Format(v)} is earlier than the previous stop's {Format(l)}");
                    last = v;
                }
            }
        }
        problems.ThrowIfAny();

        return new FeedData
        {
            FeedName = feed.Name, Zone = zone!, Stations = stations, StopsById = stopsById, Parents = parents, Routes = routes,
            Trips = trips, Calendar = calendar, Exceptions = exceptions,
        };
    }

    private static string Format(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    private static double? Coordinate(GtfsRow row, string column, double limit, ProblemList problems)
    {
        var v = row[column];
        if (v is null) return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= limit) return d;
        problems.Add(row.Where, $"{column} '{v}' is not a number between -{limit} and {limit}");
        return null;
    }

    private static LocalDate? Date(GtfsRow row, string column, ProblemList problems)
    {
        var v = row[column];
        var r = v is null ? null : DatePattern.Parse(v);
        if (r is { Success: true }) return r.Value;
        problems.Add(row.Where, $"{column} '{v}' is not a date YYYYMMDD");
        return null;
    }

    /// <summary>GTFS "H:MM:SS" (hours may exceed 23) as seconds from the service day's origin; null when empty.</summary>
    internal static int? Time(GtfsRow row, string column, ProblemList problems, out bool ok)
    {
        ok = true;
        var v = row[column];
        if (v is null) return null;
        var parts = v.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && parts[0].Length <= 3
            && parts[1].Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60
            && parts[2].Length == 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < 60)
            return h * 3600 + m * 60 + s;
        problems.Add(row.Where, $"{column} '{v}' is not a time H:MM:SS");
        ok = false;
        return null;
    }
}
