using System.Diagnostics;
using Fortress.Optimisation;
using Fortress.Planning;
using Lp = Google.OrTools.LinearSolver;
using Google.OrTools.Sat;
using NodaTime;

namespace Fortress.Security;

/// <summary>
/// The sweep roster by column generation, the standard way of bounding and solving fleet-size problems with time
/// windows (Desrosiers, Desrochers &amp; Solomon, "A new optimization algorithm for the vehicle routing problem with time
/// windows", Operations Research 40(2), 1992). A column is one team's day: a base and a chain of sites it can sweep in
/// their windows within its shift.
/// <list type="number">
/// <item>Master (linear, GLOP): the fewest teams, fractional, such that every site is covered and no base sends out more
/// teams than it has, over the days found so far.</item>
/// <item>Pricing: the day that covers the most dual value, by labelling over the links between sites in time order
/// (a label: when the team is free, when its shift began, how much later its first site could start and how much of that
/// the waiting along its chain absorbs, so its shortest time on duty; the value collected; one label dominates another
/// with the same last two sites that is no worse in all of them). Labels may come back
/// to a site after two others (only going straight back is ruled out), and a shift is taken to begin as late as the
/// first site's window allows where teams may ride the pilot (its steps in time defeat the exact account): the days
/// priced are a superset of the real ones, so the bound below stays valid.</item>
/// <item>Bound: for any duals, Σ site duals + Σ base duals × teams at the base + (1 − best day's value) × teams
/// (when negative; the teams of the best roster known, as only better ones matter) bounds the teams from below
/// (Lagrangian relaxation); when no day is worth more than 1, it is the linear optimum. Rounded up.</item>
/// <item>Roster: the best choice among the days found (each site covered; a set-covering MIP solved by SCIP, bundled
/// with OR-Tools, else CP-SAT), then the days re-timed.</item>
/// </list>
/// </summary>
internal static class SweepColumns
{
    internal sealed record Day(int Base, int[] Jobs);

    /// <summary>Labels extended per second of the time limit (see <see cref="Solve"/>).</summary>
    public const double StepsPerSecond = 18_000;

    /// <summary>Cells of the completion bound's table (<see cref="SweepCompletion"/>) counted as one label of work.</summary>
    public const long CellsPerLabel = 20;

