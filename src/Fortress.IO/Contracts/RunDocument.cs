using System.Text.Json.Serialization;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.IO.Contracts;

/// <summary>
/// A running-time calculation as JSON (<c>fortress run --format json</c>; README.md "The command line", docs/formats.md
/// "Fortress path JSON"): the train and path, the running time (with and without allowance), distance and traction
/// energy, the consist, the passing times at the points of interest, the stops, the precise stops with their Monte
/// Carlo, and the speed profile. Seconds, metres, m/s and m/s² rounded to 3 or 4 decimals, as documented.
/// </summary>
/// <param name="Train">The train's name.</param>
/// <param name="Path">The path's name.</param>
/// <param name="TotalTimeSeconds">Start (standing) to halt, with allowance and dwell (s, 3 decimals).</param>
/// <param name="MinimumRunningTimeSeconds">The same without allowance: the technical minimum (s, 3 decimals).</param>
/// <param name="DistanceMeters">Length of the run (m, 3 decimals).</param>
/// <param name="EnergyJoules">Traction energy at the wheel rim (J, whole).</param>
/// <param name="EnergyKilowattHours">The same in kWh (3 decimals).</param>
/// <param name="GradientModel"><c>train-length</c> (gradients averaged over the train) or <c>mass-point</c> (at the front).</param>
/// <param name="Profile">Samples of position, time, speed, acceleration and phase (every envelope point, or one per profile step).</param>
public sealed record RunDocument(
    string Train,
    string Path,
    double TotalTimeSeconds,
    double MinimumRunningTimeSeconds,
    double DistanceMeters,
    double EnergyJoules,
    double EnergyKilowattHours,
    string GradientModel,
    RunConsistDocument Consist,
    IReadOnlyList<PointPassingDocument> PointsOfInterest,
    IReadOnlyList<StopTimingDocument> Stops,
    IReadOnlyList<PreciseStopDocument> PreciseStops,
    IReadOnlyList<ProfileSampleDocument> Profile)
{
    /// <summary>The document of <paramref name="r"/>, run by consist <paramref name="c"/> with <paramref name="options"/>; the profile every <paramref name="profileStep"/> (null: every envelope point).</summary>
    public static RunDocument From(RunResult r, Consist c, RunOptions options, Length? profileStep) => new(
        r.TrainName,
        r.PathName,
        Math.Round(r.TotalTime.Seconds, 3),
        Math.Round(r.MinimumRunningTime.Seconds, 3),
        Math.Round(r.Distance.Meters, 3),
        Math.Round(r.TractionEnergy.Joules),
        Math.Round(r.TractionEnergy.KilowattHours, 3),
        GradientModelName(options.GradientModel),
        RunConsistDocument.From(c),
        r.PointsOfInterest.Select(PointPassingDocument.From).ToArray(),
        r.Stops.Select(StopTimingDocument.From).ToArray(),
        r.PreciseStops.Select(PreciseStopDocument.From).ToArray(),
        ProfileSamples(r, profileStep).Select(ProfileSampleDocument.From).ToArray());

    /// <summary>The profile's samples: every envelope point (with arrival and departure at a stop), or one every <paramref name="step"/>.</summary>
    public static IEnumerable<RunSample> ProfileSamples(RunResult r, Length? step) => step is { } s ? r.Resample(s) : r.Samples;

    /// <summary>The gradient model as the JSON names it: <c>mass-point</c> or <c>train-length</c>.</summary>
    public static string GradientModelName(GradientModel m) => m == Running.GradientModel.MassPoint ? "mass-point" : "train-length";

    /// <summary>The motion phase as the JSON and CSV name it: accelerating, cruising, climbing, braking, dwelling.</summary>
    public static string PhaseName(MotionPhase p) => p switch
    {
        MotionPhase.Accelerating => "accelerating",
        MotionPhase.Cruising => "cruising",
        MotionPhase.Climbing => "climbing",
        MotionPhase.Braking => "braking",
        _ => "dwelling",
    };
}

