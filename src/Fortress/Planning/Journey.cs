using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Planning;

/// <summary>The part a train plays: in the convoy (pilot ahead, main, escort behind), or the regular traffic.</summary>
public enum ConvoyRole { Pilot, Main, Escort }

/// <summary>
/// One train of the convoy: its id, its role, and its consist from each position on (a new consist where traction
/// changes; the first entry starts at the origin).
/// </summary>
/// <param name="Headway">
/// For a pilot or an escort: how far (in time) it runs from the next convoy train toward the main train, at every
/// departure and all along the line; null for <see cref="Journey.DefaultHeadway"/>. Ignored for the main train.
/// </param>
public sealed record ConvoyTrain(TrainId Id, ConvoyRole Role, string Name, IReadOnlyList<(Position From, Consist Consist)> Consists, Duration? Headway = null)
{
    public Consist ConsistAt(Position x) => Consists.Last(c => c.From <= x).Consist;

    /// <summary>The longest consist the train runs with (its blocking times are taken with it).</summary>
    public Length Length => Length.FromMeters(Consists.Max(c => c.Consist.Length.Meters));
}

/// <summary>A stop of the journey at a corridor place, with its dwell; a ceremony stop names the door and marker.</summary>
/// <param name="MaxDwell">
/// The longest the stop may last when a departure window is searched: the convoy may wait here up to this long for a
/// gap between regular trains instead of having them held. Null: the dwell is fixed.
/// </param>
public sealed record JourneyStop(string Place, Duration Dwell, PreciseStopSpec? Precise = null, Duration? MaxDwell = null);

/// <summary>
/// A journey: the corridor, the convoy, the stops, and when: an earliest departure and/or a required arrival
/// (instants; shown in local time where they happen). With <see cref="DepartureWindowEnd"/>, the departure is
/// searched between the earliest departure and that instant for the least disruption.
/// </summary>
/// <param name="Trains">
/// The convoy in running order, front first: any number of pilots, exactly one main train, any number of escorts
/// (a "ghost train" may run alone). Each pilot and escort keeps its <see cref="ConvoyTrain.Headway"/> to the next
/// train toward the main one.
/// </param>
/// <param name="Timing">
/// How the running times are computed (allowance, gradient model...): the same for the plan, the departure search,
/// the live re-forecast and the replay. Null: <see cref="RunOptions.Default"/> (the technical minimum).
/// </param>
/// <param name="Signalling">
/// The line's signalling: the convoy's trains are kept apart by its blocking times as well as by their headways.
/// Null: <see cref="Signalling.Default"/>.
/// </param>
public sealed record Journey(
    string Name,
    Corridor Corridor,
    IReadOnlyList<ConvoyTrain> Trains,
    IReadOnlyList<JourneyStop> Stops,
    Instant? EarliestDeparture,
    Instant? RequiredArrival,
    string Purpose,
    Instant? DepartureWindowEnd = null,
    RunOptions? Timing = null,
    Fortress.Conflicts.Signalling? Signalling = null)
{
    /// <summary>7 minutes: the pilot locomotive ran 7 minutes ahead of the special train in 2001 (shared/docs/mission.md).</summary>
    public static Duration DefaultHeadway { get; } = Duration.FromMinutes(7);

    /// <summary>The longest headway a scenario may ask for: a day (a convoy whose trains are further apart is not a convoy).</summary>
    public static Duration MaxHeadway { get; } = Duration.FromHours(24);

    public ConvoyTrain Main => Trains.Single(t => t.Role == ConvoyRole.Main);

    public RunOptions RunOptions => Timing ?? RunOptions.Default;

    /// <summary>The corridor's blocks under the journey's signalling (computed once per corridor and signalling).</summary>
    public CorridorBlocks Blocks => CorridorBlocks.DeriveOnce(Corridor, Signalling);

    /// <summary>The convoy train of that id.</summary>
    public ConvoyTrain Train(TrainId id) => Trains.First(t => t.Id == id);

    /// <summary>
    /// The headway a convoy train keeps to its neighbour toward the main train (a pilot: to the train behind it; an
    /// escort: to the train ahead of it); zero for the main train.
    /// </summary>
    public Duration HeadwayOf(ConvoyTrain t) => t.Role == ConvoyRole.Main ? Duration.Zero : t.Headway ?? DefaultHeadway;

    /// <summary>Every problem with the journey at once.</summary>
    public void Validate()
    {
        var p = new ProblemList();
        if (Trains.Count(t => t.Role == ConvoyRole.Main) != 1) p.Add("journey.trains", "the convoy needs exactly one main train");
        foreach (var g in Trains.GroupBy(t => t.Id).Where(g => g.Count() > 1)) p.Add("journey.trains", $"two trains have the id '{g.Key}'");
        // Running order: pilots, the main train, escorts.
        var order = Trains.Select(t => (int)t.Role).ToList();
        for (var i = 1; i < order.Count; i++)
            if (order[i] < order[i - 1]) { p.Add("journey.trains", "list the convoy in running order: pilots first (the front one first), then the main train, then the escorts"); break; }
        foreach (var t in Trains)
        {
            if (t.Consists.Count == 0 || t.Consists[0].From != Position.Origin) p.Add($"journey.trains ({t.Id})", "the first consist must start at the origin");
            if (t.Headway is { } h && !(h.Seconds >= 0 && h <= MaxHeadway))
                p.Add($"journey.trains ({t.Id}).headwayMinutes", $"must be between 0 and {MaxHeadway.Seconds / 60:0} min, got {h.Seconds / 60:0.###}");
        }
        if (EarliestDeparture is null && RequiredArrival is null) p.Add("journey", "give an earliest departure, a required arrival, or both");
        foreach (var (t, key) in new[] { (EarliestDeparture, "earliestDeparture"), (RequiredArrival, "requiredArrival"), (DepartureWindowEnd, "latestDeparture") })
            if (t is { } i) Plausible.Year.Check(i.InUtc().Year, $"journey.{key}", p);
        CorridorPlace? previous = null;
        foreach (var s in Stops)
        {
            try
            {
                // In the order the train calls: a stop listed after one farther along would be dropped without a word.
                var at = Corridor.Find(s.Place, $"journey.stops ({s.Place})");
                if (previous is not null && at.Position <= previous.Position)
                    p.Add($"journey.stops ({s.Place})", $"comes before {previous.Name} along the corridor: list the stops in the order the train calls at them");
                previous = at;
            }
            catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
            if (s.Dwell.Seconds < 0) p.Add($"journey.stops ({s.Place})", "dwell must not be negative");
            else Plausible.DwellMinutes.Check(s.Dwell.Seconds / 60, $"journey.stops ({s.Place}).dwellMinutes", p);
            if (s.MaxDwell is { } md && md.Seconds >= 0) Plausible.DwellMinutes.Check(md.Seconds / 60, $"journey.stops ({s.Place}).maxDwellMinutes", p);
            if (s.MaxDwell is { } m && m < s.Dwell) p.Add($"journey.stops ({s.Place})", $"the longest dwell ({m.Seconds / 60:0.#} min) is shorter than the dwell ({s.Dwell.Seconds / 60:0.#} min)");
        }
        p.ThrowIfAny();
    }
}
