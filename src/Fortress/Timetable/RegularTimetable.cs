namespace Fortress.Timetable;


/// <summary>
/// The regular traffic (named RegularTimetable, not Timetable, so it does not clash with its namespace) read from one source: its trains, the stations they use, and where it came from. Immutable;
/// importers (Fortress.IO Gtfs, RailMl) build it and check it, so the core never sees a file format.
/// </summary>
/// <param name="Trains">Regular trains, in the source's order.</param>
/// <param name="Stations">Every station referenced by a train (and possibly more), in the source's order.</param>
/// <param name="Source">A description of the source, e.g. "GTFS caltrain-2018.zip, service date 2018-06-12".</param>
public sealed record RegularTimetable(IReadOnlyList<RegularTrain> Trains, IReadOnlyList<StationRef> Stations, string Source)
{
    /// <summary>Every timing point of every train.</summary>
    public int TimingPointCount => Trains.Sum(t => t.Stops.Count);

    public override string ToString() => $"{Source}: {Trains.Count} trains, {Stations.Count} stations, {TimingPointCount} timing points";
}