/// <summary>The consist: vehicles, length (m, 2 decimals), mass (t), heaviest axle (t), top speed (km/h, 1 decimal), rotating-mass factor, full-force braking and how it was obtained, brake build-up (s).</summary>
public sealed record RunConsistDocument(
    int Vehicles,
    double LengthMeters,
    double MassTonnes,
    double MaxAxleLoadTonnes,
    double MaxSpeedKmh,
    double RotatingMassFactor,
    double DecelerationMetersPerSecondSquared,
    string BrakingBasis,
    double BrakeBuildUpSeconds)
{
    public static RunConsistDocument From(Consist c) => new(
        c.Vehicles.Count,
        Math.Round(c.Length.Meters, 2),
        Math.Round(c.Mass.Tonnes, 2),
        Math.Round(c.MaxAxleLoad.Tonnes, 2),
        Math.Round(c.MaxSpeed.KilometersPerHour, 1),
        Math.Round(c.RotatingMassFactor, 4),
        Math.Round(c.Braking.Deceleration.MetersPerSecondSquared, 4),
        c.Braking.Basis,
        Math.Round(c.Braking.BuildUpTime.Seconds, 2));
}

/// <summary>When the train's front or rear passes a point of interest: time (s) and speed (m/s) null when the run never gets there.</summary>
public sealed record PointPassingDocument(
    string Name,
    double PositionMeters,
    string Measure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TimeSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SpeedMetersPerSecond)
{
    public static PointPassingDocument From(PointPassing p) => new(
        p.Name,
        p.Position.Meters,
        p.Measure == TrainMeasure.Front ? "front" : "rear",
        p.Time is { } t ? Math.Round(t.Seconds, 3) : null,
        p.Speed is { } v ? Math.Round(v.MetersPerSecond, 4) : null);
}

/// <summary>A stop: where (m), arrival, departure and dwell (s from the start of the run, 3 decimals).</summary>
public sealed record StopTimingDocument(string Name, double PositionMeters, double ArrivalSeconds, double DepartureSeconds, double DwellSeconds)
{
    public static StopTimingDocument From(StopTiming s) => new(
        s.Name, Math.Round(s.Position.Meters, 3), Math.Round(s.Arrival.Seconds, 3), Math.Round(s.Departure.Seconds, 3), Math.Round(s.Dwell.Seconds, 3));
}

/// <summary>
/// A precise stop (docs/formats.md: every field): the door, marker and braking points (m), the approach speed (km/h), the
/// simulated door position and its error, the spread with the deceleration varied alone, the approach speed that keeps
/// it within the tolerance (null when none does). A stop with a Monte Carlo is a <see cref="PreciseStopMonteCarloDocument"/>,
/// whose fields follow these.
/// </summary>
[JsonDerivedType(typeof(PreciseStopMonteCarloDocument))]
public record PreciseStopDocument(
    string Stop,
    int Car,
    double MarkerMeters,
    double DoorOffsetFromFrontMeters,
    double FrontStopPositionMeters,
    double ServiceBrakingStartMeters,
    double BrakeApplicationMeters,
    double ApproachSpeedKmh,
    double BrakeBuildUpSeconds,
    double DecelerationMetersPerSecondSquared,
    double PredictedDoorPositionMeters,
    double ErrorMeters,
    double DecelerationVariation,
    double SpreadLowMeters,
    double SpreadHighMeters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ApproachSpeedForToleranceKmh,
    double ToleranceMeters,
    bool WithinTolerance)
{
    /// <summary>The document of <paramref name="p"/>: with its Monte Carlo when it has one.</summary>
    public static PreciseStopDocument From(PreciseStopReport p)
    {
        var d = new PreciseStopDocument(
            p.StopName,
            p.Car,
            Math.Round(p.Marker.Meters, 3),
            Math.Round(p.DoorOffsetFromFront.Meters, 3),
            Math.Round(p.FrontStopPosition.Meters, 3),
            Math.Round(p.ServiceBrakingStart.Meters, 3),
            Math.Round(p.BrakeApplication.Meters, 3),
            Math.Round(p.ApproachSpeed.KilometersPerHour, 2),
            Math.Round(p.BrakeBuildUpTime.Seconds, 2),
            Math.Round(p.Deceleration.MetersPerSecondSquared, 4),
            Math.Round(p.PredictedDoorPosition.Meters, 3),
            Math.Round(p.Error.Meters, 3),
            p.DecelerationVariation,
            Math.Round(p.SpreadLow.Meters, 3),
            Math.Round(p.SpreadHigh.Meters, 3),
            p.SpeedForTolerance is { } st ? Math.Round(st.KilometersPerHour, 2) : null,
            p.Tolerance.Meters,
            p.WithinTolerance);
        return p.Uncertainty is { } u ? new PreciseStopMonteCarloDocument(d, u) : d;
    }
}

