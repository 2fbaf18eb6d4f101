using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Running;

/// <summary>
/// The train as the physics sees it (OSRD's "physics train"): length, inertial mass, resistance, traction and
/// braking. Built from a <see cref="Consist"/>; the integrator never looks at vehicles.
/// </summary>
internal sealed class TrainPhysics
{
    public TrainPhysics(Consist consist, RunOptions options)
    {
        Consist = consist;
        Length = consist.Length.Meters;
        Mass = consist.Mass.Kilograms;
        InertialMass = Mass * consist.RotatingMassFactor;
        Resistance = consist.Resistance;
        TractiveEffort = consist.TractiveEffort;
        var b = consist.Braking.Deceleration.MetersPerSecondSquared;
        var mean = b;
        if (options.DecelerationCap is { } cap) b = Math.Min(b, cap.MetersPerSecondSquared);
        if (!(options.TractiveEffortFactor > 0 && options.TractiveEffortFactor <= 2)) throw new ArgumentOutOfRangeException(nameof(options), options.TractiveEffortFactor, "tractive effort factor must be in (0, 2]");
        if (!(options.DecelerationFactor > 0 && options.DecelerationFactor <= 2)) throw new ArgumentOutOfRangeException(nameof(options), options.DecelerationFactor, "deceleration factor must be in (0, 2]");
        Deceleration = b * options.DecelerationFactor;
        effortFactor = options.TractiveEffortFactor;
        // A cap scales the full-force deceleration as it scales the mean one.
        FullForceDeceleration = consist.Braking.FullForceDeceleration.MetersPerSecondSquared * (b / mean) * options.DecelerationFactor;
        BuildUpTime = consist.Braking.BuildUpTime.Seconds;
        BuildUpMin = consist.Braking.BuildUpRange.Min.Seconds;
        BuildUpMax = consist.Braking.BuildUpRange.Max.Seconds;
        var vmax = consist.MaxSpeed.MetersPerSecond;
        if (options.SpeedCap is { } sc) vmax = Math.Min(vmax, sc.MetersPerSecond);
        MaxSpeed = vmax;
        WeightPerMille = Mass * Physics.StandardGravity / 1000.0;
    }

    public Consist Consist { get; }
    /// <summary>m.</summary>
    public double Length { get; }
    /// <summary>kg, running mass.</summary>
    public double Mass { get; }
    /// <summary>kg, running mass times rotating-mass factor.</summary>
    public double InertialMass { get; }
    public DavisCoefficients Resistance { get; }
    public TractiveEffortCurve TractiveEffort { get; }
    /// <summary>m/s², positive.</summary>
    public double Deceleration { get; }
    /// <summary>m/s², positive: once the brake force has built up (precise stops; <see cref="TrainBraking.FullForceDeceleration"/>).</summary>
    public double FullForceDeceleration { get; }
    /// <summary>s.</summary>
    public double BuildUpTime { get; }
    /// <summary>s, the shortest and longest build-up of a real application (<see cref="TrainBraking.BuildUpRange"/>).</summary>
    public double BuildUpMin { get; }
    public double BuildUpMax { get; }
    /// <summary>m/s.</summary>
    public double MaxSpeed { get; }
    /// <summary>N per ‰ of path resistance.</summary>
    public double WeightPerMille { get; }

    /// <summary>Acceleration at full tractive effort at speed v (m/s) against path resistance r (‰).</summary>
    public double MaxEffortAcceleration(double v, double perMille) =>
        (effortFactor * TractiveEffort.AtMetersPerSecond(v, ref effortHint) - Resistance.AtMetersPerSecond(v) - WeightPerMille * perMille) / InertialMass;

    private readonly double effortFactor;

    // Search hint into the tractive-effort table: one TrainPhysics serves one calculation at a time.
    private int effortHint;

    /// <summary>Deceleration (positive) that resistance and gradient alone give at speed v.</summary>
    public double NaturalDeceleration(double v, double perMille) =>
        (Resistance.AtMetersPerSecond(v) + WeightPerMille * perMille) / InertialMass;
}
