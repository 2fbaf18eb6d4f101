using System.Globalization;
using Fortress.Units;

namespace Fortress.Rolling;

/// <summary>
/// Running resistance of a whole train on level straight track, in Davis form R(v) = A + B·v + C·v²
/// (A in N, B in N/(m/s), C in N/(m/s)²). Every vehicle model reduces to this form, so a consist's resistance
/// is a sum of coefficients and costs one polynomial per evaluation.
/// </summary>
public readonly record struct DavisCoefficients(double A, double B, double C)
{
    public static DavisCoefficients Zero => default;

    public Force At(Speed v) => Force.FromNewtons(AtMetersPerSecond(v.MetersPerSecond));

    internal double AtMetersPerSecond(double v) => A + (B + C * v) * v;

    public static DavisCoefficients operator +(DavisCoefficients x, DavisCoefficients y) => new(x.A + y.A, x.B + y.B, x.C + y.C);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"A={A:0.#} N, B={B:0.###} N/(m/s), C={C:0.####} N/(m/s)²");
}

/// <summary>How a vehicle's running resistance is described. Reduced to Davis coefficients for its running mass.</summary>
public abstract record RunningResistance
{
    /// <summary>The resistance of this vehicle when its running (loaded) mass is <paramref name="runningMass"/>.</summary>
    public abstract DavisCoefficients For(Mass runningMass);
}

/// <summary>Absolute Davis coefficients, independent of the load (typical for a locomotive's own resistance).</summary>
public sealed record DavisResistance(DavisCoefficients Coefficients) : RunningResistance
{
    public static DavisResistance FromSi(double aNewtons, double bNewtonsPerMps, double cNewtonsPerMps2) =>
        new(new DavisCoefficients(aNewtons, bNewtonsPerMps, cNewtonsPerMps2));

    public override DavisCoefficients For(Mass runningMass) => Coefficients;
}

/// <summary>
/// Specific resistance in per mille of the vehicle's weight, the form of Wende ("Fahrdynamik des Schienenverkehrs",
/// 2003) and railtoolkit: r(v) = f0 + f1·(v / v00) + f2·((v + Δv) / v00)² ‰, R = r / 1000 · m · g.
/// With Δv = 15 km/h head wind this is Sauthoff's formula for passenger coaches; with f1 = 0 and Δv = 0 it is
/// Strahl's formula for freight wagons (reference speed v00 = 100 km/h in both).
/// </summary>
public sealed record PerMilleResistance(double F0, double F1, double F2, Speed HeadWind, Speed ReferenceSpeed) : RunningResistance
{
    /// <summary>The reference speed v00 = 100 km/h of Sauthoff's and Strahl's formulas.</summary>
    public static Speed V00 { get; } = Speed.FromKilometersPerHour(100);

    /// <summary>The head wind Δv = 15 km/h of Sauthoff's formula (Wende 2003, p. 153).</summary>
    public static Speed SauthoffHeadWind { get; } = Speed.FromKilometersPerHour(15);

    /// <summary>Sauthoff's formula for passenger coaches (head wind 15 km/h).</summary>
    public static PerMilleResistance Sauthoff(double f0, double f1, double f2) => new(f0, f1, f2, SauthoffHeadWind, V00);

    /// <summary>Strahl's formula for freight wagons (no linear term, no head wind).</summary>
    public static PerMilleResistance Strahl(double f0, double f2) => new(f0, 0, f2, Speed.Zero, V00);

    public override DavisCoefficients For(Mass runningMass)
    {
        var k = runningMass.Kilograms * Physics.StandardGravity / 1000.0;
        var v00 = ReferenceSpeed.MetersPerSecond;
        var w = HeadWind.MetersPerSecond;
        // f2 ((v + w)/v00)^2 = f2/v00^2 (v^2 + 2 w v + w^2)
        var c2 = F2 / (v00 * v00);
        return new DavisCoefficients(k * (F0 + c2 * w * w), k * (F1 / v00 + 2 * c2 * w), k * c2);
    }
}
