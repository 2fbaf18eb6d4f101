using Fortress.Conflicts;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Clearance;

/// <summary>A stop made longer than planned so the convoy waits there for a gap in the regular traffic.</summary>
/// <param name="Place">The stop.</param>
/// <param name="Extra">How much longer than its planned dwell.</param>
public sealed record LongerStop(string Place, NodaTime.Duration Extra);

/// <summary>What the slot search found.</summary>
/// <param name="Departure">The chosen departure of the main train.</param>
/// <param name="Plan">The plan at that departure (and with those stop lengths), with its line clearance.</param>
/// <param name="FreeWindows">
/// Departures (inside the search window) from which the convoy gets through without meeting any regular train, its
/// stops lengthened within their bounds where that helps; without such bounds, the windows in which it meets none.
/// </param>
/// <param name="CandidatesEvaluated">How many departures were planned in full to compare their disruption.</param>
/// <param name="LongerStops">Stops lengthened to use a gap (empty when none was needed, or when no gap exists).</param>
/// <param name="Clearance">The line clearance of that plan (null without regular traffic).</param>
public sealed record SlotResult(Instant Departure, ConvoyPlan Plan, ClearanceResult? Clearance, IReadOnlyList<Interval> FreeWindows, int CandidatesEvaluated,
    IReadOnlyList<LongerStop> LongerStops);

