using Fortress.Units;

namespace Fortress.Rolling;

/// <summary>
/// Brake operating mode of the automatic air brake (UIC 540): P for passenger trains (fast cylinder filling),
/// G for goods trains (slow filling to limit in-train forces), EP for electro-pneumatic control (all cars at once).
/// </summary>
public enum BrakeMode { P, G, EP }

/// <summary>
/// A vehicle's braking: either a stated service deceleration for the train it leads (the railtoolkit
/// <c>a_braking</c> convention) and/or a braked weight ("Bremsgewicht", from which the train's brake percentage
/// λ = Σ braked weight / Σ mass follows), and its brake mode.
/// </summary>
public sealed record VehicleBraking(Acceleration? ServiceDeceleration, Mass? BrakedWeight, BrakeMode Mode)
{
    public static VehicleBraking Unspecified { get; } = new(null, null, BrakeMode.P);

    public static VehicleBraking FromBrakedWeight(Mass brakedWeight, BrakeMode mode = BrakeMode.P) => new(null, brakedWeight, mode);
}

/// <summary>The train-level braking model used by the running-time calculation, and where it came from.</summary>
/// <param name="Deceleration">
/// Constant service deceleration (positive), independent of resisting forces: the mean over a stop from line speed,
/// used for the braking curves of the running-time envelope.
/// </param>
/// <param name="BuildUpTime">Time from brake application to full brake force (used by precise stops): the middle of <see cref="BuildUpRange"/>.</param>
/// <param name="BrakePercentage">λ in % where the braked weights were known, otherwise null.</param>
/// <param name="Basis">How the deceleration was obtained, for reports.</param>
public sealed record TrainBraking(Acceleration Deceleration, Duration BuildUpTime, double? BrakePercentage, string Basis)
{
    /// <summary>
    /// Deceleration once the brake force has built up (positive), for models that ramp the force up over
    /// <see cref="BuildUpTime"/> (the precise stop). A mean deceleration from the Minden formula already contains the
    /// build-up (its distances are measured from the brake application, decision 0010): the full-force value is then
    /// the one with which a stop from <see cref="MindenReferenceSpeed"/> with the ramp is exactly as long as the
    /// formula says. A deceleration stated for the train or a traction unit is taken as the full-force value. Defaults
    /// to <see cref="Deceleration"/>.
    /// </summary>
    public Acceleration FullForceDeceleration { get; init; } = Deceleration;

    /// <summary>
    /// The range of the build-up time over which a real application varies: brake-pipe propagation plus the cylinder
    /// filling range of the brake mode (<see cref="CylinderFillingRange"/>). Defaults to <see cref="BuildUpTime"/> alone.
    /// </summary>
    public (Duration Min, Duration Max) BuildUpRange { get; init; } = (BuildUpTime, BuildUpTime);

    /// <summary>
    /// 100 km/h: the speed of the stopping-distance tests from which braked weights are rated in mode P (UIC leaflet
    /// 544-1) and at which the Minden formula's distance is matched when its mean deceleration is split into a
    /// build-up and a full-force deceleration.
    /// </summary>
    public static Speed MindenReferenceSpeed { get; } = Speed.FromKilometersPerHour(100);

    /// <summary>
    /// The full-force deceleration b such that a stop from <paramref name="v"/> with the force ramped up linearly over
    /// <paramref name="buildUp"/> (then constant) is as long as a stop at the constant mean deceleration
    /// <paramref name="mean"/>: v·tb/2 + v²/(2b) − b·tb²/24 = v²/(2·mean) (level track, the train still moving when
    /// the force is full). Equals <paramref name="mean"/> without build-up.
    /// </summary>
    public static Acceleration FullForceFromMean(Acceleration mean, Speed v, Duration buildUp)
    {
        double a = mean.MetersPerSecondSquared, u = v.MetersPerSecond, tb = buildUp.Seconds;
        if (tb <= 1e-9) return mean;
        var s = u * u / (2 * a);
        var rest = s - u * tb / 2;
        if (rest <= 0) throw new ArgumentOutOfRangeException(nameof(buildUp), buildUp, "the build-up alone is longer than the whole stop");
        // (tb²/24)·b² + rest·b − u²/2 = 0: the positive root.
        var q = tb * tb / 24;
        var b = (-rest + Math.Sqrt(rest * rest + 4 * q * u * u / 2)) / (2 * q);
        if (u - b * tb / 2 <= 0) throw new ArgumentOutOfRangeException(nameof(buildUp), buildUp, "the train would stop before the brake force is full");
        return Acceleration.FromMetersPerSecondSquared(b);
    }

