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
/// A regular service to generate on a corridor: trains from one place to another calling at the listed places,
/// the first leaving at a local time, then one every <see cref="Interval"/>, in one or both directions.
/// </summary>
public sealed record TrafficPattern(string From, string To, string Category, IReadOnlyList<string> StopsAt, LocalTime FirstDeparture,
    NodaTime.Duration Interval, int TrainsPerDay, bool BothDirections, string NumberPrefix, Duration Dwell);

/// <summary>
/// Generates a representative regular timetable where no real one is available (the flagship corridor has no public
/// timetable): each train's times come from the running-time engine with the category's typical consist, plus the
/// dwell at each stop and a 5 % running-time allowance (an assumption in line with common timetable practice).
/// </summary>
public static class RepresentativeTraffic
{
    public static RegularTimetable Generate(Corridor corridor, LocalDate firstDay, int days, IReadOnlyList<TrafficPattern> patterns, Func<string, Consist> consistFor)
    {
        var problems = new ProblemList();
        if (days < 0) throw new ArgumentOutOfRangeException(nameof(days), "must not be negative");
        // The size is known before any train is made: refused here, never half-generated.
        WorkLimits.Check("traffic.generate", "generatedTrains", "regular trains to generate (trains per day x directions x days)",
            (double)days * patterns.Sum(p => (double)Math.Max(0, p.TrainsPerDay) * (p.BothDirections ? 2 : 1)), WorkLimits.Current.GeneratedTrains);
        var trains = new List<RegularTrain>();
        var reversed = corridor.Path.Reversed();
        var L = corridor.Path.Length;
        var allowance = RunOptions.Default with { Allowance = new Allowance(5, Duration.Zero) };
        var n = 0;
        foreach (var pat in patterns)
        {
            // The service's places in running order from `From` to `To`, at the occurrences that make one run along the
            // corridor (a place passed twice resolves to the pass between the service's ends).
            List<CorridorPlace> stops;
            try { stops = PlaceOccurrences.ResolveService(corridor, pat.From, pat.To, pat.StopsAt, $"traffic pattern {pat.NumberPrefix}").Places.ToList(); }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); continue; }
            var consist = consistFor(pat.Category);
            foreach (var dir in pat.BothDirections ? new[] { true, false } : [true])
            {
                // Each direction at the occurrences its own trains are placed on later (TrafficPlacement resolves them the same way).
                var names = (dir ? stops : Enumerable.Reverse(stops)).Select(p => p.Name).ToArray();
                var seq = PlaceOccurrences.Resolve(corridor, names)?.Places.ToList() ?? (dir ? stops : Enumerable.Reverse(stops)).ToList();
                var forward = seq[^1].Position > seq[0].Position;
                // Running time of each leg, computed once per direction.
                var legTimes = new List<double>();
                try
                {
                    for (var i = 0; i + 1 < seq.Count; i++)
                    {
                        var basePath = forward ? corridor.Path : reversed;
                        var from = forward ? seq[i].Position : Position.Origin + (L - (seq[i].Position - Position.Origin));
                        var to = forward ? seq[i + 1].Position : Position.Origin + (L - (seq[i + 1].Position - Position.Origin));
                        var run = RunningTimeCalculator.Run(consist, basePath.Slice(from, to, [new RunStop(seq[i + 1].Name, Position.Origin + (to - from), Duration.Zero)]), allowance);
                        legTimes.Add(Math.Ceiling(run.TotalTime.Seconds / 60) * 60); // timetables are in whole minutes
                    }
                }
                catch (FortressException ex) when (ex.Cause == ErrorCause.User) { problems.Add($"traffic pattern {pat.NumberPrefix}", ex.Message); continue; }
                for (var day = 0; day < days; day++)
                    for (var k = 0; k < pat.TrainsPerDay; k++)
                    {
                        WorkLimits.Checkpoint();
                        var local = (firstDay.PlusDays(day) + pat.FirstDeparture).PlusSeconds((long)(pat.Interval.TotalSeconds * k));
                        var t = local.InZoneLeniently(seq[0].Zone).ToInstant();
                        var ts = new List<TimetableStop>();
                        for (var i = 0; i < seq.Count; i++)
                        {
                            Instant? arr = i == 0 ? null : t;
                            Instant? dep = i == seq.Count - 1 ? null : (i == 0 ? t : t + NodaTime.Duration.FromSeconds(pat.Dwell.Seconds));
                            ts.Add(new TimetableStop(new StationRef(seq[i].Name, seq[i].Name), arr, dep, seq[i].Zone));
                            if (i + 1 < seq.Count) t = (dep ?? t) + NodaTime.Duration.FromSeconds(legTimes[i]);
                        }
                        var number = $"{pat.NumberPrefix}{(forward ? 2 * (k + 1) - 1 : 2 * (k + 1)) + 100 * day}";
                        trains.Add(new RegularTrain($"{number}-{n++}", number, $"{seq[0].Name} - {seq[^1].Name}", null, pat.Category, firstDay.PlusDays(day), null, ts));
                    }
            }
        }
        problems.ThrowIfAny();
        var stations = corridor.Places.Select(p => new StationRef(p.Name, p.Name)).ToArray();
        return new RegularTimetable(trains, stations, $"representative timetable generated for {corridor.Name} ({days} day(s) from {firstDay:uuuu-MM-dd})");
    }

    /// <summary>The longest a generated train may wait on its way in all for others to pass (an assumption); where it would wait longer it leaves later.</summary>
    public static readonly NodaTime.Duration MaxWait = NodaTime.Duration.FromHours(2);

    /// <summary>
    /// The buffer time kept between two generated trains' blocking times on one block: timetables keep one to three
    /// minutes between train paths so that small deviations do not spread (Hansen &amp; Pachl, "Railway Timetabling &amp;
    /// Operations", 2014, ch. 4). With none, the simulation delays 6 of the state visit's generated trains (its signals
    /// clear up to 2.5 minutes later than the blocking times say when a train leaves a loop behind an opposite one); with
    /// one minute, by 8 s in all; with two, not at all (decision 0016).
    /// </summary>
    public static readonly Duration Buffer = Duration.FromMinutes(2);

    /// <summary>The step in which a generated train's departure is moved when its waits on the way would be too long.</summary>
    public static readonly NodaTime.Duration LaterStep = NodaTime.Duration.FromMinutes(30);

    /// <summary>The latest a generated train may leave after its pattern's time; a train that finds no path by then is left out (and the traffic stage refuses the scenario).</summary>
    public static readonly NodaTime.Duration MaxLater = NodaTime.Duration.FromHours(6);

    /// <summary>
    /// The generated timetable made runnable: trains that meet on single track, or follow too closely, would share a block
    /// (the patterns are drawn without regard to each other). As a timetable planner does, trains are given their paths
    /// one at a time, the weightiest category first (<see cref="CategoryRule.Weight"/>), then the fastest, then the
    /// earliest; each later train waits (whole minutes) at the last place before the clash where trains can cross or be
    /// held (a loop or station with a holding track free while it stands there, or its origin) until the block is clear,
    /// as often as it meets one, and the wait becomes a call in its timetable (a crossing stop). Blocking times are the
    /// dispatcher's (<see cref="LineClearance"/>), stops as the running-time engine runs them. Where a train would wait more
    /// than <see cref="MaxWait"/> on its way it leaves later (<see cref="LaterStep"/>); a train with no path within
    /// <see cref="MaxLater"/> is left out of the timetable and named in the result (the line has no room for it).
    /// </summary>
    /// <param name="fixedTrains">Trains that keep their times (an imported timetable's): the generated ones are given paths around them.</param>
    public static (RegularTimetable Timetable, IReadOnlyList<string> LeftOut) Schedule(Corridor corridor, RegularTimetable generated,
        Func<RegularTrain, Consist> consistFor, CorridorBlocks blocks, ClearanceSettings settings, IReadOnlyList<PlacedTrain>? fixedTrains = null)
    {
        var placed = TrafficPlacement.Place(corridor, generated, consistFor);
        var p = blocks.Signalling.EffectiveBlocking;
        var buffer = NodaTime.Duration.FromSeconds(Buffer.Seconds);
        // The blocking times of the trains given their paths, per block in order of start, with the longest on each (a
        // clash is looked up by bisection, not by a scan of every train on the block).
        var accepted = new Dictionary<string, (List<BlockOccupation> Items, NodaTime.Duration Longest)>(StringComparer.Ordinal);
        var standing = new Dictionary<string, List<(Instant From, Instant Until)>>(StringComparer.Ordinal);
        foreach (var o in (fixedTrains ?? []).SelectMany(f => LineClearance.Occupations(f, blocks, null, 0))) Accept(o);
        var result = new Dictionary<string, RegularTrain>(StringComparer.Ordinal);
        var leftOut = new List<string>();
        var order = placed.OrderByDescending(t => settings.RuleFor(t.Train).Weight)
            .ThenByDescending(t => consistFor(t.Train).MaxSpeed.MetersPerSecond)
            .ThenBy(t => t.Departure).ThenBy(t => t.Train.Id, StringComparer.Ordinal);
        foreach (var t in order)
        {
            WorkLimits.Checkpoint();
            var path = blocks.For(t.From, t.To);
            var places = LineClearance.HoldPlaces(corridor, t, settings);
            var holds = new SortedDictionary<Position, double>();
            var runs = new Dictionary<string, TrainMovement>(StringComparer.Ordinal);
            TrainMovement movement = t.Movement;
            IReadOnlyList<BlockOccupation> occ = [];
            var fits = false;
            // Where the waits on the way grow too long, the train leaves later instead (a planner moves a path that does
            // not fit), in steps of LaterStep up to MaxLater.
            for (var later = 0.0; !fits && later <= MaxLater.TotalSeconds; later += LaterStep.TotalSeconds)
            {
            holds.Clear();
            if (later > 0) holds[Position.Origin] = later;
            while (true)
            {
                WorkLimits.Checkpoint();
                movement = Held(t, holds, runs);
                occ = path.Count == 0 ? [] : BlockingTimeCalculator.Compute(t.Train.Id, movement, t.Length, path, t.Departure, p);
                // The first blocking time that clashes with a train already given its path, and how long until it is clear.
                (BlockOccupation Mine, double Push)? clash = null;
                foreach (var o in occ.OrderBy(o => o.Start))
                {
                    if (!accepted.TryGetValue(o.InfrastructureId, out var others)) continue;
                    var push = double.NaN;
                    for (var k = FirstFrom(others.Items, o.Start - others.Longest - buffer); k < others.Items.Count && others.Items[k].Start < o.End + buffer; k++)
                    {
                        var a = others.Items[k];
                        if ((o.SingleTrack || a.SingleTrack || o.Direction == a.Direction) && o.Start < a.End + buffer)
                            push = double.IsNaN(push) ? (a.End + buffer - o.Start).TotalSeconds : Math.Max(push, (a.End + buffer - o.Start).TotalSeconds);
                    }
                    if (!double.IsNaN(push)) { clash = (o, Math.Max(push, 1)); break; }
                }
                if (clash is not { } c) { fits = true; break; }
                var blockStart = path.First(b => b.Id == c.Mine.BlockId).Start;
                // The last place before the clash with room to stand for the longer wait (the origin always has), and
                // room still at every later place it waits at, which it now reaches later.
                (Position Along, double Wait)? at = null;
                foreach (var call in places.Where(x => x.Along <= blockStart).OrderByDescending(x => x.Along))
                {
                    var wait = Math.Ceiling((holds.GetValueOrDefault(call.Along) + c.Push) / 60 - 1e-9) * 60;
                    var trial = new SortedDictionary<Position, double>(holds) { [call.Along] = wait };
                    if (trial.Where(x => x.Key >= call.Along && x.Key > Position.Origin)
                        .All(x => Room(places.First(pl => pl.Along == x.Key).Place, Standing(t, trial, x.Key, x.Value, runs))))
                    {
                        at = (call.Along, wait);
                        break;
                    }
                }
                if (at is not { } h) break;
                holds[h.Along] = h.Wait;
                if (holds.Where(x => x.Key > Position.Origin).Sum(x => x.Value) > MaxWait.TotalSeconds
                    || holds.GetValueOrDefault(Position.Origin) > MaxLater.TotalSeconds) break;
            }
            }
            if (!fits) { leftOut.Add(t.Train.Number); continue; }
            foreach (var o in occ) Accept(o);
            foreach (var (along, wait) in holds)
                if (along > Position.Origin && places.FirstOrDefault(x => x.Along == along) is { Place: { } place })
                {
                    if (!standing.TryGetValue(place.Name, out var l)) standing[place.Name] = l = [];
                    l.Add(Standing(t, holds, along, wait, runs));
                }
            result[t.Train.Id] = holds.Count == 0 ? t.Train : Retimed(t, movement, holds, places);
        }
        var trains = generated.Trains.Where(x => result.ContainsKey(x.Id)).Select(x => result[x.Id]).ToList();
        return (generated with { Trains = trains, Source = generated.Source + ", crossings and headways scheduled" }, leftOut);

        void Accept(BlockOccupation o)
        {
            if (!accepted.TryGetValue(o.InfrastructureId, out var l)) l = ([], NodaTime.Duration.Zero);
            l.Items.Insert(FirstFrom(l.Items, o.Start), o);
            accepted[o.InfrastructureId] = (l.Items, o.End - o.Start > l.Longest ? o.End - o.Start : l.Longest);
        }

        static int FirstFrom(List<BlockOccupation> items, Instant from)
        {
            int lo = 0, hi = items.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (items[mid].Start < from) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        bool Room(CorridorPlace place, (Instant From, Instant Until) span) =>
            (standing.TryGetValue(place.Name, out var l) ? l.Count(x => x.From < span.Until && span.From < x.Until) : 0) < settings.HoldTracksAt(place);
    }

    /// <summary>
    /// The train's movement with its waits (along its path, seconds): a stop where it would only pass, run by the engine
    /// (once per set of such stops, kept in <paramref name="runs"/>).
    /// </summary>
    private static TrainMovement Held(PlacedTrain t, SortedDictionary<Position, double> holds, Dictionary<string, TrainMovement> runs)
    {
        var passes = holds.Keys.Where(q => q > Position.Origin && !t.Calls.Any(c => c.Along == q)).ToList();
        var key = string.Join(",", passes.Select(q => q.Meters.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var m = t.Movement;
        if (passes.Count > 0 && t.WithStopsAt is { } stopsAt && !runs.TryGetValue(key, out m!)) runs[key] = m = stopsAt(passes);
        foreach (var (q, wait) in holds) m = LineClearance.Delay(m, q, wait);
        return m;
    }

    /// <summary>When the train stands at <paramref name="along"/> if it waits there <paramref name="wait"/> seconds (with its other waits before).</summary>
    private static (Instant From, Instant Until) Standing(PlacedTrain t, SortedDictionary<Position, double> holds, Position along, double wait,
        Dictionary<string, TrainMovement> runs)
    {
        var before = new SortedDictionary<Position, double>(holds.Where(h => h.Key < along).ToDictionary(h => h.Key, h => h.Value));
        before[along] = wait;
        var m = Held(t, before, runs);
        var leave = t.Departure + NodaTime.Duration.FromSeconds(m.Stops.First(s => s.Position == along).Departure.Seconds);
        return (leave - NodaTime.Duration.FromSeconds(wait), leave);
    }

    /// <summary>The train's timetable as it now runs: every call later by the waits before it, each wait a call of its own.</summary>
    private static RegularTrain Retimed(PlacedTrain t, TrainMovement m, SortedDictionary<Position, double> holds,
        List<(CorridorPlace Place, Position Along, bool Stops)> places)
    {
        var calls = t.Calls.Select((c, i) => (c.Along, Stop: (TimetableStop?)t.Train.Stops[i], Place: (CorridorPlace?)null))
            .Concat(holds.Keys.Where(q => !t.Calls.Any(c => c.Along == q))
                .Select(q => (Along: q, Stop: (TimetableStop?)null, Place: (CorridorPlace?)places.First(x => x.Along == q).Place)))
            .OrderBy(c => c.Along).ToList();
        var stops = new List<TimetableStop>();
        for (var i = 0; i < calls.Count; i++)
        {
            var (along, stop, place) = calls[i];
            var wait = holds.GetValueOrDefault(along);
            Instant? arr, dep;
            if (i == 0) { arr = null; dep = t.Departure + NodaTime.Duration.FromSeconds(wait); }
            else if (i == calls.Count - 1)
            {
                // As drawn (its running-time allowance kept), later by what the waits and stops on the way cost.
                var later = m.TimeAtFront(along)!.Value.Seconds - t.Movement.TimeAtFront(along)!.Value.Seconds;
                arr = (stop?.Arrival ?? t.Departure + NodaTime.Duration.FromSeconds(t.Movement.TimeAtFront(along)!.Value.Seconds)) + NodaTime.Duration.FromSeconds(later);
                dep = null;
            }
            else
            {
                dep = t.Departure + NodaTime.Duration.FromSeconds(m.Stops.First(s => s.Position == along).Departure.Seconds);
                var dwell = stop?.Dwell?.TotalSeconds ?? 0;
                arr = dep.Value - NodaTime.Duration.FromSeconds(dwell + wait);
            }
            stops.Add(stop is not null ? stop with { Arrival = arr, Departure = dep }
                : new TimetableStop(new StationRef(place!.Name, place.Name), arr, dep, place.Zone));
        }
        return t.Train with { Stops = stops };
    }
}
