using Fortress.Units;

namespace Fortress.Running;

/// <summary>
/// What the precise stop's Monte Carlo found (decision 0010): where the door comes to rest when the achieved
/// deceleration, the brake build-up and the driver's approach speed vary together.
/// </summary>
/// <param name="Samples">Number of draws.</param>
/// <param name="Seed">Seed of the draws: the same seed gives the same figures.</param>
/// <param name="DecelerationVariation">Achieved full-force deceleration drawn uniformly within ± this share.</param>
/// <param name="BuildUpMin">Shortest build-up drawn (brake-pipe propagation + the mode's fastest cylinder filling).</param>
/// <param name="BuildUpMax">Longest build-up drawn.</param>
/// <param name="ApproachSpeedError">The driver's approach speed drawn uniformly within ± this of the planned speed.</param>
/// <param name="ProbabilityWithinTolerance">Share of draws with the door within the tolerance of the marker (0 to 1).</param>
/// <param name="DoorErrorP5">5th percentile of the door's resting position relative to the marker (negative: short).</param>
/// <param name="DoorErrorP95">95th percentile of the same.</param>
/// <param name="ApproachSpeedFor95Percent">The highest approach speed (0.1 km/h steps, same draws) with at least 95 % of stops within the tolerance; null when even 0.5 km/h does not reach it.</param>
/// <param name="Histogram">The door's resting positions relative to the marker in bins (from, to, count).</param>
public sealed record PreciseStopUncertainty(
    int Samples,
    int Seed,
    double DecelerationVariation,
    Duration BuildUpMin,
    Duration BuildUpMax,
    Speed ApproachSpeedError,
    double ProbabilityWithinTolerance,
    Length DoorErrorP5,
    Length DoorErrorP95,
    Speed? ApproachSpeedFor95Percent,
    IReadOnlyList<(Length From, Length To, int Count)> Histogram);

/// <summary>
/// The precise stop's spread by Monte Carlo: each draw takes a full-force deceleration (uniform within ± the stated
/// variation), a build-up time (uniform over the brake mode's UIC 540 range plus the brake-pipe propagation) and the
/// driver's actual approach speed (uniform within ± the stated error); the driver applies the brake where the nominal
/// stop would put the door on the marker, and does not correct afterwards (an open-loop stop). The resting position
/// of each draw comes from the closed form of <see cref="PreciseStop.StoppingDistance"/> with resistance and gradient
/// taken at the stopping point; the step-by-step <see cref="PreciseStop.Simulate"/> of the same draws agrees to within
/// a few centimetres (tested).
/// </summary>
internal static class PreciseStopMonteCarlo
{
    /// <summary>One draw: the deceleration as a share of its nominal value, the build-up (s), the approach-speed offset (m/s).</summary>
    public readonly record struct Draw(double DecelerationFactor, double BuildUp, double SpeedOffset);

    /// <summary>The draws for a spec and a train, reproducible from the seed (System.Random with a seed is stable).</summary>
    public static Draw[] Draws(PreciseStopSpec spec, TrainPhysics train)
    {
        var rng = new Random(spec.EffectiveSeed);
        var n = Math.Max(1, spec.EffectiveSamples);
        Fortress.Diagnostics.WorkLimits.Check("preciseStop.samples", "monteCarloRuns", "Monte-Carlo draws of the precise stop", n, Fortress.Diagnostics.WorkLimits.Current.MonteCarloRuns);
        var err = spec.EffectiveApproachSpeedError.MetersPerSecond;
        var draws = new Draw[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = rng.NextDouble();
            var u2 = rng.NextDouble();
            var u3 = rng.NextDouble();
            draws[i] = new Draw(1 + spec.DecelerationVariation * (2 * u1 - 1), train.BuildUpMin + (train.BuildUpMax - train.BuildUpMin) * u2, err * (2 * u3 - 1));
        }
        return draws;
    }

    /// <summary>Where the driver applies the brake (front position) for a stop of the front at <paramref name="front"/> from approach speed va.</summary>
    public static double Application(TrainPhysics train, ResistanceProfile resistance, double front, double va) =>
        front - PreciseStop.StoppingDistance(va, train.FullForceDeceleration, train.BuildUpTime, train.NaturalDeceleration(va, resistance.At(front)));

