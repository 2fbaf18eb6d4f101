using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.IO.Osm;

/// <summary>
/// What to import from OpenStreetMap and the defaults for missing tags. The defaults follow OSRD's (80 km/h where no
/// speed is known) and European main-line practice (1,435 mm, not electrified, 22.5 t = UIC line class D axle load,
/// single track). See docs/decisions/0002-routing-speedup.md ("Default tags").
/// </summary>
public sealed record OsmImportOptions
{
    /// <summary>Also import railway=light_rail.</summary>
    public bool IncludeLightRail { get; init; }

    /// <summary>Also import railway=narrow_gauge.</summary>
    public bool IncludeNarrowGauge { get; init; }

    public Speed DefaultSpeed { get; init; } = Speed.FromKilometersPerHour(80);
    public int DefaultGaugeMillimeters { get; init; } = 1435;
    public Electrification? DefaultElectrification { get; init; }
    public Mass DefaultAxleLoad { get; init; } = Mass.FromTonnes(22.5);

    /// <summary>How far a station node may be from the track it is matched to.</summary>
    public Length StationMatchDistance { get; init; } = Length.FromMeters(200);

    /// <summary>Duration of a gauge change at a facility tagged without a duration.</summary>
    public Duration DefaultGaugeChangeDuration { get; init; } = Duration.FromHours(2);

    /// <summary>Receives (stage, fraction 0..1) while reading; null for none.</summary>
    public IProgress<(string Stage, double Fraction)>? Progress { get; init; }

    public static OsmImportOptions Default { get; } = new();
}
