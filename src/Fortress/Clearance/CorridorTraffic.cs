using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Clearance;

/// <summary>
/// The block sections of a corridor. Between two consecutive places where trains can cross (station tracks left out:
/// a train waits or crosses there), split where the track count changes:
/// <list type="bullet">
/// <item>single track: one block (opposing trains meet only at crossing places); where the corridor has signals
/// (<see cref="Corridor.Signals"/>, from RailJSON), cut at every signal of either direction, the blocks shared by both
/// directions (opposing trains use the same track, so they must meet the same resources);</item>
/// <item>double track: blocks per direction cut at that direction's signals where it has some, otherwise fixed-length
/// blocks (default 2 km, an assumption typical of automatic block on main lines), shared by both directions where
/// neither has signals (only same-direction trains conflict there).</item>
/// </list>
/// </summary>
public sealed class CorridorBlocks
{
    private CorridorBlocks(IReadOnlyList<(string Id, Position Start, Position End, bool Single, bool? Forward)> blocks) => Blocks = blocks;

    /// <summary>The blocks by position; <c>Forward</c> null: used in both directions, otherwise only by trains running that way.</summary>
    public IReadOnlyList<(string Id, Position Start, Position End, bool Single, bool? Forward)> Blocks { get; }

    public static Length DefaultBlockLength { get; } = Length.FromKilometers(2);

    /// <summary>
    /// Station tracks on each side of a place where trains cross or wait: a train standing at the place with its front
    /// there has its whole length within them, clear of the line. Assumption: 750 m, the longest train usually admitted
    /// on European main lines (Russian lines take longer trains; set it per corridor).
    /// </summary>
    public static Length DefaultStationZone { get; } = Length.FromMeters(750);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Corridor, CorridorBlocks> Derived = new();

    /// <summary><see cref="Derive"/> with the default lengths, computed once per corridor (every plan of a slot search uses the same blocks).</summary>
    public static CorridorBlocks DeriveOnce(Corridor corridor) => Derived.GetValue(corridor, c => Derive(c));

    public static CorridorBlocks Derive(Corridor corridor, Length? blockLength = null, Length? stationZone = null)
    {
        var len = (blockLength ?? DefaultBlockLength).Meters;
        var zone = (stationZone ?? DefaultStationZone).Meters;
        var crossing = corridor.Places.Where(p => p.CanCross).Select(p => p.Position.Meters).ToList();
        var list = new List<(string, Position, Position, bool, bool?)>();
        for (var i = 0; i + 1 < crossing.Count; i++)
        {
            // The open line between the station tracks of two places (at least a few metres, for places very close together).
            var gap = crossing[i + 1] - crossing[i];
            var z = Math.Min(zone, gap / 3);
            double a = crossing[i] + z, b = crossing[i + 1] - z;
            // Split the stretch between two places where the track count changes.
            var cuts = new SortedSet<double> { a, b };
            foreach (var t in corridor.Tracks)
            {
                if (t.Start.Meters > a && t.Start.Meters < b) cuts.Add(t.Start.Meters);
                if (t.End.Meters > a && t.End.Meters < b) cuts.Add(t.End.Meters);
            }
            var c = cuts.ToArray();
            for (var k = 0; k + 1 < c.Length; k++)
            {
                var single = corridor.TracksAt(Position.FromMeters((c[k] + c[k + 1]) / 2)) == 1;
                double[] SignalsIn(bool? forward) => corridor.Signals
                    .Where(sg => (forward is null || sg.Forward == forward) && sg.Position.Meters > c[k] + 1 && sg.Position.Meters < c[k + 1] - 1)
                    .Select(sg => sg.Position.Meters).Distinct().ToArray();
                if (single)
                {
                    // Opposing trains use the same track: both directions share the blocks, cut at every signal.
                    var at = SignalsIn(null);
                    if (at.Length == 0) { list.Add(($"S{i}.{k}", Position.FromMeters(c[k]), Position.FromMeters(c[k + 1]), true, null)); continue; }
                    AddCut(list, $"S{i}.{k}.", c[k], c[k + 1], at, true, null);
                    continue;
                }
                var fwd = SignalsIn(true);
                var rev = SignalsIn(false);
                if (fwd.Length == 0 && rev.Length == 0) { AddFixed(list, $"D{i}.{k}.", c[k], c[k + 1], len, null); continue; }
                // Each direction on its own track: cut at its own signals, or in the configured length where it has none.
                if (fwd.Length > 0) AddCut(list, $"D{i}.{k}.F", c[k], c[k + 1], fwd, false, true); else AddFixed(list, $"D{i}.{k}.F", c[k], c[k + 1], len, true);
                if (rev.Length > 0) AddCut(list, $"D{i}.{k}.R", c[k], c[k + 1], rev, false, false); else AddFixed(list, $"D{i}.{k}.R", c[k], c[k + 1], len, false);
            }
        }
        return new CorridorBlocks(list);
    }

