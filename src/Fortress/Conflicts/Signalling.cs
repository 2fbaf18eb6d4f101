using Fortress.Units;

namespace Fortress.Conflicts;

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
    /// Number of aspects a main signal shows: 2 (stop / clear, with a distant signal one braking distance before it) or 3
    /// (the previous main signal shows caution). Default 3, the usual colour-light automatic block.
    /// </summary>
    public int Aspects { get; init; } = 3;

    /// <summary>
    /// How far ahead a driver can read a signal. Assumption: 200 m; the minimum readable distance the UK Railway Group
    /// Standard GK/RT0037 asks for a signal is based on 7 s (later 8 s) of running at line speed, about 200 m at 100 km/h.
    /// </summary>
    public Length SightingDistance { get; init; } = Length.FromMeters(200);

    /// <summary>The defaults above.</summary>
    public static Signalling Default { get; } = new();

    /// <summary>Every problem with these settings (ranges and reasons in docs/formats.md).</summary>
    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (Aspects is not (2 or 3)) yield return ("aspects", $"must be 2 or 3, got {Aspects}");
        if (!(BlockLength.Meters is >= 200 and <= 50_000)) yield return ("blockLengthMeters", $"must be between 200 m and 50 km, got {BlockLength.Meters}");
        if (!(StationZone.Meters is >= 0 and <= 5_000)) yield return ("stationZoneMeters", $"must be between 0 and 5,000 m, got {StationZone.Meters}");
        if (!(SightingDistance.Meters is >= 10 and <= 5_000)) yield return ("sightingDistanceMeters", $"must be between 10 and 5,000 m, got {SightingDistance.Meters}");
        var b = Blocking;
        foreach (var (k, d) in new[] { ("setupSeconds", b.SetupTime), ("sightReactionSeconds", b.SightReactionTime), ("releaseSeconds", b.ReleaseTime) })
            if (!(d.Seconds is >= 0 and <= 600)) yield return (k, $"must be between 0 and 600 s, got {d.Seconds}");
        if (!(b.BrakingDistance.Meters is >= 0 and <= 10_000)) yield return ("brakingDistanceMeters", $"must be between 0 and 10,000 m, got {b.BrakingDistance.Meters}");
        if (!(b.Overlap.Meters is >= 0 and <= 1_000)) yield return ("overlapMeters", $"must be between 0 and 1,000 m, got {b.Overlap.Meters}");
    }
}
