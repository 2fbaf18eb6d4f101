using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Fortress.Diagnostics;
using Fortress.Timetable;
using NodaTime;

namespace Fortress.IO.RailMl;

/// <summary>Options of the railML timetable import.</summary>
public sealed record RailMlImportOptions
{
    /// <summary>
    /// The time zone of the file's clock times (railML 2.x times carry no zone). Default: UTC. Pass the zone of the
    /// network, e.g. Europe/Zurich for a Swiss timetable.
    /// </summary>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    /// <summary>
    /// The operating day the times belong to. Default (null): the start date of the train part's operating period
    /// if the file gives one, else the first timetablePeriod's start date, else <see cref="FallbackDate"/>.
    /// </summary>
    public LocalDate? ServiceDate { get; init; }

    /// <summary>Assumption used only when neither the options nor the file give a date: Monday 1 January 2001.</summary>
    public static LocalDate FallbackDate { get; } = new(2001, 1, 1);

    public static RailMlImportOptions Default { get; } = new();
}

/// <summary>
/// Reads the timetable of a railML 2.x file (namespaces http(s)://www.railml.org/schemas/2009, 2011, 2013, 2016,
/// 2018...): operational points (ocp: id, name, code, geoCoord), train parts with their timing points (ocpTT: ocpRef,
/// ocpType stop/pass, times of scope "scheduled", else "published", else the first given, with arrivalDay /
/// departureDay), trains made of train parts (trainPartSequence), categories and operating periods.
/// <para>
/// One <see cref="RegularTrain"/> per train (operational trains if the file has any, else commercial ones; train parts
/// used by no train become trains of their own). The timing points of a train's parts are joined in sequence order, a
/// point shared by the end of one part and the start of the next counted once. Clock times are local times in
/// <see cref="RailMlImportOptions.Zone"/>; a time earlier than the one before it without an explicit day offset is
/// taken to be after midnight (next day).
/// </para>
/// Every problem is reported at once with file:line and the element's id; input that is not railML 2.x is refused.
/// </summary>
public static class RailMlTimetableReader
{
    private static readonly Regex TimeText = new(@"^(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant);

    /// <summary>Reads the timetable of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">Every problem found.</exception>
    public static RegularTimetable Read(string path, RailMlImportOptions? options = null)
    {
        var o = options ?? RailMlImportOptions.Default;
        var file = Path.GetFileName(path);
        XDocument doc;
        try
        {
            // A regular file within the size limit; no DTD (railML has none; a DTD's entities could expand without bound).
            using var stream = InputFile.OpenRead(path, file);
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            doc = XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new InvalidInputException($"{file}:{ex.LineNumber}", "not well-formed XML: " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(file, "cannot read the file: " + ex.Message);
        }
        return Read(doc, file, o);
    }

    /// <summary>Reads a document already loaded (with line information, for the problem locations).</summary>
    public static RegularTimetable Read(XDocument doc, string file, RailMlImportOptions? options = null)
    {
        var o = options ?? RailMlImportOptions.Default;
        var problems = new ProblemList();
        string Where(XObject x) => x is IXmlLineInfo li && li.HasLineInfo() ? $"{file}:{li.LineNumber}" : file;

        var root = doc.Root;
        var ns = root?.Name.Namespace ?? XNamespace.None;
        var version = (string?)root?.Attribute("version");
        if (root is null || root.Name.LocalName != "railml" || !IsRailMl2(ns.NamespaceName, version))
            throw new InvalidInputException(root is null ? file : Where(root),
                $"not a railML 2.x document (root <{root?.Name.LocalName}> in namespace '{ns.NamespaceName}', version '{version}'); expected <railml> in http://www.railml.org/schemas/20xx");
        var timetable = root.Element(ns + "timetable");
        if (timetable is null) throw new InvalidInputException(Where(root), "the railML document has no <timetable>");

        // Operational points.
        var ocps = new Dictionary<string, StationRef>(StringComparer.Ordinal);
        var stations = new List<StationRef>();
        foreach (var ocp in root.Descendants(ns + "ocp"))
        {
            var id = (string?)ocp.Attribute("id");
            if (string.IsNullOrEmpty(id)) { problems.Add(Where(ocp), "<ocp> without id"); continue; }
            var name = (string?)ocp.Attribute("name");
            var description = (string?)ocp.Attribute("description");
            var code = (string?)ocp.Attribute("code") ?? (string?)ocp.Attribute("abbreviation") ?? (string?)ocp.Attribute("abbrevation");
            // OpenTrack writes the abbreviation as the name and the full name as the description.
            var display = name is null || (name == code && description is not null) ? description ?? name ?? id : name;
            double? lat = null, lon = null;
            if (ocp.Element(ns + "geoCoord")?.Attribute("coord") is { } coord)
            {
                var xy = coord.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (xy.Length >= 2 && double.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && double.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && Math.Abs(a) <= 90 && Math.Abs(b) <= 180)
                    (lat, lon) = (a, b);
                else problems.Add(Where(coord), $"ocp {id}: geoCoord '{coord.Value}' is not 'latitude longitude'");
            }
            var station = new StationRef(id, display, code, lat, lon);
            if (!ocps.TryAdd(id, station)) { problems.Add(Where(ocp), $"duplicate ocp id {id}"); continue; }
            stations.Add(station);
        }

        // Categories and operating periods.
        var categories = timetable.Descendants(ns + "category")
            .Where(c => c.Attribute("id") is not null)
            .GroupBy(c => (string)c.Attribute("id")!)
            .ToDictionary(g => g.Key, g => (string?)g.First().Attribute("name") ?? (string?)g.First().Attribute("code") ?? g.Key);
        var periods = new Dictionary<string, (string Text, LocalDate? Start)>(StringComparer.Ordinal);
        foreach (var p in timetable.Descendants(ns + "operatingPeriod"))
        {
            var id = (string?)p.Attribute("id");
            if (id is null) continue;
            var start = ParseDate(p.Attribute("startDate"), problems, Where);
            var text = string.Join(" ", new[] { (string?)p.Attribute("name"), (string?)p.Attribute("description"),
                (string?)p.Attribute("operatingCode"), (string?)p.Attribute("startDate") is { } s ? $"from {s}" : null,
                (string?)p.Attribute("endDate") is { } e ? $"to {e}" : null }.Where(x => !string.IsNullOrEmpty(x)));
            periods[id] = (text.Length > 0 ? text : id, start);
        }
        var timetableStart = timetable.Descendants(ns + "timetablePeriod").Select(p => ParseDate(p.Attribute("startDate"), problems, Where)).FirstOrDefault(d => d is not null);

        // Train parts.
        var parts = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var tp in timetable.Descendants(ns + "trainPart"))
        {
            var id = (string?)tp.Attribute("id");
            if (string.IsNullOrEmpty(id)) { problems.Add(Where(tp), "<trainPart> without id"); continue; }
            if (!parts.TryAdd(id, tp)) problems.Add(Where(tp), $"duplicate trainPart id {id}");
        }

        // Trains: operational if any, else commercial (else any), then parts used by none.
        var allTrains = timetable.Descendants(ns + "train").ToList();
        var chosen = allTrains.Where(t => (string?)t.Attribute("type") == "operational").ToList();
        if (chosen.Count == 0) chosen = allTrains.Where(t => (string?)t.Attribute("type") == "commercial").ToList();
        if (chosen.Count == 0) chosen = allTrains;
        var trains = new List<RegularTrain>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var train in chosen)
        {
            var id = (string?)train.Attribute("id") ?? $"train@{Where(train)}";
            var refs = new List<XElement>();
            var broken = false;
            foreach (var seq in train.Elements(ns + "trainPartSequence")
                         .OrderBy(s => int.TryParse((string?)s.Attribute("sequence"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0))
            {
                foreach (var r in seq.Elements(ns + "trainPartRef"))
                {
                    var rid = (string?)r.Attribute("ref");
                    if (rid is not null && parts.TryGetValue(rid, out var tp)) { refs.Add(tp); used.Add(rid); }
                    else { problems.Add(Where(r), $"train {id}: trainPartRef '{rid}' names no trainPart"); broken = true; }
                }
            }
            if (broken) continue;
            if (refs.Count == 0) { problems.Add(Where(train), $"train {id} has no train part"); continue; }
            if (Build(id, train, refs) is { } t) trains.Add(t);
        }
        foreach (var (pid, tp) in parts)
            if (!used.Contains(pid) && Build(pid, tp, [tp]) is { } t) trains.Add(t);
        problems.ThrowIfAny();

        return new RegularTimetable(trains, stations,
            $"railML {version} {file}, zone {o.Zone.Id}" + (o.ServiceDate is { } sd ? $", service date {sd:uuuu-MM-dd}" : ""));

        RegularTrain? Build(string id, XElement train, IReadOnlyList<XElement> trainParts)
        {
            var first = trainParts[0];
            string? Attr(string name) => (string?)train.Attribute(name) ?? (string?)first.Attribute(name);
            var periodRef = (string?)first.Attribute("operatingPeriodRef") ?? (string?)first.Element(ns + "operatingPeriodRef")?.Attribute("ref");
            (string Text, LocalDate? Start)? period = null;
            if (periodRef is not null)
            {
                if (periods.TryGetValue(periodRef, out var pr)) period = pr;
                else problems.Add(Where(first), $"trainPart {(string?)first.Attribute("id")}: operatingPeriodRef '{periodRef}' names no operatingPeriod");
            }
            var date = o.ServiceDate ?? period?.Start ?? timetableStart ?? RailMlImportOptions.FallbackDate;
            var categoryRef = Attr("categoryRef");
            string? category = categoryRef is not null && categories.TryGetValue(categoryRef, out var cn) ? cn : Attr("trainType");

            var stops = new List<TimetableStop>();
            var before = problems.Count;
            LocalDateTime? last = null;
            foreach (var tp in trainParts)
            {
                var ocpTTs = tp.Element(ns + "ocpsTT")?.Elements(ns + "ocpTT").ToList() ?? [];
                for (var i = 0; i < ocpTTs.Count; i++)
                {
                    var tt = ocpTTs[i];
                    var where = $"{Where(tt)} (trainPart {(string?)tp.Attribute("id")})";
                    var ocpRef = (string?)tt.Attribute("ocpRef");
                    if (ocpRef is null || !ocps.TryGetValue(ocpRef, out var station))
                    {
                        problems.Add(where, $"ocpTT ocpRef '{ocpRef}' names no ocp");
                        continue;
                    }
                    var times = tt.Elements(ns + "times").ToList();
                    var chosenTimes = times.FirstOrDefault(x => (string?)x.Attribute("scope") == "scheduled")
                        ?? times.FirstOrDefault(x => (string?)x.Attribute("scope") == "published") ?? times.FirstOrDefault();
                    var arr = ParseTime(chosenTimes, "arrival", date, ref last, where);
                    var dep = ParseTime(chosenTimes, "departure", date, ref last, where);
                    var kind = (string?)tt.Attribute("ocpType") == "pass" ? StopKind.Pass : StopKind.Stop;
                    var stop = new TimetableStop(station, arr, dep, o.Zone, kind);
                    // The end of one part and the start of the next at the same point: one timing point.
                    if (i == 0 && stops.Count > 0 && stops[^1].Station.Id == station.Id)
                    {
                        stops[^1] = stops[^1] with { Departure = dep ?? stops[^1].Departure, Kind = StopKind.Stop };
                        continue;
                    }
                    stops.Add(stop);
                }
            }
            if (problems.Count > before) return null;
            var result = new RegularTrain(id, Attr("trainNumber") ?? id, Attr("name") ?? Attr("description"), Attr("operator"), category,
                date, period?.Text, stops);
            problems.AddRange(result.Check(Where(train)));
            return result;
        }

        Instant? ParseTime(XElement? times, string attribute, LocalDate date, ref LocalDateTime? last, string where)
        {
            var a = times?.Attribute(attribute);
            if (a is null || a.Value.Length == 0) return null;
            var m = TimeText.Match(a.Value.Trim());
            if (!m.Success || int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 23 || int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > 59
                || int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) > 59)
            {
                problems.Add(where, $"{attribute} '{a.Value}' is not a time hh:mm:ss");
                return null;
            }
            var fraction = m.Groups[4].Success ? double.Parse("0" + m.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
            var time = new LocalTime(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)).PlusNanoseconds((long)Math.Round(fraction * 1e9));
            var dayText = (string?)times!.Attribute(attribute + "Day");
            LocalDateTime local;
            if (dayText is not null)
            {
                if (!int.TryParse(dayText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var day))
                {
                    problems.Add(where, $"{attribute}Day '{dayText}' is not a whole number of days");
                    return null;
                }
                local = date.PlusDays(day).At(time);
            }
            else
            {
                local = (last?.Date ?? date).At(time);
                if (last is { } l && local < l) local = local.PlusDays(1); // after midnight
            }
            last = local;
            if (m.Groups[5].Success)
            {
                var offsetText = m.Groups[5].Value;
                var offset = offsetText == "Z" ? Offset.Zero
                    : Offset.FromHoursAndMinutes(int.Parse(offsetText[..3], CultureInfo.InvariantCulture), (offsetText[0] == '-' ? -1 : 1) * int.Parse(offsetText[4..], CultureInfo.InvariantCulture));
                return local.WithOffset(offset).ToInstant();
            }
            return o.Zone.AtLeniently(local).ToInstant();
        }
    }

    private static bool IsRailMl2(string ns, string? version) =>
        (ns.StartsWith("http://www.railml.org/schemas/20", StringComparison.Ordinal) || ns.StartsWith("https://www.railml.org/schemas/20", StringComparison.Ordinal))
        && (version is null || version.StartsWith('2'));

    private static LocalDate? ParseDate(XAttribute? a, ProblemList problems, Func<XObject, string> where)
    {
        if (a is null) return null;
        var r = NodaTime.Text.LocalDatePattern.Iso.Parse(a.Value.Trim());
        if (r.Success) return r.Value;
        problems.Add(where(a), $"{a.Name.LocalName} '{a.Value}' is not a date yyyy-mm-dd");
        return null;
    }
}