    private static void AddFixed(List<(string, Position, Position, bool, bool?)> list, string prefix, double a, double b, double len, bool? forward)
    {
        var n = Math.Max(1, (int)Math.Round((b - a) / len));
        for (var m = 0; m < n; m++)
            list.Add(($"{prefix}{m}", Position.FromMeters(a + (b - a) * m / n), Position.FromMeters(a + (b - a) * (m + 1) / n), false, forward));
    }

    private static void AddCut(List<(string, Position, Position, bool, bool?)> list, string prefix, double a, double b, double[] at, bool single, bool? forward)
    {
        var bounds = at.Where(x => x > a && x < b).Append(a).Append(b).Distinct().Order().ToArray();
        for (var m = 0; m + 1 < bounds.Length; m++)
            list.Add(($"{prefix}{m}", Position.FromMeters(bounds[m]), Position.FromMeters(bounds[m + 1]), single, forward));
    }

    /// <summary>The blocks a train meets between two corridor positions, in its running order and in its own path coordinates.</summary>
    public IReadOnlyList<BlockSection> For(Position from, Position to, Length corridorLength)
    {
        var forward = to > from;
        var lo = Position.Min(from, to);
        var hi = Position.Max(from, to);
        // Blocks inside the run; the block in which the run ends short of a place is clipped to where it ends.
        var inside = Blocks.Where(b => (b.Forward is null || b.Forward == forward) && b.Start >= lo - Length.FromMeters(1e-6) && b.Start < hi - Length.FromMeters(1e-6))
            .Select(b => b.End <= hi ? b : (Id: b.Id, Start: b.Start, End: hi, Single: b.Single, Forward: b.Forward));
        if (forward)
            return inside.Select(b => new BlockSection(b.Id, b.Id, Position.Origin + (b.Start - from), Position.Origin + (b.End - from), TravelDirection.Forward, b.Single)).ToArray();
        return inside.Reverse().Select(b => new BlockSection(b.Id, b.Id, Position.Origin + (from - b.End), Position.Origin + (from - b.Start), TravelDirection.Reverse, b.Single)).ToArray();
    }
}

/// <summary>A train of the regular traffic placed on the corridor: where it runs and when its front is where.</summary>
/// <param name="Train">The timetable entry.</param>
/// <param name="From">Corridor position of its first timing point.</param>
/// <param name="To">Corridor position of its last timing point.</param>
/// <param name="Departure">Its departure from the first timing point.</param>
/// <param name="Movement">Its front's times along its own path (0 at <see cref="From"/>), with its stops.</param>
/// <param name="Length">Train length.</param>
/// <param name="Calls">Corridor places it calls at, with their position along its own path.</param>
/// <param name="WithStopAt">
/// Its movement with a stop (no dwell) inserted at a position along its own path where it only passes: the leg through
/// it re-run by the running-time engine, so braking and starting again are timed; everything after that leg later by
/// the difference. Null where the train was placed without its runs (then a fixed penalty stands in).
/// </param>
/// <param name="WithStopsAt">The same with stops at several positions at once (each leg re-run with the stops in it); null as above.</param>
public sealed record PlacedTrain(RegularTrain Train, Position From, Position To, Instant Departure, TrainMovement Movement, Length Length,
    IReadOnlyList<(CorridorPlace Place, Position Along, bool Stops)> Calls, Func<Position, TrainMovement>? WithStopAt = null,
    Func<IReadOnlyList<Position>, TrainMovement>? WithStopsAt = null)
{
    public bool Forward => To > From;
}

/// <summary>
/// Places regular trains on a corridor with their own running times: the timetable gives where they call and when
/// they leave each stop; the running-time engine (with a typical consist per category) gives how long each leg takes.
/// Stops are matched to corridor places by name (case- and accent-insensitive).
/// </summary>
public static class TrafficPlacement
{
    // A journey's traffic is placed once and reused by every plan made for it (a slot search plans many departures).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BackgroundTraffic, Tuple<Corridor, IReadOnlyList<PlacedTrain>>> Placed = new();

