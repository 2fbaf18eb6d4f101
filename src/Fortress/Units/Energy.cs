using System.Globalization;

namespace Fortress.Units;

/// <summary>An amount of energy, stored in joules. Immutable.</summary>
public readonly struct Energy : IEquatable<Energy>, IComparable<Energy>
{
    private readonly double j;

    private Energy(double j) => this.j = j;

    public static Energy Zero => default;

    public double Joules => j;
    public double Megajoules => j / 1e6;
    public double KilowattHours => j / 3.6e6;

    public static Energy FromJoules(double joules) => new(Guard.Finite(joules, nameof(joules)));
    public static Energy FromKilowattHours(double kilowattHours) => new(Guard.Finite(kilowattHours, nameof(kilowattHours)) * 3.6e6);

    public static Energy operator +(Energy a, Energy b) => new(a.j + b.j);
    public static Energy operator -(Energy a, Energy b) => new(a.j - b.j);
    public static Energy operator *(Energy a, double k) => new(a.j * k);

    public static bool operator ==(Energy a, Energy b) => a.j == b.j;
    public static bool operator !=(Energy a, Energy b) => a.j != b.j;
    public static bool operator <(Energy a, Energy b) => a.j < b.j;
    public static bool operator >(Energy a, Energy b) => a.j > b.j;
    public static bool operator <=(Energy a, Energy b) => a.j <= b.j;
    public static bool operator >=(Energy a, Energy b) => a.j >= b.j;

    public bool Equals(Energy other) => j.Equals(other.j);
    public override bool Equals(object? obj) => obj is Energy other && Equals(other);
    public override int GetHashCode() => j.GetHashCode();
    public int CompareTo(Energy other) => j.CompareTo(other.j);

    /// <summary>"123.4 kWh".</summary>
    public override string ToString() => KilowattHours.ToString("0.0", CultureInfo.InvariantCulture) + " kWh";
}
