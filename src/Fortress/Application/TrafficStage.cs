using Fortress.Clearance;
using Fortress.Diagnostics;
using Fortress.Timetable;

namespace Fortress.Application;

/// <summary>
/// The regular traffic placed on the corridor with its own running times: the scenario's timetable and/or services
/// generated from its patterns over its days (from the day before the journey), and the corridor's blocks cut with the
/// scenario's signalling.
/// </summary>
public sealed class TrafficStage : IPlanStage
{
    public string Name => "traffic";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var s = state.Scenario;
        if (s.Traffic is not { } spec) return state;
        var c = state.RequiredCorridor;
        var journey = state.Journey ?? throw new InvalidOperationException("the journey stage runs before the traffic");
        var anchor = journey.EarliestDeparture ?? journey.RequiredArrival!.Value;
        var firstDay = anchor.InZone(c.Places[0].Zone).Date.PlusDays(-1);
        var p = new ProblemList();
        // Problems are gathered through the stage and reported together at its end (an unknown holding-track place is
        // left out of the settings meanwhile).
        var settings = Settings(s.Clearance ?? ClearanceSettings.Default, c, p);
        var generated = spec.Patterns.Count == 0 ? null
            : RepresentativeTraffic.Generate(c, firstDay, spec.Days + 1, spec.Patterns, k => spec.Consists.TryGetValue(k, out var x) ? x : spec.DefaultConsist);
        // Drawn pattern by pattern, the generated trains would meet on single track: given their paths one by one, with
        // crossing stops, as a timetable planner would (an imported timetable is taken as it is).
        if (generated is not null)
        {
            // Around the imported timetable's trains, which keep their times.
            var imported = spec.Timetable is { } t ? TrafficPlacement.Place(c, t, new BackgroundTraffic(t, spec.Consists, spec.DefaultConsist).ConsistFor) : null;
            var (scheduled, leftOut) = RepresentativeTraffic.Schedule(c, generated, new BackgroundTraffic(generated, spec.Consists, spec.DefaultConsist).ConsistFor,
                journey.Blocks, settings, imported);
            // More trains than the line can run: refused, never quietly fewer.
            if (leftOut.Count > 0)
                p.Add("$.traffic.generate", $"{leftOut.Count} of the {generated.Trains.Count} generated trains find no path on the line "
                    + $"(each would wait more than {RepresentativeTraffic.MaxWait.TotalHours:0.#} h on its way, or leave more than {RepresentativeTraffic.MaxLater.TotalHours:0.#} h after its time): "
                    + string.Join(", ", leftOut.Take(10)) + (leftOut.Count > 10 ? ", ..." : "") + "; give the patterns fewer trains per day or other first departures");
            generated = scheduled;
        }
        var timetable = (spec.Timetable, generated) switch
        {
            ({ } a, { } b) => new RegularTimetable([.. a.Trains, .. b.Trains], [.. a.Stations, .. b.Stations], $"{a.Source}; {b.Source}"),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => new RegularTimetable([], [], "no regular traffic"),
        };
        // Regular and convoy trains are told apart by their ids, so no regular train may take a convoy train's id.
        var convoyIds = journey.Trains.Select(t => t.Id.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var t in timetable.Trains.Where(t => convoyIds.Contains(t.Id)).Take(10))
            p.Add($"$.traffic (train {t.Number})", $"its id '{t.Id}' is also a convoy train's id; give the convoy train another id");
        p.ThrowIfAny();
        var traffic = new BackgroundTraffic(timetable, spec.Consists, spec.DefaultConsist);
        var placed = TrafficPlacement.PlaceOnce(c, traffic);
        return state with { Traffic = new TrafficContext(placed, journey.Blocks, settings) };
    }

    /// <summary>The clearance's settings with the places of <c>holdTracks</c> found on the corridor (by their corridor names); unknown places named.</summary>
    private static ClearanceSettings Settings(ClearanceSettings s, Fortress.Planning.Corridor c, ProblemList p)
    {
        if (s.HoldTracks.Count == 0) return s;
        var tracks = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, n) in s.HoldTracks)
        {
            try { tracks[c.Find(name, $"$.clearance.holdTracks.{name}").Name] = n; }
            catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
        }
        return s with { HoldTracks = tracks };
    }
}
