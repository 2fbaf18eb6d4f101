using Fortress.Network;
using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Planning;

/// <summary>What kind of place a corridor place is.</summary>
public enum PlaceKind { Station, Halt, PassingLoop, Junction, Border, GaugeChange }

/// <summary>
/// A named place along a corridor (station, loop, border), with the time zone its times are shown in.
/// Positions are along the corridor's running path.
/// </summary>
/// <param name="Coordinates">WGS84 latitude and longitude in degrees, where known (for maps).</param>
/// <param name="Id">
/// This occurrence's own identifier when the corridor passes the same place more than once (a junction passed again
/// after a reversal: "Baranovsky" and "Baranovsky-2"); null: the name is the identifier. Ids and names-without-id are
/// unique along a corridor (<see cref="Corridor.Create"/> checks it); docs/decisions/0011.
/// </param>
public sealed record CorridorPlace(string Name, Position Position, DateTimeZone Zone, string Country, PlaceKind Kind = PlaceKind.Station, bool CanCross = true,
    (double Lat, double Lon)? Coordinates = null, string? Id = null)
{
    /// <summary>The identifier of this occurrence: <see cref="Id"/>, else the name.</summary>
    public string Key => Id ?? Name;
}

/// <summary>
/// A break of gauge: every train stops here to change bogies or pass a variable-gauge installation, for
/// <see cref="Duration"/> plus <see cref="PerCar"/> for each of its vehicles that is not a traction unit.
/// </summary>
/// <param name="Capacity">
/// How many trains the facility takes at once (a bogie-exchange shed with one track: 1); null: as many as come. Trains
/// beyond it wait their turn in the order they arrive (<see cref="FacilityQueue"/>).
/// </param>
/// <param name="PerCar">Time per carriage or wagon on top of <see cref="Duration"/> (zero: the duration is per train, whatever its length).</param>
public sealed record GaugeChange(string Place, Position Position, int FromGaugeMm, int ToGaugeMm, Duration Duration, string Facility,
    int? Capacity = null, Duration PerCar = default)
{
    /// <summary>How long a train of that consist is in the facility: the fixed part plus the time per non-traction vehicle.</summary>
    public Duration DurationFor(Fortress.Rolling.Consist consist) =>
        Duration.FromSeconds(Duration.Seconds + PerCar.Seconds * consist.Vehicles.Count(v => !v.IsTractionUnit));
}

/// <summary>
/// A change of traction (locomotives swapped), with how long it takes; the consists from here on are given per train.
/// With <see cref="Reversal"/>, the trains also change direction here (a terminus or a junction reached the wrong way
/// round): the corridor's positions still grow along the journey, the consists from here on are the trains as they
/// now run (locomotives at the former rear), and the duration includes the run-round or the locomotive change.
/// </summary>
public sealed record TractionChange(string Place, Position Position, Duration Duration, string Reason, bool Reversal = false);

/// <summary>A stretch of single or double track (single track: opposing trains may cross only at places that <see cref="CorridorPlace.CanCross"/>).</summary>
public sealed record TrackSection(Position Start, Position End, int Tracks);

/// <summary>A main signal along the corridor: where it stands and whether it faces trains running with the corridor (increasing positions).</summary>
public sealed record CorridorSignal(string Id, Position Position, bool Forward);

/// <summary>
/// The way a journey takes: the running path (limits, gradients, curves) with the places on it, the breaks of
/// gauge and traction changes, and the track layout. Built from a routed network or authored for a scenario.
/// Immutable; <see cref="Create"/> validates everything at once.
/// </summary>
public sealed class Corridor
{
    private Corridor(string name, RunningPath path, CorridorPlace[] places, GaugeChange[] gauges, TractionChange[] tractions, TrackSection[] tracks)
    {
        Name = name;
        Path = path;
        Places = places;
        GaugeChanges = gauges;
        TractionChanges = tractions;
        Tracks = tracks;
    }

    public string Name { get; }
    public RunningPath Path { get; }
    public IReadOnlyList<CorridorPlace> Places { get; }
    public IReadOnlyList<GaugeChange> GaugeChanges { get; }
    public IReadOnlyList<TractionChange> TractionChanges { get; }
    public IReadOnlyList<TrackSection> Tracks { get; }

    /// <summary>Main signals along the corridor, by position, where the data has them (a routed RailJSON network); empty otherwise.</summary>
    public IReadOnlyList<CorridorSignal> Signals { get; private init; } = [];

