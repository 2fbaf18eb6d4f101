using System.Globalization;

namespace Fortress.Units;

/// <summary>A mass, stored in kilograms. Immutable.</summary>
public readonly struct Mass : IEquatable<Mass>, IComparable<Mass>
{
    private readonly double kg;

    private Mass(double kg) => this.kg = kg;

    public static Mass Zero => default;

    public double Kilograms => kg;
    /// <summary>Metric tonnes (1 t = 1000 kg).</summary>
    public double Tonnes => kg / 1000.0;

    public static Mass FromKilograms(double kilograms) => new(Guard.Finite(kilograms, nameof(kilograms)));
    public static Mass FromTonnes(double tonnes) => new(Guard.Finite(tonnes, nameof(tonnes)) * 1000.0);

    /// <summary>The weight of this mass under standard gravity.</summary>
    public Force Weight => Force.FromNewtons(kg * Physics.StandardGravity);

    public static Mass operator +(Mass a, Mass b) => new(a.kg + b.kg);
    public static Mass operator -(Mass a, Mass b) => new(a.kg - b.kg);
    public static Mass operator *(Mass a, double k) => new(a.kg * k);
    public static Mass operator *(double k, Mass a) => new(a.kg * k);
    public static Mass operator /(Mass a, double k) => new(a.kg / k);
    public static double operator /(Mass a, Mass b) => a.kg / b.kg;

    public static bool operator ==(Mass a, Mass b) => a.kg == b.kg;
    public static bool operator !=(Mass a, Mass b) => a.kg != b.kg;
    public static bool operator <(Mass a, Mass b) => a.kg < b.kg;
    public static bool operator >(Mass a, Mass b) => a.kg > b.kg;
    public static bool operator <=(Mass a, Mass b) => a.kg <= b.kg;
    public static bool operator >=(Mass a, Mass b) => a.kg >= b.kg;

    public static Mass Max(Mass a, Mass b) => a.kg >= b.kg ? a : b;

    public bool Equals(Mass other) => kg.Equals(other.kg);
    public override bool Equals(object? obj) => obj is Mass other && Equals(other);
    public override int GetHashCode() => kg.GetHashCode();
    public int CompareTo(Mass other) => kg.CompareTo(other.kg);

    /// <summary>"123.4 t".</summary>
    public override string ToString() => Tonnes.ToString("0.0", CultureInfo.InvariantCulture) + " t";
}
