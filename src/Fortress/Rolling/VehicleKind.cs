namespace Fortress.Rolling;

/// <summary>What a vehicle is, which decides how its resistance and braking are read.</summary>
public enum VehicleKind
{
    /// <summary>A traction unit without passenger space.</summary>
    Locomotive,
    /// <summary>A passenger-type carriage (coach, saloon, sleeper, dining car...).</summary>
    Carriage,
    /// <summary>A freight-type wagon (car carrier, stores van...).</summary>
    Wagon,
    /// <summary>A self-propelled unit that also carries passengers.</summary>
    MultipleUnit,
}

/// <summary>Source of a traction unit's power.</summary>
public enum TractionKind { Diesel, Electric, Steam }

/// <summary>
/// How a traction unit is powered. Electric units name the catenary system they can draw from; a multi-system
/// locomotive lists each.
/// </summary>
public sealed record TractionSystem(TractionKind Kind, IReadOnlyList<Electrification> Systems)
{
    public static TractionSystem Diesel { get; } = new(TractionKind.Diesel, []);

    public static TractionSystem Electric(params Electrification[] systems) => new(TractionKind.Electric, systems);

    /// <summary>True when this unit can run under <paramref name="line"/> (diesel and steam run anywhere).</summary>
    public bool CanRunOn(Electrification? line) =>
        Kind != TractionKind.Electric || (line is not null && Systems.Any(s => s.Matches(line)));

    public override string ToString() =>
        Kind == TractionKind.Electric ? "electric " + string.Join(" / ", Systems) : Kind.ToString().ToLowerInvariant();
}

/// <summary>An electrification system: nominal voltage and frequency (0 Hz = direct current).</summary>
public sealed record Electrification(int Volts, double FrequencyHz)
{
    public static Electrification Dc3000 { get; } = new(3000, 0);
    public static Electrification Ac25kV50Hz { get; } = new(25000, 50);
    public static Electrification Ac15kV16_7Hz { get; } = new(15000, 16.7);

    public bool IsDirectCurrent => FrequencyHz == 0;

    public bool Matches(Electrification other) =>
        Volts == other.Volts && Math.Abs(FrequencyHz - other.FrequencyHz) < 0.5;

    public override string ToString() => IsDirectCurrent
        ? $"{Volts / 1000.0:0.#} kV DC"
        : $"{Volts / 1000.0:0.#} kV {FrequencyHz:0.#} Hz";
}