    /// <summary><see cref="Place"/> for a journey's background traffic, computed once per traffic and corridor.</summary>
    public static IReadOnlyList<PlacedTrain> PlaceOnce(Corridor corridor, BackgroundTraffic traffic)
    {
        if (Placed.TryGetValue(traffic, out var hit) && ReferenceEquals(hit.Item1, corridor)) return hit.Item2;
        var placed = Place(corridor, traffic.Timetable, traffic.ConsistFor);
        Placed.AddOrUpdate(traffic, Tuple.Create(corridor, placed));
        return placed;
    }

    public static IReadOnlyList<PlacedTrain> Place(Corridor corridor, RegularTimetable timetable, Func<RegularTrain, Consist> consistFor)
    {
        var problems = new ProblemList();
        var placed = new List<PlacedTrain>();
        var reversed = corridor.Path.Reversed();
        var L = corridor.Path.Length;
        // Names folded once (the first place of a folded name wins, as in Corridor.Find).
        var byName = new Dictionary<string, CorridorPlace>(StringComparer.Ordinal);
        foreach (var pl in corridor.Places) byName.TryAdd(Fortress.Network.NameText.Normalize(pl.Name), pl);
        foreach (var t in timetable.Trains)
        {
            var matched = new List<(CorridorPlace Place, TimetableStop Stop)>();
            foreach (var s in t.Stops)
                if (byName.TryGetValue(Fortress.Network.NameText.Normalize(s.Station.Name), out var p)) matched.Add((p, s));
            if (matched.Count < 2) { problems.Add($"train {t.Number}", $"calls at fewer than two places of corridor {corridor.Name}"); continue; }
            var forward = matched[^1].Place.Position > matched[0].Place.Position;
            for (var i = 1; i < matched.Count; i++)
                if ((matched[i].Place.Position > matched[i - 1].Place.Position) != forward)
                    problems.Add($"train {t.Number}", $"does not run one way along the corridor ({matched[i - 1].Place.Name} then {matched[i].Place.Name})");
            var dep0 = matched[0].Stop.LastTime;
            if (dep0 is null) { problems.Add($"train {t.Number}", $"has no departure time at {matched[0].Place.Name}"); continue; }
            var consist = consistFor(t);
            Position Along(CorridorPlace p) => forward ? Position.Origin + (p.Position - matched[0].Place.Position) : Position.Origin + (matched[0].Place.Position - p.Position);
            var legs = new List<(Position Start, double DepOffset, RunResult Run)>();
            var legPaths = new List<RunningPath>();
            var stops = new List<MovementStop>();
            try
            {
                for (var i = 0; i + 1 < matched.Count; i++)
                {
                    var a = matched[i];
                    var b = matched[i + 1];
                    var depart = (a.Stop.LastTime ?? dep0.Value) - dep0.Value;
                    // A leg never departs before the previous leg has arrived (timetables with too little time are run as fast as possible).
                    if (legs.Count > 0)
                    {
                        var prev = legs[^1];
                        depart = NodaTime.Duration.Max(depart, NodaTime.Duration.FromSeconds(prev.DepOffset + prev.Run.TotalTime.Seconds));
                    }
                    var basePath = forward ? corridor.Path : reversed;
                    var from = forward ? a.Place.Position : Position.Origin + (L - (a.Place.Position - Position.Origin));
                    var to = forward ? b.Place.Position : Position.Origin + (L - (b.Place.Position - Position.Origin));
                    var leg = basePath.Slice(from, to, [new RunStop(b.Place.Name, Position.Origin + (to - from), Duration.Zero)]);
                    var run = RunningTimeCalculator.Run(consist, leg);
                    legs.Add((Along(a.Place), depart.TotalSeconds, run));
                    legPaths.Add(leg);
                    if (i > 0) stops.Add(new MovementStop(Along(a.Place), Duration.FromSeconds(depart.TotalSeconds)));
                }
            }
            catch (FortressException ex) when (ex.Cause == ErrorCause.User)
            {
                problems.Add($"train {t.Number}", ex.Message);
                continue;
            }
            var end = Along(matched[^1].Place);
            var movement = new TrainMovement(Position.Origin, end, x =>
            {
                if (x < Position.Origin || x > end) return null;
                for (var k = legs.Count - 1; k >= 0; k--)
                    if (x >= legs[k].Start)
                    {
                        var tt = legs[k].Run.TimeAtFront(Position.Origin + (x - legs[k].Start));
                        if (tt is { } d) return Duration.FromSeconds(legs[k].DepOffset + d.Seconds);
                    }
                return null;
            }, stops);
            placed.Add(new PlacedTrain(t, matched[0].Place.Position, matched[^1].Place.Position, dep0.Value, movement, consist.Length,
                matched.Select(m => (m.Place, Along(m.Place), m.Stop.Kind == StopKind.Stop)).ToArray(),
                StopMemo(q => WithStops(movement, legs, legPaths, consist, [q])), qs => WithStops(movement, legs, legPaths, consist, qs)));
        }
        problems.ThrowIfAny();
        return placed;
    }

