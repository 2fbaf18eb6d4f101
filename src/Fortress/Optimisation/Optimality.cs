using System.Globalization;

namespace Fortress.Optimisation;

/// <summary>How a decision was reached, and so how much its objective can be trusted.</summary>
public enum SolveMethod
{
    /// <summary>An exact solver proved that no better answer exists (gap 0).</summary>
    Optimal,
    /// <summary>An exact solver ran out of time: the answer is the best found, the bound the best proven; the gap is stated.</summary>
    Bounded,
    /// <summary>A heuristic (first come, first served; earliest deadline, best fit) with a lower bound beside it.</summary>
    Greedy,
}

/// <summary>
/// How good a minimising decision is: its objective, a lower bound that no answer can beat, and the method. The gap is
/// (objective − bound) / bound: "within 5 % of optimal" means no answer can be more than 5 % better.
/// </summary>
/// <param name="Objective">The answer's cost, in <paramref name="Unit"/> (never negative).</param>
/// <param name="Bound">A proven lower bound of the cost in the same unit (0 ≤ bound ≤ objective).</param>
/// <param name="Method">How it was found.</param>
/// <param name="Unit">What the objective counts, in words (e.g. "weighted minutes of delay", "teams").</param>
/// <param name="SolveTime">Wall time spent deciding (heuristic, bounds and solver together).</param>
public sealed record Optimality(double Objective, double Bound, SolveMethod Method, string Unit, TimeSpan SolveTime)
{
    /// <summary>When the first answer that meets every constraint was known, from the start (null: not recorded).</summary>
    public TimeSpan? FirstFeasible { get; init; }

    /// <summary>(objective − bound) / bound in percent; 0 when both are 0; null when only the bound is 0 (no finite gap).</summary>
    public double? GapPercent => Objective <= Bound + 1e-9 ? 0 : Bound <= 0 ? null : (Objective - Bound) / Bound * 100;

    /// <summary>The method as the JSON and the page write it: optimal, bounded or greedy.</summary>
    public string MethodName => Method.ToString().ToLowerInvariant();

    /// <summary>
    /// In words, for the table, the report and the console: "optimal", "within 3 % of optimal" (rounded up, so never
    /// understated), or "no bound" when the gap is not finite.
    /// </summary>
    public string Describe()
    {
        if (GapPercent is not { } g) return "optimality not known (no lower bound above zero)";
        if (g <= 1e-9) return Method == SolveMethod.Optimal ? "optimal" : "optimal (the lower bound is reached)";
        var up = Math.Ceiling(g * 10 - 1e-9) / 10;
        return $"within {up.ToString(up < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} % of optimal";
    }
}
