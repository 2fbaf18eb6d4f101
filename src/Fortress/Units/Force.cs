using System.Globalization;

namespace Fortress.Units;

/// <summary>A force, stored in newtons. Immutable.</summary>
public readonly struct Force : IEquatable<Force>, IComparable<Force>
{
    private readonly double n;

    private Force(double n) => this.n = n;

    public static Force Zero => default;

    public double Newtons => n;
    public double Kilonewtons => n / 1000.0;

    public static Force FromNewtons(double newtons) => new(Guard.Finite(newtons, nameof(newtons)));
    public static Force FromKilonewtons(double kilonewtons) => new(Guard.Finite(kilonewtons, nameof(kilonewtons)) * 1000.0);

    public static Force operator +(Force a, Force b) => new(a.n + b.n);
    public static Force operator -(Force a, Force b) => new(a.n - b.n);
    public static Force operator -(Force a) => new(-a.n);
    public static Force operator *(Force a, double k) => new(a.n * k);
    public static Force operator *(double k, Force a) => new(a.n * k);
    public static Force operator /(Force a, double k) => new(a.n / k);
    public static double operator /(Force a, Force b) => a.n / b.n;
    public static Acceleration operator /(Force f, Mass m) => Acceleration.FromMetersPerSecondSquared(f.n / m.Kilograms);
    public static Energy operator *(Force f, Length d) => Energy.FromJoules(f.n * d.Meters);
    public static Power operator *(Force f, Speed v) => Power.FromWatts(f.n * v.MetersPerSecond);

    public static bool operator ==(Force a, Force b) => a.n == b.n;
    public static bool operator !=(Force a, Force b) => a.n != b.n;
    public static bool operator <(Force a, Force b) => a.n < b.n;
    public static bool operator >(Force a, Force b) => a.n > b.n;
    public static bool operator <=(Force a, Force b) => a.n <= b.n;
    public static bool operator >=(Force a, Force b) => a.n >= b.n;

    public bool Equals(Force other) => n.Equals(other.n);
    public override bool Equals(object? obj) => obj is Force other && Equals(other);
    public override int GetHashCode() => n.GetHashCode();
    public int CompareTo(Force other) => n.CompareTo(other.n);

    /// <summary>"123.4 kN".</summary>
    public override string ToString() => Kilonewtons.ToString("0.0", CultureInfo.InvariantCulture) + " kN";
}
