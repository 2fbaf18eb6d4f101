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

    public static ConvoyPlan Plan(Journey journey, RunOptions? options = null)
    {
        journey.Validate();
        options ??= RunOptions.Default;
        var corridor = journey.Corridor;
        var halts = HaltList(journey);
        var roles = journey.Trains.OrderBy(t => t.Role switch { ConvoyRole.Main => 0, ConvoyRole.Pilot => 1, _ => 2 }).ToList();

        // Run every train over every leg, each with the consist it has on that leg.
        var runs = new Dictionary<ConvoyRole, RunResult[]>();
        var problems = new ProblemList();
        foreach (var t in roles)
        {
            var legRuns = new RunResult[halts.Count - 1];
            for (var k = 0; k + 1 < halts.Count; k++)
            {
                var a = halts[k];
                var b = halts[k + 1];
                try
                {
                    legRuns[k] = RunningTimeCalculator.Run(t.ConsistAt(a.Position), LegPath(corridor, t.Role, a, b), options);
                }
                catch (FortressException ex) when (ex.Cause == ErrorCause.User)
                {
                    problems.Add($"{t.Role.ToString().ToLowerInvariant()} train, {a.Place} - {b.Place}", ex.Message);
                }
            }
            runs[t.Role] = legRuns;
        }
        problems.ThrowIfAny();

        // Departures from each halt, main first, then pilot ahead and escort behind.
        var hasPilot = runs.ContainsKey(ConvoyRole.Pilot);
        var hasEscort = runs.ContainsKey(ConvoyRole.Escort);
        var n = halts.Count;
        var dep = roles.ToDictionary(t => t.Role, _ => new double[n]);
        var arr = roles.ToDictionary(t => t.Role, _ => new double[n]);
        double hp = journey.PilotHeadway.Seconds, he = journey.EscortHeadway.Seconds;
        for (var k = 0; k + 1 < n; k++)
        {
            var catchP = hasPilot ? CatchUp(runs[ConvoyRole.Pilot][k], runs[ConvoyRole.Main][k]) : 0;
            var mainReady = k == 0 ? 0 : arr[ConvoyRole.Main][k] + halts[k].Dwell.Seconds;
            var pilotReady = hasPilot && k > 0 ? arr[ConvoyRole.Pilot][k] + halts[k].Dwell.Seconds : double.NegativeInfinity;
            var mainDep = Math.Max(mainReady, pilotReady + hp + catchP);
            dep[ConvoyRole.Main][k] = mainDep;
            arr[ConvoyRole.Main][k + 1] = mainDep + runs[ConvoyRole.Main][k].TotalTime.Seconds;
            if (hasPilot)
            {
                dep[ConvoyRole.Pilot][k] = mainDep - hp - catchP;
                arr[ConvoyRole.Pilot][k + 1] = dep[ConvoyRole.Pilot][k] + runs[ConvoyRole.Pilot][k].TotalTime.Seconds;
            }
            if (hasEscort)
            {
                var catchE = CatchUp(runs[ConvoyRole.Main][k], runs[ConvoyRole.Escort][k]);
                var escortReady = k == 0 ? double.NegativeInfinity : arr[ConvoyRole.Escort][k] + halts[k].Dwell.Seconds;
                dep[ConvoyRole.Escort][k] = Math.Max(escortReady, mainDep + he + catchE);
                arr[ConvoyRole.Escort][k + 1] = dep[ConvoyRole.Escort][k] + runs[ConvoyRole.Escort][k].TotalTime.Seconds;
            }
        }

        // Anchor the timeline: earliest departure of the main train, or back from the required arrival.
        var total = arr[ConvoyRole.Main][n - 1];
        Instant t0;
        if (journey.EarliestDeparture is { } ed)
        {
            t0 = ed;
            if (journey.RequiredArrival is { } ra && t0 + NodaTime.Duration.FromSeconds(total) > ra)
            {
                var late = t0 + NodaTime.Duration.FromSeconds(total) - ra;
                var zone = corridor.PlaceAt(halts[^1].Position).Zone;
                throw new InfeasibleException("plan.late",
                    $"the main train cannot arrive by the required {Iso(ra, zone)}: leaving at the earliest departure {Iso(ed, corridor.Places[0].Zone)} it arrives {late.TotalMinutes:0} min late (running and halts take {NodaTime.Duration.FromSeconds(total).TotalHours:0.0} h)");
            }
        }
        else t0 = journey.RequiredArrival!.Value - NodaTime.Duration.FromSeconds(total);

        Instant At(double s) => t0 + NodaTime.Duration.FromSeconds(s);
        var trains = new List<PlannedTrain>();
        foreach (var t in journey.Trains)
        {
            var calls = new List<PlannedCall>();
            var legs = new List<PlannedLeg>();
            for (var k = 0; k < n; k++)
            {
                var h = halts[k];
                var zone = corridor.Find(h.Place, "journey").Zone;
                calls.Add(new PlannedCall(h.Place, h.Position, zone, h.Kind, k == 0 ? null : At(arr[t.Role][k]), k == n - 1 ? null : At(dep[t.Role][k])));
                if (k + 1 < n)
                {
                    var run = runs[t.Role][k];
                    legs.Add(new PlannedLeg(h.Place, halts[k + 1].Place, h.Position, halts[k + 1].Position, At(dep[t.Role][k]), run, t.ConsistAt(h.Position).Name));
                    // Places passed without stopping on this leg.
                    foreach (var p in corridor.Places.Where(p => p.Position > h.Position && p.Position < halts[k + 1].Position))
                    {
                        var tp = run.TimeAtFront(Position.Origin + (p.Position - h.Position));
                        if (tp is { } d) calls.Add(new PlannedCall(p.Name, p.Position, p.Zone, CallKind.Pass, At(dep[t.Role][k] + d.Seconds), At(dep[t.Role][k] + d.Seconds)));
                    }
                }
            }
            calls.Sort((a, b) => a.Position.CompareTo(b.Position));
            trains.Add(new PlannedTrain(t.Role, t.Name, calls, legs));
        }

        var gauge = corridor.GaugeChanges.Select(g => new PlannedGaugeChange(g,
            trains.Select(tr => { var c = tr.Calls.First(c => c.Position == g.Position); return (tr.Role, c.Arrival!.Value, c.Departure!.Value); }).ToArray())).ToArray();
        var traction = corridor.TractionChanges.Select(tc => new PlannedTractionChange(tc,
            trains.Select(tr =>
            {
                var c = tr.Calls.First(c => c.Position == tc.Position);
                var consist = journey.Trains.Single(x => x.Role == tr.Role).ConsistAt(tc.Position).Name;
                return (tr.Role, c.Arrival!.Value, c.Departure!.Value, consist);
            }).ToArray())).ToArray();
        var main = trains.Single(t => t.Role == ConvoyRole.Main);
        var summary = new PlanSummary(halts[^1].Position - halts[0].Position, main.Arrival - main.Departure, gauge.Length, traction.Length, 0, NodaTime.Duration.Zero);
        var plan = new ConvoyPlan(journey, trains, gauge, traction, summary);
        return journey.Traffic is null ? plan : ClearLine(plan, journey.Traffic);
    }

    /// <summary>Places the regular traffic, finds its conflicts with the convoy and orders the line cleared.</summary>
    public static ConvoyPlan ClearLine(ConvoyPlan plan, BackgroundTraffic traffic)
    {
        var corridor = plan.Journey.Corridor;
        var placed = Fortress.Clearance.TrafficPlacement.PlaceOnce(corridor, traffic);
        var blocks = Fortress.Clearance.CorridorBlocks.DeriveOnce(corridor);
        var clearance = Fortress.Clearance.ClearanceSolvers.Resolve(plan, placed, blocks, plan.Journey.ClearanceSettings);
        return plan with
        {
            Clearance = clearance,
            Summary = plan.Summary with { TrainsHeld = clearance.TrainsHeld, TotalDelayImposed = clearance.TotalDelay },
        };
    }

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

    /// <summary>The halts in order: origin, stops, breaks of gauge, traction changes, destination (same place merged, longest dwell).</summary>
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

    /// <summary>ISO-8601 local time with offset, e.g. 2019-04-24T18:00:00+10:00.</summary>
    public static string Iso(Instant t, DateTimeZone zone)
    {
        // Rounded to the second: timetables do not show fractions.
        var rounded = Instant.FromUnixTimeSeconds((long)Math.Round(t.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond));
        return IsoPattern.Format(rounded.InZone(zone).ToOffsetDateTime());
    }

    private static readonly NodaTime.Text.OffsetDateTimePattern IsoPattern =
        NodaTime.Text.OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");
}
