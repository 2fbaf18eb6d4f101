using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Planning;

/// <summary>The part a train plays in the convoy.</summary>
public enum ConvoyRole { Pilot, Main, Escort }

/// <summary>
/// One train of the convoy: its role and its consist from each position on (a new consist where traction changes;
/// the first entry starts at the origin).
/// </summary>
public sealed record ConvoyTrain(ConvoyRole Role, string Name, IReadOnlyList<(Position From, Consist Consist)> Consists)
{
    public Consist ConsistAt(Position x) => Consists.Last(c => c.From <= x).Consist;
}

/// <summary>
/// The regular traffic on the corridor during the journey, with the typical consist of each category (used to place
/// every regular train with its own running times).
/// </summary>
public sealed record BackgroundTraffic(Fortress.Timetable.RegularTimetable Timetable, IReadOnlyDictionary<string, Consist> ConsistByCategory, Consist DefaultConsist)
{
    public Consist ConsistFor(Fortress.Timetable.RegularTrain t) =>
        t.Category is { } c && ConsistByCategory.TryGetValue(c, out var k) ? k : DefaultConsist;
}

/// <summary>A stop of the journey at a corridor place, with its dwell; a ceremony stop names the door and marker.</summary>
/// <param name="MaxDwell">
/// The longest the stop may last when a departure window is searched (<see cref="Fortress.Clearance.SlotSearch"/>): the
/// convoy may wait here up to this long for a gap between regular trains instead of having them held. Null: the dwell
/// is fixed.
/// </param>
public sealed record JourneyStop(string Place, Duration Dwell, PreciseStopSpec? Precise = null, Duration? MaxDwell = null);

/// <summary>
/// A journey: the corridor, the convoy, the stops, and when: an earliest departure and/or a required arrival
/// (instants; shown in local time where they happen). With <see cref="DepartureWindowEnd"/>, the departure is
/// searched between the earliest departure and that instant for the least disruption (<see cref="PlanningService"/>). Headways: the pilot runs <see cref="PilotHeadway"/> ahead of
/// the main train, the escort <see cref="EscortHeadway"/> behind it, at every departure and all along the line.
/// </summary>
public sealed record Journey(
    string Name,
    Corridor Corridor,
    IReadOnlyList<ConvoyTrain> Trains,
    IReadOnlyList<JourneyStop> Stops,
    Instant? EarliestDeparture,
    Instant? RequiredArrival,
    Duration PilotHeadway,
    Duration EscortHeadway,
    string Purpose,
    BackgroundTraffic? Traffic = null,
    Instant? DepartureWindowEnd = null,
    Fortress.Security.SecuritySettings? Security = null,
    Fortress.Security.Delegation? Delegation = null,
    Fortress.Logistics.ProvisioningSettings? Provisioning = null,
    Fortress.Logistics.EvacuationSettings? Evacuation = null)
{
    /// <summary>7 minutes: the pilot locomotive ran 7 minutes ahead of the special train in 2001 (shared/docs/mission.md).</summary>
    public static Duration DefaultHeadway { get; } = Duration.FromMinutes(7);

    public ConvoyTrain Main => Trains.Single(t => t.Role == ConvoyRole.Main);

    /// <summary>Every problem with the journey at once.</summary>
    public void Validate()
    {
        var p = new ProblemList();
        if (Trains.Count(t => t.Role == ConvoyRole.Main) != 1) p.Add("journey.trains", "the convoy needs exactly one main train");
        if (Trains.Count(t => t.Role == ConvoyRole.Pilot) > 1 || Trains.Count(t => t.Role == ConvoyRole.Escort) > 1) p.Add("journey.trains", "at most one pilot and one escort train");
        foreach (var t in Trains)
            if (t.Consists.Count == 0 || t.Consists[0].From != Position.Origin) p.Add($"journey.trains.{t.Role}", "the first consist must start at the origin");
        if (EarliestDeparture is null && RequiredArrival is null) p.Add("journey", "give an earliest departure, a required arrival, or both");
        if (PilotHeadway.Seconds < 0 || EscortHeadway.Seconds < 0) p.Add("journey", "headways must not be negative");
        else
        {
            Plausible.HeadwayMinutes.Check(PilotHeadway.Seconds / 60, "journey.pilotHeadwayMinutes", p);
            Plausible.HeadwayMinutes.Check(EscortHeadway.Seconds / 60, "journey.escortHeadwayMinutes", p);
        }
        foreach (var (t, key) in new[] { (EarliestDeparture, "earliestDeparture"), (RequiredArrival, "requiredArrival"), (DepartureWindowEnd, "latestDeparture") })
            if (t is { } i) Plausible.Year.Check(i.InUtc().Year, $"journey.{key}", p);
        foreach (var s in Stops)
        {
            try { Corridor.Find(s.Place, $"journey.stops ({s.Place})"); }
            catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
            if (s.Dwell.Seconds < 0) p.Add($"journey.stops ({s.Place})", "dwell must not be negative");
            else Plausible.DwellMinutes.Check(s.Dwell.Seconds / 60, $"journey.stops ({s.Place}).dwellMinutes", p);
            if (s.MaxDwell is { } md && md.Seconds >= 0) Plausible.DwellMinutes.Check(md.Seconds / 60, $"journey.stops ({s.Place}).maxDwellMinutes", p);
            if (s.MaxDwell is { } m && m < s.Dwell) p.Add($"journey.stops ({s.Place})", $"the longest dwell ({m.Seconds / 60:0.#} min) is shorter than the dwell ({s.Dwell.Seconds / 60:0.#} min)");
        }
        p.ThrowIfAny();
    }
}
