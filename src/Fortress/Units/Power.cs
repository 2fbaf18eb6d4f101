using System.Globalization;

namespace Fortress.Units;

/// <summary>A power, stored in watts. Immutable.</summary>
public readonly struct Power : IEquatable<Power>, IComparable<Power>
{
    private readonly double w;

    private Power(double w) => this.w = w;

    public static Power Zero => default;

    public double Watts => w;
    public double Kilowatts => w / 1000.0;

    public static Power FromWatts(double watts) => new(Guard.Finite(watts, nameof(watts)));
    public static Power FromKilowatts(double kilowatts) => new(Guard.Finite(kilowatts, nameof(kilowatts)) * 1000.0);

    public static Power operator +(Power a, Power b) => new(a.w + b.w);
    public static Power operator *(Power a, double k) => new(a.w * k);
    public static Force operator /(Power p, Speed v) => Force.FromNewtons(p.w / v.MetersPerSecond);
    public static Energy operator *(Power p, Duration t) => Energy.FromJoules(p.w * t.Seconds);

    public static bool operator ==(Power a, Power b) => a.w == b.w;
    public static bool operator !=(Power a, Power b) => a.w != b.w;
    public static bool operator <(Power a, Power b) => a.w < b.w;
    public static bool operator >(Power a, Power b) => a.w > b.w;

    public bool Equals(Power other) => w.Equals(other.w);
    public override bool Equals(object? obj) => obj is Power other && Equals(other);
    public override int GetHashCode() => w.GetHashCode();
    public int CompareTo(Power other) => w.CompareTo(other.w);

    public override string ToString() => Kilowatts.ToString("0", CultureInfo.InvariantCulture) + " kW";
}
