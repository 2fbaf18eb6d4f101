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
/// The regular traffic on the corridor during the journey, with the typical consist of each category (used to place
/// every regular train with its own running times).
/// </summary>
public sealed record BackgroundTraffic(RegularTimetable Timetable, IReadOnlyDictionary<string, Consist> ConsistByCategory, Consist DefaultConsist)
{
    public Consist ConsistFor(RegularTrain t) =>
        t.Category is { } c && ConsistByCategory.TryGetValue(c, out var k) ? k : DefaultConsist;
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
/// <param name="Legs">
/// The runs it was placed with, one per leg between two calls (null where it was placed without runs): what a simulation
/// of the traffic follows.
/// </param>
public sealed record PlacedTrain(RegularTrain Train, Position From, Position To, Instant Departure, TrainMovement Movement, Length Length,
    IReadOnlyList<(CorridorPlace Place, Position Along, bool Stops)> Calls, Func<Position, TrainMovement>? WithStopAt = null,
    IReadOnlyList<PlacedLeg>? Legs = null)
{
    public bool Forward => To > From;
}

/// <summary>One leg of a placed regular train: its run from one call to the next.</summary>
/// <param name="Start">Where it starts along the train's own path (0 at its first call).</param>
/// <param name="Departure">When it leaves, from the train's departure (its timetable time, or the arrival when that is later).</param>
/// <param name="Run">The run, standing at both ends.</param>
/// <param name="Path">The path it was run on (0 at <paramref name="Start"/>).</param>
/// <param name="Consist">The train.</param>
/// <param name="DwellAtEnd">The timetable's dwell at the call it ends at (zero where none is given).</param>
public sealed record PlacedLeg(Position Start, Duration Departure, RunResult Run, RunningPath Path, Consist Consist, Duration DwellAtEnd);

/// <summary>
/// Places regular trains on a corridor with their own running times: the timetable gives where they call and when
/// they leave each stop; the running-time engine (with a typical consist per category) gives how long each leg takes.
/// Stops are matched to corridor places by name or id (case- and accent-insensitive), at the occurrences consistent with
/// the train's direction where the corridor passes a place twice.
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
        foreach (var t in timetable.Trains)
        {
            // The timing points on the corridor, each at the occurrence that keeps the train running one way (a place the
            // corridor passes twice is matched to the pass in the train's direction; PlaceOccurrences).
            var onCorridor = t.Stops.Where(s => corridor.Occurrences(s.Station.Name).Count > 0).ToList();
            if (onCorridor.Count < 2) { problems.Add($"train {t.Number}", $"calls at fewer than two places of corridor {corridor.Name}"); continue; }
            if (PlaceOccurrences.Resolve(corridor, onCorridor.Select(s => s.Station.Name).ToArray()) is not { } occurrences)
            {
                problems.Add($"train {t.Number}", $"does not run one way along the corridor ({string.Join(" - ", onCorridor.Select(s => s.Station.Name))})");
                continue;
            }
            var matched = occurrences.Places.Zip(onCorridor, (p, s) => (Place: p, Stop: s)).ToList();
            var forward = occurrences.Forward;
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
                StopMemo(q => WithStop(movement, legs, legPaths, consist, q)),
                legs.Select((l, i) => new PlacedLeg(l.Start, Duration.FromSeconds(l.DepOffset), l.Run, legPaths[i], consist,
                    Duration.FromSeconds(matched[i + 1].Stop.Dwell?.TotalSeconds ?? 0))).ToArray()));
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
    /// The movement with a stop of no dwell at <paramref name="q"/> (along the train's path): the leg through q re-run with
    /// the stop (braking to it and starting again), every later time later by the leg's extra running time.
    /// </summary>
    private static TrainMovement WithStop(TrainMovement movement, List<(Position Start, double DepOffset, RunResult Run)> legs, List<RunningPath> paths,
        Consist consist, Position q)
    {
        var k = legs.Count - 1;
        while (k > 0 && legs[k].Start >= q) k--;
        var legStart = legs[k].Start;
        var legEnd = legStart + legs[k].Run.Distance;
        if (q <= legStart || q >= legEnd) return movement; // it stops there already
        var at = Position.Origin + (q - legStart);
        var path = paths[k];
        var run = RunningTimeCalculator.Run(consist, path.WithStops([new RunStop("hold", at, Duration.Zero), .. path.Stops]));
        var extra = run.TotalTime.Seconds - legs[k].Run.TotalTime.Seconds;
        var dep = legs[k].DepOffset;
        var stops = movement.Stops.Select(s => s.Position > q ? s with { Departure = Duration.FromSeconds(s.Departure.Seconds + extra) } : s)
            .Append(new MovementStop(q, Duration.FromSeconds(dep + run.TimeAtFront(at)!.Value.Seconds)))
            .OrderBy(s => s.Position).ToArray();
        return movement with
        {
            TimeAtFront = x =>
            {
                if (x > legStart && x <= legEnd) return run.TimeAtFront(Position.Origin + (x - legStart)) is { } d ? Duration.FromSeconds(dep + d.Seconds) : null;
                var b = movement.TimeAtFront(x);
                return b is { } v && x > legEnd ? Duration.FromSeconds(v.Seconds + extra) : b;
            },
            Stops = stops,
        };
    }

    /// <summary>Case-, accent- and spacing-insensitive name match (the network's own folding).</summary>
    internal static bool Same(string a, string b) => Fortress.Network.NameText.Normalize(a) == Fortress.Network.NameText.Normalize(b);
}