    /// <summary>
    /// Default service deceleration of a train with passenger vehicles: 0.375 m/s² (Brünger and Dahlhaus in Hansen
    /// and Pachl, "Railway Timetabling &amp; Operations", 2014; the railtoolkit default).
    /// </summary>
    public static Acceleration DefaultPassenger { get; } = Acceleration.FromMetersPerSecondSquared(0.375);

    /// <summary>Default service deceleration of a freight train: 0.225 m/s² (same source).</summary>
    public static Acceleration DefaultFreight { get; } = Acceleration.FromMetersPerSecondSquared(0.225);

    /// <summary>
    /// Speed at which the brake command travels along the brake pipe: at least 250 m/s (UIC leaflet 540; also
    /// EN 14198). Used for the build-up time of long trains.
    /// </summary>
    public static Speed BrakePipePropagation { get; } = Speed.FromMetersPerSecond(250);

    /// <summary>
    /// Brake cylinder filling time to 95 % of the maximum force: 3 to 5 s in mode P, 18 to 30 s in mode G
    /// (UIC leaflet 540). Fortress takes the middle of each range; EP control fills all cylinders at once in about 1 s
    /// (engineering assumption for electro-pneumatic brakes).
    /// </summary>
    public static Duration CylinderFillingTime(BrakeMode mode)
    {
        var (lo, hi) = CylinderFillingRange(mode);
        return Duration.FromSeconds((lo.Seconds + hi.Seconds) / 2);
    }

    /// <summary>
    /// The range of cylinder filling times (to 95 % of the maximum force): 3 to 5 s in mode P, 18 to 30 s in mode G
    /// (UIC leaflet 540; also UIC 543 for passenger stock); EP 0.5 to 1.5 s (engineering assumption: all cylinders
    /// filled at once, about 1 s).
    /// </summary>
    public static (Duration Min, Duration Max) CylinderFillingRange(BrakeMode mode) => mode switch
    {
        BrakeMode.P => (Duration.FromSeconds(3), Duration.FromSeconds(5)),
        BrakeMode.G => (Duration.FromSeconds(18), Duration.FromSeconds(30)),
        _ => (Duration.FromSeconds(0.5), Duration.FromSeconds(1.5)),
    };

    /// <summary>
    /// Mean deceleration from the brake percentage λ by the Minden formula (Mindener Formel) for the braking distance
    /// s = 3.85·v² / (6.1·ψ·(1 + λ/10) + i) with s in m, v in km/h, i in ‰ (as given by Wende, "Fahrdynamik des
    /// Schienenverkehrs", 2003): on level track a = v²/(2s) = 6.1·ψ·(1 + λ/10) / 99.79 m/s². Fortress takes ψ = 1
    /// (engineering assumption: disc or composite-block brakes, service application).
    /// </summary>
    public static Acceleration FromBrakePercentage(double lambdaPercent)
    {
        if (!(lambdaPercent > 0)) throw new ArgumentOutOfRangeException(nameof(lambdaPercent), lambdaPercent, "brake percentage must be positive");
        const double psi = 1.0;
        return Acceleration.FromMetersPerSecondSquared(6.1 * psi * (1 + lambdaPercent / 10.0) / (2 * 3.85 * 3.6 * 3.6));
    }
}