    /// <summary>Each stop re-run once per train (a slot search clears the line for many departures).</summary>
    private static Func<Position, TrainMovement> StopMemo(Func<Position, TrainMovement> f)
    {
        var memo = new System.Collections.Concurrent.ConcurrentDictionary<Position, TrainMovement>();
        return q => memo.GetOrAdd(q, f);
    }

    /// <summary>
    /// The movement with stops of no dwell at <paramref name="qs"/> (along the train's path, where it only passes): each leg
    /// through one or more of them re-run with those stops (braking to each and starting again), every later time later by
    /// the extra running time of the legs before it.
    /// </summary>
    private static TrainMovement WithStops(TrainMovement movement, List<(Position Start, double DepOffset, RunResult Run)> legs, List<RunningPath> paths,
        Consist consist, IReadOnlyList<Position> qs)
    {
        // The re-run legs by index, with the extra running time each adds.
        var rerun = new SortedDictionary<int, (RunResult Run, double Extra)>();
        var added = new List<MovementStop>();
        foreach (var g in qs.Distinct().GroupBy(q => LegOf(legs, q)))
        {
            var k = g.Key;
            var legStart = legs[k].Start;
            var legEnd = legStart + legs[k].Run.Distance;
            var inside = g.Where(q => q > legStart && q < legEnd).Order().ToArray();
            if (inside.Length == 0) continue; // it stops there already
            var path = paths[k];
            var run = RunningTimeCalculator.Run(consist, path.WithStops([.. inside.Select(q => new RunStop("hold", Position.Origin + (q - legStart), Duration.Zero)), .. path.Stops]));
            rerun[k] = (run, run.TotalTime.Seconds - legs[k].Run.TotalTime.Seconds);
        }
        if (rerun.Count == 0) return movement;
        // Extra time accumulated before each leg.
        var before = new double[legs.Count + 1];
        for (var k = 0; k < legs.Count; k++) before[k + 1] = before[k] + (rerun.TryGetValue(k, out var r) ? r.Extra : 0);
        foreach (var (k, r) in rerun)
            foreach (var q in qs.Distinct().Where(q => LegOf(legs, q) == k && q > legs[k].Start && q < legs[k].Start + legs[k].Run.Distance))
                added.Add(new MovementStop(q, Duration.FromSeconds(legs[k].DepOffset + before[k] + r.Run.TimeAtFront(Position.Origin + (q - legs[k].Start))!.Value.Seconds)));
        var stops = movement.Stops.Select(s => s with { Departure = Duration.FromSeconds(s.Departure.Seconds + before[LegOf(legs, s.Position, leaving: true)]) })
            .Concat(added).OrderBy(s => s.Position).ToArray();
        return movement with
        {
            TimeAtFront = x =>
            {
                if (x < movement.Start || x > movement.End) return null;
                var k = LegOf(legs, x);
                if (rerun.TryGetValue(k, out var r))
                    return r.Run.TimeAtFront(Position.Origin + (x - legs[k].Start)) is { } d ? Duration.FromSeconds(legs[k].DepOffset + before[k] + d.Seconds) : null;
                var b = movement.TimeAtFront(x);
                return b is { } v ? Duration.FromSeconds(v.Seconds + before[k]) : null;
            },
            Stops = stops,
        };
    }

    /// <summary>The leg a position lies on (its end belongs to the leg that arrives there), or the leg that leaves it.</summary>
    private static int LegOf(List<(Position Start, double DepOffset, RunResult Run)> legs, Position x, bool leaving = false)
    {
        var k = legs.Count - 1;
        while (k > 0 && (leaving ? legs[k].Start > x : legs[k].Start >= x)) k--;
        return k;
    }

    /// <summary>Case-, accent- and spacing-insensitive name match (the network's own folding).</summary>
    internal static bool Same(string a, string b) => Fortress.Network.NameText.Normalize(a) == Fortress.Network.NameText.Normalize(b);
}
