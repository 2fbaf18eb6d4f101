using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Rolling;

/// <summary>
/// A train formation: vehicles in order from the front, with the figures that follow from them. Immutable;
/// build with <see cref="Create"/>, which validates every vehicle and reports all problems at once.
/// </summary>
public sealed class Consist
{
    private Consist(string name, IReadOnlyList<Vehicle> vehicles, Acceleration? decelerationOverride)
    {
        Name = name;
        Vehicles = vehicles;
        Length = Length.FromMeters(vehicles.Sum(v => v.Length.Meters));
        Mass = Mass.FromKilograms(vehicles.Sum(v => v.TotalMass.Kilograms));
        EmptyMass = Mass.FromKilograms(vehicles.Sum(v => v.EmptyMass.Kilograms));
        MaxAxleLoad = vehicles.Select(v => v.AxleLoad).Aggregate(Mass.Zero, Mass.Max);
        MaxSpeed = vehicles.Select(v => v.MaxSpeed).Aggregate(Speed.Min);
        RotatingMassFactor = vehicles.Sum(v => v.RotatingMassFactor * v.EmptyMass.Kilograms) / EmptyMass.Kilograms;
        TractiveEffort = TractiveEffortCurve.Sum(vehicles.Where(v => v.IsTractionUnit).Select(v => v.TractiveEffort).ToArray());
        Resistance = vehicles.Aggregate(DavisCoefficients.Zero, (acc, v) => acc + v.Resistance.For(v.TotalMass));
        Braking = DeriveBraking(vehicles, Length, decelerationOverride);
        var offsets = new Length[vehicles.Count];
        var x = Length.Zero;
        for (var i = 0; i < vehicles.Count; i++)
        {
            offsets[i] = x;
            x += vehicles[i].Length;
        }
        VehicleOffsets = offsets;
    }

    public string Name { get; }

    /// <summary>Vehicles from the front of the train.</summary>
    public IReadOnlyList<Vehicle> Vehicles { get; }

    /// <summary>Distance from the train's front to the front of each vehicle, in formation order.</summary>
    public IReadOnlyList<Length> VehicleOffsets { get; }

    public Length Length { get; }

    /// <summary>Running mass (tare + armour + payload of every vehicle).</summary>
    public Mass Mass { get; }

    public Mass EmptyMass { get; }

    public Mass MaxAxleLoad { get; }

    /// <summary>The lowest speed limit of the vehicles.</summary>
    public Speed MaxSpeed { get; }

    /// <summary>Empty-mass-weighted mean rotating-mass factor (the convention of Wende and railtoolkit).</summary>
    public double RotatingMassFactor { get; }

    /// <summary>Sum of the traction units' curves (multiple traction).</summary>
    public TractiveEffortCurve TractiveEffort { get; }

    /// <summary>Sum of the vehicles' running resistances at their running masses.</summary>
    public DavisCoefficients Resistance { get; }

    public TrainBraking Braking { get; }

    public IEnumerable<Vehicle> TractionUnits => Vehicles.Where(v => v.IsTractionUnit);

    public int AxleCount => Vehicles.Sum(v => v.AxleCount);

    /// <summary>
    /// Validates and builds a consist. Problems (no vehicles, no traction unit, non-positive lengths or masses, a
    /// rotating-mass factor below 1, axles missing) are all reported together.
    /// </summary>
    /// <param name="decelerationOverride">A stated service deceleration for the whole train, which takes precedence.</param>
    public static Consist Create(string name, IReadOnlyList<Vehicle> vehicles, string where = "formation", Acceleration? decelerationOverride = null)
    {
        var problems = new ProblemList();
        WorkLimits.Check(where, "trainVehicles", "vehicles in the train", vehicles.Count, WorkLimits.Current.TrainVehicles);
        if (vehicles.Count == 0) problems.Add(where, "the formation is empty: a train needs at least one vehicle");
        else if (!vehicles.Any(v => v.IsTractionUnit)) problems.Add(where, "the formation has no traction unit (locomotive or multiple unit)");
        for (var i = 0; i < vehicles.Count; i++)
            problems.AddRange(Validate(vehicles[i], $"{where}[{i}] ({vehicles[i].Id})"));
        if (decelerationOverride is { } d && Plausible.Deceleration.Problem(d.MetersPerSecondSquared) is { } dp)
            problems.Add(where, "the service deceleration " + dp);
        problems.ThrowIfAny();
        return new Consist(name, vehicles.ToArray(), decelerationOverride);
    }

