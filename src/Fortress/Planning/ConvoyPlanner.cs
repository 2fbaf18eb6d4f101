using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Planning;

/// <summary>
/// Schedules the convoy along its corridor: each train's running time per leg from the running-time engine (with
/// its own consist on that leg), halts at stops, breaks of gauge and traction changes, and the pilot and escort kept
/// at their headways at every departure and all along every leg (a faster follower leaves later so it never closes
/// the gap). Times are instants; every call carries its place's time zone.
/// </summary>
public static class ConvoyPlanner
{

    /// <summary>Plans the convoy's timing with the journey's own timing options (<see cref="Journey.RunOptions"/>).</summary>
    public static ConvoyPlan Plan(Journey journey)
    {
        journey.Validate();
        var options = journey.RunOptions;
        var corridor = journey.Corridor;
        var halts = HaltList(journey);
        var convoy = journey.Trains; // running order, front first
        var m = convoy.Count;
        var mainIndex = convoy.Select((t, i) => (t, i)).Single(x => x.t.Role == ConvoyRole.Main).i;

        // Run every train over every leg, each with the consist it has on that leg.
        var runs = new RunResult[m][];
        var problems = new ProblemList();
        for (var i = 0; i < m; i++)
        {
            var t = convoy[i];
            runs[i] = new RunResult[halts.Count - 1];
            for (var k = 0; k + 1 < halts.Count; k++)
            {
                var a = halts[k];
                var b = halts[k + 1];
                try
                {
                    runs[i][k] = RunningTimeCalculator.Run(t.ConsistAt(a.Position), LegPath(corridor, t.Role, a, b), options);
                }
                catch (FortressException ex) when (ex.Cause == ErrorCause.User)
                {
                    problems.Add($"train {t.Id}, {a.Place} - {b.Place}", ex.Message);
                }
            }
        }
        problems.ThrowIfAny();

        // Departures from each halt. Each pair of neighbours (i ahead of i + 1) keeps the headway of the one farther from
        // the main train, at the departure and all along the leg (a faster follower leaves later: CatchUp). The main train
        // leaves as early as it and every pilot ahead of it can; the pilots then run exactly their headways ahead of it,
        // the escorts as soon as they are ready and their headways behind the train ahead allow.
        var n = halts.Count;
        var dep = new double[m][];
        var arr = new double[m][];
        for (var i = 0; i < m; i++) { dep[i] = new double[n]; arr[i] = new double[n]; }
        // The gap each pair keeps on each leg: the headway, the catch-up, and what the line's blocks add (below).
        var gaps = new double[n][];
        for (var k = 0; k + 1 < n; k++)
        {
            gaps[k] = new double[Math.Max(0, m - 1)];
            for (var i = 0; i + 1 < m; i++) gaps[k][i] = journey.HeadwayOf(convoy[i < mainIndex ? i : i + 1]).Seconds + CatchUp(runs[i][k], runs[i + 1][k]);
        }
        double Gap(int i, int k) => gaps[k][i];
        // Each train's turn in a facility that takes few trains at once (a bogie-exchange shed), by halt position.
        var slots = new Dictionary<Position, Dictionary<int, FacilityQueue.Slot>>();
        ConvoyPlan Build()
        {
            slots.Clear();
            for (var k = 0; k + 1 < n; k++)
            {
                // Ready to leave: arrived, through the halt's facility in its turn, and dwelt (at the origin the main train at
                // time 0, the others whenever needed).
                var ready = k == 0 ? null : slots[halts[k].Position] =
                    FacilityQueue.AtHalt(corridor, halts[k], convoy.Select((t, i) => (i, arr[i][k], t.ConsistAt(halts[k].Position))).ToArray());
                double Ready(int i) => k == 0 ? (i == mainIndex ? 0 : double.NegativeInfinity) : ready![i].Ready;
                var earliest = Ready(0);
                for (var i = 0; i < mainIndex; i++) earliest = Math.Max(Ready(i + 1), earliest + Gap(i, k));
                dep[mainIndex][k] = earliest;
                for (var i = mainIndex - 1; i >= 0; i--) dep[i][k] = dep[i + 1][k] - Gap(i, k);
                for (var i = mainIndex + 1; i < m; i++) dep[i][k] = Math.Max(Ready(i), dep[i - 1][k] + Gap(i - 1, k));
                for (var i = 0; i < m; i++) arr[i][k + 1] = dep[i][k] + runs[i][k].TotalTime.Seconds;
            }

            // Anchor the timeline: earliest departure of the main train, or back from the required arrival.
            var total = arr[mainIndex][n - 1];
            Instant t0;
            if (journey.EarliestDeparture is { } ed)
            {
                t0 = ed;
                if (journey.RequiredArrival is { } ra && t0 + NodaTime.Duration.FromSeconds(total) > ra)
                {
                    var late = t0 + NodaTime.Duration.FromSeconds(total) - ra;
                    var zone = corridor.PlaceAt(halts[^1].Position).Zone;
                    throw new InfeasibleException("plan.late",
                        $"the main train cannot arrive by the required {Fortress.Timetable.TimeText.Iso(ra, zone)}: leaving at the earliest departure {Fortress.Timetable.TimeText.Iso(ed, corridor.Places[0].Zone)} it arrives {late.TotalMinutes:0} min late (running and halts take {NodaTime.Duration.FromSeconds(total).TotalHours:0.0} h)");
                }
            }
            else
            {
                // Worked back from the required arrival, the departure is rounded down to the whole second, as timetables and
                // stored reports keep it (the convoy then arrives less than a second before the required time).
                var back = journey.RequiredArrival!.Value - NodaTime.Duration.FromSeconds(total);
                t0 = Instant.FromUnixTimeSeconds((long)Math.Floor(back.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond));
            }

            Instant At(double s) => t0 + NodaTime.Duration.FromSeconds(s);
            var trains = new List<PlannedTrain>();
            for (var i = 0; i < m; i++)
            {
                var t = convoy[i];
                var calls = new List<PlannedCall>();
                var legs = new List<PlannedLeg>();
                for (var k = 0; k < n; k++)
                {
                    var h = halts[k];
                    var zone = corridor.Find(h.Place, "journey").Zone;
                    calls.Add(new PlannedCall(h.Place, h.Position, zone, h.Kind, k == 0 ? null : At(arr[i][k]), k == n - 1 ? null : At(dep[i][k])));
                    if (k + 1 < n)
                    {
                        var run = runs[i][k];
                        legs.Add(new PlannedLeg(h.Place, halts[k + 1].Place, h.Position, halts[k + 1].Position, At(dep[i][k]), run, t.ConsistAt(h.Position).Name));
                        // Places passed without stopping on this leg.
                        foreach (var p in corridor.Places.Where(p => p.Position > h.Position && p.Position < halts[k + 1].Position))
                        {
                            var tp = run.TimeAtFront(Position.Origin + (p.Position - h.Position));
                            if (tp is { } d) calls.Add(new PlannedCall(p.Name, p.Position, p.Zone, CallKind.Pass, At(dep[i][k] + d.Seconds), At(dep[i][k] + d.Seconds)));
                        }
                    }
                }
                calls.Sort((a, b) => a.Position.CompareTo(b.Position));
                trains.Add(new PlannedTrain(t.Id, t.Role, t.Name, calls, legs));
            }

            // Each train in the facility from its turn to the end of its own work (it waits for its turn at the halt before).
            var gauge = corridor.GaugeChanges.Where(g => slots.ContainsKey(g.Position)).Select(g => new PlannedGaugeChange(g,
                trains.Select((tr, i) => { var sl = slots[g.Position][i]; return (tr.Id, At(sl.Start), At(sl.End)); }).ToArray())).ToArray();
            // Only the changes the journey reaches before its destination (a journey may end short of the corridor's end).
            var traction = corridor.TractionChanges.Where(tc => tc.Position < halts[^1].Position).Select(tc => new PlannedTractionChange(tc,
                trains.Select(tr =>
                {
                    var c = tr.Calls.First(c => c.Position == tc.Position);
                    return (tr.Id, c.Arrival!.Value, c.Departure!.Value, journey.Train(tr.Id).ConsistAt(tc.Position).Name);
                }).ToArray())).ToArray();
            var main = trains[mainIndex];
            var summary = new PlanSummary(halts[^1].Position - halts[0].Position, main.Arrival - main.Departure, gauge.Length, traction.Length);
            return new ConvoyPlan(journey, trains, gauge, traction, summary);
        }

        // The convoy checked against its own blocking times on the journey's blocks (with the buffer of
        // Signalling.ConvoyBuffer): where a train would meet a restrictive aspect set by the one ahead of it, that pair's
        // gap on that leg grows and the schedule is computed again (the runs stay; a few rounds suffice, as gaps only grow).
        var blocks = journey.Blocks;
        var blocking = blocks.Signalling.EffectiveBlocking;
        for (var round = 0; ; round++)
        {
            var plan = Build();
            var needs = m < 2 ? [] : ConvoyBlocking.Separation(plan, blocks, blocking);
            if (needs.Count == 0 || round == MaxSeparationRounds) return plan;
            foreach (var (k, i, seconds) in needs) gaps[k][i] += seconds;
        }
    }

