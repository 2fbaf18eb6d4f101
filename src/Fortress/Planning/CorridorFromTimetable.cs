using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Timetable;
using Fortress.Units;

namespace Fortress.Planning;

/// <summary>
/// A corridor read off a timetable whose stations have coordinates (GTFS stops), for placing its trains where no
/// rail network is available: the places are the stations of the train that calls at the most of them, in its order,
/// at the distance between consecutive stations along straight lines times a route factor (the track is longer than
/// the straight line; Assumption: 1.05 on a line like Caltrain's). One line speed and a track count are given.
/// </summary>
public static class CorridorFromTimetable
{
    public static Corridor Build(RegularTimetable timetable, string name, Speed lineSpeed, int tracks, double routeFactor = 1.05)
    {
        var longest = timetable.Trains.OrderByDescending(t => t.Stops.Count(s => s.Station.HasPosition)).FirstOrDefault()
            ?? throw new InvalidInputException(timetable.Source, "the timetable has no train");
        var stops = longest.Stops.Where(s => s.Station.HasPosition).ToList();
        if (stops.Count < 2) throw new InvalidInputException(timetable.Source, "the stations have no coordinates: a corridor cannot be drawn from them");
        // Run from the end that comes first in the station list's natural order (GTFS lists north to south for Caltrain).
        var places = new List<CorridorPlace>();
        var x = 0.0;
        for (var i = 0; i < stops.Count; i++)
        {
            if (i > 0) x += Haversine(stops[i - 1].Station, stops[i].Station) * routeFactor;
            if (places.Any(p => string.Equals(p.Name, stops[i].Station.Name, StringComparison.OrdinalIgnoreCase))) continue;
            if (places.Count > 0 && x <= places[^1].Position.Meters + 1) x = places[^1].Position.Meters + 1;
            places.Add(new CorridorPlace(stops[i].Station.Name, Position.FromMeters(x), stops[i].Zone, "", PlaceKind.Station, true,
                (stops[i].Station.Latitude!.Value, stops[i].Station.Longitude!.Value)));
        }
        var path = RunningPath.Create(name, Length.FromMeters(x), [new SpeedSection(Position.Origin, lineSpeed)], source: timetable.Source);
        return Corridor.Create(name, path, places, tracks: [new TrackSection(Position.Origin, path.End, tracks)], where: timetable.Source);
    }

    /// <summary>Great-circle distance in metres (mean Earth radius 6,371,008.8 m, IUGG).</summary>
    private static double Haversine(StationRef a, StationRef b)
    {
        const double r = 6_371_008.8;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b.Latitude!.Value - a.Latitude!.Value);
        var dLon = Rad(b.Longitude!.Value - a.Longitude!.Value);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(a.Latitude.Value)) * Math.Cos(Rad(b.Latitude.Value)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
