using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Running;

/// <summary>
/// The running-time calculation: the envelope pipeline of <see cref="SectionPlanner"/> for every section between
/// stops, then allowances, then timing (dwell, points of interest), traction energy and precise-stop reports.
/// Stateless and thread-safe; every call builds its own working data.
/// </summary>
public static class RunningTimeCalculator
{
    /// <summary>Runs <paramref name="consist"/> over <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">A precise stop that cannot be made (marker beyond the path, platform too short, no such car).</exception>
    /// <exception cref="InfeasibleException">The train cannot climb a gradient of the path.</exception>
    public static RunResult Run(Consist consist, RunningPath path, RunOptions? options = null)
    {
        WorkLimits.Checkpoint(); // every engine run is a point where a planning deadline stops the work
        options ??= RunOptions.Default;
        if (!options.Allowance.IsNone)
        {
            // Checked here for every caller (the command line checks its options too, at parse time).
            var p = new ProblemList();
            Plausible.AllowancePercent.Check(options.Allowance.Percent, "allowance", p);
            Plausible.MarginSeconds.Check(options.Allowance.Margin.Seconds, "allowance margin (seconds)", p);
            p.ThrowIfAny();
        }
        var train = new TrainPhysics(consist, options);
        var resistance = new ResistanceProfile(path, train.Length, options.GradientModel);
        var mrsp = MostRestrictiveSpeedProfile.Build(path, train.Length, train.MaxSpeed);
        var planner = new SectionPlanner(train, resistance, options.MaxStep.Meters, options.Integration);

        var stops = ResolveStops(consist, path, train, resistance, mrsp);
        var v0 = options.InitialSpeed?.MetersPerSecond ?? 0;
        var end = stops.Count > 0 ? stops[^1].Position : path.Length.Meters;

        // Section boundaries: the origin, every stop.
        var bounds = new List<double> { 0 };
        bounds.AddRange(stops.Select(s => s.Position));
        if (stops.Count == 0) bounds.Add(end);

        var sections = new List<EnvelopeBuilder>();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var steps = SectionSteps(mrsp, bounds[i], bounds[i + 1], stops, double.PositiveInfinity);
            sections.Add(planner.Plan(bounds[i], bounds[i + 1], steps, i == 0 ? v0 : 0));
        }
        var minTimes = sections.Select(SectionTime).ToArray();
        var dwellTotal = stops.Take(Math.Max(0, stops.Count - 1)).Sum(s => s.Dwell);
        var minimum = Duration.FromSeconds(minTimes.Sum() + dwellTotal);

        if (!options.Allowance.IsNone)
            sections = ApplyAllowance(options.Allowance, sections, minTimes, planner, mrsp, bounds, stops, v0);

        // Assemble the whole envelope into arrays sized once (sections share their joining stop point).
        var total = sections.Sum(b => b.Count) - (sections.Count - 1);
        var xa = new double[total];
        var va = new double[total];
        var pa = new MotionPhase[total - 1];
        var n = 0;
        foreach (var s in sections)
        {
            var skip = n > 0 ? 1 : 0;
            s.X.CopyTo(skip, xa, n, s.Count - skip);
            s.V.CopyTo(skip, va, n, s.Count - skip);
            s.P.CopyTo(0, pa, Math.Max(0, n - 1), s.P.Count);
            n += s.Count - skip;
        }
        var envelope = new Envelope(xa, va, pa);

        // Timing with dwell: the train waits at each intermediate stop before running on.
        var times = new double[total];
        var nextStop = 0;
        for (var i = 1; i < total; i++)
        {
            var dwell = 0.0;
            if (nextStop < stops.Count - 1 && xa[i - 1] >= stops[nextStop].Position - 1e-9)
            {
                if (Math.Abs(xa[i - 1] - stops[nextStop].Position) < 1e-6) dwell = stops[nextStop].Dwell;
                nextStop++;
            }
            times[i] = times[i - 1] + dwell + Envelope.PartTime(xa[i] - xa[i - 1], va[i - 1], va[i]);
        }

