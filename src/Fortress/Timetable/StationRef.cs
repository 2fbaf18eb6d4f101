namespace Fortress.Timetable;

/// <summary>
/// A place where a regular train stops or passes, as its timetable names it: a station, halt or operational point.
/// Matching it to the network (by code, name or position) happens elsewhere; this is only the timetable's reference.
/// </summary>
/// <param name="Id">The source's own identifier (GTFS stop_id, railML ocp id). Unique within one <see cref="RegularTimetable"/>.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Code">A short code if the source has one (railML code/abbreviation, GTFS stop_code).</param>
/// <param name="Latitude">WGS84 degrees, if known.</param>
/// <param name="Longitude">WGS84 degrees, if known.</param>
/// <param name="TimeZoneId">The tz database id of the place, if the source gives one (GTFS stop_timezone).</param>
public sealed record StationRef(
    string Id,
    string Name,
    string? Code = null,
    double? Latitude = null,
    double? Longitude = null,
    string? TimeZoneId = null)
{
    /// <summary>Whether both coordinates are known.</summary>
    public bool HasPosition => Latitude is not null && Longitude is not null;

    public override string ToString() => Code is null || Code == Name ? Name : $"{Name} ({Code})";
}
