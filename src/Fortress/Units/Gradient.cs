using System.Globalization;

namespace Fortress.Units;

/// <summary>
/// A gradient or any specific resistance expressed per mille of the train's weight (‰): positive uphill,
/// negative downhill. 1 ‰ = 1 m rise per km. Uses the small-angle approximation sin(α) ≈ tan(α),
/// which railway practice uses for every gradient a train can climb (error below 0.01 % at 40 ‰).
/// </summary>
public readonly struct Gradient : IEquatable<Gradient>
{
    private readonly double perMille;

    private Gradient(double perMille) => this.perMille = perMille;

    public static Gradient Level => default;

    public double PerMille => perMille;

    public static Gradient FromPerMille(double perMille) => new(Guard.Finite(perMille, nameof(perMille)));

    /// <summary>The force along the track that this gradient exerts on <paramref name="mass"/> (positive = resisting).</summary>
    public Force ForceOn(Mass mass) => Force.FromNewtons(mass.Kilograms * Physics.StandardGravity * perMille / 1000.0);

    public static Gradient operator +(Gradient a, Gradient b) => new(a.perMille + b.perMille);
    public static bool operator ==(Gradient a, Gradient b) => a.perMille == b.perMille;
    public static bool operator !=(Gradient a, Gradient b) => a.perMille != b.perMille;

    public bool Equals(Gradient other) => perMille.Equals(other.perMille);
    public override bool Equals(object? obj) => obj is Gradient other && Equals(other);
    public override int GetHashCode() => perMille.GetHashCode();

    public override string ToString() => perMille.ToString("0.00", CultureInfo.InvariantCulture) + " ‰";
}