        var energy = TractionEnergy(envelope, train, resistance);
        var stopTimings = new List<StopTiming>();
        var result0 = new RunResult(envelope, times, minimum, energy, [], [], [], consist.Name, path.Name);
        for (var i = 0; i < stops.Count; i++)
        {
            var s = stops[i];
            var arrival = result0.TimeAtFront(Position.FromMeters(s.Position))!.Value;
            var dwell = i < stops.Count - 1 ? Duration.FromSeconds(s.Dwell) : Duration.FromSeconds(s.Dwell);
            stopTimings.Add(new StopTiming(s.Name, Position.FromMeters(s.Position), arrival, arrival + dwell, dwell));
        }
        var withStops = new RunResult(envelope, times, minimum, energy, [], stopTimings, [], consist.Name, path.Name);
        var passings = path.PointsOfInterest.Select(p =>
        {
            var front = p.Measure == TrainMeasure.Front ? p.Position : p.Position + consist.Length;
            var t = withStops.TimeAtFront(front);
            return new PointPassing(p.Name, p.Position, p.Measure, t, t is null ? null : envelope.SpeedAt(front));
        }).ToArray();
        var reports = stops.Where(s => s.Precise is not null)
            .Select(s => PreciseReport(s, train, resistance, envelope))
            .ToArray();
        return new RunResult(envelope, times, minimum, energy, passings, stopTimings, reports, consist.Name, path.Name);
    }

    /// <summary>A stop with its front position resolved (precise stops computed from marker and door).</summary>
    private sealed record ResolvedStop(string Name, double Position, double Dwell, PreciseStopSpec? Precise,
        double DoorOffset, double ApproachSpeed, double ApproachStart, double? SpeedForTolerance, double MaxApproach = 0);

    private static List<ResolvedStop> ResolveStops(Consist consist, RunningPath path, TrainPhysics train, ResistanceProfile resistance, MostRestrictiveSpeedProfile mrsp)
    {
        var problems = new ProblemList();
        var list = new List<ResolvedStop>();
        foreach (var s in path.Stops)
        {
            if (s.Precise is not { } ps)
            {
                list.Add(new ResolvedStop(s.Name, s.Position!.Value.Meters, s.Dwell.Seconds, null, 0, 0, 0, null));
                continue;
            }
            var where = $"stop {s.Name}";
            if (ps.Car > consist.Vehicles.Count)
            {
                problems.Add(where, $"car {ps.Car} does not exist: the consist has {consist.Vehicles.Count} vehicles");
                continue;
            }
            var car = consist.Vehicles[ps.Car - 1];
            if (ps.DoorOffset > car.Length)
            {
                problems.Add(where, $"the door offset {ps.DoorOffset} is beyond the end of car {ps.Car} ({car.Id}, {car.Length} long)");
                continue;
            }
            var doorOffset = (consist.VehicleOffsets[ps.Car - 1] + ps.DoorOffset).Meters;
            var front = ps.Marker.Meters + doorOffset;
            var rear = front - consist.Length.Meters;
            if (front > path.Length.Meters + 1e-6)
                problems.Add(where, $"the marker cannot be reached: with door {ps.DoorOffset} of car {ps.Car} at the marker ({ps.Marker.Meters:0.0} m), " +
                                    $"the train's front would stand at {front:0.0} m, {front - path.Length.Meters:0.0} m beyond the end of the path ({path.Length.Meters:0.0} m)");
            if (rear < 0)
                problems.Add(where, $"the marker cannot be reached: the train's rear would stand {-rear:0.0} m behind the start of the path");
            if (ps.PlatformStart is { } pa && ps.PlatformEnd is { } pb && pb - pa < consist.Length)
                problems.Add(where, $"platform too short for the consist: the platform is {(pb - pa).Meters:0.0} m, the train {consist.Length.Meters:0.0} m");
            else
            {
                if (ps.PlatformStart is { } a && rear < a.Meters - 1e-6)
                    problems.Add(where, $"with the door at the marker the train's rear would stand {a.Meters - rear:0.0} m before the platform start ({a.Meters:0.0} m)");
                if (ps.PlatformEnd is { } b && front > b.Meters + 1e-6)
                    problems.Add(where, $"with the door at the marker the train's front would stand {front - b.Meters:0.0} m beyond the platform end ({b.Meters:0.0} m)");
            }
            if (problems.Count > 0) continue;

            // Approach speed: stated, or the highest that keeps the door within tolerance under the variation.
            // The final stop ramps the brake force up: it uses the full-force deceleration (decision 0010).
            var bnom = train.FullForceDeceleration;
            var tolSpeed = SpeedForTolerance(train, resistance, front, ps.DecelerationVariation, ps.EffectiveTolerance.Meters);
            var va = ps.ApproachSpeed?.MetersPerSecond ?? Math.Clamp(Math.Floor((tolSpeed ?? 0.5) * 3.6 * 2) / 2 / 3.6, 1 / 3.6, 15 / 3.6);
            var maxApproach = mrsp.At(Math.Max(0, front - 1));
            va = Math.Min(va, maxApproach);
            var dStop = PreciseStop.StoppingDistance(va, bnom, train.BuildUpTime, train.NaturalDeceleration(va, resistance.At(front)));
            var approachStart = Math.Max(0, front - dStop - ps.EffectiveApproachDistance.Meters);
            list.Add(new ResolvedStop(s.Name, front, s.Dwell.Seconds, ps, doorOffset, va, approachStart, tolSpeed, maxApproach));
        }
        problems.ThrowIfAny();
        // Stops given by position and by marker must still come in order along the path.
        for (var i = 1; i < list.Count; i++)
            if (!(list[i].Position > list[i - 1].Position))
                problems.Add($"stop {list[i].Name}", $"stands at {list[i].Position:0.0} m, not after the previous stop {list[i - 1].Name} at {list[i - 1].Position:0.0} m");
        problems.ThrowIfAny();
        return list;
    }

    /// <summary>
    /// The highest approach speed whose simulated stop lands within ±tolerance of the planned position when the
    /// achieved deceleration varies by ±variation (bisection; the spread grows with speed).
    /// </summary>
    private static double? SpeedForTolerance(TrainPhysics train, ResistanceProfile resistance, double front, double variation, double tolerance)
    {
        double Spread(double v)
        {
            var (low, high) = SimulatedSpread(train, resistance, front, v, variation);
            return Math.Max(-low, high);
        }
        double lo = 0.05, hi = 30;
        if (Spread(lo) > tolerance) return null;
        if (Spread(hi) <= tolerance) return hi;
        for (var i = 0; i < 40; i++)
        {
            var mid = (lo + hi) / 2;
            if (Spread(mid) <= tolerance) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>Front resting positions relative to <paramref name="front"/> with the deceleration raised and lowered by the variation.</summary>
    private static (double Low, double High) SimulatedSpread(TrainPhysics train, ResistanceProfile resistance, double front, double va, double variation)
    {
        var b = train.FullForceDeceleration;
        var tb = train.BuildUpTime;
        var application = front - PreciseStop.StoppingDistance(va, b, tb, train.NaturalDeceleration(va, resistance.At(front)));
        var strong = PreciseStop.Simulate(train, resistance, application, va, b * (1 + variation), tb);
        var weak = PreciseStop.Simulate(train, resistance, application, va, b * (1 - variation), tb);
        return (strong - front, weak - front);
    }

    /// <summary>The speed steps of a section, with the approach speed of a precise stop at its end and a ceiling.</summary>
    private static List<(double Start, double End, double Limit)> SectionSteps(MostRestrictiveSpeedProfile mrsp, double from, double to,
        List<ResolvedStop> stops, double ceiling)
    {
        var steps = mrsp.Slice(from, to).Select(s => (s.Start, s.End, Math.Min(s.Limit, ceiling))).ToList();
        var stop = stops.FirstOrDefault(s => Math.Abs(s.Position - to) < 1e-9 && s.Precise is not null);
        if (stop is null) return steps;
        var cap = stop.ApproachSpeed;
        var a = Math.Max(from, stop.ApproachStart);
        var result = new List<(double, double, double)>();
        foreach (var (s, e, u) in steps)
        {
            if (e <= a) { result.Add((s, e, u)); continue; }
            if (s < a) result.Add((s, a, u));
            result.Add((Math.Max(s, a), e, Math.Min(u, cap)));
        }
        return result;
    }

    private static double SectionTime(EnvelopeBuilder s)
    {
        double t = 0;
        for (var i = 1; i < s.Count; i++) t += Envelope.PartTime(s.X[i] - s.X[i - 1], s.V[i - 1], s.V[i]);
        return t;
    }

    private static List<EnvelopeBuilder> ApplyAllowance(Allowance allowance, List<EnvelopeBuilder> sections, double[] minTimes,
        SectionPlanner planner, MostRestrictiveSpeedProfile mrsp, List<double> bounds, List<ResolvedStop> stops, double v0)
    {
        var total = minTimes.Sum();
        var result = new List<EnvelopeBuilder>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            // Percentage and fixed margin in proportion to the section's minimum running time; time per distance in proportion to its length.
            var target = minTimes[i] * (1 + allowance.Percent / 100.0) + allowance.Margin.Seconds * (total > 0 ? minTimes[i] / total : 0)
                + allowance.MinutesPer100Km * 60 * (bounds[i + 1] - bounds[i]) / 100_000;
            if (target <= minTimes[i] + 1e-9) { result.Add(sections[i]); continue; }
            if (allowance.Distribution == AllowanceDistribution.Linear)
            {
                var k = minTimes[i] / target;
                var s = sections[i];
                var scaled = new EnvelopeBuilder(s.Count);
                scaled.Start(s.X[0], s.V[0] * k);
                for (var j = 1; j < s.Count; j++) scaled.Add(s.X[j], s.V[j] * k, s.P[j - 1]);
                result.Add(scaled);
            }
            else
            {
                // Bisection on a ceiling speed for the section: time decreases as the ceiling rises.
                double lo = 0.1, hi = sections[i].V.Max();
                EnvelopeBuilder best = sections[i];
                for (var it = 0; it < 50 && hi - lo > 1e-4; it++)
                {
                    var mid = (lo + hi) / 2;
                    var env = planner.Plan(bounds[i], bounds[i + 1], SectionSteps(mrsp, bounds[i], bounds[i + 1], stops, mid), i == 0 ? v0 : 0);
                    var t = SectionTime(env);
                    if (t > target) lo = mid; else { hi = mid; best = env; }
                }
                result.Add(best);
            }
        }
        return result;
    }

    /// <summary>
    /// Energy at the wheel rim: on each part, the force needed for its acceleration against resistance and gradient,
    /// where positive and at most the tractive effort available, times the distance.
    /// </summary>
    private static Energy TractionEnergy(Envelope env, TrainPhysics train, ResistanceProfile resistance)
    {
        double e = 0;
        var hint = 0;
        var x = env.Positions;
        var v = env.Speeds;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var dx = x[i + 1] - x[i];
            var a = env.PartAcceleration(i);
            var vm = (v[i] + v[i + 1]) / 2;
            var r = resistance.At((x[i] + x[i + 1]) / 2);
            var f = train.InertialMass * a + train.Resistance.AtMetersPerSecond(vm) + train.WeightPerMille * r;
            if (f > 0) e += Math.Min(f, train.TractiveEffort.AtMetersPerSecond(vm, ref hint)) * dx;
        }
        return Energy.FromJoules(e);
    }

    private static PreciseStopReport PreciseReport(ResolvedStop s, TrainPhysics train, ResistanceProfile resistance, Envelope env)
    {
        var ps = s.Precise!;
        var b = train.FullForceDeceleration;
        var tb = train.BuildUpTime;
        var va = s.ApproachSpeed;
        var d0 = train.NaturalDeceleration(va, resistance.At(s.Position));
        var dStop = PreciseStop.StoppingDistance(va, b, tb, d0);
        var application = s.Position - dStop;
        var restNominal = PreciseStop.Simulate(train, resistance, application, va, b, tb);
        var (spreadLow, spreadHigh) = SimulatedSpread(train, resistance, s.Position, va, ps.DecelerationVariation);
        var marker = ps.Marker.Meters;
        var door = restNominal - s.DoorOffset;
        var low = spreadLow;
        var high = spreadHigh;
        var tol = ps.EffectiveTolerance.Meters;

        // Where the train starts braking from line speed: the start of the last braking part before the approach.
        var xs = env.Positions;
        var i = env.IndexOfPart(Math.Max(xs[0], s.ApproachStart - 1e-6));
        while (i > 0 && env.PhaseAfter(i - 1) == MotionPhase.Braking) i--;
        var serviceStart = env.PhaseAfter(i) == MotionPhase.Braking ? xs[i] : s.ApproachStart;

        return new PreciseStopReport(
            s.Name, ps.Marker, ps.Car, Length.FromMeters(s.DoorOffset), Position.FromMeters(s.Position),
            Position.FromMeters(serviceStart), Position.FromMeters(application), Speed.FromMetersPerSecond(va),
            Duration.FromSeconds(tb), Acceleration.FromMetersPerSecondSquared(b),
            Position.FromMeters(door), Length.FromMeters(door - marker), ps.DecelerationVariation,
            Length.FromMeters(low), Length.FromMeters(high),
            s.SpeedForTolerance is { } st ? Speed.FromMetersPerSecond(st) : null, ps.EffectiveTolerance,
            Math.Abs(low) <= tol + 1e-9 && Math.Abs(high) <= tol + 1e-9)
        {
            Uncertainty = PreciseStopMonteCarlo.Analyse(ps, train, resistance, s.Position, va, s.MaxApproach),
        };
    }
}
