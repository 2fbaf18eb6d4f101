using Fortress.Units;

namespace Fortress.Conflicts;

/// <summary>How many aspects the main signals show.</summary>
public enum SignalAspects
{
    /// <summary>
    /// Stop and proceed, each main signal announced by a distant signal one braking distance before it
    /// (<see cref="BlockingParameters.BrakingDistance"/>): a driver who sees "expect stop" there brakes to stop at the main signal.
    /// </summary>
    Two = 2,
    /// <summary>
    /// Stop, caution and clear: each main signal also announces the next one, so the caution aspect one block before a
    /// red is the warning (blocking-time approach from the previous block, <see cref="ApproachMode.PreviousBlock"/>).
    /// </summary>
    Three = 3,
}


/// <summary>
/// A line's fixed-block signalling as planning and simulation see it: the blocking-time parameters, how long blocks are
/// where the data has no signals, the station tracks at crossing places, and what a driver sees. Set per scenario
/// (<c>"signalling"</c>, docs/formats.md); every default is the documented one below.
/// </summary>
public sealed record Signalling
{
    /// <summary>The blocking-time model's parameters (<see cref="BlockingParameters"/>, with their sources).</summary>
    public BlockingParameters Blocking { get; init; } = BlockingParameters.Default;

    /// <summary>
    /// Length of a block on double track where the data has no signals. Assumption: 2 km, typical of automatic block on
    /// main lines (Pachl, "Railway Operation and Control", ch. 6: block sections of 1 to 3 km on lines with automatic block).
    /// </summary>
    public Length BlockLength { get; init; } = Length.FromKilometers(2);

    /// <summary>
    /// Station tracks on each side of a place where trains cross or wait: a train standing at the place with its front
    /// there has its whole length within them, clear of the line. Assumption: 750 m, the longest train usually admitted
    /// on European main lines (Russian lines take longer trains; set it per corridor).
    /// </summary>
    public Length StationZone { get; init; } = Length.FromMeters(750);

    /// <summary>
    /// How many aspects a main signal shows: 2 (stop / proceed, announced by a distant signal one braking distance before
    /// it; the default, as <see cref="BlockingParameters.Approach"/>'s default assumes) or 3 (the previous main signal
    /// shows caution; the blocking-time approach then starts at the previous block, <see cref="EffectiveBlocking"/>).
    /// </summary>
    public SignalAspects Aspects { get; init; } = SignalAspects.Two;

    /// <summary>
    /// How far before a main signal the driver can read it: a train braking towards a red notices that it has cleared
    /// only from here (or at once when it stands at the signal). Assumption: 200 m (a main signal read from about 12 s
    /// away at 60 km/h); railways set it per signal from an assessed minimum reading time (RSSB RIS-0737-CCS, Signal
    /// Sighting Assessment Requirements, 2016), so set it per network.
    /// </summary>
    public Length SightingDistance { get; init; } = Length.FromMeters(200);

    /// <summary>
    /// Time from the driver seeing a signal clear to the train starting to accelerate again. Default: the blocking-time
    /// model's sight-and-reaction time (<see cref="BlockingParameters.SightReactionTime"/>, 9 s), so a train standing at a
    /// red signal leaves exactly when the blocking-time model says a train released at the minimum headway would.
    /// </summary>
    public Units.Duration? ReactionTime { get; init; }

    /// <summary>
    /// Time kept clear on every block before and after a convoy train's blocking time: no regular train, and no other
    /// convoy train, is planned to use a block within this time of a convoy train. Blocking times that only touch leave
    /// no reserve for the small deviations of a real run (a few seconds of dwell, a driver braking earlier than the
    /// blocking-time model assumes), and the convoy must never see a restrictive aspect; UIC Code 406 (2nd ed., 2013)
    /// calls this reserve buffer time and Hansen &amp; Pachl ("Railway Timetabling &amp; Operations", 2nd ed., 2014, ch. 4)
    /// give about one minute between trains as common practice. Assumption: 60 s.
    /// </summary>
    public Units.Duration ConvoyBuffer { get; init; } = Units.Duration.FromSeconds(60);

    /// <summary>The reaction time in effect.</summary>
    public Units.Duration EffectiveReactionTime => ReactionTime ?? Blocking.SightReactionTime;

    /// <summary>The blocking parameters with the approach the aspects imply (3-aspect: from the previous block's signal).</summary>
    public BlockingParameters EffectiveBlocking => Aspects == SignalAspects.Three ? Blocking with { Approach = ApproachMode.PreviousBlock } : Blocking;

    /// <summary>The defaults above.</summary>
    public static Signalling Default { get; } = new();

    /// <summary>Every problem with these settings (ranges and reasons in docs/formats.md).</summary>
    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (Aspects is not (SignalAspects.Two or SignalAspects.Three)) yield return ("aspects", $"must be 2 or 3, got {(int)Aspects}");
        if (ReactionTime is { } r && !(r.Seconds is >= 0 and <= 120)) yield return ("reactionSeconds", $"must be between 0 and 120 s, got {r.Seconds}");
        if (!(BlockLength.Meters is >= 200 and <= 50_000)) yield return ("blockLengthMeters", $"must be between 200 m and 50 km, got {BlockLength.Meters}");
        if (!(StationZone.Meters is >= 0 and <= 5_000)) yield return ("stationZoneMeters", $"must be between 0 and 5,000 m, got {StationZone.Meters}");
        if (!(ConvoyBuffer.Seconds is >= 0 and <= 1_800)) yield return ("convoyBufferSeconds", $"must be between 0 and 1,800 s, got {ConvoyBuffer.Seconds}");
        if (!(SightingDistance.Meters is >= 10 and <= 5_000)) yield return ("sightingDistanceMeters", $"must be between 10 and 5,000 m, got {SightingDistance.Meters}");
        var b = Blocking;
        foreach (var (k, d) in new[] { ("setupSeconds", b.SetupTime), ("sightReactionSeconds", b.SightReactionTime), ("releaseSeconds", b.ReleaseTime) })
            if (!(d.Seconds is >= 0 and <= 600)) yield return (k, $"must be between 0 and 600 s, got {d.Seconds}");
        if (!(b.BrakingDistance.Meters is >= 0 and <= 10_000)) yield return ("brakingDistanceMeters", $"must be between 0 and 10,000 m, got {b.BrakingDistance.Meters}");
        if (!(b.Overlap.Meters is >= 0 and <= 1_000)) yield return ("overlapMeters", $"must be between 0 and 1,000 m, got {b.Overlap.Meters}");
    }
}

