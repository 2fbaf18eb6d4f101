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
            if (i > 0) x += Fortress.Network.GeoPoint.Meters(new(stops[i - 1].Station.Latitude!.Value, stops[i - 1].Station.Longitude!.Value),
                new(stops[i].Station.Latitude!.Value, stops[i].Station.Longitude!.Value)) * routeFactor;
            if (places.Any(p => string.Equals(p.Name, stops[i].Station.Name, StringComparison.OrdinalIgnoreCase))) continue;
            if (places.Count > 0 && x <= places[^1].Position.Meters + 1) x = places[^1].Position.Meters + 1;
            places.Add(new CorridorPlace(stops[i].Station.Name, Position.FromMeters(x), stops[i].Zone, "", PlaceKind.Station, true,
                (stops[i].Station.Latitude!.Value, stops[i].Station.Longitude!.Value)));
        }
        var path = RunningPath.Create(name, Length.FromMeters(x), [new SpeedSection(Position.Origin, lineSpeed)], source: timetable.Source);
        return Corridor.Create(name, path, places, tracks: [new TrackSection(Position.Origin, path.End, tracks)], where: timetable.Source);
    }

    /// <summary>
    /// A corridor for a timetable whose stations have no coordinates (the OpenTrack railML export, for one): the places
    /// are the timed points of the train that times the most of them, in its order, each stretch as long as the median
    /// scheduled run over it (of all trains, either way; the median, because single times in exports can be a few
    /// seconds apart where a pass is timed from a rounded minute) at <paramref name="averageSpeed"/> (Assumption: the
    /// user's estimate of the trains' average speed between two timing points, stops included). Lengths are therefore
    /// estimates; the trains' relative timing, which is what conflicts depend on, is the timetable's own.
    /// </summary>
    public static Corridor BuildFromTimes(RegularTimetable timetable, string name, Speed averageSpeed, Speed lineSpeed, int tracks)
    {
        var longest = timetable.Trains.OrderByDescending(t => t.Stops.Count(s => s.IsTimed)).FirstOrDefault()
            ?? throw new InvalidInputException(timetable.Source, "the timetable has no train");
        var timed = longest.Stops.Where(s => s.IsTimed).ToList();
        if (timed.Count < 2) throw new InvalidInputException(timetable.Source, $"train {longest.Number} times fewer than two points: a corridor cannot be drawn from them");
        // The scheduled times between two timing points, of every train, in either direction.
        var runs = new Dictionary<(string, string), List<double>>();
        foreach (var t in timetable.Trains)
        {
            var pts = t.Stops.Where(s => s.IsTimed).ToList();
            for (var i = 0; i + 1 < pts.Count; i++)
            {
                var a = pts[i];
                var b = pts[i + 1];
                var secs = ((b.Arrival ?? b.Departure)!.Value - (a.Departure ?? a.Arrival)!.Value).TotalSeconds;
                if (secs <= 0) continue;
                foreach (var key in new[] { (a.Station.Id, b.Station.Id), (b.Station.Id, a.Station.Id) })
                    (runs.TryGetValue(key, out var l) ? l : runs[key] = []).Add(secs);
            }
        }
        var places = new List<CorridorPlace>();
        var x = 0.0;
        for (var i = 0; i < timed.Count; i++)
        {
            if (i > 0)
            {
                var key = (timed[i - 1].Station.Id, timed[i].Station.Id);
                if (!runs.TryGetValue(key, out var times))
                    throw new InvalidInputException(timetable.Source, $"train {longest.Number}: no train has a positive running time from {timed[i - 1].Station} to {timed[i].Station}");
                times.Sort();
                x += times[times.Count / 2] * averageSpeed.MetersPerSecond;
            }
            if (places.Any(p => string.Equals(p.Name, timed[i].Station.Name, StringComparison.OrdinalIgnoreCase))) continue;
            places.Add(new CorridorPlace(timed[i].Station.Name, Position.FromMeters(x), timed[i].Zone, "", PlaceKind.Station, true));
        }
        var path = RunningPath.Create(name, Length.FromMeters(x), [new SpeedSection(Position.Origin, lineSpeed)], source: timetable.Source);
        return Corridor.Create(name, path, places, tracks: [new TrackSection(Position.Origin, path.End, tracks)], where: timetable.Source);
    }

    /// <summary>
    /// The trains of <paramref name="timetable"/> that run along <paramref name="corridor"/>: at least two of its places,
    /// in one direction. The others (other lines of a network) are left out, each with the reason.
    /// </summary>
    public static (RegularTimetable Along, IReadOnlyList<Problem> LeftOut) TrainsAlong(RegularTimetable timetable, Corridor corridor)
    {
        var kept = new List<RegularTrain>();
        var left = new List<Problem>();
        foreach (var t in timetable.Trains)
        {
            var at = t.Stops.Select(s => corridor.Places.FirstOrDefault(p => Fortress.Network.NameText.Normalize(p.Name) == Fortress.Network.NameText.Normalize(s.Station.Name)))
                .Where(p => p is not null).Select(p => p!.Position.Meters).ToList();
            if (at.Count < 2) left.Add(new Problem($"train {t.Number}", $"calls at fewer than two places of corridor {corridor.Name}"));
            else if (!(at.Zip(at.Skip(1)).All(p => p.Second > p.First) || at.Zip(at.Skip(1)).All(p => p.Second < p.First)))
                left.Add(new Problem($"train {t.Number}", $"does not run one way along corridor {corridor.Name}"));
            else kept.Add(t);
        }
        return (timetable with { Trains = kept, Source = $"{timetable.Source}, trains along {corridor.Name}" }, left);
    }
}