    /// <summary>The bound (teams) and the best roster of the days found, within <paramref name="limit"/>.</summary>
    /// <param name="incumbent">Teams of the best roster known (the bound only needs to hold for better ones).</param>
    public static (int Bound, List<Day>? Roster) Solve(SweepContext ctx, List<SweepJob> jobs, List<int>[] links, IReadOnlyList<Day> seeds, int incumbent, TimeSpan limit, int workers)
    {
        var clock = Stopwatch.StartNew();
        // The search is bounded by work, not by the clock, so the same problem gives the same roster on any machine and
        // under any load: labels extended, StepsPerSecond per second of the limit (calibrated on the state visit: about
        // 18,000 a second with exact pricing on the 2-core reference machine). The clock stays as a backstop at
        // CpSat.Backstop times the limit, for a problem whose steps are far dearer.
        long work = 0;
        var budget = (long)(limit.TotalSeconds * StepsPerSecond);
        var backstop = limit * CpSat.Backstop;
        var n = jobs.Count;
        var bases = ctx.Bases.Count;
        var reference = ctx.OpsStart - NodaTime.Duration.FromDays(1);
        long Sec(Instant t) => (long)Math.Round((t - reference).TotalSeconds);
        var shift = (long)Math.Floor(ctx.Force.Shift.Seconds);
        var earliest = jobs.Select(j => Sec(j.Earliest)).ToArray();
        var latest = jobs.Select(j => Sec(j.LatestStart)).ToArray();
        var sweep = jobs.Select(j => (long)Math.Ceiling(j.Site.SweepTime.Seconds)).ToArray();
        var release = jobs.Select(j => j.Release == Instant.MinValue ? long.MinValue : Sec(j.Release)).ToArray();
        var drive = new long[bases, n];
        for (var b = 0; b < bases; b++)
            for (var j = 0; j < n; j++) drive[b, j] = (long)Math.Ceiling(ctx.Travel(ctx.Bases[b].Position, jobs[j].Site.Position));
        var ops = Sec(ctx.OpsStart);
        long Finish(int j, long start) => Math.Max(start + sweep[j], release[j]);
        long Arrive(int j, long free, int k) => ctx.Force.RidePilot
            ? Sec(ctx.Reach(jobs[j].Site.Position, reference + NodaTime.Duration.FromSeconds(free), jobs[k].Site.Position).At)
            : free + (long)Math.Ceiling(ctx.Travel(jobs[j].Site.Position, jobs[k].Site.Position));

        var completion = new SweepCompletion(earliest, latest, sweep, release, links,
            (j, k) => ctx.Force.RidePilot ? 0 : (long)Math.Floor(ctx.Travel(jobs[j].Site.Position, jobs[k].Site.Position)), shift);

        // The days known, each once.
        var days = new List<Day>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        void AddDay(Day d)
        {
            if (known.Add(d.Base + ":" + string.Join(",", d.Jobs))) days.Add(d);
        }
        foreach (var d in seeds) AddDay(d);
        for (var j = 0; j < n; j++)
        {
            // Each site alone from the base nearest it that reaches it in time: the master is always feasible.
            var b = Enumerable.Range(0, bases).Where(x => ops + drive[x, j] <= latest[j]).OrderBy(x => drive[x, j]).DefaultIfEmpty(-1).First();
            if (b >= 0) AddDay(new Day(b, [j]));
        }

        using var lp = Lp.Solver.CreateSolver("GLOP");
        var cover = new Lp.Constraint[n];
        for (var j = 0; j < n; j++) cover[j] = lp.MakeConstraint(1, double.PositiveInfinity, "");
        var cap = new Lp.Constraint[bases];
        for (var b = 0; b < bases; b++) cap[b] = lp.MakeConstraint(0, ctx.PerBase[b], "");
        var objective = lp.Objective();
        objective.SetMinimization();
        var columns = 0;
        void AddColumns()
        {
            for (; columns < days.Count; columns++)
            {
                var x = lp.MakeNumVar(0, double.PositiveInfinity, "");
                foreach (var j in days[columns].Jobs) cover[j].SetCoefficient(x, 1);
                cap[days[columns].Base].SetCoefficient(x, 1);
                objective.SetCoefficient(x, 1);
            }
        }

        var bound = 0;
        // Only rosters better than the best seed matter: no more teams than it has (nor than the force has).
        var teams = Math.Min(ctx.Force.Teams, incumbent);
        // Quick pricing (a few labels kept per site) while it finds days worth adding; the exact one then, for the bound.
        var exact = false;
        // Large problems leave more of the time to choosing among the days (the linear bound is not proven there anyway).
        var share = n > 200 ? 0.35 : 0.5;
        for (var round = 0; round < 500 && work < budget * share && clock.Elapsed < backstop * share; round++)
        {
            AddColumns();
            Lp.Solver.ResultStatus lpStatus;
            lock (CpSat.Gate) lpStatus = lp.Solve();
            if (lpStatus != Lp.Solver.ResultStatus.OPTIMAL) break;
            var z = objective.Value();
            var pi = cover.Select(c => Math.Max(0, c.DualValue())).ToArray();
            var mu = cap.Select(c => Math.Min(0, c.DualValue())).ToArray();
            var (best, found) = Price(pi, mu, clock, backstop * share, (long)(budget * share), exact);
            if (best is null) break; // pricing cut short: no valid bound from this round
            if (!exact)
            {
                var fresh = found.Count(d => !known.Contains(d.Base + ":" + string.Join(",", d.Jobs)));
                if (fresh == 0 || best.Value <= 1 + 1e-7) { exact = true; round--; continue; }
                foreach (var d in found) AddDay(d);
                continue;
            }
            var dual = pi.Sum() + mu.Select((m, b) => m * ctx.PerBase[b]).Sum();
            var lagrange = dual + Math.Min(0, 1 - best.Value) * teams;
            bound = Math.Max(bound, (int)Math.Ceiling(Math.Max(lagrange, 0) - 1e-6));
            // Farley's bound: the duals divided by the best day's value are feasible for the whole master (no day is then
            // worth more than 1), so their objective bounds the linear optimum from below.
            if (best.Value > 1) bound = Math.Max(bound, (int)Math.Ceiling(Math.Max(dual, 0) / best.Value - 1e-6));
            if (best.Value <= 1 + 1e-7) { bound = Math.Max(bound, (int)Math.Ceiling(z - 1e-6)); break; }
            var added = 0;
            foreach (var d in found) { var before = days.Count; AddDay(d); added += days.Count - before; }
            if (added == 0) break;
            exact = false;
        }

        // The roster: the best choice among the days found, each site covered, bases within their teams. A set-covering
        // problem, which a MIP solver settles fastest from its linear relaxation (SCIP, bundled with OR-Tools); CP-SAT where
        // SCIP is not there.
        // The choice among the days found: what is left of the backstop (SCIP and CP-SAT settle it well inside it; their
        // answer depends on the clock only when they are cut short).
        var left = backstop - clock.Elapsed;
        if (left <= TimeSpan.FromMilliseconds(100)) return (bound, null);
        var seedKeys = seeds.Select(d => d.Base + ":" + string.Join(",", d.Jobs)).ToHashSet(StringComparer.Ordinal);
        using (var mip = Lp.Solver.CreateSolver("SCIP"))
        {
            if (mip is not null)
            {
                var y = days.Select(_ => mip.MakeBoolVar("")).ToArray();
                var rows = Enumerable.Range(0, n).Select(_ => mip.MakeConstraint(1, double.PositiveInfinity, "")).ToArray();
                var baseRows = Enumerable.Range(0, bases).Select(b => mip.MakeConstraint(0, ctx.PerBase[b], "")).ToArray();
                for (var r = 0; r < days.Count; r++)
                {
                    foreach (var j in days[r].Jobs) rows[j].SetCoefficient(y[r], 1);
                    baseRows[days[r].Base].SetCoefficient(y[r], 1);
                }
                var goal = mip.Objective();
                foreach (var v in y) goal.SetCoefficient(v, 1);
                goal.SetMinimization();
                mip.SetTimeLimit((long)Math.Max(100, left.TotalMilliseconds));
                // One thread: SCIP's parallel mode is unreliable (google/or-tools#2210).
                mip.SetHint(y, days.Select(d => seedKeys.Contains(d.Base + ":" + string.Join(",", d.Jobs)) ? 1.0 : 0.0).ToArray());
                Lp.Solver.ResultStatus result;
                lock (CpSat.Gate) result = mip.Solve();
                if (result is Lp.Solver.ResultStatus.OPTIMAL or Lp.Solver.ResultStatus.FEASIBLE)
                    return (bound, Enumerable.Range(0, days.Count).Where(r => y[r].SolutionValue() > 0.5).Select(r => days[r]).ToList());
                left = backstop - clock.Elapsed;
                if (left <= TimeSpan.FromMilliseconds(100)) return (bound, null);
            }
        }
        var m = new CpModel();
        var use = days.Select(_ => m.NewBoolVar("")).ToArray();
        var covering = Enumerable.Range(0, n).Select(_ => new List<ILiteral>()).ToArray();
        var fromBase = Enumerable.Range(0, bases).Select(_ => new List<BoolVar>()).ToArray();
        for (var r = 0; r < days.Count; r++)
        {
            foreach (var j in days[r].Jobs) covering[j].Add(use[r]);
            fromBase[days[r].Base].Add(use[r]);
        }
        foreach (var c in covering) m.AddBoolOr(c);
        for (var b = 0; b < bases; b++) m.Add(LinearExpr.Sum(fromBase[b]) <= ctx.PerBase[b]);
        m.Add(LinearExpr.Sum(use) >= bound);
        m.Minimize(LinearExpr.Sum(use));
        // The seeds (the best rosters known) as the hint: the search starts from a full roster.
        for (var r = 0; r < days.Count; r++) m.AddHint(use[r], seedKeys.Contains(days[r].Base + ":" + string.Join(",", days[r].Jobs)));
        using var solver = CpSat.Solver(left, workers);
        var status = CpSat.Solve(solver, m);
        if (!CpSat.HasSolution(status)) return (bound, null);
        return (bound, Enumerable.Range(0, days.Count).Where(r => solver.BooleanValue(use[r])).Select(r => days[r]).ToList());

        // The day worth most against the duals (exact over days that may revisit a site after two others), and the days
        // found worth more than 1; null when time ran out before it finished.
        (double? Best, List<Day> Found) Price(double[] pi, double[] mu, Stopwatch clock, TimeSpan until, long untilWork, bool exact)
        {
            // The completion bound of every partial day for these duals; its table counts as work too (a cell is far
            // cheaper than a label: CellsPerLabel of them).
            work += completion.Fill(pi) / CellsPerLabel;
            // 16 labels per site and up to 200 days a round (6 and 60 before): fewer exact pricing rounds; on the state visit the
            // linear master converged with 1.54 million labels instead of 2.75 million.
            const int Few = 16;
            var labels = new List<Label>();
            var atJob = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            var queue = new PriorityQueue<int, long>();
            // With going straight back ruled out, a label is dominated by one no worse that came from the same site, or by
            // two that came from different sites (one of them can go wherever it can).
            bool Dominated(Label l)
            {
                var other = -2;
                foreach (var i in atJob[l.Job])
                {
                    var o = labels[i];
                    if (!o.Covers(l)) continue;
                    if (o.Prev == l.Prev) return true;
                    if (other == -2) other = o.Prev;
                    else if (o.Prev != other) return true;
                }
                return false;
            }
            void Add(Label l)
            {
                // Never worth more than 1, however it goes on: no day to add, and not the best day either (unless none is
                // worth more than 1, when the master is optimal anyway).
                if (l.Value + completion.Rest(l.Job, l.Free, l.Began + l.Slack + shift, l.Prev) <= 1 + 1e-7) return;
                if (Dominated(l)) return;
                // atJob holds the live labels only (a dead one is dropped from it, so dominance scans stay short).
                var live = atJob[l.Job];
                if (!exact && live.Count >= Few)
                {
                    // Quick: only the few most valuable labels per site.
                    var worst = live.MinBy(i => labels[i].Value);
                    if (labels[worst].Value >= l.Value) return;
                    labels[worst] = labels[worst] with { Dead = true };
                    live.Remove(worst);
                }
                live.RemoveAll(i =>
                {
                    if (labels[i].Prev != l.Prev || !l.Covers(labels[i])) return false;
                    labels[i] = labels[i] with { Dead = true };
                    return true;
                });
                labels.Add(l);
                atJob[l.Job].Add(labels.Count - 1);
                queue.Enqueue(labels.Count - 1, l.Free);
            }
            for (var j = 0; j < n; j++)
                for (var b = 0; b < bases; b++)
                {
                    var start = Math.Max(earliest[j], ops + drive[b, j]);
                    if (start > latest[j]) continue;
                    var free = Finish(j, start);
                    var label = new Label(j, -1, -1, free, start - drive[b, j], free - start - sweep[j], latest[j] - start, pi[j] + mu[b], b, false);
                    // Riding the pilot makes a later start move arrivals in steps: the shift is then taken to begin as late as
                    // the first window allows (optimistic, so no real day is left out of the pricing).
                    if (ctx.Force.RidePilot) label = label with { Absorb = long.MaxValue / 4, Slack = latest[j] - start };
                    if (label.Duty > shift) continue;
                    Add(label);
                }
            var steps = 0;
            while (queue.TryDequeue(out var li, out _))
            {
                if (++work > untilWork || ((++steps & 63) == 0 && clock.Elapsed > until)) return (null, []);
                var l = labels[li];
                if (l.Dead) continue;
                foreach (var k in links[l.Job])
                {
                    if (k == l.Prev) continue; // no going straight back
                    var arrive = Arrive(l.Job, l.Free, k);
                    var start = Math.Max(earliest[k], arrive);
                    if (start > latest[k]) continue;
                    var free = Finish(k, start);
                    var absorbBefore = l.Absorb + (start - arrive);
                    var next = new Label(k, l.Job, li, free, l.Began, absorbBefore + (free - start - sweep[k]), Math.Min(l.Slack, latest[k] - start + absorbBefore),
                        l.Value + pi[k], l.Base, false);
                    if (next.Duty > shift) continue;
                    Add(next);
                }
            }
            var best = labels.Count == 0 ? 0 : labels.Max(x => x.Value);
            // The best days (elementary ones only: a real day sweeps a site once), by value.
            var found = new List<Day>();
            foreach (var i in Enumerable.Range(0, labels.Count).Where(i => labels[i].Value > 1 + 1e-7).OrderByDescending(i => labels[i].Value).Take(Math.Max(400, 4 * n)))
            {
                var chain = new List<int>();
                for (var x = i; x >= 0; x = labels[x].Parent) chain.Add(labels[x].Job);
                chain.Reverse();
                if (chain.Distinct().Count() != chain.Count) continue;
                found.Add(new Day(labels[i].Base, [.. chain]));
                if (found.Count >= Math.Max(200, n / 2)) break;
            }
            return (best, found);
        }
    }

    /// <summary>
    /// A partial day. <see cref="Began"/>: when its shift begins if the first site starts as early as it can;
    /// <see cref="Absorb"/>: the waiting along the chain (for a window to open, for the escort to pass) that a later first
    /// start would use up; <see cref="Slack"/>: how much later the first site could start before some window is missed.
    /// Its shortest time on duty is Free − Began − min(Slack, Absorb).
    /// </summary>
    private sealed record Label(int Job, int Prev, int Parent, long Free, long Began, long Absorb, long Slack, double Value, int Base, bool Dead)
    {
        public long Duty => Free - Began - Math.Min(Slack, Absorb);

        /// <summary>No worse in every resource (the last site aside).</summary>
        public bool Covers(Label o) => Free <= o.Free && Began >= o.Began && Absorb >= o.Absorb && Slack >= o.Slack && Value >= o.Value - 1e-12;
    }
}
