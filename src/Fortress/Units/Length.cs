using System.Globalization;

namespace Fortress.Units;

/// <summary>
/// An amount of distance (a difference of two <see cref="Position"/>s), stored in metres.
/// May be negative. Immutable and thread-safe.
/// </summary>
public readonly struct Length : IEquatable<Length>, IComparable<Length>
{
    private readonly double meters;

    private Length(double meters) => this.meters = meters;

    /// <summary>No distance.</summary>
    public static Length Zero => default;

    /// <summary>The length in metres.</summary>
    public double Meters => meters;

    /// <summary>The length in kilometres.</summary>
    public double Kilometers => meters / 1000.0;

    public static Length FromMeters(double meters) => new(Guard.Finite(meters, nameof(meters)));

    public static Length FromKilometers(double kilometers) => new(Guard.Finite(kilometers, nameof(kilometers)) * 1000.0);

    public static Length operator +(Length a, Length b) => new(a.meters + b.meters);
    public static Length operator -(Length a, Length b) => new(a.meters - b.meters);
    public static Length operator -(Length a) => new(-a.meters);
    public static Length operator *(Length a, double k) => new(a.meters * k);
    public static Length operator *(double k, Length a) => new(a.meters * k);
    public static Length operator /(Length a, double k) => new(a.meters / k);
    public static double operator /(Length a, Length b) => a.meters / b.meters;
    public static Duration operator /(Length a, Speed v) => Duration.FromSeconds(a.meters / v.MetersPerSecond);
    public static Speed operator /(Length a, Duration t) => Speed.FromMetersPerSecond(a.meters / t.Seconds);

    public static bool operator ==(Length a, Length b) => a.meters == b.meters;
    public static bool operator !=(Length a, Length b) => a.meters != b.meters;
    public static bool operator <(Length a, Length b) => a.meters < b.meters;
    public static bool operator >(Length a, Length b) => a.meters > b.meters;
    public static bool operator <=(Length a, Length b) => a.meters <= b.meters;
    public static bool operator >=(Length a, Length b) => a.meters >= b.meters;

    public static Length Min(Length a, Length b) => a.meters <= b.meters ? a : b;
    public static Length Max(Length a, Length b) => a.meters >= b.meters ? a : b;
    public Length Abs() => new(Math.Abs(meters));

    public bool Equals(Length other) => meters.Equals(other.meters);
    public override bool Equals(object? obj) => obj is Length other && Equals(other);
    public override int GetHashCode() => meters.GetHashCode();
    public int CompareTo(Length other) => meters.CompareTo(other.meters);

    /// <summary>"123.4 m" below 10 km, otherwise "12.345 km".</summary>
    public override string ToString() => Math.Abs(meters) < 10_000
        ? meters.ToString("0.0", CultureInfo.InvariantCulture) + " m"
        : Kilometers.ToString("0.000", CultureInfo.InvariantCulture) + " km";
}
