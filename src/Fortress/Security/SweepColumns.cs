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
/// with OR-Tools, else CP-SAT), first among the days of reduced cost near zero, then among all that reduced-cost fixing
/// leaves, each time for fewer teams than the best roster known; then the days re-timed.</item>
/// </list>
/// </summary>
internal static class SweepColumns
{
    internal sealed record Day(int Base, int[] Jobs);

    /// <summary>Labels extended (and comparisons, <see cref="ComparisonsPerLabel"/>) per second of the time limit (see <see cref="Solve"/>).</summary>
    public const double StepsPerSecond = 250_000;

    /// <summary>Cells of the completion bound's table (<see cref="SweepCompletion"/>) counted as one label of work.</summary>
    public const long CellsPerLabel = 20;

    /// <summary>The reduced cost (teams) below which a day enters the first, small choice of a roster (see <see cref="Solve"/>).</summary>
    public const double NearReducedCost = 0.1;

    /// <summary>Label comparisons of the dominance checks counted as one label of work.</summary>
    public const long ComparisonsPerLabel = 2000;

    /// <summary>The bound (teams) and the best roster of the days found, within <paramref name="limit"/>.</summary>
    /// <param name="incumbent">Teams of the best roster known (the bound only needs to hold for better ones).</param>
    public static (int Bound, List<Day>? Roster) Solve(SweepContext ctx, List<SweepJob> jobs, List<int>[] links, IReadOnlyList<Day> seeds, int incumbent, TimeSpan limit, int workers)
    {
        var clock = Stopwatch.StartNew();
        // The search is bounded by work, not by the clock, so the same problem gives the same roster on any machine and
        // under any load: labels extended (with the labels compared in dominance checks, ComparisonsPerLabel of them for
        // one), StepsPerSecond per second of the limit (calibrated on the state visit: 300,000 to 330,000 a second on the
        // idle 2-core reference machine, a label 3 to 4 µs, a comparison about 2 ns; the figure leaves room for load). The clock stays as a backstop at
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
            // Each site alone from the nearest base with teams from which that day holds (in time, within a shift).
            var b = Enumerable.Range(0, bases).Where(x => ctx.PerBase[x] > 0).OrderBy(x => drive[x, j])
                .FirstOrDefault(x => SweepOptimizer.Time(ctx, [jobs[j]], ctx.Bases[x]) is not null, -1);
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
        var uncoverable = false;
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
        // Only rosters better than the best seed matter: fewer teams than it has (nor more than the force has); with no
        // seed, any roster.
        var target = Math.Min(ctx.Force.Teams, seeds.Count > 0 ? incumbent - 1 : incumbent);
        // The duals of the last master solved, and their objective (for the choice below).
        double[]? lastPi = null, lastMu = null;
        var lastDual = 0.0;
        // Quick pricing (a few labels kept per site) while it finds days worth adding; the exact one then, for the bound.
        var exact = false;
        // Large problems leave more of the time to choosing among the days (the linear bound is not proven there anyway).
        var share = n > 200 ? 0.35 : 0.5;
        for (var round = 0; round < 500 && work < budget * share && clock.Elapsed < backstop * share; round++)
        {
            AddColumns();
            Lp.Solver.ResultStatus lpStatus;
            lock (CpSat.Gate) lpStatus = lp.Solve();
            if (lpStatus == Lp.Solver.ResultStatus.INFEASIBLE && !uncoverable)
            {
                // The days known cannot cover the sites within the bases' teams (six sites alone near a base with one team):
                // a site left uncovered then costs more than every team, so the master is feasible and the pricing gets
                // duals to find the days that can. No roster leaves a site uncovered, so every bound below still holds (a
                // dual of at most that cost is feasible for these columns too).
                for (var j = 0; j < n; j++)
                {
                    var uncovered = lp.MakeNumVar(0, double.PositiveInfinity, "");
                    cover[j].SetCoefficient(uncovered, 1);
                    objective.SetCoefficient(uncovered, ctx.Force.Teams + 1);
                }
                uncoverable = true;
                round--;
                continue;
            }
            if (lpStatus != Lp.Solver.ResultStatus.OPTIMAL) break;
            var z = objective.Value();
            var pi = cover.Select(c => Math.Max(0, c.DualValue())).ToArray();
            var mu = cap.Select(c => Math.Min(0, c.DualValue())).ToArray();
            (lastPi, lastMu, lastDual) = (pi, mu, pi.Sum() + mu.Select((m, b) => m * ctx.PerBase[b]).Sum());
            var (best, found) = Price(pi, mu, clock, backstop * share, (long)(budget * share), exact);
            if (best is null) break; // pricing cut short: no valid bound from this round
            if (!exact)
            {
                var fresh = found.Count(d => !known.Contains(d.Base + ":" + string.Join(",", d.Jobs)));
                if (fresh == 0 || best.Value <= 1 + 1e-7) { exact = true; round--; continue; }
                foreach (var d in found) AddDay(d);
                continue;
            }
            var dual = lastDual;
            // For a roster of at most `target` teams; above `target` it proves that none has so few.
            var lagrange = dual + Math.Min(0, 1 - best.Value) * target;
            bound = Math.Max(bound, Math.Min(target + 1, (int)Math.Ceiling(Math.Max(lagrange, 0) - 1e-6)));
            // Farley's bound: the duals divided by the best day's value are feasible for the whole master (no day is then
            // worth more than 1), so their objective bounds the linear optimum from below.
            if (best.Value > 1) bound = Math.Max(bound, (int)Math.Ceiling(Math.Max(dual, 0) / best.Value - 1e-6));
            if (best.Value <= 1 + 1e-7) { bound = Math.Max(bound, (int)Math.Ceiling(z - 1e-6)); break; }
            // No roster better than the best seed: it is optimal, and the linear optimum is not needed.
            if (bound > target) break;
            var added = 0;
            foreach (var d in found) { var before = days.Count; AddDay(d); added += days.Count - before; }
            if (added == 0) break;
            exact = false;
        }

        // The roster: the best choice among the days found (Choose).
        if (bound > target) return (bound, null);
        // Reduced-cost fixing: for any covering duals π ≥ 0 and base duals μ ≤ 0, a roster's teams are at least the duals'
        // objective plus the reduced costs of its days (each site covered at least once, each base within its teams), so
        // a day whose reduced cost exceeds `most` − that objective is in no roster of at most `most` teams. The days of
        // reduced cost near zero first (a small choice, often enough to meet the bound), then every day that may still
        // help, for a roster with fewer teams than the one found.
        double Reduced(Day d) => lastPi is null ? 0 : 1 - d.Jobs.Sum(j => lastPi[j]) - lastMu![d.Base];
        var seedKeys = seeds.Select(d => d.Base + ":" + string.Join(",", d.Jobs)).ToHashSet(StringComparer.Ordinal);
        List<Day>? roster = null;
        var most = target;
        foreach (var near in new[] { NearReducedCost, double.PositiveInfinity })
        {
            if (most < bound || backstop - clock.Elapsed <= TimeSpan.FromMilliseconds(100)) break;
            var pool = days.Where(d => Reduced(d) <= Math.Min(near, most - lastDual) + 1e-9).ToList();
            if (pool.Count == 0 || (near < double.PositiveInfinity && pool.Count == days.Count)) continue;
            if (Choose(pool, most) is { } r) { roster = r; most = r.Count - 1; }
        }
        return (bound, roster);

        // The fewest days of the pool covering every site, bases within their teams, at most `most` of them: a
        // set-covering problem, which a MIP solver settles fastest from its linear relaxation (SCIP, bundled with
        // OR-Tools); CP-SAT where SCIP is not there. What is left of the backstop (SCIP and CP-SAT settle it well inside
        // it; their answer depends on the clock only when they are cut short). Null when there is none (or no time).
        List<Day>? Choose(List<Day> pool, int most)
        {
            var left = backstop - clock.Elapsed;
            using (var mip = Lp.Solver.CreateSolver("SCIP"))
            {
                if (mip is not null)
                {
                    var y = pool.Select(_ => mip.MakeBoolVar("")).ToArray();
                    var rows = Enumerable.Range(0, n).Select(_ => mip.MakeConstraint(1, double.PositiveInfinity, "")).ToArray();
                    var baseRows = Enumerable.Range(0, bases).Select(b => mip.MakeConstraint(0, ctx.PerBase[b], "")).ToArray();
                    for (var r = 0; r < pool.Count; r++)
                    {
                        foreach (var j in pool[r].Jobs) rows[j].SetCoefficient(y[r], 1);
                        baseRows[pool[r].Base].SetCoefficient(y[r], 1);
                    }
                    var limit = mip.MakeConstraint(0, most, "");
                    foreach (var v in y) limit.SetCoefficient(v, 1);
                    var goal = mip.Objective();
                    foreach (var v in y) goal.SetCoefficient(v, 1);
                    goal.SetMinimization();
                    mip.SetTimeLimit((long)Math.Max(100, left.TotalMilliseconds));
                    // One thread: SCIP's parallel mode is unreliable (google/or-tools#2210).
                    mip.SetHint(y, pool.Select(d => seedKeys.Contains(d.Base + ":" + string.Join(",", d.Jobs)) ? 1.0 : 0.0).ToArray());
                    Lp.Solver.ResultStatus result;
                    lock (CpSat.Gate) result = mip.Solve();
                    if (result is Lp.Solver.ResultStatus.OPTIMAL or Lp.Solver.ResultStatus.FEASIBLE)
                        return Enumerable.Range(0, pool.Count).Where(r => y[r].SolutionValue() > 0.5).Select(r => pool[r]).ToList();
                    if (result == Lp.Solver.ResultStatus.INFEASIBLE) return null;
                    left = backstop - clock.Elapsed;
                    if (left <= TimeSpan.FromMilliseconds(100)) return null;
                }
            }
            var m = new CpModel();
            var use = pool.Select(_ => m.NewBoolVar("")).ToArray();
            var covering = Enumerable.Range(0, n).Select(_ => new List<ILiteral>()).ToArray();
            var fromBase = Enumerable.Range(0, bases).Select(_ => new List<BoolVar>()).ToArray();
            for (var r = 0; r < pool.Count; r++)
            {
                foreach (var j in pool[r].Jobs) covering[j].Add(use[r]);
                fromBase[pool[r].Base].Add(use[r]);
            }
            foreach (var c in covering) m.AddBoolOr(c);
            for (var b = 0; b < bases; b++) m.Add(LinearExpr.Sum(fromBase[b]) <= ctx.PerBase[b]);
            m.Add(LinearExpr.Sum(use) >= bound);
            m.Add(LinearExpr.Sum(use) <= most);
            m.Minimize(LinearExpr.Sum(use));
            // The seeds (the best rosters known) as the hint: the search starts from a full roster.
            for (var r = 0; r < pool.Count; r++) m.AddHint(use[r], seedKeys.Contains(pool[r].Base + ":" + string.Join(",", pool[r].Jobs)));
            using var solver = CpSat.Solver(left, workers);
            var status = CpSat.Solve(solver, m);
            return CpSat.HasSolution(status) ? Enumerable.Range(0, pool.Count).Where(r => solver.BooleanValue(use[r])).Select(r => pool[r]).ToList() : null;
        }

        // The day worth most against the duals (exact over days that may revisit a site after two others), and the days
        // found worth more than 1; null when time ran out before it finished.
        (double? Best, List<Day> Found) Price(double[] pi, double[] mu, Stopwatch clock, TimeSpan until, long untilWork, bool exact)
        {
            // The completion bound of every partial day for these duals; its table counts as work too (a cell is far
            // cheaper than a label: CellsPerLabel of them).
            work += completion.Fill(pi) / CellsPerLabel;
            // 64 labels per site and up to 200 days a round (16 before, 6 and 60 before that): fewer exact pricing rounds; on the
            // state visit the linear master converged in 6 exact rounds and 0.63 million labels instead of 14 and 1.15 million.
            const int Few = 64;
            long comparisons = 0;
            var labels = new List<Label>();
            var atJob = Enumerable.Range(0, n).Select(_ => new LiveLabels()).ToArray();
            var queue = new PriorityQueue<int, long>();
            // One delegate for the whole pricing (not one per label added).
            Action<int> kill = Kill;
            void Add(Label l)
            {
                // Never worth more than 1, however it goes on: no day to add, and not the best day either (unless none is
                // worth more than 1, when the master is optimal anyway).
                if (l.Value + completion.Rest(l.Job, l.Free, l.Began + l.Slack + shift, l.Prev) <= 1 + 1e-7) return;
                // atJob holds the live labels only (a dead one is dropped from it, so dominance scans stay short); each
                // label it compares counts as work (ComparisonsPerLabel of them make one label's).
                var live = atJob[l.Job];
                if (live.Dominates(l, ref comparisons)) return;
                if (!exact && live.Count >= Few)
                {
                    // Quick: only the few most valuable labels per site.
                    var worst = live.LeastValuable();
                    if (live.ValueAt(worst) >= l.Value) return;
                    Kill(live.IdAt(worst));
                    live.RemoveAt(worst);
                }
                live.RemoveCovered(l, kill, ref comparisons);
                labels.Add(l);
                live.Add(labels.Count - 1, l);
                queue.Enqueue(labels.Count - 1, l.Free);
            }
            void Kill(int id) => labels[id] = labels[id] with { Dead = true };
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
                work += comparisons / ComparisonsPerLabel;
                comparisons %= ComparisonsPerLabel;
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
    /// The live labels at one site, field by field in arrays (the dominance scans, most of the pricing's time, read them
    /// in a row), most valuable first (equal values in the order they came). One label covers another when it is no worse
    /// in every resource, the last site aside (free no later, shift begun no earlier, as much to absorb and as much slack,
    /// worth as much to within 1e-12). A label is covered only by one worth at least as much, so a scan for what covers a label stops where the values fall below its own, and a scan for what it
    /// covers starts there.
    /// </summary>
    private sealed class LiveLabels
    {
        private int[] id = new int[8], prev = new int[8];
        private long[] free = new long[8], began = new long[8], absorb = new long[8], slack = new long[8];
        private double[] value = new double[8];

        public int Count { get; private set; }

        public int IdAt(int i) => id[i];

        public double ValueAt(int i) => value[i];

        /// <summary>
        /// Whether <paramref name="l"/> is dominated (the labels compared added to <paramref name="compared"/>). With going
        /// straight back ruled out, a label is dominated by one no worse that came from the same site, or by two that came
        /// from different sites (one of them can go wherever it can).
        /// </summary>
        public bool Dominates(Label l, ref long compared)
        {
            var other = -2;
            var floor = l.Value - 1e-12;
            var v = value.AsSpan(0, Count);
            var f = free.AsSpan(0, v.Length);
            var b = began.AsSpan(0, v.Length);
            var a = absorb.AsSpan(0, v.Length);
            var s = slack.AsSpan(0, v.Length);
            var p = prev.AsSpan(0, v.Length);
            var i = 0;
            try
            {
                for (; i < v.Length && v[i] >= floor; i++)
                {
                    if (f[i] > l.Free || b[i] < l.Began || a[i] < l.Absorb || s[i] < l.Slack) continue;
                    if (p[i] == l.Prev) return true;
                    if (other == -2) other = p[i];
                    else if (p[i] != other) return true;
                }
                return false;
            }
            finally { compared += i + 1; }
        }

        /// <summary>The first (in arrival) of the least valuable labels.</summary>
        public int LeastValuable()
        {
            var i = Count - 1;
            while (i > 0 && value[i - 1] == value[Count - 1]) i--;
            return i;
        }

        public void RemoveAt(int i)
        {
            var tail = Count - i - 1;
            Array.Copy(id, i + 1, id, i, tail);
            Array.Copy(prev, i + 1, prev, i, tail);
            Array.Copy(free, i + 1, free, i, tail);
            Array.Copy(began, i + 1, began, i, tail);
            Array.Copy(absorb, i + 1, absorb, i, tail);
            Array.Copy(slack, i + 1, slack, i, tail);
            Array.Copy(value, i + 1, value, i, tail);
            Count--;
        }

        /// <summary>The first place whose value is below <paramref name="v"/> (or at most it, with <paramref name="orEqual"/>).</summary>
        private int Below(double v, bool orEqual)
        {
            int lo = 0, hi = Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (value[mid] > v || (!orEqual && value[mid] == v)) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /// <summary>
        /// Drops the labels from the same site that <paramref name="l"/> covers (each passed to <paramref name="dead"/>),
        /// keeping the order; the labels compared added to <paramref name="compared"/>.
        /// </summary>
        public void RemoveCovered(Label l, Action<int> dead, ref long compared)
        {
            var from = Below(l.Value + 1e-12, orEqual: true);
            compared += Count - from;
            var kept = from;
            for (var i = from; i < Count; i++)
            {
                if (prev[i] == l.Prev && l.Free <= free[i] && l.Began >= began[i] && l.Absorb >= absorb[i] && l.Slack >= slack[i])
                {
                    dead(id[i]);
                    continue;
                }
                if (kept != i)
                {
                    id[kept] = id[i]; prev[kept] = prev[i]; free[kept] = free[i]; began[kept] = began[i];
                    absorb[kept] = absorb[i]; slack[kept] = slack[i]; value[kept] = value[i];
                }
                kept++;
            }
            Count = kept;
        }

        /// <summary>Adds a label after every one worth as much or more.</summary>
        public void Add(int labelId, Label l)
        {
            if (Count == id.Length)
            {
                var size = Count * 2;
                Array.Resize(ref id, size); Array.Resize(ref prev, size); Array.Resize(ref free, size); Array.Resize(ref began, size);
                Array.Resize(ref absorb, size); Array.Resize(ref slack, size); Array.Resize(ref value, size);
            }
            var at = Below(l.Value, orEqual: false);
            var tail = Count - at;
            if (tail > 0)
            {
                Array.Copy(id, at, id, at + 1, tail);
                Array.Copy(prev, at, prev, at + 1, tail);
                Array.Copy(free, at, free, at + 1, tail);
                Array.Copy(began, at, began, at + 1, tail);
                Array.Copy(absorb, at, absorb, at + 1, tail);
                Array.Copy(slack, at, slack, at + 1, tail);
                Array.Copy(value, at, value, at + 1, tail);
            }
            id[at] = labelId; prev[at] = l.Prev; free[at] = l.Free; began[at] = l.Began;
            absorb[at] = l.Absorb; slack[at] = l.Slack; value[at] = l.Value;
            Count++;
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
    }
}
