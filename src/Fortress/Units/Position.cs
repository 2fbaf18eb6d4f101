using System.Globalization;

namespace Fortress.Units;

/// <summary>
/// A point along a path, as the distance in metres from the path's origin. Positions are points, not amounts:
/// <c>Position - Position = Length</c>, <c>Position + Length = Position</c>; two positions cannot be added.
/// </summary>
public readonly struct Position : IEquatable<Position>, IComparable<Position>
{
    private readonly double meters;

    private Position(double meters) => this.meters = meters;

    /// <summary>The path's origin.</summary>
    public static Position Origin => default;

    /// <summary>Metres from the origin.</summary>
    public double Meters => meters;

    public static Position FromMeters(double meters) => new(Guard.Finite(meters, nameof(meters)));

    public static Position FromKilometers(double kilometers) => new(Guard.Finite(kilometers, nameof(kilometers)) * 1000.0);

    public static Position operator +(Position p, Length d) => new(p.meters + d.Meters);
    public static Position operator -(Position p, Length d) => new(p.meters - d.Meters);
    public static Length operator -(Position a, Position b) => Length.FromMeters(a.meters - b.meters);

    public static bool operator ==(Position a, Position b) => a.meters == b.meters;
    public static bool operator !=(Position a, Position b) => a.meters != b.meters;
    public static bool operator <(Position a, Position b) => a.meters < b.meters;
    public static bool operator >(Position a, Position b) => a.meters > b.meters;
    public static bool operator <=(Position a, Position b) => a.meters <= b.meters;
    public static bool operator >=(Position a, Position b) => a.meters >= b.meters;

    public static Position Min(Position a, Position b) => a.meters <= b.meters ? a : b;
    public static Position Max(Position a, Position b) => a.meters >= b.meters ? a : b;

    public bool Equals(Position other) => meters.Equals(other.meters);
    public override bool Equals(object? obj) => obj is Position other && Equals(other);
    public override int GetHashCode() => meters.GetHashCode();
    public int CompareTo(Position other) => meters.CompareTo(other.meters);

    /// <summary>Railway chainage style: "km 12+345.6".</summary>
    public override string ToString()
    {
        var km = Math.Floor(meters / 1000.0);
        return string.Create(CultureInfo.InvariantCulture, $"km {km:0}+{meters - km * 1000.0:000.0}");
    }
}
