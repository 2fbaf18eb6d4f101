using System.Globalization;
using Google.OrTools.Sat;

namespace Fortress.Optimisation;

/// <summary>
/// How Fortress runs Google OR-Tools' CP-SAT solver (decision 0014): a wall-time limit, a fixed number of workers and a
/// fixed random seed, so the same model gives the same answer whenever the solver finishes inside its limit.
/// </summary>
public static class CpSat
{
    /// <summary>
    /// The default number of search workers: 8, CP-SAT's portfolio (different searches sharing solutions and bounds), which
    /// proves far more than one search in the same time. Whatever the number, a proven optimum has the same objective;
    /// which of several equally good answers is returned, and how good an answer cut short by the time limit is, may
    /// vary between runs with more than one worker. Set 1 for a single deterministic search (the tests do).
    /// </summary>
    public const int DefaultWorkers = 8;

    /// <summary>The default random seed of the search.</summary>
    public const int DefaultSeed = 17;

    /// <summary>A solver with these limits. <paramref name="limit"/> is wall time (at least 10 ms).</summary>
    public static CpSolver Solver(TimeSpan limit, int workers = DefaultWorkers, int seed = DefaultSeed)
    {
        var seconds = Math.Max(0.01, limit.TotalSeconds);
        return new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{seconds:0.###},num_workers:{Math.Max(1, workers)},random_seed:{seed},log_search_progress:false"),
        };
    }

    /// <summary>
    /// Held while a native OR-Tools solver runs: one solve at a time per process. Concurrent solves in one process have
    /// crashed it (google/or-tools#1958, CP-SAT from .NET; SCIP's parallel mode is unreliable, #2210), and a crash takes
    /// the whole service down; a solve uses every worker it is given anyway.
    /// </summary>
    public static readonly object Gate = new();

    /// <summary>Solves under <see cref="Gate"/>.</summary>
    public static CpSolverStatus Solve(CpSolver solver, CpModel model)
    {
        lock (Gate) return solver.Solve(model, null);
    }

    /// <summary>Whether the solver holds a solution (proven optimal or not).</summary>
    public static bool HasSolution(CpSolverStatus s) => s is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
}
