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
/// traffic as it will run, how many new conflicts between regular trains the orders leave (the optimiser leaves none;
/// the greedy method counts them for the dispatcher), and how good the answer is.
/// </summary>
/// <param name="Quality">Objective (weighted minutes of delay, <see cref="ClearanceSettings"/>), proven lower bound, gap and method; null only for a result made by hand.</param>
public sealed record ClearanceResult(
    IReadOnlyList<ClearanceOrder> Orders,
    IReadOnlyList<Conflict> ConflictsBefore,
    IReadOnlyList<Conflict> ConflictsAfter,
    IReadOnlyList<PlacedTrain> Traffic,
    IReadOnlyDictionary<string, NodaTime.Duration> DelayByTrain,
    IReadOnlySet<string> Cancelled,
    int KnockOnConflicts = 0,
    Fortress.Optimisation.Optimality? Quality = null)
{
    /// <summary>Regular trains held (run later, held or made to wait to cross; a train held at two places counts once).</summary>
    public int TrainsHeld => Orders.Where(o => o.Kind != OrderKind.Cancel).Select(o => o.TrainId).Distinct(StringComparer.Ordinal).Count();
    public NodaTime.Duration TotalDelay => DelayByTrain.Values.Aggregate(NodaTime.Duration.Zero, (a, b) => a + b);
}

/// <summary>
/// The regular traffic placed on a corridor, the corridor's blocks (with the signalling they were cut with) and how the
/// line is cleared (method, weights, longest hold, time limit): what clearing the line for a convoy needs besides the convoy.
/// </summary>
public sealed record TrafficContext(IReadOnlyList<PlacedTrain> Traffic, CorridorBlocks Blocks, ClearanceSettings Settings)
{
    /// <summary>With the default method and weights and these options (longest hold, stop stand-in).</summary>
    public TrafficContext(IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, ClearanceOptions options)
        : this(traffic, blocks, ClearanceSettings.Default with { Options = options }) { }

    /// <summary>The longest hold and the stop stand-in (<see cref="ClearanceSettings.Options"/>).</summary>
    public ClearanceOptions Options => Settings.Options;
}

/// <summary>
/// Clears the line for the convoy: every regular train whose blocking times conflict with a convoy train's is held
/// at the place before its first conflict where holding costs it least (run later from its origin, hold at a station,
/// wait at a loop to cross), by the least delay that leaves it free of conflicts with the convoy, at a place with a
/// free holding track (<see cref="ClearanceSettings.HoldTracks"/>); where that would exceed
/// <see cref="ClearanceOptions.MaxHold"/>, it is cancelled. Trains are taken in order of departure (first come, first
/// served), so the total delay imposed stays low without a global search; the result is re-checked: no conflict with
/// the convoy remains. New conflicts between regular trains are counted, not solved (<see cref="ClearanceResult.KnockOnConflicts"/>).
/// This is <c>--clearance greedy</c> and the optimiser's warm start (<see cref="ClearanceOptimizer"/>).
/// </summary>
public static class LineClearance
{
    /// <summary>Clears the line for the convoy of <paramref name="plan"/> in the traffic and on the blocks of <paramref name="context"/>.</summary>
    public static ClearanceResult Resolve(ConvoyPlan plan, TrafficContext context) =>
        Solve(ClearanceProblem.Of(plan, context.Traffic, context.Blocks), context.Settings with { Method = ClearanceMethod.Greedy });

    /// <summary>The greedy clearance of a plan (with the longest hold and stop stand-in of <paramref name="options"/>).</summary>
    public static ClearanceResult Resolve(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, ClearanceOptions? options = null) =>
        Solve(ClearanceProblem.Of(plan, traffic, blocks), ClearanceSettings.Default with { Method = ClearanceMethod.Greedy, Options = options ?? ClearanceOptions.Default });

