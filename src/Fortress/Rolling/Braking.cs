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
/// <param name="Deceleration">Constant service deceleration (positive), independent of resisting forces.</param>
/// <param name="BuildUpTime">Time from brake application to full brake force (used by precise stops).</param>
/// <param name="BrakePercentage">λ in % where the braked weights were known, otherwise null.</param>
/// <param name="Basis">How the deceleration was obtained, for reports.</param>
public sealed record TrainBraking(Acceleration Deceleration, Duration BuildUpTime, double? BrakePercentage, string Basis)
{
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
    public static Duration CylinderFillingTime(BrakeMode mode) => mode switch
    {
        BrakeMode.P => Duration.FromSeconds(4),
        BrakeMode.G => Duration.FromSeconds(24),
        _ => Duration.FromSeconds(1),
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
