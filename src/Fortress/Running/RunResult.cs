using Fortress.Units;

namespace Fortress.Running;

/// <summary>The train at one point of its run: where its front is, when, how fast, accelerating how much.</summary>
public readonly record struct RunSample(Position Position, Duration Time, Speed Speed, Acceleration Acceleration, MotionPhase Phase);

/// <summary>When the front (or rear) of the train passes a point of interest; null time if the run never gets there.</summary>
public sealed record PointPassing(string Name, Position Position, TrainMeasure Measure, Duration? Time, Speed? Speed);

/// <summary>A stop's arrival and departure, counted from the start of the run.</summary>
public sealed record StopTiming(string Name, Position Position, Duration Arrival, Duration Departure, Duration Dwell);

/// <summary>What the precise-stop calculation found for one ceremony stop.</summary>
/// <param name="FrontStopPosition">Where the train's front must come to rest for the door to be at the marker.</param>
/// <param name="DoorOffsetFromFront">Distance from the train's front to the chosen door.</param>
/// <param name="ServiceBrakingStart">Where the train starts braking from line speed towards the approach speed.</param>
/// <param name="BrakeApplication">Where (front position) the driver applies the final brake from the approach speed.</param>
/// <param name="ApproachSpeed">Speed of the final approach.</param>
/// <param name="PredictedDoorPosition">Where the door comes to rest in the step-by-step simulation.</param>
/// <param name="Error">Predicted door position minus marker (positive = overshoot).</param>
/// <param name="SpreadLow">Door error when the achieved deceleration is higher by the stated variation (stops short).</param>
/// <param name="SpreadHigh">Door error when the achieved deceleration is lower by the stated variation (overshoots).</param>
/// <param name="SpeedForTolerance">The highest approach speed that keeps the door within the tolerance under that variation.</param>
/// <param name="WithinTolerance">Whether both spread ends lie within the tolerance at the chosen approach speed.</param>
public sealed record PreciseStopReport(
    string StopName,
    Position Marker,
    int Car,
    Length DoorOffsetFromFront,
    Position FrontStopPosition,
    Position ServiceBrakingStart,
    Position BrakeApplication,
    Speed ApproachSpeed,
    Duration BrakeBuildUpTime,
    Acceleration Deceleration,
    Position PredictedDoorPosition,
    Length Error,
    double DecelerationVariation,
    Length SpreadLow,
    Length SpreadHigh,
    Speed? SpeedForTolerance,
    Length Tolerance,
    bool WithinTolerance)
{
    /// <summary>
    /// The Monte Carlo of the stop (decision 0010): deceleration, brake build-up and the driver's approach speed varied
    /// together; the probability of stopping within the tolerance, the 5th and 95th percentiles of the door's resting
    /// position, and the approach speed that keeps 95 % of stops within. <see cref="SpreadLow"/> and
    /// <see cref="SpreadHigh"/> vary the deceleration alone.
    /// </summary>
    public PreciseStopUncertainty? Uncertainty { get; init; }
}

/// <summary>
/// The outcome of a running-time calculation: the envelope (position → speed), its timing including dwell,
/// passing times, stop times, precise-stop reports and the traction energy at the wheel. Immutable.
/// </summary>
public sealed class RunResult
{
    private readonly double[] times; // time at each envelope point, including dwell before it

    internal RunResult(Envelope envelope, double[] times, Duration minimumRunningTime, Energy energy,
        IReadOnlyList<PointPassing> points, IReadOnlyList<StopTiming> stops, IReadOnlyList<PreciseStopReport> precise,
        string trainName, string pathName)
    {
        Envelope = envelope;
        this.times = times;
        MinimumRunningTime = minimumRunningTime;
        TractionEnergy = energy;
        PointsOfInterest = points;
        Stops = stops;
        PreciseStops = precise;
        TrainName = trainName;
        PathName = pathName;
    }

    public string TrainName { get; }
    public string PathName { get; }
    public Envelope Envelope { get; }

    /// <summary>From standing at the start to standing at the end, including dwell at intermediate stops.</summary>
    public Duration TotalTime => Duration.FromSeconds(times[^1]);

    /// <summary>The same without any allowance (the technical minimum), including dwell.</summary>
    public Duration MinimumRunningTime { get; }

    public Length Distance => Envelope.End - Envelope.Start;

    /// <summary>Energy delivered at the wheel rim by the traction units (never negative: no regeneration counted).</summary>
    public Energy TractionEnergy { get; }

