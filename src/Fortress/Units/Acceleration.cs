using System.Globalization;

namespace Fortress.Units;

/// <summary>An acceleration (negative when slowing), stored in m/s². Immutable.</summary>
public readonly struct Acceleration : IEquatable<Acceleration>, IComparable<Acceleration>
{
    private readonly double mps2;

    private Acceleration(double mps2) => this.mps2 = mps2;

    public static Acceleration Zero => default;

    public double MetersPerSecondSquared => mps2;

    public static Acceleration FromMetersPerSecondSquared(double value) => new(Guard.Finite(value, nameof(value)));

    public static Acceleration operator +(Acceleration a, Acceleration b) => new(a.mps2 + b.mps2);
    public static Acceleration operator -(Acceleration a, Acceleration b) => new(a.mps2 - b.mps2);
    public static Acceleration operator -(Acceleration a) => new(-a.mps2);
    public static Acceleration operator *(Acceleration a, double k) => new(a.mps2 * k);
    public static Acceleration operator *(double k, Acceleration a) => new(a.mps2 * k);
    public static Speed operator *(Acceleration a, Duration t) => Speed.FromMetersPerSecond(a.mps2 * t.Seconds);
    public static Force operator *(Acceleration a, Mass m) => Force.FromNewtons(a.mps2 * m.Kilograms);
    public static Force operator *(Mass m, Acceleration a) => Force.FromNewtons(a.mps2 * m.Kilograms);

    public static bool operator ==(Acceleration a, Acceleration b) => a.mps2 == b.mps2;
    public static bool operator !=(Acceleration a, Acceleration b) => a.mps2 != b.mps2;
    public static bool operator <(Acceleration a, Acceleration b) => a.mps2 < b.mps2;
    public static bool operator >(Acceleration a, Acceleration b) => a.mps2 > b.mps2;
    public static bool operator <=(Acceleration a, Acceleration b) => a.mps2 <= b.mps2;
    public static bool operator >=(Acceleration a, Acceleration b) => a.mps2 >= b.mps2;

    public bool Equals(Acceleration other) => mps2.Equals(other.mps2);
    public override bool Equals(object? obj) => obj is Acceleration other && Equals(other);
    public override int GetHashCode() => mps2.GetHashCode();
    public int CompareTo(Acceleration other) => mps2.CompareTo(other.mps2);

    public override string ToString() => mps2.ToString("0.000", CultureInfo.InvariantCulture) + " m/s²";
}