/// <summary>
/// Finds the departure and stop lengths that put the convoy through with the least disruption, in the spirit of
/// OSRD's STDCM: instead of scanning departure times blindly, it works on time windows between existing trains
/// (decision 0006).
/// <list type="number">
/// <item>The convoy is planned once (its blocking times relative to its departure); the regular trains' blocking
/// times are computed once per traffic and indexed by block.</item>
/// <item>The convoy's run is cut at its halts. A journey stop with a <see cref="JourneyStop.MaxDwell"/> may last
/// longer, which delays everything after it (pilot, main and escort alike, so the headways hold). Each convoy
/// blocking time depends on the departure plus the extra dwell of the halts before it; a regular train's blocking
/// time on the same block forbids an open interval of that shifted departure.</item>
/// <item>Leg by leg, the set of shifted departures that are still conflict-free is carried forward as a union of
/// intervals: widened by the extra dwell the next halt allows, intersected with that leg's free set. What reaches the
/// destination (before the latest arrival) is traced back to the earliest departure, and then forward with the
/// least extra dwell at each halt. That convoy meets no regular train: no order at all.</item>
/// <item>Where no such passage exists, the candidates are the departures just after a regular train has cleared
/// (fewest regular trains in the way first), each planned with its line clearance (the convoy's plan shifted,
/// not re-run; a clearance is abandoned as soon as its delay exceeds the best so far); the one imposing the least total
/// delay wins (ties: the earliest), with the stops as given.</item>
/// </list>
/// Chosen instants are rounded up to the next whole second with at least a millisecond's margin past the gap's
/// edge (blocking times that only touch do not conflict, and the margin keeps rounding in the re-planned times from
/// turning a touch into an overlap).
/// </summary>
public static class SlotSearch
{
    /// <summary>
    /// The departure of <paramref name="journey"/> between <paramref name="windowStart"/> and <paramref name="windowEnd"/>
    /// (arriving by <paramref name="latestArrival"/> if given) that disturbs the regular traffic of <paramref name="traffic"/>
    /// least; without traffic, the window's start.
    /// </summary>
    public static SlotResult Find(Journey journey, TrafficContext? traffic, Instant windowStart, Instant windowEnd, Instant? latestArrival = null, int maxCandidates = 24)
    {
        if (windowEnd < windowStart) throw new Diagnostics.InvalidInputException("journey.departureWindow", "the window ends before it starts");
        var corridor = journey.Corridor;
        var bare = journey with { EarliestDeparture = windowStart, RequiredArrival = null };
        var basePlan = ConvoyPlanner.Plan(bare);
        var t0 = basePlan.Main.Departure;
        var travel = basePlan.Main.Arrival - t0;
        var blocks = traffic?.Blocks ?? CorridorBlocks.DeriveOnce(corridor);
        var p = blocks.Signalling.EffectiveBlocking;
        var convoy = LineClearance.ConvoyOccupations(basePlan, blocks, p);

        // The halts (leg k leaves halt k) and how much longer each may last.
        var legs = basePlan.Main.Legs;
        var n = legs.Count;
        var slack = new double[n];
        var planned = new double[n];
        var stopAt = new JourneyStop?[n];
        for (var k = 1; k < n; k++)
        {
            planned[k] = PlannedDwell(journey, legs[k].Start);
            stopAt[k] = journey.Stops.FirstOrDefault(s => s.MaxDwell is not null && corridor.Find(s.Place, "journey.stops").Position == legs[k].Start);
            if (stopAt[k] is { MaxDwell: { } m }) slack[k] = Math.Max(0, m.Seconds - planned[k]);
        }

        // Which halts' extra dwell moves each convoy blocking time: its start depends on the halts up to startLeg, its end
        // on those up to endLeg (a train standing inside a block holds it longer). Found by trying an extra hour at each halt.
        var startLeg = new int[convoy.Count];
        var endLeg = new int[convoy.Count];
        for (var k = 1; k < n; k++)
        {
            if (slack[k] <= 0) continue;
            var extra = new double[n];
            extra[k] = 3600;
            var moved = LineClearance.ConvoyOccupations(Shift(basePlan, basePlan.Journey, NodaTime.Duration.Zero, extra), blocks, p);
            for (var i = 0; i < convoy.Count; i++)
            {
                if (moved[i].Start != convoy[i].Start) startLeg[i] = k;
                if (moved[i].End != convoy[i].End) endLeg[i] = k;
            }
        }

        // The regular trains' blocking times, indexed by block (computed once per traffic).
        IReadOnlyDictionary<string, LineClearance.BlockIndex> regular = new Dictionary<string, LineClearance.BlockIndex>();
        if (traffic is not null)
            regular = LineClearance.Baseline(traffic.Traffic, blocks).ByBlock;

        // Forbidden shifted departures per leg (with the longest extra dwell for a block held across a halt), and the
        // forbidden departures with the stops as given (for the fallback). Only the regular blocking times that can meet
        // the convoy's while its departure moves through the window (and its stops lengthen) are looked at.
        var forbidden = Enumerable.Range(0, n).Select(_ => new List<(Instant From, Instant To)>()).ToArray();
        var asGiven = new List<(Instant From, Instant To, string Train)>();
        var slackBefore = new double[n];
        for (var k = 0; k < n; k++) slackBefore[k] = (k == 0 ? 0 : slackBefore[k - 1]) + slack[k];
        for (var i = 0; i < convoy.Count; i++)
        {
            var o = convoy[i];
            if (!regular.TryGetValue(o.InfrastructureId, out var index)) continue;
            var held = 0.0;
            for (var k = startLeg[i] + 1; k <= endLeg[i]; k++) held += slack[k];
            var startRel = o.Start - t0;
            var endRel = o.End - t0;
            var endHeld = endRel + NodaTime.Duration.FromSeconds(held);
            var earliest = windowStart + startRel;
            var latest = windowEnd + NodaTime.Duration.FromSeconds(slackBefore[startLeg[i]]) + endHeld;
            for (var k = index.FirstStartingFrom(earliest - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < latest; k++)
            {
                var r = index.Items[k];
                if (r.End <= earliest || !(o.SingleTrack || r.SingleTrack || o.Direction == r.Direction)) continue;
                // Shifted departure D conflicts when D + startRel < r.End and r.Start < D + endRel.
                forbidden[startLeg[i]].Add((r.Start - endHeld, r.End - startRel));
                asGiven.Add((r.Start - endRel, r.End - startRel, r.TrainId));
            }
        }

        // Forward: the shifted departures of leg k that are conflict-free so far.
        var reach = new List<(Instant Lo, Instant Hi)>[n];
        var horizon = windowEnd;
        for (var k = 0; k < n; k++)
        {
            horizon += NodaTime.Duration.FromSeconds(slack[k]);
            var free = Complement(forbidden[k], windowStart, horizon);
            reach[k] = Intersect(k == 0 ? Clip(free, windowStart, windowEnd) : Widen(reach[k - 1], slack[k]), free);
        }
        if (latestArrival is { } la) reach[n - 1] = Clip(reach[n - 1], windowStart, la - travel);

        List<Interval> windows;
        if (reach[n - 1].Count > 0)
        {
            // Backward: keep only what still reaches the destination; then the earliest departure, the least extra dwell.
            var back = new List<(Instant Lo, Instant Hi)>[n];
            back[n - 1] = reach[n - 1];
            for (var k = n - 1; k > 0; k--) back[k - 1] = Intersect(reach[k - 1], Narrow(back[k], slack[k]));
            windows = back[0].Select(w => new Interval(w.Lo, w.Hi)).ToList();
            var shift = new Instant[n];
            shift[0] = back[0][0].Lo == windowStart ? windowStart : Settle(back[0][0].Lo, back[0][0].Hi);
            for (var k = 1; k < n; k++)
            {
                var w = back[k].First(x => x.Hi >= shift[k - 1]);
                var most = shift[k - 1] + NodaTime.Duration.FromSeconds(slack[k]);
                shift[k] = w.Lo <= shift[k - 1] ? shift[k - 1] : Settle(w.Lo, w.Hi < most ? w.Hi : most);
            }
            var longer = new List<LongerStop>();
            var stops = journey.Stops.ToList();
            for (var k = 1; k < n; k++)
            {
                var extra = shift[k] - shift[k - 1];
                if (extra <= NodaTime.Duration.Zero || stopAt[k] is not { } s) continue;
                stops[stops.IndexOf(s)] = s with { Dwell = Units.Duration.FromSeconds(Math.Min(planned[k] + extra.TotalSeconds, s.MaxDwell!.Value.Seconds)) };
                longer.Add(new LongerStop(corridor.Find(s.Place, "journey.stops").Name, extra));
            }
            var plan = ConvoyPlanner.Plan(journey with { EarliestDeparture = shift[0], RequiredArrival = null, Stops = stops });
            return new SlotResult(shift[0], plan, traffic is null ? null : LineClearance.Resolve(plan, traffic), windows, 1, longer);
        }

        // No way through untouched: compare the departures just after a regular train has cleared, fewest trains in the
        // way first (a sweep over the forbidden intervals in time order, counting the distinct trains behind them).
        var pool = asGiven.Select(f => f.To).Append(windowStart)
            .Where(d => d >= windowStart && d <= windowEnd && (latestArrival is null || d + travel <= latestArrival.Value))
            .Distinct().Order().ToList();
        var byFrom = asGiven.OrderBy(f => f.From).ToList();
        var byTo = asGiven.OrderBy(f => f.To).ToList();
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var inTheWay = new List<(Instant Departure, int Trains)>(pool.Count);
        int from = 0, to = 0;
        foreach (var d in pool)
        {
            // Open intervals (From, To) cover d when From < d < To.
            for (; from < byFrom.Count && byFrom[from].From < d; from++)
                active[byFrom[from].Train] = active.GetValueOrDefault(byFrom[from].Train) + 1;
            for (; to < byTo.Count && byTo[to].To <= d; to++)
                if (--active[byTo[to].Train] == 0) active.Remove(byTo[to].Train);
            inTheWay.Add((d, active.Count));
        }
        var candidates = inTheWay.OrderBy(c => c.Trains).ThenBy(c => c.Departure).Take(maxCandidates).Select(c => c.Departure).ToList();
        if (candidates.Count == 0)
            throw new Diagnostics.InfeasibleException("slot.none", latestArrival is null
                ? "no departure in the window"
                : $"no departure in the window arrives by the latest arrival: the journey takes {travel.TotalHours:0.0} h");
        // Each candidate's clearance stops as soon as it imposes more delay than the best so far (the same winner, sooner).
        (ConvoyPlan Plan, double Delay)? best = null;
        foreach (var d in candidates)
        {
            var shifted = Shift(basePlan, journey with { EarliestDeparture = d, RequiredArrival = null }, d - t0, null);
            var delay = LineClearance.TotalDelay(shifted, traffic!.Traffic, blocks, best?.Delay ?? double.PositiveInfinity, traffic.Options);
            if (delay is not { } total) continue;
            if (best is null || total < best.Value.Delay || (total == best.Value.Delay && d < best.Value.Plan.Main.Departure)) best = (shifted, total);
        }
        var chosen = best!.Value.Plan;
        return new SlotResult(chosen.Main.Departure, chosen, LineClearance.Resolve(chosen, traffic!), [], candidates.Count, []);
    }

    /// <summary>The dwell the planner gives the halt at a position: the longest of the stops, breaks of gauge and traction changes there.</summary>
    private static double PlannedDwell(Journey journey, Position at)
    {
        var c = journey.Corridor;
        var d = 0.0;
        foreach (var s in journey.Stops) if (c.Find(s.Place, "journey.stops").Position == at) d = Math.Max(d, s.Dwell.Seconds);
        foreach (var g in c.GaugeChanges) if (g.Position == at) d = Math.Max(d, g.Duration.Seconds);
        foreach (var t in c.TractionChanges) if (t.Position == at) d = Math.Max(d, t.Duration.Seconds);
        return d;
    }

    /// <summary>
    /// The plan moved by <paramref name="by"/>, each halt k lasting <c>extra[k]</c> seconds longer (everything after it
    /// later by that much, for every convoy train): the same runs, no physics re-run.
    /// </summary>
    internal static ConvoyPlan Shift(ConvoyPlan plan, Journey journey, NodaTime.Duration by, double[]? extra)
    {
        var legStarts = plan.Main.Legs.Select(l => l.Start).ToArray();
        var cumulative = new NodaTime.Duration[legStarts.Length];
        for (var k = 0; k < legStarts.Length; k++)
            cumulative[k] = (k == 0 ? by : cumulative[k - 1]) + NodaTime.Duration.FromSeconds(extra is null ? 0 : extra[k]);
        // Leaving (or passing) a position: the leg that starts at or before it; arriving there: the leg that ends at or after it.
        NodaTime.Duration Leaving(Position x) { var k = 0; while (k + 1 < legStarts.Length && legStarts[k + 1] <= x) k++; return cumulative[k]; }
        NodaTime.Duration Arriving(Position x) { var k = 0; while (k + 1 < legStarts.Length && legStarts[k + 1] < x) k++; return cumulative[k]; }
        var trains = plan.Trains.Select(t => t with
        {
            Legs = t.Legs.Select((l, k) => l with { Departure = l.Departure + cumulative[k] }).ToArray(),
            Calls = t.Calls.Select(c => c with { Arrival = c.Arrival + Arriving(c.Position), Departure = c.Departure + Leaving(c.Position) }).ToArray(),
        }).ToArray();
        var gauges = plan.GaugeChanges.Select(g => g with
        {
            Occupation = g.Occupation.Select(o => (o.Train, o.Start + Arriving(g.Change.Position), o.End + Leaving(g.Change.Position))).ToArray(),
        }).ToArray();
        var tractions = plan.TractionChanges.Select(g => g with
        {
            Occupation = g.Occupation.Select(o => (o.Train, o.Start + Arriving(g.Change.Position), o.End + Leaving(g.Change.Position), o.NewConsist)).ToArray(),
        }).ToArray();
        var main = trains.Single(t => t.Role == ConvoyRole.Main);
        return plan with
        {
            Journey = journey,
            Trains = trains,
            GaugeChanges = gauges,
            TractionChanges = tractions,
            Summary = plan.Summary with { MainTrainDuration = main.Arrival - main.Departure },
        };
    }

    /// <summary>The parts of [start, end] (and not after <paramref name="latest"/>) not covered by any forbidden interval.</summary>
    internal static List<Interval> FreeWindows(List<(Instant From, Instant To, string Train)> forbidden, Instant start, Instant end, Instant? latest)
    {
        var stop = latest is { } l && l < end ? l : end;
        return Complement(forbidden.Select(f => (f.From, f.To)).ToList(), start, stop).Select(w => new Interval(w.Lo, w.Hi)).ToList();
    }

    /// <summary>The closed parts of [start, end] outside every open interval (From, To).</summary>
    private static List<(Instant Lo, Instant Hi)> Complement(List<(Instant From, Instant To)> forbidden, Instant start, Instant end)
    {
        forbidden.Sort((a, b) => a.From.CompareTo(b.From));
        var free = new List<(Instant, Instant)>();
        if (end < start) return free;
        var cursor = start;
        foreach (var f in forbidden)
        {
            if (f.To <= cursor) continue;
            if (f.From >= end) break;
            if (f.From >= cursor) free.Add((cursor, f.From));
            cursor = f.To;
            if (cursor > end) break;
        }
        if (cursor <= end) free.Add((cursor, end));
        return free;
    }

    /// <summary>Each point x of the set becomes [x, x + seconds] (a halt that may last that much longer).</summary>
    private static List<(Instant Lo, Instant Hi)> Widen(List<(Instant Lo, Instant Hi)> set, double seconds)
    {
        if (seconds <= 0) return set;
        var by = NodaTime.Duration.FromSeconds(seconds);
        var list = new List<(Instant Lo, Instant Hi)>();
        foreach (var (lo, hi) in set)
        {
            if (list.Count > 0 && list[^1].Hi >= lo) list[^1] = (list[^1].Lo, hi + by);
            else list.Add((lo, hi + by));
        }
        return list;
    }

    /// <summary>The points x from which some point of the set lies in [x, x + seconds] (the inverse of <see cref="Widen"/>).</summary>
    private static List<(Instant Lo, Instant Hi)> Narrow(List<(Instant Lo, Instant Hi)> set, double seconds)
    {
        if (seconds <= 0) return set;
        var by = NodaTime.Duration.FromSeconds(seconds);
        var list = new List<(Instant Lo, Instant Hi)>();
        foreach (var (lo, hi) in set)
        {
            if (list.Count > 0 && list[^1].Hi >= lo - by) list[^1] = (list[^1].Lo, hi);
            else list.Add((lo - by, hi));
        }
        return list;
    }

    private static List<(Instant Lo, Instant Hi)> Intersect(List<(Instant Lo, Instant Hi)> a, List<(Instant Lo, Instant Hi)> b)
    {
        var list = new List<(Instant, Instant)>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var lo = a[i].Lo > b[j].Lo ? a[i].Lo : b[j].Lo;
            var hi = a[i].Hi < b[j].Hi ? a[i].Hi : b[j].Hi;
            if (lo <= hi) list.Add((lo, hi));
            if (a[i].Hi < b[j].Hi) i++; else j++;
        }
        return list;
    }

    private static List<(Instant Lo, Instant Hi)> Clip(List<(Instant Lo, Instant Hi)> set, Instant lo, Instant hi) =>
        Intersect(set, [(lo, hi)]);

    /// <summary>
    /// A point of [lo, hi] just past lo: lo plus a millisecond, rounded up to the whole second, if the window is that
    /// long; otherwise half-way.
    /// </summary>
    private static Instant Settle(Instant lo, Instant hi)
    {
        var ticks = (lo + NodaTime.Duration.FromMilliseconds(1)).ToUnixTimeTicks();
        var whole = Instant.FromUnixTimeTicks((ticks + NodaConstants.TicksPerSecond - 1) / NodaConstants.TicksPerSecond * NodaConstants.TicksPerSecond);
        if (whole <= hi) return whole;
        return lo + (hi - lo) / 2;
    }
}
