using Fortress.Conflicts;
using Fortress.Planning;
using NodaTime;

namespace Fortress.Clearance;

/// <summary>What the slot search found.</summary>
/// <param name="Departure">The chosen departure of the main train.</param>
/// <param name="Plan">The plan at that departure, with its line clearance.</param>
/// <param name="FreeWindows">Departure windows (inside the search window) in which the convoy meets no regular train at all.</param>
/// <param name="CandidatesEvaluated">How many departures were planned in full to compare their disruption.</param>
public sealed record SlotResult(Instant Departure, ConvoyPlan Plan, IReadOnlyList<Interval> FreeWindows, int CandidatesEvaluated);

/// <summary>
/// Finds the departure that puts the convoy through with the least disruption, in the spirit of OSRD's STDCM:
/// instead of scanning departure times blindly, it works on time windows between existing trains. The convoy's
/// blocking times are computed once, relative to its departure; each regular train's blocking time on a shared
/// block forbids an open interval of departures; the union of those intervals leaves the free windows. The earliest
/// free departure in the search window needs no order at all; where there is none, the candidates are the ends of the
/// forbidden intervals (the moments a regular train has just cleared), each planned with its line clearance, and the
/// one imposing the least total delay wins (ties: the earliest). Stop lengths stay as given (extending dwells to use
/// a window is not searched yet).
/// </summary>
public static class SlotSearch
{
    public static SlotResult Find(Journey journey, Instant windowStart, Instant windowEnd, Instant? latestArrival = null, int maxCandidates = 24)
    {
        if (windowEnd < windowStart) throw new Diagnostics.InvalidInputException("journey.departureWindow", "the window ends before it starts");
        var bare = journey with { EarliestDeparture = windowStart, RequiredArrival = null, Traffic = null };
        var basePlan = ConvoyPlanner.Plan(bare);
        var t0 = basePlan.Main.Departure;
        var travel = basePlan.Main.Arrival - t0;
        var blocks = CorridorBlocks.Derive(journey.Corridor);
        var convoy = LineClearance.ConvoyOccupations(basePlan, blocks, BlockingParameters.Default);

        var forbidden = new List<(Instant From, Instant To, string Train)>();
        if (journey.Traffic is { } traffic)
        {
            var placed = TrafficPlacement.PlaceOnce(journey.Corridor, traffic);
            var byBlock = convoy.GroupBy(o => o.InfrastructureId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var t in placed)
                foreach (var r in LineClearance.Occupations(t, blocks, journey.Corridor, BlockingParameters.Default, null, 0))
                {
                    if (!byBlock.TryGetValue(r.InfrastructureId, out var mine)) continue;
                    foreach (var o in mine)
                    {
                        if (!(o.SingleTrack || r.SingleTrack || o.Direction == r.Direction)) continue;
                        // Departure d conflicts when d + (o.Start - t0) < r.End and r.Start < d + (o.End - t0).
                        var from = r.Start - (o.End - t0);
                        var to = r.End - (o.Start - t0);
                        if (to > windowStart && from < windowEnd) forbidden.Add((from, to, t.Train.Id));
                    }
                }
        }
        forbidden.Sort((a, b) => a.From.CompareTo(b.From));
        var free = FreeWindows(forbidden, windowStart, windowEnd, latestArrival is { } la ? la - travel : null);
        if (free.Count > 0)
        {
            var d = free[0].Start;
            return new SlotResult(d, ConvoyPlanner.Plan(journey with { EarliestDeparture = d, RequiredArrival = latestArrival }), free, 1);
        }

        // No free window: compare the departures just after a regular train has cleared, fewest trains in the way first.
        var candidates = forbidden.Select(f => f.To).Append(windowStart)
            .Where(d => d >= windowStart && d <= windowEnd && (latestArrival is null || d + travel <= latestArrival.Value))
            .Distinct()
            .OrderBy(d => forbidden.Count(f => f.From < d && d < f.To)).ThenBy(d => d)
            .Take(maxCandidates).ToList();
        if (candidates.Count == 0)
            throw new Diagnostics.InfeasibleException("slot.none", latestArrival is null
                ? "no departure in the window"
                : $"no departure in the window arrives by the latest arrival: the journey takes {travel.TotalHours:0.0} h");
        ConvoyPlan? best = null;
        foreach (var d in candidates)
        {
            var plan = ConvoyPlanner.Plan(journey with { EarliestDeparture = d, RequiredArrival = null });
            if (best is null || plan.Summary.TotalDelayImposed < best.Summary.TotalDelayImposed
                || (plan.Summary.TotalDelayImposed == best.Summary.TotalDelayImposed && plan.Main.Departure < best.Main.Departure))
                best = plan;
        }
        return new SlotResult(best!.Main.Departure, best, free, candidates.Count);
    }

    /// <summary>The parts of [start, end] (and not after <paramref name="latest"/>) not covered by any forbidden interval.</summary>
    internal static List<Interval> FreeWindows(List<(Instant From, Instant To, string Train)> forbidden, Instant start, Instant end, Instant? latest)
    {
        var stop = latest is { } l && l < end ? l : end;
        var free = new List<Interval>();
        var cursor = start;
        foreach (var f in forbidden)
        {
            if (f.To <= cursor) continue;
            if (f.From > cursor && cursor <= stop) free.Add(new Interval(cursor, f.From < stop ? f.From : stop));
            if (f.To > cursor) cursor = f.To;
            if (cursor > stop) break;
        }
        if (cursor <= stop) free.Add(new Interval(cursor, stop));
        return free.Where(w => w.End >= w.Start).ToList();
    }
}
