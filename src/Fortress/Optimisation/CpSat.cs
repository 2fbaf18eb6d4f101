using System.Globalization;
using Google.OrTools.Sat;

namespace Fortress.Optimisation;

/// <summary>
/// How Fortress runs Google OR-Tools' CP-SAT solver (decision 0014): a limit counted in CP-SAT's deterministic time (a
/// measure of work; <see cref="DeterministicPerSecond"/> converts a limit in seconds of the reference machine), one search worker by default and a fixed random seed,
/// so the same model gives the same answer on any machine and under any load: a planner who plans twice gets the same plan. A wall-clock backstop of <see cref="Backstop"/> times the
/// limit stops a solve on a machine far slower than that (only then may the answer depend on the clock).
/// </summary>
public static class CpSat
{
    /// <summary>
    /// The default number of search workers: 1, a single deterministic search, so that planning the same scenario twice
    /// gives the same plan (a planner, a dispatcher and the service must see one answer). More workers run CP-SAT's
    /// portfolio (searches sharing solutions and bounds), which proves more in the same time on a machine with the cores
    /// for it, but which of several equally good answers is returned, and how good an answer cut short is, then varies
    /// between runs; the scenario's <c>clearance.workers</c> chooses. (CP-SAT's deterministic multi-worker mode,
    /// <c>interleave_search</c>, aborted the process in OR-Tools 9.15 with "Check failed: heuristics.fixed_search".)
    /// </summary>
    public const int DefaultWorkers = 1;

    /// <summary>How many times its limit, in wall time, a solve may take before the clock stops it.</summary>
    public const double Backstop = 10;

    /// <summary>
    /// CP-SAT deterministic seconds per second of a limit: a limit is stated in seconds of the 2-core reference machine
    /// and counted in work. Measured on the state visit's clearance with one worker: 10 deterministic seconds took 33 s of
    /// wall time, so one second of limit is 0.3 deterministic seconds.
    /// </summary>
    public const double DeterministicPerSecond = 0.3;

    /// <summary>The least wall time a solve may take before the clock stops it, however small its share of a limit (a busy machine must not change the answer).</summary>
    public const double MinimumWallSeconds = 60;

    /// <summary>The default random seed of the search.</summary>
    public const int DefaultSeed = 17;

    /// <summary>A solver with these limits. <paramref name="limit"/> is deterministic time (at least 10 ms; see the class summary).</summary>
    public static CpSolver Solver(TimeSpan limit, int workers = DefaultWorkers, int seed = DefaultSeed)
    {
        var seconds = Math.Max(0.01, limit.TotalSeconds);
        return new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_deterministic_time:{seconds * DeterministicPerSecond:0.####},max_time_in_seconds:{Math.Max(MinimumWallSeconds, Backstop * seconds):0.###},num_workers:{Math.Max(1, workers)},random_seed:{seed},log_search_progress:false"),
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

    /// <summary>
    /// Deterministic seconds every solve costs beside its search, by the size of its model: CP-SAT counts only its search
    /// in deterministic time, but loading and presolving a model, and the call itself, take wall time too. Measured on the
    /// 5,000-train clearance (1,286 solves of 300,000 variables and constraints in all): about 15 ms of wall time per solve
    /// beyond its deterministic time on the loaded 2-core machine; counted as 0.002 deterministic seconds per solve and
    /// 2e-6 per variable or constraint, so that many small solves use up a limit as a few long ones do.
    /// </summary>
    public const double OverheadPerSolve = 0.002, OverheadPerElement = 2e-6;

    /// <summary>Solves under <see cref="Gate"/>, adding the deterministic time it took, and its overhead (<see cref="OverheadPerSolve"/>), to <paramref name="work"/>.</summary>
    public static CpSolverStatus Solve(CpSolver solver, CpModel model, WorkClock work)
    {
        var status = Solve(solver, model);
        var proto = model.Model;
        work.Add((solver.Response?.DeterministicTime ?? 0) + OverheadPerSolve + OverheadPerElement * (proto.Variables.Count + proto.Constraints.Count));
        return status;
    }
}

/// <summary>
/// Work done by a sequence of solves, in CP-SAT's deterministic seconds: what a search that must give the same answer on
/// any machine measures its budget by, instead of the wall clock.
/// </summary>
public sealed class WorkClock
{
    private double seconds;

    /// <summary>The work so far.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(seconds);

    /// <summary>Adds a solve's deterministic time (CP-SAT's seconds, counted here in seconds of limit: <see cref="CpSat.DeterministicPerSecond"/>).</summary>
    public void Add(double deterministicSeconds) => seconds += Math.Max(0, deterministicSeconds) / CpSat.DeterministicPerSecond;
}