    public IReadOnlyList<PointPassing> PointsOfInterest { get; }
    public IReadOnlyList<StopTiming> Stops { get; }
    public IReadOnlyList<PreciseStopReport> PreciseStops { get; }

    /// <summary>Every envelope point with its time. Where the train dwells, the point appears at arrival and at departure.</summary>
    public IEnumerable<RunSample> Samples
    {
        get
        {
            var x = Envelope.Positions.ToArray();
            var v = Envelope.Speeds.ToArray();
            var stopAt = new Dictionary<double, StopTiming>();
            foreach (var s in Stops) stopAt[s.Position.Meters] = s;
            for (var i = 0; i < x.Length; i++)
            {
                var a = i < x.Length - 1 ? Envelope.PartAcceleration(i) : Envelope.PartAcceleration(i - 1);
                var phase = Envelope.PhaseAfter(i);
                if (stopAt.TryGetValue(x[i], out var st) && st.Dwell.Seconds > 0 && i < x.Length - 1)
                {
                    yield return new RunSample(Position.FromMeters(x[i]), st.Arrival, Speed.Zero, Acceleration.Zero, MotionPhase.Dwelling);
                    yield return new RunSample(Position.FromMeters(x[i]), st.Departure, Speed.Zero, Acceleration.FromMetersPerSecondSquared(a), phase);
                    continue;
                }
                yield return new RunSample(Position.FromMeters(x[i]), Duration.FromSeconds(times[i]), Speed.FromMetersPerSecond(v[i]),
                    Acceleration.FromMetersPerSecondSquared(a), phase);
            }
        }
    }

    /// <summary>Samples every <paramref name="step"/> of distance (and at every stop), for charts and exports.</summary>
    public IReadOnlyList<RunSample> Resample(Length step)
    {
        if (!(step.Meters > 0)) throw new ArgumentOutOfRangeException(nameof(step), "must be positive");
        var list = new List<RunSample>();
        var x0 = Envelope.Start.Meters;
        var x1 = Envelope.End.Meters;
        var positions = new SortedSet<double>();
        for (var x = x0; x < x1; x += step.Meters) positions.Add(x);
        positions.Add(x1);
        foreach (var s in Stops) positions.Add(s.Position.Meters);
        foreach (var x in positions)
        {
            var p = Position.FromMeters(x);
            var i = Envelope.IndexOfPart(x);
            var stop = Stops.FirstOrDefault(s => s.Position.Meters == x);
            if (stop is not null && stop.Dwell.Seconds > 0)
                list.Add(new RunSample(p, stop.Arrival, Speed.Zero, Acceleration.Zero, MotionPhase.Dwelling));
            var t = TimeAtFront(p)!.Value;
            if (stop is not null) t = stop.Departure;
            list.Add(new RunSample(p, t, Envelope.SpeedAt(p), Acceleration.FromMetersPerSecondSquared(Envelope.PartAcceleration(i)), Envelope.PhaseAfter(i)));
        }
        return list;
    }

    /// <summary>When the train's front first reaches <paramref name="position"/>; null beyond the end of the run.</summary>
    public Duration? TimeAtFront(Position position)
    {
        var px = position.Meters;
        var x = Envelope.Positions;
        var v = Envelope.Speeds;
        if (px < x[0] - 1e-6 || px > x[^1] + 1e-6) return null;
        if (px <= x[0]) return Duration.FromSeconds(times[0]);
        if (px >= x[^1]) return Duration.FromSeconds(times[^1]);
        var i = Envelope.IndexOfPart(px);
        var dx = px - x[i];
        if (dx <= 0) return Duration.FromSeconds(times[i]);
        // Speed at px on the constant-acceleration part, then the time to get there.
        var a = Envelope.PartAcceleration(i);
        var vp = Math.Sqrt(Math.Max(0, v[i] * v[i] + 2 * a * dx));
        var start = times[i] + DwellAt(i);
        return Duration.FromSeconds(start + Envelope.PartTime(dx, v[i], vp));
    }

    private double DwellAt(int i)
    {
        var x = Envelope.Positions[i];
        foreach (var s in Stops) if (s.Position.Meters == x && i < Envelope.Count - 1) return s.Dwell.Seconds;
        return 0;
    }

    /// <summary>Time at each envelope point (arrival, before any dwell there).</summary>
    internal double[] Times => times;
}
