using Fortress.Units;

namespace Fortress.Running;

/// <summary>Specific curve resistance in ‰ of train weight, by gauge.</summary>
public static class CurveResistance
{
    /// <summary>
    /// Röckl's formulas as given by Wende ("Fahrdynamik des Schienenverkehrs", 2003): standard gauge
    /// 650/(R − 55) ‰ for R ≥ 300 m and 500/(R − 30) ‰ below; metre gauge 400/(R − 20) ‰. Broad (1,520 mm) gauge:
    /// 700/R ‰, the formula of the Russian rules for traction calculations (PTR, 1985). Other gauges use the
    /// nearest of these.
    /// </summary>
    public static Gradient For(Length radius, int gaugeMillimeters)
    {
        var r = radius.Meters;
        if (!(r > 0)) throw new ArgumentOutOfRangeException(nameof(radius), "radius must be positive");
        double perMille;
        if (gaugeMillimeters >= 1500) perMille = 700.0 / r;
        else if (gaugeMillimeters < 1200) perMille = 400.0 / Math.Max(r - 20, 10);
        else perMille = r >= 300 ? 650.0 / (r - 55) : 500.0 / Math.Max(r - 30, 10);
        return Gradient.FromPerMille(perMille);
    }
}
