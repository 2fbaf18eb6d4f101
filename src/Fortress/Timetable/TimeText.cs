using NodaTime;
using NodaTime.Text;

namespace Fortress.Timetable;

/// <summary>
/// Times as Fortress writes them: always in the zone of their place, with its offset, rounded to the second (timetables
/// show no fractions). One place for every writer.
/// </summary>
public static class TimeText
{
    private static readonly OffsetDateTimePattern IsoPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary>ISO-8601 local time with its offset, e.g. 2019-04-24T18:00:00+10:00.</summary>
    public static string Iso(ZonedDateTime t) => IsoPattern.Format(Round(t).ToOffsetDateTime());

    /// <summary>ISO-8601 of an instant in a zone.</summary>
    public static string Iso(Instant t, DateTimeZone zone) => Iso(t.InZone(zone));

    /// <summary>"2019-04-24 18:00 +10:00": a date, a clock time and the offset, for people.</summary>
    public static string Clock(ZonedDateTime? t) => t is { } v ? Round(v).ToString("uuuu'-'MM'-'dd HH':'mm o<+HH:mm>", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>"2019-04-24 10:02 to 10:41 +10:00" (the date once, and once more where the span crosses midnight).</summary>
    public static string Span(ZonedDateTime? from, ZonedDateTime? until)
    {
        if (from is not { } a) return Clock(until);
        if (until is not { } b) return Clock(a);
        var ra = Round(a);
        var rb = Round(b);
        var sameDay = ra.Date == rb.Date && ra.Offset == rb.Offset;
        return sameDay
            ? $"{ra.ToString("uuuu'-'MM'-'dd HH':'mm", System.Globalization.CultureInfo.InvariantCulture)} to {rb.ToString("HH':'mm o<+HH:mm>", System.Globalization.CultureInfo.InvariantCulture)}"
            : $"{Clock(ra)} to {Clock(rb)}";
    }

    private static ZonedDateTime Round(ZonedDateTime t)
    {
        var i = t.ToInstant();
        var rounded = Instant.FromUnixTimeSeconds((long)Math.Round(i.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond));
        return rounded.InZone(t.Zone);
    }
}