    /// <summary>The greedy clearance, with its objective and a lower bound (<see cref="ClearanceOptimizer.LowerBound"/>).</summary>
    public static ClearanceResult Solve(ClearanceProblem problem, ClearanceSettings settings)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = SolveGreedy(problem, settings);
        var bound = ClearanceOptimizer.LowerBound(problem, settings);
        var objective = ClearanceOptimizer.Objective(problem, settings, r);
        return r with { Quality = new Fortress.Optimisation.Optimality(objective, Math.Min(bound, objective), Fortress.Optimisation.SolveMethod.Greedy, ClearanceOptimizer.Unit, clock.Elapsed) };
    }

    /// <summary>The greedy clearance without a bound (the optimiser's warm start).</summary>
    internal static ClearanceResult SolveGreedy(ClearanceProblem problem, ClearanceSettings settings)
    {
        var convoyByBlock = problem.ConvoyByBlock;
        var baseline = problem.Baseline;

        // Conflicts as planned, before any order.
        var before = new List<Conflict>();
        foreach (var t in problem.Traffic) before.AddRange(ConvoyConflicts(baseline.Occupations[t.Train.Id], convoyByBlock));
        before.Sort(ConflictDetector.Order);

        var (orders, delays, cancelled, result, final) = Orders(problem, baseline, settings, double.PositiveInfinity)!.Value;

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
    internal static double? TotalDelay(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, double budget, ClearanceOptions? options = null) =>
        TotalDelay(plan, traffic, blocks, budget, ClearanceSettings.Default with { Options = options ?? ClearanceOptions.Default });

    /// <summary>As above, with the holding tracks and cancellation rules of <paramref name="settings"/>.</summary>
    internal static double? TotalDelay(ConvoyPlan plan, IReadOnlyList<PlacedTrain> traffic, CorridorBlocks blocks, double budget, ClearanceSettings settings)
    {
        var problem = ClearanceProblem.Of(plan, traffic, blocks);
        try
        {
            var done = Orders(problem, problem.Baseline, settings, budget);
            return done is { } d ? d.Delays.Values.Sum(x => x.TotalSeconds) + d.Cancelled.Count * settings.Options.MaxHold.TotalSeconds : null;
        }
        catch (Fortress.Diagnostics.InfeasibleException) { return null; }
    }

    /// <summary>The regular trains whose blocking times, as timetabled, conflict with the convoy's.</summary>
    internal static HashSet<string> InTheWay(ClearanceProblem problem, TrafficBaseline baseline)
    {
        var inTheWay = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cs in problem.ConvoyByBlock.Values)
            foreach (var c in cs)
            {
                if (!baseline.ByBlock.TryGetValue(c.InfrastructureId, out var index)) continue;
                for (var k = index.FirstStartingFrom(c.Start - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < c.End; k++)
                    if (index.Items[k].ConflictsWith(c)) inTheWay.Add(index.Items[k].TrainId);
            }
        return inTheWay;
    }

    /// <summary>
    /// Where a regular train can wait: every place on its way where trains can cross or be held (its own stops, the loops
    /// and stations it runs through, its origin), not its destination, with its position along the train's own path and
    /// whether it stops there anyway (or starts there). Places without a holding track are left out, except the origin.
    /// </summary>
    internal static List<(CorridorPlace Place, Position Along, bool Stops)> HoldPlaces(Corridor corridor, PlacedTrain t, ClearanceSettings settings)
    {
        var lo = Position.Min(t.From, t.To);
        var hi = Position.Max(t.From, t.To);
        return corridor.Places.Where(pl => pl.CanCross && pl.Position >= lo && pl.Position <= hi && pl.Position != t.To)
            .Select(pl => (Place: pl, Along: Position.Origin + (t.Forward ? pl.Position - t.From : t.From - pl.Position),
                           Stops: t.Calls.Any(c => c.Place == pl && c.Stops) || pl.Position == t.From))
            .Where(c => c.Along >= Position.Origin && (c.Along == Position.Origin || settings.HoldTracksAt(c.Place) > 0))
            .OrderBy(c => c.Along).ToList();
    }

    /// <summary>
    /// The orders, train by train in order of departure (every regular train, so a train held into another's path makes
    /// that one wait in its turn); null once the total delay exceeds the budget.
    /// </summary>
    private static (List<ClearanceOrder> Orders, Dictionary<string, NodaTime.Duration> Delays, HashSet<string> Cancelled, List<PlacedTrain> Result,
        Dictionary<string, IReadOnlyList<BlockOccupation>> Final)? Orders(ClearanceProblem problem, TrafficBaseline baseline, ClearanceSettings settings, double budget)
    {
        var corridor = problem.Corridor;
        var options = settings.Options;
        var p = problem.Parameters;
        var spent = 0.0;
        var orders = new List<ClearanceOrder>();
        var delays = new Dictionary<string, NodaTime.Duration>();
        var cancelled = new HashSet<string>();
        var result = new List<PlacedTrain>();
        var final = new Dictionary<string, IReadOnlyList<BlockOccupation>>(StringComparer.Ordinal);
        var dispatched = new Dispatched(problem.ConvoyByBlock, baseline);
        // Trains standing held at each place (arrival to departure): no more at once than the place's holding tracks.
        var standing = new Dictionary<string, List<(Instant From, Instant Until)>>(StringComparer.Ordinal);
        var refused = new Fortress.Diagnostics.ProblemList();
        foreach (var t in problem.Traffic.OrderBy(t => t.Departure).ThenBy(t => t.Train.Id, StringComparer.Ordinal))
        {
            WorkLimits.Checkpoint();
            var id = t.Train.Id;
            var occ = baseline.Occupations[id];
            // As timetabled it can only meet the convoy or a train already re-timed (trains as timetabled never meet anew).
            var conflicts = dispatched.Conflicts(id, occ, kept: false);
            if (conflicts.Count == 0) { final[id] = occ; result.Add(t); dispatched.Keep(id); continue; }

            var path = baseline.Blocks[id];
            Position BlockStart(string blockId) => path.First(b => b.Id == blockId).Start;
            var firstBlockStart = conflicts.Select(c => BlockStart(Mine(c, id).BlockId)).Min();
            // Where it can wait: the places on its way before its first conflict, nearest first.
            var candidates = HoldPlaces(corridor, t, settings).Where(c => c.Along <= firstBlockStart).OrderByDescending(c => c.Along).Take(6).ToList();
            // Whether a hold at a place from `from` to `until` finds a holding track free (the origin needs none).
            bool TrackFree((CorridorPlace Place, Position Along, bool Stops) call, PlacedTrain subject, double wait)
            {
                if (call.Along == Position.Origin) return true;
                var (from, until) = Standing(t, subject, call.Along, wait);
                var n = standing.TryGetValue(call.Place.Name, out var l) ? l.Count(x => x.From < until && from < x.Until) : 0;
                return n < settings.HoldTracksAt(call.Place);
            }
            // The least hold at one place: the wait (seconds, whole minutes) that leaves no conflict with the convoy or a
            // train already dispatched; null when holding there cannot help or would cost at least `bound`. The train's
            // movement is `subject` (with a stop at the place where it would only pass), held by the wait plus `fixedWait`;
            // its delay is the wait plus `penalty` (the extra running time of stopping there).
            (double Delay, double Wait, IReadOnlyList<BlockOccupation> Occ)? Try(Position q, PlacedTrain subject, double fixedWait, double penalty, double bound)
            {
                var held = HoldModel(subject, path, p, q, ReferenceEquals(subject, t) ? occ : Occupations(subject, path, p, null, 0), occ, dispatched);
                var d = 0.0;
                for (var it = 0; it < 80; it++)
                {
                    var total = d + (d > 0 ? penalty : 0);
                    // A longer wait here than the best place found so far cannot win.
                    if (total >= bound - 1e-6) return null;
                    var wait = d + (d > 0 ? fixedWait : 0);
                    var left = held(wait);
                    if (left.Count == 0)
                    {
                        // Holds are ordered in whole minutes: round the wait up and check again.
                        var whole = Math.Ceiling(d / 60 - 1e-9) * 60;
                        if (whole - d >= 1e-6) { d = whole; continue; }
                        // The blocking times as the running-time engine gives them, checked once more.
                        var trial = d > 0 ? Occupations(subject, path, p, q, wait) : occ;
                        left = dispatched.Conflicts(id, trial, kept: true);
                        if (left.Count == 0) return (total, wait, trial);
                    }
                    // Conflicts before the hold point cannot be solved by holding there.
                    if (left.Any(c => BlockStart(Mine(c, id).BlockId) < q)) return null;
                    var push = left.Max(c => (Other(c, id).End - Mine(c, id).Start).TotalSeconds);
                    d += Math.Max(push, 1);
                    if (d > options.MaxHold.TotalSeconds) return null;
                }
                return null;
            }

            // Every place first with the fixed stand-in for stopping where the train only passes; the best place found is
            // then re-timed with the stop run by the running-time engine (braking and starting again) where the train allows.
            (double Delay, double Wait, (CorridorPlace Place, Position Along, bool Stops) Call, IReadOnlyList<BlockOccupation> Occ, PlacedTrain Subject)? best = null;
            foreach (var call in candidates)
            {
                var pass = !(call.Stops || call.Along == Position.Origin);
                var stand = pass ? options.StopPenalty.TotalSeconds : 0;
                if (Try(call.Along, t, stand, stand, best?.Delay ?? double.PositiveInfinity) is { } r && TrackFree(call, t, r.Wait)) best = (r.Delay, r.Wait, call, r.Occ, t);
            }
            if (best is { } chosen && !(chosen.Call.Stops || chosen.Call.Along == Position.Origin) && t.WithStopAt is { } stopAt)
            {
                // The stand-in is only a first estimate: a train that stops brakes and starts again, and its blocking times
                // before and after the place move with that (the optimiser times every stop so, and so the train runs).
                // Where the stop as run does not work at the best place, every place on its way is tried as it will be run
                // (not only the few nearest the stand-in ranked).
                (double Delay, double Wait, (CorridorPlace Place, Position Along, bool Stops) Call, IReadOnlyList<BlockOccupation> Occ, PlacedTrain Subject)? run = null;
                var everywhere = HoldPlaces(corridor, t, settings).Where(c => c.Along <= firstBlockStart).OrderByDescending(c => c.Along);
                foreach (var call in new[] { chosen.Call }.Concat(everywhere.Where(c => c != chosen.Call)))
                {
                    var pass = !(call.Stops || call.Along == Position.Origin);
                    var subject = pass ? t with { Movement = stopAt(call.Along) } : t;
                    var lost = subject.Movement.EndTime.Seconds - t.Movement.EndTime.Seconds;
                    if (Try(call.Along, subject, 0, lost, run?.Delay ?? double.PositiveInfinity) is { } r && TrackFree(call, subject, r.Wait)) run = (r.Delay, r.Wait, call, r.Occ, subject);
                    if (run is not null && call == chosen.Call) break;
                }
                // No place on its way works with the stop as it will be run (the stand-in hid a conflict: braking
                // lengthens the blocking times before the place): it cannot be held out of the way, as below.
                best = run;
            }
            if (best is null)
            {
                if (!settings.RuleFor(t.Train).MayCancel)
                {
                    refused.Add($"train {t.Train.Number}", $"cannot be held out of the way within {options.MaxHold.TotalHours:0.#} h at a place with a free track, and its category ({t.Train.Category}) may not be cancelled");
                    result.Add(t);
                    final[id] = occ;
                    dispatched.Keep(id);
                    continue;
                }
                cancelled.Add(id);
                orders.Add(new ClearanceOrder(id, t.Train.Number, OrderKind.Cancel, corridor.PlaceAt(t.From).Name, corridor.PlaceAt(t.From).Zone, t.Departure, null, NodaTime.Duration.Zero));
                // For comparing departures a cancellation weighs as the longest hold (its delay is not defined).
                spent += options.MaxHold.TotalSeconds;
                if (spent > budget) return null;
                continue;
            }
            var (delay, waited, c0, o, moved) = best.Value;
            final[id] = o;
            dispatched.Move(o);
            var dd = NodaTime.Duration.FromSeconds(delay);
            delays[id] = dd;
            spent += delay;
            if (spent > budget) return null;
            var (order, placed) = MakeOrder(problem, t, c0, moved, waited, dd);
            orders.Add(order);
            result.Add(placed);
            if (c0.Along != Position.Origin)
            {
                if (!standing.TryGetValue(c0.Place.Name, out var l)) standing[c0.Place.Name] = l = [];
                l.Add(Standing(t, moved, c0.Along, waited));
            }
        }
        if (refused.Count > 0) throw new Fortress.Diagnostics.InfeasibleException("clearance.impossible", string.Join("; ", refused.Items.Select(x => $"{x.Where}: {x.Message}")));
        return (orders, delays, cancelled, result, final);
    }

    /// <summary>
    /// The blocking times a train being dispatched must keep clear of: the convoy's, and those of the regular trains
    /// dispatched before it (as timetabled or re-timed), except where the two already conflicted in their own timetable
    /// (that conflict is the timetable's, not the clearance's).
    /// </summary>
    internal sealed class Dispatched(Dictionary<string, BlockOccupation[]> convoy, TrafficBaseline baseline)
    {
        private readonly HashSet<string> kept = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<BlockOccupation>> moved = new(StringComparer.Ordinal);

        /// <summary>A train dispatched as timetabled.</summary>
        public void Keep(string id) => kept.Add(id);

        /// <summary>A train dispatched re-timed, with its blocking times as it will run.</summary>
        public void Move(IReadOnlyList<BlockOccupation> occ)
        {
            foreach (var o in occ)
            {
                if (!moved.TryGetValue(o.InfrastructureId, out var l)) moved[o.InfrastructureId] = l = [];
                l.Add(o);
            }
        }

        /// <summary>
        /// Every blocking time on <paramref name="mine"/>'s block that excludes it while it lasts from <paramref name="from"/> to
        /// <paramref name="to"/>; <paramref name="kept"/>: also the trains dispatched as timetabled (only a re-timed train can meet them).
        /// </summary>
        public IEnumerable<BlockOccupation> Against(string self, BlockOccupation mine, Instant from, Instant to, bool kept)
        {
            var block = mine.InfrastructureId;
            bool Excludes(BlockOccupation o) => (mine.SingleTrack || o.SingleTrack || mine.Direction == o.Direction) && o.Start < to && from < o.End;
            if (convoy.TryGetValue(block, out var cs))
                foreach (var c in cs) if (Excludes(c)) yield return c;
            if (moved.TryGetValue(block, out var ms))
                foreach (var o in ms) if (o.TrainId != self && Excludes(o) && !baseline.Conflicted(self, o.TrainId, block)) yield return o;
            if (kept && baseline.ByBlock.TryGetValue(block, out var index))
                for (var k = index.FirstStartingFrom(from - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < to; k++)
                {
                    var o = index.Items[k];
                    if (this.kept.Contains(o.TrainId) && o.TrainId != self && Excludes(o) && !baseline.Conflicted(self, o.TrainId, block)) yield return o;
                }
        }

        /// <summary>The conflicts of a train's blocking times with what it must keep clear of.</summary>
        public List<Conflict> Conflicts(string self, IReadOnlyList<BlockOccupation> occ, bool kept)
        {
            var list = new List<Conflict>();
            foreach (var o in occ)
                foreach (var other in Against(self, o, o.Start, o.End, kept)) list.Add(Conflict.Between(o, other));
            return list;
        }
    }

    /// <summary>When a held train stands at a place: from its arrival (on the movement with the stop) to its departure after the wait.</summary>
    internal static (Instant From, Instant Until) Standing(PlacedTrain t, PlacedTrain subject, Position along, double wait)
    {
        var arrive = t.Departure + NodaTime.Duration.FromSeconds(subject.Movement.TimeAtFront(along)!.Value.Seconds);
        var stop = subject.Movement.Stops.FirstOrDefault(s => s.Position == along);
        var leave = (stop is not null ? t.Departure + NodaTime.Duration.FromSeconds(stop.Departure.Seconds) : arrive) + NodaTime.Duration.FromSeconds(wait);
        return (arrive, leave);
    }

    /// <summary>
    /// The order for a train held at <paramref name="call"/> for <paramref name="waited"/> seconds on the movement of
    /// <paramref name="moved"/> (the train itself, or with a stop inserted where it would only pass), delayed by
    /// <paramref name="delay"/> at its destination; and the train as it will run.
    /// </summary>
    internal static (ClearanceOrder Order, PlacedTrain Placed) MakeOrder(ClearanceProblem problem, PlacedTrain t, (CorridorPlace Place, Position Along, bool Stops) call,
        PlacedTrain moved, double waited, NodaTime.Duration delay)
    {
        var kind = call.Along == Position.Origin ? OrderKind.RunLater
            : problem.Corridor.TracksAt(call.Place.Position) == 1 && t.Forward != problem.ConvoyForward ? OrderKind.CrossAt
            : OrderKind.Hold;
        ClearanceOrder order;
        if (ReferenceEquals(moved, t))
        {
            var at = t.Departure + NodaTime.Duration.FromSeconds(t.Movement.TimeAtFront(call.Along)!.Value.Seconds);
            var stop = t.Movement.Stops.FirstOrDefault(s => s.Position == call.Along);
            var depart = stop is not null ? t.Departure + NodaTime.Duration.FromSeconds(stop.Departure.Seconds) : at;
            order = new ClearanceOrder(t.Train.Id, t.Train.Number, kind, call.Place.Name, call.Place.Zone, kind == OrderKind.RunLater ? t.Departure : at, depart + delay, delay);
        }
        else
        {
            // Stopped where it would have passed: it waits from its arrival (braking timed) for the wait; its delay also counts the time lost braking and starting.
            var arrive = t.Departure + NodaTime.Duration.FromSeconds(moved.Movement.TimeAtFront(call.Along)!.Value.Seconds);
            order = new ClearanceOrder(t.Train.Id, t.Train.Number, kind, call.Place.Name, call.Place.Zone, arrive, arrive + NodaTime.Duration.FromSeconds(waited), delay);
        }
        return (order, t with { Movement = Delay(moved.Movement, call.Along, waited) });
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
                        if (mine.ConflictsWith(other) && !baseline.Conflicted(id, other.TrainId, mine.InfrastructureId)) count++;
                    }
                }
                // Other re-timed trains, each pair once.
                foreach (var other in retimed[mine.InfrastructureId])
                    if (string.CompareOrdinal(other.TrainId, id) > 0 && mine.ConflictsWith(other)
                        && !baseline.Conflicted(id, other.TrainId, mine.InfrastructureId)) count++;
            }
        return count;
    }

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
        IReadOnlyDictionary<string, BlockIndex> ByBlock)
    {
        private HashSet<(string, string, string)>? conflicted;

        /// <summary>
        /// Whether two regular trains already conflict on a block in their own timetable (a timetable need not be free of
        /// conflicts: generated or imported ones often are not). Such a pair is the timetable's, not the clearance's: it is
        /// neither a knock-on conflict nor forbidden.
        /// </summary>
        public bool Conflicted(string a, string b, string block)
        {
            if (conflicted is null)
            {
                var set = new HashSet<(string, string, string)>();
                foreach (var c in ConflictDetector.Detect(Occupations.Values.SelectMany(x => x)))
                {
                    var (x, y) = (c.First.TrainId, c.Second.TrainId);
                    set.Add(string.CompareOrdinal(x, y) < 0 ? (x, y, c.InfrastructureId) : (y, x, c.InfrastructureId));
                }
                Interlocked.CompareExchange(ref conflicted, set, null);
            }
            return conflicted.Contains(string.CompareOrdinal(a, b) < 0 ? (a, b, block) : (b, a, block));
        }
    }

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
    /// The conflicts of a regular train held at <paramref name="q"/> with what it must keep clear of, as a function of the
    /// hold (seconds), without re-running its movement: a hold delays everything after q by its whole length, so each time
    /// either stays or moves by the hold (found by comparing one probe hold with a hold of no length; <paramref name="unheld"/>:
    /// not held at all). The caller checks the result with <see cref="Occupations(PlacedTrain, IReadOnlyList{BlockSection}, BlockingParameters, Position?, double)"/>
    /// before using it.
    /// </summary>
    private static Func<double, List<Conflict>> HoldModel(PlacedTrain t, IReadOnlyList<BlockSection> path, BlockingParameters p, Position q,
        IReadOnlyList<BlockOccupation> zeroWait, IReadOnlyList<BlockOccupation> unheld, Dispatched dispatched)
    {
        const double probe = 600;
        var n = path.Count;
        var self = t.Train.Id;
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
                foreach (var c in dispatched.Against(self, a, start, end, kept: delay > 0))
                {
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
