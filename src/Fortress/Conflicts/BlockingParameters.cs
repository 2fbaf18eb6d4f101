using Fortress.Units;

namespace Fortress.Conflicts;

/// <summary>Where the approach part of a blocking time begins.</summary>
public enum ApproachMode
{
    /// <summary>
    /// The train must see a clear aspect one braking distance (the distant signal) before the block's entry signal:
    /// the approach starts when its front passes <c>entry − BrakingDistance</c>.
    /// </summary>
    BrakingDistance,
    /// <summary>
    /// Multi-aspect signalling where the previous main signal doubles as the distant signal: the approach starts when
    /// the front passes the entry of the previous block section on the path (for the first block, as
    /// <see cref="BrakingDistance"/>).
    /// </summary>
    PreviousBlock,
}

/// <summary>
/// The parameters of the blocking-time model (Pachl, "Railway Operation and Control", ch. on headways and blocking
/// time; Hansen &amp; Pachl, "Railway Timetabling &amp; Operations", 2014, ch. 4). A block's blocking time is, in order:
/// route set-up time, sight-and-reaction time, approach time, running time through the block, clearing time (the
/// rear passing the block end plus the overlap) and release time. The literature gives the components and their
/// meaning; the default figures below are Fortress's assumptions of typical values for a relay or electronic
/// interlocking and a driver on lineside signals, and are meant to be set per network.
/// </summary>
public sealed record BlockingParameters
{
    /// <summary>
    /// Time for the interlocking to set and lock the route and clear the signal before the driver must see it.
    /// Assumption: 12 s (an electronic interlocking sets a route in a few seconds; relay interlockings take longer).
    /// </summary>
    public Units.Duration SetupTime { get; init; } = Units.Duration.FromSeconds(12);

    /// <summary>Time for the driver to see the signal and react. Assumption: 9 s.</summary>
    public Units.Duration SightReactionTime { get; init; } = Units.Duration.FromSeconds(9);

    /// <summary>Time for the interlocking to release the block after the rear has cleared it. Assumption: 3 s.</summary>
    public Units.Duration ReleaseTime { get; init; } = Units.Duration.FromSeconds(3);

    /// <summary>
    /// Distance from the distant (warning) signal to the main signal at the block's entry, used by
    /// <see cref="ApproachMode.BrakingDistance"/>. Assumption: 1,000 m, the usual distant-signal spacing on
    /// central-European main lines up to 160 km/h.
    /// </summary>
    public Length BrakingDistance { get; init; } = Length.FromMeters(1000);

    /// <summary>
    /// Length beyond the exit signal that must be clear (and is occupied) until the rear has passed it: the overlap.
    /// Assumption: 100 m.
    /// </summary>
    public Length Overlap { get; init; } = Length.FromMeters(100);

    /// <summary>How the approach is measured. Default: <see cref="ApproachMode.BrakingDistance"/>.</summary>
    public ApproachMode Approach { get; init; } = ApproachMode.BrakingDistance;

    /// <summary>The defaults above.</summary>
    public static BlockingParameters Default { get; } = new();
}