/// <summary>
/// A precise stop with its Monte Carlo over deceleration, brake build-up and approach speed (decision 0010): the
/// probability of stopping within the tolerance (0 to 1), the 5th and 95th percentiles of the door's resting position
/// relative to the marker (m, negative = short), the approach speed that keeps 95 % within (km/h; null when not
/// reachable), and the draws' settings with the histogram. These fields come after the stop's own
/// (<see cref="JsonPropertyOrderAttribute"/> 1: System.Text.Json would otherwise write a derived record's first).
/// </summary>
public sealed record PreciseStopMonteCarloDocument : PreciseStopDocument
{
    public PreciseStopMonteCarloDocument(PreciseStopDocument stop, PreciseStopUncertainty u) : base(stop)
    {
        ProbabilityWithinTolerance = Math.Round(u.ProbabilityWithinTolerance, 4);
        DoorErrorP5Meters = Math.Round(u.DoorErrorP5.Meters, 3);
        DoorErrorP95Meters = Math.Round(u.DoorErrorP95.Meters, 3);
        ApproachSpeedFor95PercentKmh = u.ApproachSpeedFor95Percent is { } s95 ? Math.Round(s95.KilometersPerHour, 1) : null;
        MonteCarlo = MonteCarloDrawsDocument.From(u);
    }

    [JsonPropertyOrder(1)] public double ProbabilityWithinTolerance { get; init; }

    [JsonPropertyOrder(1)] public double DoorErrorP5Meters { get; init; }

    [JsonPropertyOrder(1)] public double DoorErrorP95Meters { get; init; }

    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public double? ApproachSpeedFor95PercentKmh { get; init; }

    [JsonPropertyOrder(1)] public MonteCarloDrawsDocument MonteCarlo { get; init; }
}

/// <summary>The precise stop's draws: how many, the seed, the deceleration's ± share, the build-up range (s), the approach speed's ± error (km/h), and the door's resting positions in bins.</summary>
public sealed record MonteCarloDrawsDocument(
    int Samples,
    int Seed,
    double DecelerationVariation,
    double BuildUpMinSeconds,
    double BuildUpMaxSeconds,
    double ApproachSpeedErrorKmh,
    IReadOnlyList<DoorHistogramBinDocument> Histogram)
{
    public static MonteCarloDrawsDocument From(PreciseStopUncertainty u) => new(
        u.Samples,
        u.Seed,
        u.DecelerationVariation,
        Math.Round(u.BuildUpMin.Seconds, 2),
        Math.Round(u.BuildUpMax.Seconds, 2),
        Math.Round(u.ApproachSpeedError.KilometersPerHour, 2),
        u.Histogram.Select(b => new DoorHistogramBinDocument(Math.Round(b.From.Meters, 3), Math.Round(b.To.Meters, 3), b.Count)).ToArray());
}

/// <summary>A bin of door resting positions relative to the marker (m, 3 decimals) and how many draws fell in it.</summary>
public sealed record DoorHistogramBinDocument(double FromMeters, double ToMeters, int Count);

/// <summary>A sample of the speed profile: front position (m), time (s), speed (m/s), acceleration (m/s²), phase.</summary>
public sealed record ProfileSampleDocument(double PositionMeters, double TimeSeconds, double SpeedMetersPerSecond, double AccelerationMetersPerSecondSquared, string Phase)
{
    public static ProfileSampleDocument From(RunSample s) => new(
        Math.Round(s.Position.Meters, 3),
        Math.Round(s.Time.Seconds, 3),
        Math.Round(s.Speed.MetersPerSecond, 4),
        Math.Round(s.Acceleration.MetersPerSecondSquared, 4),
        RunDocument.PhaseName(s.Phase));
}