    public static Corridor Create(string name, RunningPath path, IReadOnlyList<CorridorPlace> places, IReadOnlyList<GaugeChange>? gauges = null,
        IReadOnlyList<TractionChange>? tractions = null, IReadOnlyList<TrackSection>? tracks = null, string where = "corridor",
        IReadOnlyList<CorridorSignal>? signals = null)
    {
        signals ??= [];
        gauges ??= [];
        tractions ??= [];
        tracks ??= [new TrackSection(Position.Origin, path.End, 1)];
        var p = new ProblemList();
        if (places.Count < 2) p.Add(where, "a corridor needs at least two places");
        for (var i = 0; i < places.Count; i++)
        {
            var pl = places[i];
            if (pl.Position.Meters < 0 || pl.Position > path.End) p.Add($"{where}.places[{i}] ({pl.Name})", $"position {pl.Position.Meters} m is outside the path (0 to {path.Length.Meters} m)");
            if (i > 0 && pl.Position <= places[i - 1].Position) p.Add($"{where}.places[{i}] ({pl.Name})", $"comes at {pl.Position.Meters} m, not after {places[i - 1].Name} at {places[i - 1].Position.Meters} m");
        }
        if (places.Count > 0 && places[0].Position != Position.Origin) p.Add($"{where}.places[0]", "the first place must be at the start of the path (0 m)");
        foreach (var dup in places.GroupBy(x => NameText.Normalize(x.Key)).Where(g => g.Count() > 1))
            p.Add($"{where}.places ({dup.First().Key})", dup.First().Id is null
                ? $"'{dup.First().Name}' occurs {dup.Count()} times: give each further occurrence its own id (e.g. \"id\": \"{dup.First().Name}-2\")"
                : $"id '{dup.First().Key}' is used {dup.Count()} times");
        var names = places.SelectMany(x => new[] { x.Name, x.Key }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var g in gauges)
        {
            if (!names.Contains(g.Place)) p.Add($"{where}.gaugeChanges ({g.Place})", "is not one of the corridor's places");
            if (g.Duration.Seconds < 0 || g.PerCar.Seconds < 0) p.Add($"{where}.gaugeChanges ({g.Place})", "duration must not be negative");
            if (g.Capacity is < 1) p.Add($"{where}.gaugeChanges ({g.Place})", $"capacity must be at least 1 train, got {g.Capacity}");
        }
        foreach (var t in tractions)
            if (!names.Contains(t.Place)) p.Add($"{where}.tractionChanges ({t.Place})", "is not one of the corridor's places");
        foreach (var t in tracks)
            if (t.End <= t.Start || t.Tracks < 1) p.Add($"{where}.tracks", $"section {t.Start.Meters}-{t.End.Meters} m with {t.Tracks} tracks is not valid");
        foreach (var sg in signals)
            if (sg.Position.Meters < 0 || sg.Position > path.End) p.Add($"{where}.signals ({sg.Id})", $"position {sg.Position.Meters} m is outside the path");
        p.ThrowIfAny();
        return new Corridor(name, path, places.ToArray(), gauges.OrderBy(g => g.Position).ToArray(), tractions.OrderBy(t => t.Position).ToArray(), tracks.ToArray())
        {
            Signals = signals.OrderBy(x => x.Position).ToArray(),
        };
    }

    /// <summary>
    /// The place with that id, else the first occurrence of that name (both case-, accent- and spacing-insensitive),
    /// or an error that suggests the nearest names. A later occurrence of a place passed twice is found by its id.
    /// </summary>
    public CorridorPlace Find(string name, string where)
    {
        var q = NameText.Normalize(name);
        var hit = ById.GetValueOrDefault(q) ?? (ByName.TryGetValue(q, out var all) ? all[0] : null);
        if (hit is not null) return hit;
        var near = Places.OrderBy(p => NameText.EditDistance(NameText.Normalize(p.Name), q)).Take(3).Select(p => p.Name).Distinct();
        throw new InvalidInputException(where, $"unknown place '{name}' (did you mean {string.Join(", ", near)}?)");
    }

    /// <summary>Every occurrence a name or id refers to, in corridor order: the one place of an id, every place of a name.</summary>
    public IReadOnlyList<CorridorPlace> Occurrences(string nameOrId)
    {
        var q = NameText.Normalize(nameOrId);
        if (ById.TryGetValue(q, out var one)) return [one];
        return ByName.TryGetValue(q, out var all) ? all : [];
    }

    // Folded ids and names, built once (timetables match thousands of calls against the same corridor).
    private Dictionary<string, CorridorPlace> ById => byId ??= Places.Where(p => p.Id is not null)
        .GroupBy(p => NameText.Normalize(p.Id!)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private Dictionary<string, CorridorPlace[]> ByName => byName ??= Places.GroupBy(p => NameText.Normalize(p.Name))
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    private Dictionary<string, CorridorPlace>? byId;
    private Dictionary<string, CorridorPlace[]>? byName;

    /// <summary>Place name (case-insensitive) → latitude, longitude (degrees) of every place that has coordinates, for maps.</summary>
    public IReadOnlyDictionary<string, (double Lat, double Lon)> Coordinates() =>
        Places.Where(p => p.Coordinates is not null).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Coordinates!.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The place at a position, or the last place before it.</summary>
    public CorridorPlace PlaceAt(Position x) => Places.LastOrDefault(p => p.Position <= x) ?? Places[0];

    /// <summary>The time zone at a position: that of the last place at or before it (the origin's before the first).</summary>
    public DateTimeZone ZoneAt(Position x) => PlaceAt(x).Zone;

    public int TracksAt(Position x) => Tracks.FirstOrDefault(t => t.Start <= x && x < t.End)?.Tracks ?? 1;
}
