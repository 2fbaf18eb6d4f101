using System.Globalization;

namespace Fortress.Units;

/// <summary>A speed, stored in metres per second. Immutable.</summary>
public readonly struct Speed : IEquatable<Speed>, IComparable<Speed>
{
    private const double KmhPerMs = 3.6;
    private readonly double mps;

    private Speed(double mps) => this.mps = mps;

    public static Speed Zero => default;

    public double MetersPerSecond => mps;
    public double KilometersPerHour => mps * KmhPerMs;
    public double MilesPerHour => mps / 0.44704;

    public static Speed FromMetersPerSecond(double metersPerSecond) => new(Guard.Finite(metersPerSecond, nameof(metersPerSecond)));
    public static Speed FromKilometersPerHour(double kilometersPerHour) => new(Guard.Finite(kilometersPerHour, nameof(kilometersPerHour)) / KmhPerMs);
    /// <summary>From miles per hour (1 mph = 0.44704 m/s exactly).</summary>
    public static Speed FromMilesPerHour(double milesPerHour) => new(Guard.Finite(milesPerHour, nameof(milesPerHour)) * 0.44704);

    public static Speed operator +(Speed a, Speed b) => new(a.mps + b.mps);
    public static Speed operator -(Speed a, Speed b) => new(a.mps - b.mps);
    public static Speed operator *(Speed a, double k) => new(a.mps * k);
    public static Speed operator *(double k, Speed a) => new(a.mps * k);
    public static Speed operator /(Speed a, double k) => new(a.mps / k);
    public static double operator /(Speed a, Speed b) => a.mps / b.mps;
    public static Length operator *(Speed v, Duration t) => Length.FromMeters(v.mps * t.Seconds);
    public static Length operator *(Duration t, Speed v) => Length.FromMeters(v.mps * t.Seconds);
    public static Acceleration operator /(Speed v, Duration t) => Acceleration.FromMetersPerSecondSquared(v.mps / t.Seconds);

    public static bool operator ==(Speed a, Speed b) => a.mps == b.mps;
    public static bool operator !=(Speed a, Speed b) => a.mps != b.mps;
    public static bool operator <(Speed a, Speed b) => a.mps < b.mps;
    public static bool operator >(Speed a, Speed b) => a.mps > b.mps;
    public static bool operator <=(Speed a, Speed b) => a.mps <= b.mps;
    public static bool operator >=(Speed a, Speed b) => a.mps >= b.mps;

    public static Speed Min(Speed a, Speed b) => a.mps <= b.mps ? a : b;
    public static Speed Max(Speed a, Speed b) => a.mps >= b.mps ? a : b;

    public bool Equals(Speed other) => mps.Equals(other.mps);
    public override bool Equals(object? obj) => obj is Speed other && Equals(other);
    public override int GetHashCode() => mps.GetHashCode();
    public int CompareTo(Speed other) => mps.CompareTo(other.mps);

    /// <summary>"80.0 km/h".</summary>
    public override string ToString() => KilometersPerHour.ToString("0.0", CultureInfo.InvariantCulture) + " km/h";
}
