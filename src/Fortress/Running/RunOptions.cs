using Fortress.Units;

namespace Fortress.Running;

/// <summary>Where on the train the path's gradients act.</summary>
public enum GradientModel
{
    /// <summary>Averaged over the train's length (a homogeneous mass band): Fortress's default.</summary>
    TrainLength,
    /// <summary>At the front of the train, as if all mass were there (the railtoolkit convention).</summary>
    MassPoint,
}

/// <summary>How an allowance's extra time is spread over a section between two stops.</summary>
public enum AllowanceDistribution
{
    /// <summary>Every speed of the section scaled by one factor (OSRD's linear allowance): simple and uniform.</summary>
    Linear,
    /// <summary>
    /// A lower cruising ceiling for the section, found by bisection: the driver runs slower at the top and keeps
    /// full acceleration and braking; saves energy.
    /// </summary>
    SpeedCeiling,
}

/// <summary>
/// Extra running time over the minimum (a recovery margin): a percentage of the minimum running time and/or a fixed
/// margin, spread over the sections between stops in proportion to their minimum running time, and/or a time per
/// distance (minutes per 100 km), spread in proportion to their length.
/// </summary>
/// <param name="Percent">Percentage of the minimum running time, 0 to 100.</param>
/// <param name="Margin">A fixed margin over the whole run.</param>
/// <param name="MinutesPer100Km">Minutes per 100 km of the run, 0 to 60.</param>
public sealed record Allowance(double Percent, Duration Margin, AllowanceDistribution Distribution = AllowanceDistribution.Linear, double MinutesPer100Km = 0)
{
    public static Allowance None { get; } = new(0, Duration.Zero);

    /// <summary>
    /// The recovery margin a timetable gives a locomotive-hauled passenger train of up to 140 km/h: 4 % of the running
    /// time and 1.5 min per 100 km, spread linearly. Source: UIC Code 451-1, "Timetable recovery margins to guarantee
    /// timekeeping" (4th ed., December 2000), which sets the margin as a percentage of the running time (by train type and
    /// top speed) plus a time per distance. Assumption: the special train is a heavy locomotive-hauled passenger train
    /// below 140 km/h, so the lower figures apply; the exact table of the leaflet is not public, so the figures are a
    /// parameter (docs/decisions/0009-stages-and-views.md).
    /// </summary>
    public static Allowance Uic451Passenger { get; } = new(4, Duration.Zero, AllowanceDistribution.Linear, 1.5);

    public bool IsNone => Percent == 0 && Margin.Seconds == 0 && MinutesPer100Km == 0;
}

/// <summary>How the max-effort parts of the envelope are integrated.</summary>
public enum IntegrationScheme
{
    /// <summary>
    /// Fourth-order Runge-Kutta in distance on v²/2, with steps of at most <see cref="RunOptions.MaxStep"/> and at most
    /// 0.5 m/s of speed change: within 0.1 % of the converged motion (Fortress's default).
    /// </summary>
    Accurate,
    /// <summary>
    /// The scheme of the TrainRuns.jl reference results: explicit steps of 20 m
    /// with the acceleration of the step's start held over the step. Faster than the true motion where tractive
    /// effort falls with speed (3.5 % early in a diesel multiple unit's run); use it only to compare like for like.
    /// </summary>
    Reference,
}

/// <summary>Options of the running-time calculation. Defaults follow Fortress's own physics.</summary>
public sealed record RunOptions
{
    public GradientModel GradientModel { get; init; } = GradientModel.TrainLength;

    public Allowance Allowance { get; init; } = Allowance.None;

    public IntegrationScheme Integration { get; init; } = IntegrationScheme.Accurate;

    /// <summary>
    /// Longest distance step of the accurate max-effort integration (fourth-order Runge-Kutta in distance). Default
    /// 100 m; steps are also kept to 0.5 m/s of speed change, which governs wherever the acceleration is strong, so the
    /// longest step only matters where the train labours at nearly constant speed (the convergence test checks that
    /// 5 m to 200 m agree within 0.05 %).
    /// </summary>
    public Length MaxStep { get; init; } = Length.FromMeters(100);

    /// <summary>An upper bound on the service deceleration for passenger comfort, if any.</summary>
    public Acceleration? DecelerationCap { get; init; }

    /// <summary>A speed the train never exceeds on this run (e.g. an escort order), on top of line and vehicle limits.</summary>
    public Speed? SpeedCap { get; init; }

    /// <summary>
    /// The train's speed at the start of the path (default: at rest). A re-forecast runs a moving train from where it
    /// is; the speed is capped by the limits and braking curves at the start.
    /// </summary>
    public Speed? InitialSpeed { get; init; }

    /// <summary>
    /// Factor on the tractive effort the train achieves (1 = the consist's curve; 0.95 = 5 % short: low adhesion, a
    /// weak line voltage, a cautious driver). Used by the multi-train simulation's Monte-Carlo study. Range (0, 2]; default 1.
    /// </summary>
    public double TractiveEffortFactor { get; init; } = 1;

    /// <summary>
    /// Factor on the service deceleration the train achieves (1 = the consist's braking; below 1 brakes earlier and
    /// longer). Applied after <see cref="DecelerationCap"/>. Range (0, 2]; default 1.
    /// </summary>
    public double DecelerationFactor { get; init; } = 1;

    public static RunOptions Default { get; } = new();
}