    /// <summary>Rounds of widening the convoy's gaps to its blocking times; each round widens every gap that needs it.</summary>
    private const int MaxSeparationRounds = 40;


    /// <summary>
    /// How much later than one headway the follower must leave so that it never comes closer than the headway to the
    /// leader along the leg: max over positions of (leader's time from departure − follower's time from departure).
    /// </summary>
    internal static double CatchUp(RunResult leader, RunResult follower)
    {
        var length = Math.Min(leader.Distance.Meters, follower.Distance.Meters);
        var worst = 0.0;
        const int samples = 400;
        for (var i = 1; i <= samples; i++)
        {
            var x = Position.FromMeters(length * i / samples);
            var tl = leader.TimeAtFront(x);
            var tf = follower.TimeAtFront(x);
            if (tl is { } a && tf is { } b) worst = Math.Max(worst, a.Seconds - b.Seconds);
        }
        return worst;
    }

    /// <summary>
    /// The path of one leg for one train, from halt <paramref name="a"/> (or from <paramref name="from"/>, a position
    /// after it, for a train already under way) to halt <paramref name="b"/>, ending with the stop at b. Only the main
    /// train makes a ceremony's precise stop; pilot and escort stop at the place itself.
    /// </summary>
    public static RunningPath LegPath(Corridor corridor, ConvoyRole role, JourneyHalt a, JourneyHalt b, Position? from = null)
    {
        var start = from ?? a.Position;
        var shift = start - Position.Origin;
        var stop = b.Precise is { } ps && role == ConvoyRole.Main
            ? new RunStop(b.Place, null, Duration.Zero, ps with
            {
                Marker = ps.Marker - shift,
                PlatformStart = ps.PlatformStart is { } s ? s - shift : null,
                PlatformEnd = ps.PlatformEnd is { } e ? e - shift : null,
            })
            : new RunStop(b.Place, Position.Origin + (b.Position - start), Duration.Zero);
        return corridor.Path.Slice(start, b.Position, [stop], $"{a.Place} - {b.Place}");
    }

