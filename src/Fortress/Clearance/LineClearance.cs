using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Clearance;

/// <summary>What a regular train is told to do so the convoy passes.</summary>
public enum OrderKind
{
    /// <summary>Leave its origin later.</summary>
    RunLater,
    /// <summary>Wait at a station on its way.</summary>
    Hold,
    /// <summary>Wait at a passing loop for an opposing movement to pass (single track).</summary>
    CrossAt,
    /// <summary>Does not run.</summary>
    Cancel,
}

/// <summary>An order for one regular train. Times are instants, shown in the place's zone.</summary>
public sealed record ClearanceOrder(string TrainId, string TrainNumber, OrderKind Kind, string Place, DateTimeZone Zone, Instant? From, Instant? Until, NodaTime.Duration Delay)
{
    /// <summary>The order in neutral words (nothing about why), e.g. "train 712: hold at Ussuriysk from 10:02 to 10:41 (+39 min)".</summary>
    public string Describe()
    {
        string T(Instant? t) => t is { } v ? v.InZone(Zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";
        var delay = $"+{Delay.TotalMinutes:0} min";
        return Kind switch
        {
            OrderKind.RunLater => $"train {TrainNumber}: depart {Place} at {T(Until)} instead of {T(From)} ({delay})",
            OrderKind.Hold => $"train {TrainNumber}: hold at {Place} from {T(From)} to {T(Until)} ({delay})",
            OrderKind.CrossAt => $"train {TrainNumber}: wait at the loop {Place} from {T(From)} to {T(Until)} to cross ({delay})",
            _ => $"train {TrainNumber}: cancelled between its origin and destination",
        };
    }
}

/// <summary>Options of the clearance.</summary>
/// <param name="MaxHold">A train that would have to wait longer than this is cancelled instead (default 6 h). When departures
/// are compared (slot search), a cancellation weighs as this much delay (Assumption: never better than the longest hold).</param>
/// <param name="StopPenalty">
/// Extra time when a train is held where it would only have passed: braking and starting again. Used to compare the places
/// where a train could wait; the chosen place is then re-timed with the stop run by the running-time engine where the
/// train was placed with its runs (<see cref="PlacedTrain.WithStopAt"/>), otherwise it stands. Assumption: 3 min.
/// </param>
public sealed record ClearanceOptions(NodaTime.Duration MaxHold, NodaTime.Duration StopPenalty)
{
    public static ClearanceOptions Default { get; } = new(NodaTime.Duration.FromHours(6), NodaTime.Duration.FromMinutes(3));
}

/// <summary>
/// The line cleared: orders, the conflicts with the convoy before and after (after must be empty), the regular
/// traffic as it will run, and how many new conflicts between regular trains the orders cause (for the dispatcher).
/// </summary>
public sealed record ClearanceResult(
    IReadOnlyList<ClearanceOrder> Orders,
    IReadOnlyList<Conflict> ConflictsBefore,
    IReadOnlyList<Conflict> ConflictsAfter,
    IReadOnlyList<PlacedTrain> Traffic,
    IReadOnlyDictionary<string, NodaTime.Duration> DelayByTrain,
    IReadOnlySet<string> Cancelled,
    int KnockOnConflicts = 0)
{
    public int TrainsHeld => Orders.Count(o => o.Kind != OrderKind.Cancel);
    public NodaTime.Duration TotalDelay => DelayByTrain.Values.Aggregate(NodaTime.Duration.Zero, (a, b) => a + b);
}

/// <summary>
/// The regular traffic placed on a corridor, the corridor's blocks (with the signalling they were cut with) and the
/// clearance's options: what clearing the line for a convoy needs besides the convoy.
/// </summary>
public sealed record TrafficContext(IReadOnlyList<PlacedTrain> Traffic, CorridorBlocks Blocks, ClearanceOptions Options);

/// <summary>
/// Clears the line for the convoy: every regular train whose blocking times conflict with a convoy train's is held
/// at the place before its first conflict where holding costs it least (run later from its origin, hold at a station,
/// wait at a loop to cross), by the least delay that leaves it free of conflicts with the convoy and of new
/// conflicts with trains already re-planned; where that would exceed <see cref="ClearanceOptions.MaxHold"/>, it is
/// cancelled. Trains are taken in order of departure (first come, first served), so the total delay imposed stays low
/// without a global search; the result is re-checked: no conflict with the convoy remains.
/// </summary>
public static class LineClearance
{
    /// <summary>Clears the line for the convoy of <paramref name="plan"/> in the traffic and on the blocks of <paramref name="context"/>.</summary>
    public static ClearanceResult Resolve(ConvoyPlan plan, TrafficContext context) =>
        Resolve(plan, context.Traffic, context.Blocks, context.Options);

