using System.Globalization;

namespace Fortress.Units;

/// <summary>
/// A physical time span, stored in seconds as a double, for running-time calculations.
/// Clock times and time zones belong to NodaTime (<c>Instant</c>, <c>ZonedDateTime</c>), not to this type.
/// </summary>
public readonly struct Duration : IEquatable<Duration>, IComparable<Duration>
{
    private readonly double s;

    private Duration(double s) => this.s = s;

    public static Duration Zero => default;

    public double Seconds => s;
    public double Minutes => s / 60.0;
    public double Hours => s / 3600.0;

    public static Duration FromSeconds(double seconds) => new(Guard.Finite(seconds, nameof(seconds)));
    public static Duration FromMinutes(double minutes) => new(Guard.Finite(minutes, nameof(minutes)) * 60.0);
    public static Duration FromHours(double hours) => new(Guard.Finite(hours, nameof(hours)) * 3600.0);

    public static Duration operator +(Duration a, Duration b) => new(a.s + b.s);
    public static Duration operator -(Duration a, Duration b) => new(a.s - b.s);
    public static Duration operator *(Duration a, double k) => new(a.s * k);
    public static Duration operator *(double k, Duration a) => new(a.s * k);
    public static Duration operator /(Duration a, double k) => new(a.s / k);
    public static double operator /(Duration a, Duration b) => a.s / b.s;

    public static bool operator ==(Duration a, Duration b) => a.s == b.s;
    public static bool operator !=(Duration a, Duration b) => a.s != b.s;
    public static bool operator <(Duration a, Duration b) => a.s < b.s;
    public static bool operator >(Duration a, Duration b) => a.s > b.s;
    public static bool operator <=(Duration a, Duration b) => a.s <= b.s;
    public static bool operator >=(Duration a, Duration b) => a.s >= b.s;

    public static Duration Max(Duration a, Duration b) => a.s >= b.s ? a : b;

    public bool Equals(Duration other) => s.Equals(other.s);
    public override bool Equals(object? obj) => obj is Duration other && Equals(other);
    public override int GetHashCode() => s.GetHashCode();
    public int CompareTo(Duration other) => s.CompareTo(other.s);

    /// <summary>"h:mm:ss.f" from an hour up, otherwise "m:ss.f".</summary>
    public override string ToString()
    {
        var sign = s < 0 ? "-" : "";
        var a = Math.Abs(s);
        var h = Math.Floor(a / 3600);
        var m = Math.Floor((a - h * 3600) / 60);
        var sec = a - h * 3600 - m * 60;
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{h:0}:{m:00}:{sec:00.0}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{m:0}:{sec:00.0}");
    }
}