    /// <summary>
    /// The halts of a journey in corridor order: origin, stops, gauge and traction changes (merged where they coincide,
    /// the longest dwell kept), up to the last stop. Between two halts a train runs one leg.
    /// </summary>
    public static IReadOnlyList<JourneyHalt> Halts(Journey journey) => HaltList(journey);

    private static List<JourneyHalt> HaltList(Journey journey)
    {
        var c = journey.Corridor;
        var list = new List<JourneyHalt> { new(c.Places[0].Name, c.Places[0].Position, Duration.Zero, CallKind.Origin, null) };
        foreach (var s in journey.Stops)
        {
            var p = c.Find(s.Place, "journey.stops");
            list.Add(new JourneyHalt(p.Name, p.Position, s.Dwell, CallKind.Stop, s.Precise));
        }
        foreach (var g in c.GaugeChanges) list.Add(new JourneyHalt(c.Find(g.Place, "corridor").Name, g.Position, g.Duration, CallKind.GaugeChange, null));
        foreach (var t in c.TractionChanges) list.Add(new JourneyHalt(c.Find(t.Place, "corridor").Name, t.Position, t.Duration, CallKind.TractionChange, null));
        var last = journey.Stops.Count > 0 ? c.Find(journey.Stops[^1].Place, "journey.stops") : c.Places[^1];
        var merged = new List<JourneyHalt>();
        foreach (var h in list.Where(h => h.Position <= last.Position).OrderBy(h => h.Position.Meters).ThenBy(h => h.Kind))
        {
            if (merged.Count > 0 && merged[^1].Position == h.Position)
            {
                var m = merged[^1];
                // A ceremony, a bogie exchange and a locomotive change at one place happen at the same time: the longest governs.
                merged[^1] = m with
                {
                    Dwell = Duration.Max(m.Dwell, h.Dwell),
                    Kind = m.Kind == CallKind.Origin ? m.Kind : Max(m.Kind, h.Kind),
                    Precise = m.Precise ?? h.Precise,
                };
            }
            else merged.Add(h);
        }
        if (merged[^1].Position != last.Position) merged.Add(new JourneyHalt(last.Name, last.Position, Duration.Zero, CallKind.Destination, null));
        else merged[^1] = merged[^1] with { Kind = CallKind.Destination };
        if (merged.Count < 2) throw new InvalidInputException("journey", "the journey has no length: origin and destination coincide");
        return merged;
    }

    private static CallKind Max(CallKind a, CallKind b) => (CallKind)Math.Max((int)a, (int)b);
}