    public static ClearanceResult Resolve(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, ClearanceOptions? options = null)
    {
        options ??= ClearanceOptions.Default;
        var p = blocks.Signalling.EffectiveBlocking;
        var corridor = plan.Journey.Corridor;
        var convoyOcc = ConvoyOccupations(plan, blocks, p);
        // The convoy's blocking times by block: a regular train is checked only against the convoy on the blocks it uses.
        var convoyByBlock = convoyOcc.GroupBy(o => o.InfrastructureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var baseline = Baseline(traffic, blocks);

        // Conflicts as planned, before any order.
        var before = new List<Conflict>();
        foreach (var t in traffic) before.AddRange(ConvoyConflicts(baseline.Occupations[t.Train.Id], convoyByBlock));
        before.Sort(ConflictDetector.Order);

        var (orders, delays, cancelled, result, final) = Orders(plan, traffic, baseline, convoyByBlock, p, options, double.PositiveInfinity)!.Value;

        // Re-check: the traffic as it will run against the convoy (must be empty).
        var after = new List<Conflict>();
        foreach (var o in final.Values) after.AddRange(ConvoyConflicts(o, convoyByBlock));
        after.Sort(ConflictDetector.Order);
        return new ClearanceResult(orders, before, after, result, delays, cancelled, KnockOn(baseline, final, delays));
    }

    /// <summary>
    /// The total delay the clearance would impose on the traffic for this plan (seconds), or null as soon as it exceeds
    /// <paramref name="budget"/>: the slot search compares candidate departures without finishing the ones already worse.
    /// </summary>
    /// A cancelled train counts as <see cref="ClearanceOptions.MaxHold"/>, so a departure that cancels is never preferred to
    /// one that holds every train for less.
    internal static double? TotalDelay(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, double budget, ClearanceOptions? options = null)
    {
        options ??= ClearanceOptions.Default;
        var p = blocks.Signalling.EffectiveBlocking;
        var convoyByBlock = ConvoyOccupations(plan, blocks, p).GroupBy(o => o.InfrastructureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var done = Orders(plan, traffic, Baseline(traffic, blocks), convoyByBlock, p, options, budget);
        return done is { } d ? d.Delays.Values.Sum(x => x.TotalSeconds) + d.Cancelled.Count * options.MaxHold.TotalSeconds : null;
    }

    /// <summary>The orders, train by train in order of departure; null once the total delay exceeds the budget.</summary>
    private static (List<ClearanceOrder> Orders, Dictionary<string, NodaTime.Duration> Delays, HashSet<string> Cancelled, List<PlacedTrain> Result,
        Dictionary<string, IReadOnlyList<BlockOccupation>> Final)? Orders(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, TrafficBaseline baseline,
        Dictionary<string, BlockOccupation[]> convoyByBlock, BlockingParameters p, ClearanceOptions options, double budget)
    {
        var corridor = plan.Journey.Corridor;
        var spent = 0.0;
        var orders = new List<ClearanceOrder>();
        var delays = new Dictionary<string, NodaTime.Duration>();
        var cancelled = new HashSet<string>();
        var result = new List<PlacedTrain>();
        var final = new Dictionary<string, IReadOnlyList<BlockOccupation>>(StringComparer.Ordinal);
        // The trains in the convoy's way, found from the convoy's side in the traffic's index by block.
        var inTheWay = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cs in convoyByBlock.Values)
            foreach (var c in cs)
            {
                if (!baseline.ByBlock.TryGetValue(c.InfrastructureId, out var index)) continue;
                for (var k = index.FirstStartingFrom(c.Start - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < c.End; k++)
                    if (index.Items[k].ConflictsWith(c)) inTheWay.Add(index.Items[k].TrainId);
            }
        foreach (var t in traffic.OrderBy(t => t.Departure))
        {
            WorkLimits.Checkpoint();
            var occ = baseline.Occupations[t.Train.Id];
            if (!inTheWay.Contains(t.Train.Id)) { final[t.Train.Id] = occ; result.Add(t); continue; }
            var conflicts = ConvoyConflicts(occ, convoyByBlock);

            var path = baseline.Blocks[t.Train.Id];
            Position BlockStart(string blockId) => path.First(b => b.Id == blockId).Start;
            var firstBlockStart = conflicts.Select(c => BlockStart(Mine(c, t.Train.Id).BlockId)).Min();
            // Where it can wait: every place on its way where trains can cross or be held (its own stops and the loops it runs through).
            var lo = Position.Min(t.From, t.To);
            var hi = Position.Max(t.From, t.To);
            var candidates = corridor.Places.Where(pl => pl.CanCross && pl.Position >= lo && pl.Position <= hi && pl.Position != t.To)
                .Select(pl => (Place: pl, Along: Position.Origin + (t.Forward ? pl.Position - t.From : t.From - pl.Position),
                               Stops: t.Calls.Any(c => c.Place == pl && c.Stops) || pl.Position == t.From))
                .Where(c => c.Along >= Position.Origin && c.Along <= firstBlockStart)
                .OrderByDescending(c => c.Along).Take(6).ToList();
            // The least hold at one place: the wait (seconds) that leaves no conflict with the convoy, rounded so the delay is in
            // whole minutes; null when holding there cannot help or would cost at least `bound`. The train's movement is
            // `subject` (with a stop at the place where it would only pass), held by the wait plus `fixedWait`; its delay is
            // the wait plus `penalty` (the extra running time of stopping there).
            (double Delay, double Wait, IReadOnlyList<BlockOccupation> Occ)? Try(Position q, PlacedTrain subject, double fixedWait, double penalty, double bound)
            {
                var held = HoldModel(subject, path, p, q, ReferenceEquals(subject, t) ? occ : Occupations(subject, path, p, null, 0), occ, convoyByBlock);
                var d = 0.0;
                for (var it = 0; it < 60; it++)
                {
                    var total = d + (d > 0 ? penalty : 0);
                    // A longer wait here than the best place found so far cannot win.
                    if (total >= bound - 1e-6) return null;
                    var wait = d + (d > 0 ? fixedWait : 0);
                    var left = held(wait);
                    if (left.Count == 0)
                    {
                        // Orders are given in whole minutes: round the delay up and check again.
                        var whole = Math.Ceiling(total / 60) * 60 - (d > 0 ? penalty : 0);
                        if (whole - d >= 1e-6) { d = whole; continue; }
                        // The blocking times as the running-time engine gives them, checked once more.
                        var trial = d > 0 ? Occupations(subject, path, p, q, wait) : occ;
                        left = ConvoyConflicts(trial, convoyByBlock);
                        if (left.Count == 0) return (total, wait, trial);
                    }
                    // Conflicts before the hold point cannot be solved by holding there.
                    if (left.Any(c => BlockStart(Mine(c, t.Train.Id).BlockId) < q)) return null;
                    var push = left.Max(c => (Other(c, t.Train.Id).End - Mine(c, t.Train.Id).Start).TotalSeconds);
                    d += Math.Max(push, 1);
                    if (d > options.MaxHold.TotalSeconds) return null;
                }
                return null;
            }

            // Every place first with the fixed stand-in for stopping where the train only passes; the best place found is
            // then re-timed with the stop run by the running-time engine (braking and starting again) where the train allows.
            (double Delay, double Wait, (Fortress.Planning.CorridorPlace Place, Position Along, bool Stops) Call, IReadOnlyList<BlockOccupation> Occ, PlacedTrain Subject)? best = null;
            foreach (var call in candidates)
            {
                var pass = !(call.Stops || call.Along == Position.Origin);
                var stand = pass ? options.StopPenalty.TotalSeconds : 0;
                if (Try(call.Along, t, stand, stand, best?.Delay ?? double.PositiveInfinity) is { } r) best = (r.Delay, r.Wait, call, r.Occ, t);
            }
            if (best is { } chosen && !(chosen.Call.Stops || chosen.Call.Along == Position.Origin) && t.WithStopAt is { } stopAt)
            {
                var subject = t with { Movement = stopAt(chosen.Call.Along) };
                var lost = subject.Movement.EndTime.Seconds - t.Movement.EndTime.Seconds;
                if (Try(chosen.Call.Along, subject, 0, lost, double.PositiveInfinity) is { } r) best = (r.Delay, r.Wait, chosen.Call, r.Occ, subject);
            }
            if (best is null)
            {
                cancelled.Add(t.Train.Id);
                orders.Add(new ClearanceOrder(t.Train.Id, t.Train.Number, OrderKind.Cancel, corridor.PlaceAt(t.From).Name, corridor.PlaceAt(t.From).Zone, t.Departure, null, NodaTime.Duration.Zero));
                // For comparing departures a cancellation weighs as the longest hold (its delay is not defined).
                spent += options.MaxHold.TotalSeconds;
                if (spent > budget) return null;
                continue;
            }
            var (delay, waited, c0, o, moved) = best.Value;
            final[t.Train.Id] = o;
            var dd = NodaTime.Duration.FromSeconds(delay);
            delays[t.Train.Id] = dd;
            spent += delay;
            if (spent > budget) return null;
            var kind = c0.Along == Position.Origin ? OrderKind.RunLater
                : corridor.TracksAt(c0.Place.Position) == 1 && t.Forward != (plan.Main.Calls[^1].Position > plan.Main.Calls[0].Position) ? OrderKind.CrossAt
                : OrderKind.Hold;
            if (ReferenceEquals(moved, t))
            {
                var at = t.Departure + NodaTime.Duration.FromSeconds(t.Movement.TimeAtFront(c0.Along)!.Value.Seconds);
                var stop = t.Movement.Stops.FirstOrDefault(s => s.Position == c0.Along);
                var depart = stop is not null ? t.Departure + NodaTime.Duration.FromSeconds(stop.Departure.Seconds) : at;
                orders.Add(new ClearanceOrder(t.Train.Id, t.Train.Number, kind, c0.Place.Name, c0.Place.Zone, kind == OrderKind.RunLater ? t.Departure : at, depart + dd, dd));
            }
            else
            {
                // Stopped where it would have passed: it waits from its arrival (braking timed) for the wait; its delay also counts the time lost braking and starting.
                var arrive = t.Departure + NodaTime.Duration.FromSeconds(moved.Movement.TimeAtFront(c0.Along)!.Value.Seconds);
                orders.Add(new ClearanceOrder(t.Train.Id, t.Train.Number, kind, c0.Place.Name, c0.Place.Zone, arrive, arrive + NodaTime.Duration.FromSeconds(waited), dd));
            }
            result.Add(t with { Movement = Delay(moved.Movement, c0.Along, waited) });
        }

        return (orders, delays, cancelled, result, final);
    }

    /// <summary>
    /// New conflicts between regular trains caused by the orders: only a re-timed train can have one, and a conflict that
    /// its own timetable already had (same pair, same block) is not new. Unchanged trains are found in the baseline's
    /// index by block (sorted by start), so a re-timed train is compared only with the trains near it in time.
    /// </summary>
    private static int KnockOn(TrafficBaseline baseline, Dictionary<string, IReadOnlyList<BlockOccupation>> final, Dictionary<string, NodaTime.Duration> delays)
    {
        var retimed = new Dictionary<string, List<BlockOccupation>>(StringComparer.Ordinal);
        foreach (var id in delays.Keys)
            foreach (var o in final[id])
            {
                if (!retimed.TryGetValue(o.InfrastructureId, out var l)) retimed[o.InfrastructureId] = l = [];
                l.Add(o);
            }
        var count = 0;
        foreach (var id in delays.Keys)
            foreach (var mine in final[id])
            {
                // Unchanged trains (neither re-timed nor cancelled) as timetabled.
                if (baseline.ByBlock.TryGetValue(mine.InfrastructureId, out var index))
                {
                    var from = index.FirstStartingFrom(mine.Start - index.LongestOccupation);
                    for (var k = from; k < index.Items.Length && index.Items[k].Start < mine.End; k++)
                    {
                        var other = index.Items[k];
                        if (delays.ContainsKey(other.TrainId) || !final.ContainsKey(other.TrainId)) continue;
                        if (mine.ConflictsWith(other) && !ConflictedBefore(baseline.Occupations, id, other.TrainId, mine.InfrastructureId)) count++;
                    }
                }
                // Other re-timed trains, each pair once.
                foreach (var other in retimed[mine.InfrastructureId])
                    if (string.CompareOrdinal(other.TrainId, id) > 0 && mine.ConflictsWith(other)
                        && !ConflictedBefore(baseline.Occupations, id, other.TrainId, mine.InfrastructureId)) count++;
            }
        return count;
    }

    /// <summary>Whether two regular trains already conflicted on a block in their own timetable.</summary>
    private static bool ConflictedBefore(IReadOnlyDictionary<string, IReadOnlyList<BlockOccupation>> original, string a, string b, string block) =>
        original[a].Any(x => x.InfrastructureId == block && original[b].Any(y => x.ConflictsWith(y)));

    /// <summary>Conflicts of one regular train's blocking times with the convoy's.</summary>
    internal static List<Conflict> ConvoyConflicts(IReadOnlyList<BlockOccupation> mine, IReadOnlyDictionary<string, BlockOccupation[]> convoyByBlock)
    {
        var list = new List<Conflict>();
        foreach (var o in mine)
            if (convoyByBlock.TryGetValue(o.InfrastructureId, out var cs))
                foreach (var c in cs)
                    if (o.ConflictsWith(c)) list.Add(Conflict.Between(o, c));
        return list;
    }

    /// <summary>Each regular train's blocks and blocking times as timetabled, computed once per traffic, blocks and parameters.</summary>
    internal sealed record TrafficBaseline(
        IReadOnlyDictionary<string, IReadOnlyList<BlockSection>> Blocks,
        IReadOnlyDictionary<string, IReadOnlyList<BlockOccupation>> Occupations,
        IReadOnlyDictionary<string, BlockIndex> ByBlock);

    /// <summary>The blocking times on one block sorted by start, and the longest of them (to find those overlapping an interval).</summary>
    internal sealed record BlockIndex(BlockOccupation[] Items, NodaTime.Duration LongestOccupation)
    {
        /// <summary>The first item starting at or after <paramref name="t"/>.</summary>
        public int FirstStartingFrom(Instant t)
        {
            int lo = 0, hi = Items.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (Items[mid].Start < t) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<PlacedTrain>, Tuple<CorridorBlocks, BlockingParameters, TrafficBaseline>> Baselines = new();

    internal static TrafficBaseline Baseline(IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks)
    {
        var p = blocks.Signalling.EffectiveBlocking;
        if (Baselines.TryGetValue(traffic, out var hit) && ReferenceEquals(hit.Item1, blocks) && hit.Item2 == p) return hit.Item3;
        var paths = new Dictionary<string, IReadOnlyList<BlockSection>>(StringComparer.Ordinal);
        var occ = new Dictionary<string, IReadOnlyList<BlockOccupation>>(StringComparer.Ordinal);
        foreach (var t in traffic)
        {
            var path = blocks.For(t.From, t.To);
            paths[t.Train.Id] = path;
            occ[t.Train.Id] = Occupations(t, path, p, null, 0);
        }
        var byBlock = occ.Values.SelectMany(x => x).GroupBy(o => o.InfrastructureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var items = g.OrderBy(o => o.Start).ToArray();
            return new BlockIndex(items, items.Max(o => o.End - o.Start));
        }, StringComparer.Ordinal);
        var baseline = new TrafficBaseline(paths, occ, byBlock);
        Baselines.AddOrUpdate(traffic, Tuple.Create(blocks, p, baseline));
        return baseline;
    }

    private static BlockOccupation Mine(Conflict c, string id) => c.First.TrainId == id ? c.First : c.Second;
    private static BlockOccupation Other(Conflict c, string id) => c.First.TrainId == id ? c.Second : c.First;

    /// <summary>
    /// The conflicts with the convoy of a regular train held at <paramref name="q"/>, as a function of the hold (seconds),
    /// without re-running its movement: a hold delays everything after q by its whole length, so each time either stays or moves
    /// by the hold (found by comparing one probe hold with a hold of no length; <paramref name="unheld"/>: not held at all). The caller checks the result with <see cref="Occupations(PlacedTrain, IReadOnlyList{BlockSection}, BlockingParameters, Position?, double)"/>
    /// before using it.
    /// </summary>
    private static Func<double, List<Conflict>> HoldModel(PlacedTrain t, IReadOnlyList<BlockSection> path, BlockingParameters p, Position q,
        IReadOnlyList<BlockOccupation> zeroWait, IReadOnlyList<BlockOccupation> unheld, Dictionary<string, BlockOccupation[]> convoyByBlock)
    {
        const double probe = 600;
        var n = path.Count;
        var convoy = new BlockOccupation[n][];
        for (var i = 0; i < n; i++) convoy[i] = convoyByBlock.TryGetValue(path[i].InfrastructureId, out var cs) ? cs : [];
        // The probe, computed when first needed (a place abandoned at once costs nothing) and only for the blocks a hold at
        // q can move: those whose clearing point (end + overlap + train length) lies beyond q. With the approach from the
        // previous block's signal every block is recomputed (the first one's approach would differ).
        IReadOnlyList<BlockOccupation>? probed = null;
        (bool Start, bool End)[] moves = [];
        IReadOnlyList<BlockOccupation> One()
        {
            if (probed is not null) return probed;
            var from = 0;
            if (p.Approach == ApproachMode.BrakingDistance)
                while (from < n && path[from].End + p.Overlap + t.Length <= q) from++;
            var tail = from == n ? [] : BlockingTimeCalculator.Compute(t.Train.Id, Delay(t.Movement, q, probe), t.Length, from == 0 ? path : path.Skip(from).ToArray(), t.Departure, p);
            var list = new BlockOccupation[n];
            moves = new (bool, bool)[n];
            for (var i = 0; i < n; i++)
            {
                list[i] = i < from ? zeroWait[i] : tail[i - from];
                moves[i] = (list[i].Start != zeroWait[i].Start, list[i].End != zeroWait[i].End);
            }
            return probed = list;
        }
        static Instant? Move(Instant? a, Instant? b, NodaTime.Duration by) => a is { } x && b is { } y && y != x ? x + by : a;
        return delay =>
        {
            var left = new List<Conflict>();
            var by = NodaTime.Duration.FromSeconds(delay - probe);
            var one = delay <= 0 ? unheld : One();
            for (var i = 0; i < n; i++)
            {
                var a = one[i];
                var start = delay <= 0 ? unheld[i].Start : moves[i].Start ? a.Start + by : a.Start;
                var end = delay <= 0 ? unheld[i].End : moves[i].End ? a.End + by : a.End;
                foreach (var c in convoy[i])
                {
                    if (!(a.SingleTrack || c.SingleTrack || a.Direction == c.Direction) || !(start < c.End && c.Start < end)) continue;
                    var mine = delay <= 0 ? unheld[i] : a with
                    {
                        Start = start,
                        End = end,
                        FrontEntry = Move(a.FrontEntry, zeroWait[i].FrontEntry, by),
                        RearClear = Move(a.RearClear, zeroWait[i].RearClear, by),
                    };
                    left.Add(Conflict.Between(mine, c));
                }
            }
            return left;
        };
    }

    /// <summary>The blocking times of a regular train, held at <paramref name="holdAt"/> (along its path) by <paramref name="delay"/> seconds.</summary>
    internal static IReadOnlyList<BlockOccupation> Occupations(PlacedTrain t, CorridorBlocks blocks, Position? holdAt, double delay) =>
        Occupations(t, blocks.For(t.From, t.To), blocks.Signalling.EffectiveBlocking, holdAt, delay);

    /// <summary>As above, on the train's blocks already cut (<see cref="CorridorBlocks.For"/>).</summary>
    internal static IReadOnlyList<BlockOccupation> Occupations(PlacedTrain t, IReadOnlyList<BlockSection> path, BlockingParameters p, Position? holdAt, double delay)
    {
        var movement = holdAt is { } q && delay > 0 ? Delay(t.Movement, q, delay) : t.Movement;
        return path.Count == 0 ? [] : BlockingTimeCalculator.Compute(t.Train.Id, movement, t.Length, path, t.Departure, p);
    }

    /// <summary>The movement with a wait of <paramref name="delay"/> seconds at <paramref name="q"/>: everything after q happens that much later.</summary>
    internal static TrainMovement Delay(TrainMovement m, Position q, double delay)
    {
        if (delay <= 0) return m;
        var baseAtQ = m.TimeAtFront(q)!.Value.Seconds;
        var stops = new List<MovementStop>();
        var hasStop = false;
        foreach (var s in m.Stops)
        {
            if (s.Position < q) stops.Add(s);
            else if (s.Position == q) { stops.Add(s with { Departure = Duration.FromSeconds(s.Departure.Seconds + delay) }); hasStop = true; }
            else stops.Add(s with { Departure = Duration.FromSeconds(s.Departure.Seconds + delay) });
        }
        if (!hasStop && q > m.Start) stops.Add(new MovementStop(q, Duration.FromSeconds(baseAtQ + delay)));
        stops.Sort((a, b) => a.Position.CompareTo(b.Position));
        // Holding at the start: the run itself begins later.
        if (q <= m.Start)
            return m with { TimeAtFront = x => m.TimeAtFront(x) is { } t ? Duration.FromSeconds(t.Seconds + delay) : null, Stops = stops };
        return m with { TimeAtFront = x => m.TimeAtFront(x) is { } t ? Duration.FromSeconds(t.Seconds + (x > q ? delay : 0)) : null, Stops = stops };
    }

    /// <summary>The blocking times of every convoy train over the corridor (<see cref="ConvoyBlocking.Occupations"/>).</summary>
    internal static List<BlockOccupation> ConvoyOccupations(ConvoyPlan plan, CorridorBlocks blocks, BlockingParameters p) => ConvoyBlocking.Occupations(plan, blocks, p, buffer: true);
}
