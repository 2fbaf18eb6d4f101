using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Application;

/// <summary>
/// The convoy's journey on the corridor: each train's consists from their places on, the stops, and the local times
/// of the scenario as instants in the zones of their places.
/// </summary>
public sealed class JourneyStage : IPlanStage
{
    /// <summary>The years a plan may lie in: a timetable is planned for the near past or future, never for year 9999.</summary>
    public static (int First, int Last) Years { get; } = (1900, 2199);

    public string Name => "journey";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var s = state.Scenario;
        var c = state.RequiredCorridor;
        var p = new ProblemList();
        var trains = new List<ConvoyTrain>();
        foreach (var t in s.Trains)
        {
            var consists = new List<(Position, Rolling.Consist)>();
            foreach (var cs in t.Consists)
            {
                try { consists.Add((c.Find(cs.FromPlace, cs.Where + ".fromPlace").Position, cs.Consist)); }
                catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
            }
            trains.Add(new ConvoyTrain(t.Id, t.Role, t.Name, consists.OrderBy(x => x.Item1).ToArray(), t.Headway));
        }
        var j = s.Journey;
        var originZone = c.Places[0].Zone;
        var last = j.Stops.Count > 0 ? c.Places.FirstOrDefault(x => Network.NameText.Normalize(x.Name) == Network.NameText.Normalize(j.Stops[^1].Place)) : null;
        var destinationZone = (last ?? c.Places[^1]).Zone;
        var earliest = At(j.EarliestDeparture, originZone, "$.journey.earliestDeparture", p);
        var required = At(j.RequiredArrival, destinationZone, "$.journey.requiredArrival", p);
        var windowEnd = At(j.LatestDeparture, originZone, "$.journey.latestDeparture", p);
        if (windowEnd is not null && earliest is null) p.Add("$.journey.latestDeparture", "a departure window needs earliestDeparture too");
        p.ThrowIfAny();
        // The station tracks at crossing places take the longest convoy train clear of the line, with its overlap.
        var signalling = s.Signalling ?? Fortress.Conflicts.Signalling.Default;
        var longest = trains.Count == 0 ? 0 : trains.Max(t => t.Consists.Count == 0 ? 0 : t.Length.Meters);
        if (longest + signalling.Blocking.Overlap.Meters > signalling.StationZone.Meters)
            signalling = signalling with { StationZone = Length.FromMeters(Math.Ceiling(longest + signalling.Blocking.Overlap.Meters)) };
        var journey = new Journey(s.Name, c, trains, j.Stops, earliest, required, s.Purpose, windowEnd, s.Timing, signalling);
        journey.Validate();
        return state with { Journey = journey };
    }

    /// <summary>A local time in a zone as an instant (a time skipped by a clock change moves forward, NodaTime's lenient rule).</summary>
    internal static Instant? At(LocalDateTime? local, DateTimeZone zone, string where, ProblemList problems)
    {
        if (local is not { } l) return null;
        if (l.Year < Years.First || l.Year > Years.Last)
        {
            problems.Add(where, $"{l:uuuu-MM-dd'T'HH:mm} is outside the years {Years.First} to {Years.Last} a plan may lie in");
            return null;
        }
        return l.InZoneLeniently(zone).ToInstant();
    }
}