    /// <summary>Every problem with one vehicle's figures, against the plausible ranges of <see cref="Plausible"/> (the same for any source).</summary>
    public static IEnumerable<Problem> Validate(Vehicle v, string where)
    {
        if (!(v.Length.Meters > 0)) yield return new Problem(where, $"length must be positive, got {v.Length}");
        else if (Plausible.VehicleLength.Problem(v.Length.Meters) is { } lp) yield return new Problem(where, "length " + lp);
        if (!(v.TareMass.Kilograms > 0)) yield return new Problem(where, $"tare mass must be positive, got {v.TareMass}");
        else if (Plausible.TareMass.Problem(v.TareMass.Tonnes) is { } tp) yield return new Problem(where, "tare mass " + tp);
        if (v.ArmourMass.Kilograms < 0) yield return new Problem(where, $"armour mass must not be negative, got {v.ArmourMass}");
        else if (Plausible.ArmourMass.Problem(v.ArmourMass.Tonnes) is { } ap) yield return new Problem(where, "armour mass " + ap);
        if (v.Payload.Kilograms < 0) yield return new Problem(where, $"payload must not be negative, got {v.Payload}");
        else if (Plausible.Payload.Problem(v.Payload.Tonnes) is { } pp) yield return new Problem(where, "payload " + pp);
        if (v.AxleCount <= 0) yield return new Problem(where, $"axle count must be positive, got {v.AxleCount}");
        else if (Plausible.Axles.Problem(v.AxleCount) is { } xp) yield return new Problem(where, "axle count " + xp);
        if (!(v.MaxSpeed.MetersPerSecond > 0)) yield return new Problem(where, $"maximum speed must be positive, got {v.MaxSpeed}");
        else if (Plausible.MaxSpeed.Problem(v.MaxSpeed.KilometersPerHour) is { } sp) yield return new Problem(where, "maximum speed " + sp);
        if (!(v.RotatingMassFactor >= 1.0)) yield return new Problem(where, $"rotating-mass factor must be at least 1, got {v.RotatingMassFactor}");
        else if (Plausible.RotatingMassFactor.Problem(v.RotatingMassFactor) is { } rp) yield return new Problem(where, "rotating-mass factor " + rp);
        if (v.IsTractionUnit && v.TractiveEffort.Count <= 1 && v.TractiveEffort.At(Speed.Zero).Newtons <= 0)
            yield return new Problem(where, "a traction unit needs a tractive-effort curve");
        if (v.Braking.ServiceDeceleration is { } d && !(d.MetersPerSecondSquared > 0))
            yield return new Problem(where, $"service deceleration must be positive, got {d}");
        else if (v.Braking.ServiceDeceleration is { } d2 && Plausible.Deceleration.Problem(d2.MetersPerSecondSquared) is { } dp)
            yield return new Problem(where, "service deceleration " + dp);
        if (v.Braking.BrakedWeight is { } bw && bw.Kilograms < 0)
            yield return new Problem(where, $"braked weight must not be negative, got {bw}");
        else if (v.Braking.BrakedWeight is { } bw2 && Plausible.BrakedWeight.Problem(bw2.Tonnes) is { } bp)
            yield return new Problem(where, "braked weight " + bp);
    }

    /// <summary>
    /// Train braking, in order of precedence: a deceleration stated for the train; a deceleration stated on a
    /// traction unit (railtoolkit <c>a_braking</c>); the brake percentage from braked weights where every vehicle has
    /// one (Minden formula); otherwise the default for passenger or freight trains.
    /// Build-up time = brake-pipe propagation over the train length + cylinder filling time of the slowest mode.
    /// </summary>
    private static TrainBraking DeriveBraking(IReadOnlyList<Vehicle> vehicles, Length length, Acceleration? overrideDecel)
    {
        // The slowest brake mode in the train governs its build-up: G if any vehicle is in G, else P, else EP.
        var mode = vehicles.Any(v => v.Braking.Mode == BrakeMode.G) ? BrakeMode.G
            : vehicles.Any(v => v.Braking.Mode == BrakeMode.P) ? BrakeMode.P : BrakeMode.EP;
        var propagation = mode == BrakeMode.EP ? Duration.Zero : length / TrainBraking.BrakePipePropagation;
        var buildUp = propagation + TrainBraking.CylinderFillingTime(mode);
        var (fillMin, fillMax) = TrainBraking.CylinderFillingRange(mode);
        var range = (propagation + fillMin, propagation + fillMax);
        double? lambda = vehicles.All(v => v.Braking.BrakedWeight is not null)
            ? 100.0 * vehicles.Sum(v => v.Braking.BrakedWeight!.Value.Kilograms) / vehicles.Sum(v => v.TotalMass.Kilograms)
            : null;
        if (overrideDecel is { } o) return new TrainBraking(o, buildUp, lambda, "stated for the train") { BuildUpRange = range };
        var stated = vehicles.FirstOrDefault(v => v.IsTractionUnit && v.Braking.ServiceDeceleration is not null);
        if (stated is not null) return new TrainBraking(stated.Braking.ServiceDeceleration!.Value, buildUp, lambda, $"stated for traction unit {stated.Id}") { BuildUpRange = range };
        if (lambda is { } l && l > 0)
        {
            // The Minden formula's distances include the build-up (decision 0010): its mean deceleration is split into the
            // build-up and a full-force deceleration that give the same distance from the reference speed. The formula
            // used is the fit for mode P (and EP, which builds up faster); a train in mode G keeps the mean (a known limit).
            var mean = TrainBraking.FromBrakePercentage(l);
            return new TrainBraking(mean, buildUp, l, $"brake percentage {l:0}% (Minden formula)")
            {
                BuildUpRange = range,
                FullForceDeceleration = mode == BrakeMode.G ? mean : TrainBraking.FullForceFromMean(mean, TrainBraking.MindenReferenceSpeed, buildUp),
            };
        }
        return vehicles.Any(v => v.IsPassengerType)
            ? new TrainBraking(TrainBraking.DefaultPassenger, buildUp, null, "default for passenger trains (Brünger and Dahlhaus 2014)") { BuildUpRange = range }
            : new TrainBraking(TrainBraking.DefaultFreight, buildUp, null, "default for freight trains (Brünger and Dahlhaus 2014)") { BuildUpRange = range };
    }

    public override string ToString() => $"{Name}: {Vehicles.Count} vehicles, {Length}, {Mass}, max {MaxSpeed}";
}