    /// <summary>The approach speed a draw actually has (at least 0.05 m/s: the train is moving when the brake is applied).</summary>
    public static double ActualSpeed(double va, Draw d) => Math.Max(0.05, va + d.SpeedOffset);

    /// <summary>The resting position of the front relative to <paramref name="front"/> for each draw, from the closed form.</summary>
    public static double[] Errors(TrainPhysics train, ResistanceProfile resistance, double front, double va, IReadOnlyList<Draw> draws)
    {
        var application = Application(train, resistance, front, va);
        var grade = resistance.At(front);
        var e = new double[draws.Count];
        for (var i = 0; i < e.Length; i++)
        {
            var v = ActualSpeed(va, draws[i]);
            e[i] = application + PreciseStop.StoppingDistance(v, train.FullForceDeceleration * draws[i].DecelerationFactor, draws[i].BuildUp,
                train.NaturalDeceleration(v, grade)) - front;
        }
        return e;
    }

    /// <summary>The same draws simulated step by step (<see cref="PreciseStop.Simulate"/>): the check of the closed form.</summary>
    public static double[] SimulatedErrors(TrainPhysics train, ResistanceProfile resistance, double front, double va, IReadOnlyList<Draw> draws)
    {
        var application = Application(train, resistance, front, va);
        return draws.Select(d => PreciseStop.Simulate(train, resistance, application, ActualSpeed(va, d), train.FullForceDeceleration * d.DecelerationFactor, d.BuildUp) - front)
            .ToArray();
    }

    public static double Probability(IReadOnlyList<double> errors, double tolerance) =>
        errors.Count(e => Math.Abs(e) <= tolerance + 1e-9) / (double)errors.Count;

    /// <summary>The p-quantile (0 to 1) of the values, linear between order statistics.</summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        var s = values.Order().ToArray();
        var x = p * (s.Length - 1);
        var i = (int)Math.Floor(x);
        return i + 1 < s.Length ? s[i] + (s[i + 1] - s[i]) * (x - i) : s[i];
    }

    /// <summary>The full analysis of one precise stop at approach speed <paramref name="va"/>.</summary>
    public static PreciseStopUncertainty Analyse(PreciseStopSpec spec, TrainPhysics train, ResistanceProfile resistance, double front, double va, double maxApproach)
    {
        var draws = Draws(spec, train);
        var tol = spec.EffectiveTolerance.Meters;
        var errors = Errors(train, resistance, front, va, draws);
        // The highest approach speed, in 0.1 km/h steps from the highest allowed down to 0.5 km/h, that keeps 95 % within.
        Speed? for95 = null;
        for (var kmh = Math.Floor(Math.Min(15, maxApproach * 3.6) * 10) / 10; kmh >= 0.5 - 1e-9; kmh -= 0.1)
            if (Probability(Errors(train, resistance, front, kmh / 3.6, draws), tol) >= 0.95) { for95 = Speed.FromKilometersPerHour(Math.Round(kmh, 1)); break; }
        return new PreciseStopUncertainty(draws.Length, spec.EffectiveSeed, spec.DecelerationVariation,
            Duration.FromSeconds(train.BuildUpMin), Duration.FromSeconds(train.BuildUpMax), spec.EffectiveApproachSpeedError,
            Probability(errors, tol), Length.FromMeters(Quantile(errors, 0.05)), Length.FromMeters(Quantile(errors, 0.95)), for95, Histogram(errors, tol));
    }

    /// <summary>Bins of 5 cm (wider when the spread is large, at most 60 bins), aligned on the marker.</summary>
    private static (Length From, Length To, int Count)[] Histogram(IReadOnlyList<double> errors, double tolerance)
    {
        var lo = Math.Min(errors.Min(), -tolerance);
        var hi = Math.Max(errors.Max(), tolerance);
        var width = 0.05;
        while ((hi - lo) / width > 60) width *= 2;
        var first = Math.Floor(lo / width);
        var count = (int)(Math.Floor(hi / width) - first) + 1;
        var bins = new int[count];
        foreach (var e in errors) bins[Math.Clamp((int)(Math.Floor(e / width) - first), 0, count - 1)]++;
        return bins.Select((c, i) => (Length.FromMeters((first + i) * width), Length.FromMeters((first + i + 1) * width), c)).ToArray();
    }
}
