namespace Fortress.Units;

/// <summary>Physical constants used throughout Fortress.</summary>
public static class Physics
{
    /// <summary>Standard gravity g = 9.80665 m/s² (CGPM 1901; also the value railtoolkit uses).</summary>
    public const double StandardGravity = 9.80665;
}

internal static class Guard
{
    /// <summary>Rejects NaN and infinities at the public edge of every unit factory.</summary>
    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number");
}
