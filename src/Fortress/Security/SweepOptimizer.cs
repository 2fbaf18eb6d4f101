using System.Diagnostics;
using Fortress.Diagnostics;
using Fortress.Optimisation;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Security;

/// <summary>How long the roster optimiser may think.</summary>
/// <param name="TimeLimit">Wall time (default 10 s); the best roster found is returned with its gap.</param>
/// <param name="Workers">CP-SAT search workers (default <see cref="CpSat.DefaultWorkers"/>; 1: a single deterministic search).</param>
public sealed record SweepOptions(TimeSpan TimeLimit, int Workers = CpSat.DefaultWorkers)
{
    public static SweepOptions Default { get; } = new(TimeSpan.FromSeconds(10));
}

/// <summary>
/// The sweep roster as an optimisation (decision 0014): the fewest teams (so the fewest agents), then the least road
/// travel, such that every site is swept inside its window before the pilot train, guarded sites are held until the
/// escort has passed, teams travel by road or ride the pilot train, no team works longer than its shift
/// (<see cref="SecurityForce.Shift"/>), and no base sends out more teams than it has.
/// <para>
/// <b>Bound.</b> A team's day is a chain of sites. Two sites can be chained (j then k) only if k can still be reached in
/// its window when j starts as early as it possibly can; every roster's chains use only such links, so the fewest chains
/// covering all sites in that graph (sites less the largest matching of links, found by Hopcroft-Karp) bound the teams
/// from below, beside the bounds of the greedy method (<see cref="SweepPlanner"/>), the clique bound (<see cref="CliqueBound"/>)
/// and the capacity bound (<see cref="SweepCapacity"/>: how much of a team's time one day can hold).
/// </para>
/// <para>
/// <b>Rosters.</b> The greedy roster; the chains of that matching, timed as early as possible, cut where a link does not
/// hold (a late start further up the chain, a shift), then joined again where they can be and given bases; a roster built
/// backwards from the ends of days, each guarded site last in its day (<see cref="Backwards"/>); the best of them improved by
/// moving sites between days (<see cref="Improve"/>); and, when a gap
/// remains, column generation (<see cref="SweepColumns"/>): its linear bound (far stronger than the matching: it counts
/// whole days, shifts included) and the best choice among the team days it generated (SCIP, or CP-SAT). A roster with as many teams as
/// the bound is proven optimal.
/// </para>
/// </summary>
public static class SweepOptimizer
{
    /// <summary>The fewest teams; see the class summary.</summary>
    /// <exception cref="InfeasibleException">A site no team can sweep in its window (named, with the reason), or too few agents for all sites.</exception>
    /// <param name="cache">Reuse a roster found earlier in this process for the same problem (default); false: solve again (benchmarks).</param>
    public static SweepRoster Plan(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force, SweepOptions? options = null, bool cache = true)
    {
        options ??= SweepOptions.Default;
        var clock = Stopwatch.StartNew();
        var ctx = SweepContext.Of(plan, sites, force);
        var key = ctx.Fingerprint(options);
        if (cache && Cache.TryGet(key, out var hit)) return hit;
        var roster = Solve(ctx, options, clock);
        Cache.Put(key, roster);
        return roster;
    }

    /// <summary>Rosters already found in this process, by the fingerprint of their problem (<see cref="SolveCache{T}"/>).</summary>
    private static readonly SolveCache<SweepRoster> Cache = new();

    private static SweepRoster Solve(SweepContext ctx, SweepOptions options, Stopwatch clock)
    {
        var force = ctx.Force;
        var impossible = ctx.Jobs.Select(j => (Job: j, Why: ctx.Unreachable(j))).Where(x => x.Why is not null).ToList();
        if (impossible.Count > 0)
            throw new InfeasibleException("sweeps.impossible", "no team can sweep " + string.Join("; ", impossible.Select(x =>
                $"site {x.Job.Site.Name} ({Local(x.Job.Earliest, x.Job.Site)} - {Local(x.Job.WindowEnd, x.Job.Site)}): {x.Why}")));
        var jobs = ctx.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position).ToList();
        if (jobs.Count == 0)
            return new SweepRoster([], [], force.Teams, force.TeamSize, 0, new Optimality(0, 0, SolveMethod.Optimal, "teams", clock.Elapsed));

        var links = Links(ctx, jobs);
        var matched = HopcroftKarp(jobs.Count, links);
        var bound = Math.Max(jobs.Count - matched.Count(x => x >= 0), SweepPlanner.Bound(ctx));
        bound = Math.Max(bound, CliqueBound(links, options.TimeLimit * CliqueShare, options.Workers));
        bound = Math.Max(bound, SweepCapacity.Bound(ctx, jobs, links));
        if (bound > force.Teams)
            throw TooFewAgents(force, bound, "");

        // The best of the greedy roster and the chains of the matching.
        SweepRoster? best = null;
        var greedy = SweepPlanner.Greedy(ctx);
        if (greedy.Feasible) best = greedy;
        if (Chains(ctx, jobs, matched) is { } chained && (best is null || Better(chained, best))) best = chained;
        foreach (var pace in Paces)
            if (Backwards(ctx, jobs, pace) is { } backwards && (best is null || Better(backwards, best))) best = backwards;
        // The local search first, within the limit counted in timings; the column generation gets what it leaves (at least
        // a quarter of the limit).
        var share = 1.0;
        if (best is not null && best.TeamsUsed > bound)
        {
            var timings = (long)(options.TimeLimit.TotalSeconds * TimingsPerSecond);
            (best, var spent) = Improve(ctx, jobs, links, best, timings);
            share = Math.Max(0.25, 1 - (double)spent / Math.Max(1, timings));
        }
        var method = SolveMethod.Bounded;
        // The column generation gets the whole limit, counted in work (SweepColumns): the time the quick rosters above
        // took on this machine must not change the answer.
        if (best is null || best.TeamsUsed > bound)
        {
            // Column generation: a strong bound, and the best roster of the team days it found.
            var index = jobs.Select((j, i) => (j.Site, i)).ToDictionary(x => x.Site, x => x.i);
            var baseIndex = ctx.Bases.Select((b, i) => (b.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
            var seeds = new[] { greedy, best }.Where(r => r is not null && r.Feasible).SelectMany(r => r!.Teams)
                .Where(t => t.Assignments.Count > 0).Select(t => new SweepColumns.Day(baseIndex[t.Base], t.Assignments.Select(a => index[a.Site]).ToArray())).ToList();
            var (cgBound, days) = SweepColumns.Solve(ctx, jobs, links, seeds, best?.TeamsUsed ?? force.Teams, options.TimeLimit * share, options.Workers);
            bound = Math.Max(bound, cgBound);
            if (days is not null && Roster(ctx, jobs, days) is { } fromDays && (best is null || Better(fromDays, best))) best = fromDays;
        }
        if (best is not null && best.TeamsUsed <= bound) method = SolveMethod.Optimal;
        // The column generation can prove more teams necessary than the force has (each base's teams, shifts included).
        if (best is null && bound > force.Teams)
            throw TooFewAgents(force, bound, " within their shifts from the bases' teams");
        if (best is null)
            throw new InfeasibleException("sweeps.agents", $"no roster found that covers every site with the {force.Teams} teams of {force.TeamSize} available"
                + (greedy.Uncovered.Count > 0 ? ": " + string.Join("; ", greedy.Uncovered.Select(u => $"site {u.Site.Name}: {u.Reason}")) : ""));
        return best with
        {
            LowerBound = bound,
            Quality = new Optimality(best.TeamsUsed, Math.Min(bound, best.TeamsUsed), method, "teams", clock.Elapsed),
        };
    }

    private static InfeasibleException TooFewAgents(SecurityForce force, int teams, string how) =>
        new("sweeps.agents", $"too few agents: the sites need at least {teams} teams of {force.TeamSize} ({teams * force.TeamSize} agents){how}, {force.Agents} are available");

    private static string Local(Instant t, SweepSite s) => t.InZone(s.Zone ?? DateTimeZone.Utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static bool Better(SweepRoster a, SweepRoster b) => a.TeamsUsed < b.TeamsUsed || (a.TeamsUsed == b.TeamsUsed && a.TravelHours < b.TravelHours - 1e-9);

    /// <summary>When job j starts at the earliest any team can be there (its window opening, or the drive from the nearest base).</summary>
    private static Instant EarliestStart(SweepContext ctx, SweepJob j)
    {
        var drive = ctx.Bases.Min(b => ctx.Travel(b.Position, j.Site.Position));
        var arrive = ctx.OpsStart + NodaTime.Duration.FromSeconds(drive);
        return arrive > j.Earliest ? arrive : j.Earliest;
    }

    /// <summary>
    /// The links j → k one team could make (k reachable in its window after j started as early as possible, and the two
    /// within one shift), per job.
    /// </summary>
    internal static List<int>[] Links(SweepContext ctx, List<SweepJob> jobs)
    {
        var n = jobs.Count;
        var shift = NodaTime.Duration.FromSeconds(ctx.Force.Shift.Seconds);
        var links = new List<int>[n];
        var finish = jobs.Select(j => j.Finish(EarliestStart(ctx, j))).ToArray();
        for (var j = 0; j < n; j++)
        {
            links[j] = [];
            for (var k = 0; k < n; k++)
            {
                if (k == j) continue;
                var arrive = ctx.Reach(jobs[j].Site.Position, finish[j], jobs[k].Site.Position).At;
                if (arrive > jobs[k].LatestStart) continue;
                var start = arrive > jobs[k].Earliest ? arrive : jobs[k].Earliest;
                // On duty from before j's latest start until k is done.
                if (jobs[k].Finish(start) - jobs[j].LatestStart > shift) continue;
                links[j].Add(k);
            }
        }
        return links;
    }

    /// <summary>The share of the limit the clique bound may take (<see cref="CliqueBound"/>).</summary>
    internal const double CliqueShare = 0.05;

    /// <summary>
    /// Teams every roster needs: the most sites no two of which one team's day can hold (no link between them either
    /// way: links are transitive, as the direct way from one site to a later one is never slower than through a third,
    /// so two sites of one day are always linked), a largest clique of the incompatibility graph, found by CP-SAT as the
    /// largest independent set of the links within <paramref name="limit"/> (work). The clique found is the bound (any
    /// clique is one, proven largest or not); 0 when none was found.
    /// </summary>
    internal static int CliqueBound(List<int>[] links, TimeSpan limit, int workers)
    {
        var n = links.Length;
        if (n == 0) return 0;
        var greedy = GreedyIndependent(links);
        var m = new Google.OrTools.Sat.CpModel();
        var x = Enumerable.Range(0, n).Select(i => m.NewBoolVar($"c{i}")).ToArray();
        for (var a = 0; a < n; a++)
            foreach (var b in links[a])
                if (a < b || !links[b].Contains(a)) m.AddBoolOr([x[a].Not(), x[b].Not()]);
        m.Maximize(Google.OrTools.Sat.LinearExpr.Sum(x));
        // The greedy set as the start: the search improves on it rather than finding its way to it.
        var chosen = new bool[n];
        foreach (var i in greedy) chosen[i] = true;
        for (var i = 0; i < n; i++) m.AddHint(x[i], chosen[i]);
        using var solver = CpSat.Solver(limit, workers);
        var status = CpSat.Solve(solver, m);
        return Math.Max(greedy.Count, CpSat.HasSolution(status) ? (int)Math.Round(solver.ObjectiveValue) : 0);
    }

    /// <summary>
    /// A maximal set of sites no two of which are linked, smallest neighbourhood first (sites with few links, such as
    /// guarded ones, which hold their team until the escort has passed, are the ones no other site of a day can join):
    /// a bound at once, and the start of the search in <see cref="CliqueBound"/>.
    /// </summary>
    internal static List<int> GreedyIndependent(List<int>[] links)
    {
        var n = links.Length;
        var near = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray();
        for (var a = 0; a < n; a++)
            foreach (var b in links[a]) { near[a].Add(b); near[b].Add(a); }
        var left = new bool[n];
        Array.Fill(left, true);
        var degree = near.Select(s => s.Count).ToArray();
        var set = new List<int>();
        while (true)
        {
            var pick = -1;
            for (var i = 0; i < n; i++)
                if (left[i] && (pick < 0 || degree[i] < degree[pick])) pick = i;
            if (pick < 0) return set;
            set.Add(pick);
            left[pick] = false;
            foreach (var b in near[pick])
            {
                if (!left[b]) continue;
                left[b] = false;
                foreach (var c in near[b]) degree[c]--;
            }
        }
    }

    /// <summary>The largest matching of links (left: a job, right: its successor): per job its matched successor, or −1.</summary>
    internal static int[] HopcroftKarp(int n, List<int>[] adj)
    {
        var matchL = Enumerable.Repeat(-1, n).ToArray();
        var matchR = Enumerable.Repeat(-1, n).ToArray();
        var dist = new int[n];
        bool Bfs()
        {
            var queue = new Queue<int>();
            var found = false;
            for (var u = 0; u < n; u++)
            {
                if (matchL[u] < 0) { dist[u] = 0; queue.Enqueue(u); }
                else dist[u] = -1;
            }
            while (queue.Count > 0)
            {
                var u = queue.Dequeue();
                foreach (var v in adj[u])
                {
                    var w = matchR[v];
                    if (w < 0) found = true;
                    else if (dist[w] < 0) { dist[w] = dist[u] + 1; queue.Enqueue(w); }
                }
            }
            return found;
        }
        bool Dfs(int u)
        {
            foreach (var v in adj[u])
            {
                var w = matchR[v];
                if (w < 0 || (dist[w] == dist[u] + 1 && Dfs(w)))
                {
                    matchL[u] = v;
                    matchR[v] = u;
                    return true;
                }
            }
            dist[u] = -1;
            return false;
        }
        while (Bfs())
            for (var u = 0; u < n; u++)
                if (matchL[u] < 0) Dfs(u);
        return matchL;
    }

    /// <summary>
    /// A team's chain of sites from a base: each site as early as the team can be there, the first started as late as
    /// the rest of the chain still allows (the shortest day on duty); its assignments, or null where a link or the shift
    /// does not hold.
    /// </summary>
    internal static List<SweepAssignment>? Time(SweepContext ctx, IReadOnlyList<SweepJob> chain, CorridorPlace from)
    {
        var first = chain[0];
        var drive = NodaTime.Duration.FromSeconds(ctx.Travel(from.Position, first.Site.Position));
        if (ctx.OpsStart + drive > first.LatestStart) return null;
        var early = ctx.OpsStart + drive > first.Earliest ? ctx.OpsStart + drive : first.Earliest;
        // A window shorter than the sweep (refused before any roster is made, SweepContext.Unreachable).
        if (early > first.LatestStart) return null;
        var timed = Time(ctx, chain, early);
        if (timed is null) return null;
        // Later first starts keep the chain feasible up to some point (arrivals only move later): the latest, to the minute.
        var lo = early;
        var hi = first.LatestStart;
        if (Time(ctx, chain, hi) is { } late) { timed = late; lo = hi; }
        while (hi - lo > NodaTime.Duration.FromMinutes(1))
        {
            var mid = lo + (hi - lo) / 2;
            if (Time(ctx, chain, mid) is { } t) { timed = t; lo = mid; } else hi = mid;
        }
        var shift = NodaTime.Duration.FromSeconds(ctx.Force.Shift.Seconds);
        return timed[^1].ReleasedAt - (timed[0].Start - drive) > shift ? null : timed;
    }

    /// <summary>
    /// Whether <see cref="Time(SweepContext, IReadOnlyList{SweepJob}, CorridorPlace)"/> would time the chain (not null),
    /// in one pass where teams travel by road only: started <c>δ</c> after its earliest, site <c>k</c> starts at
    /// <c>max(A_k, δ + B_k)</c> (a wait, a guard's release and the road keep that form), so the latest first start is
    /// the least <c>L_k − B_k</c> and the shortest duty is at it. The binary search of <c>Time</c> stops within a minute of
    /// that start, so a duty within a minute (or a window within a second) of its limit is left to <c>Time</c> itself, as
    /// is riding the pilot (its steps in time break the form). The same answer as <c>Time</c>, for a fraction of its work
    /// (the local search times days by the million).
    /// </summary>
    internal static bool Holds(SweepContext ctx, IReadOnlyList<SweepJob> chain, CorridorPlace from)
    {
        if (ctx.Force.RidePilot) return Time(ctx, chain, from) is not null;
        var first = chain[0];
        var drive = ctx.Travel(from.Position, first.Site.Position);
        var ops = ctx.OpsStart + NodaTime.Duration.FromSeconds(drive);
        if (ops > first.LatestStart) return false;
        var s0 = ops > first.Earliest ? ops : first.Earliest;
        double Rel(Instant t) => (t - s0).TotalSeconds;
        // Site k starts at max(a, δ + b), seconds after s0.
        var a = double.NegativeInfinity;
        var b = 0.0;
        var latest = double.PositiveInfinity;
        var close = false;
        for (var k = 0; k < chain.Count; k++)
        {
            var job = chain[k];
            if (k > 0)
            {
                var road = ctx.Travel(chain[k - 1].Site.Position, job.Site.Position);
                a = Math.Max(Rel(job.Earliest), a + road);
                b += road;
            }
            var late = Rel(job.LatestStart);
            var start = Math.Max(a, b);
            if (start > late + 1) return false;
            if (start > late - 1) close = true;
            latest = Math.Min(latest, late - b);
            // Free again: the sweep done, or the guard released.
            var sweep = job.Site.SweepTime.Seconds;
            a = job.Release == Instant.MinValue ? a + sweep : Math.Max(a + sweep, Rel(job.Release));
            b += sweep;
        }
        // On duty from leaving the base (δ − drive) until the last release, at the latest first start.
        var duty = Math.Max(a, latest + b) - latest + drive;
        var shift = ctx.Force.Shift.Seconds;
        if (duty > shift + 1) return false;
        if (!close && duty <= shift - 61) return true;
        return Time(ctx, chain, from) is not null;
    }

    /// <summary>The chain with its first site started at <paramref name="s0"/>, the others as early as the team gets there; null where a window is missed.</summary>
    private static List<SweepAssignment>? Time(SweepContext ctx, IReadOnlyList<SweepJob> chain, Instant s0)
    {
        var first = chain[0];
        var list = new List<SweepAssignment>();
        var at = first.Site.Position;
        var free = first.Finish(s0);
        list.Add(new SweepAssignment(first.Site, s0, s0, s0 + NodaTime.Duration.FromSeconds(first.Site.SweepTime.Seconds), free));
        for (var i = 1; i < chain.Count; i++)
        {
            var j = chain[i];
            var (arrive, via) = ctx.Reach(at, free, j.Site.Position);
            if (arrive > j.LatestStart) return null;
            var start = arrive > j.Earliest ? arrive : j.Earliest;
            var done = j.Finish(start);
            list.Add(new SweepAssignment(j.Site, arrive, start, start + NodaTime.Duration.FromSeconds(j.Site.SweepTime.Seconds), done, via));
            at = j.Site.Position;
            free = done;
        }
        return list;
    }

    /// <summary>
    /// A roster built from the end of each day: the forward greedy method sweeps a guarded site as early as it can and
    /// then holds a team there until the escort passes (on 500 sites, 38 teams spent 4-7 hours each guarding, most of
    /// them with one to three sites in all). Here each guarded site ends a day, swept as late as its window allows, and the
    /// day is filled backwards with the sites that can come before it (the one that can start latest first: the least
    /// waiting), within the shift from the nearest base with a team left; the sites left over then end days of their own,
    /// latest first, filled the same way. Travel is the road's (riding the pilot can only be faster); every day is timed
    /// again as the roster times days (<see cref="Time(SweepContext, IReadOnlyList{SweepJob}, CorridorPlace)"/>), and a day
    /// that does not hold loses its first sites. Last, a short day (at most <see cref="ShortDay"/> sites) whose every site
    /// another day can take is emptied into them. Null when the bases run out of teams.
    /// </summary>
    /// <summary>
    /// How the backwards roster picks the site before a day's head (<see cref="Backwards"/>): null, the one that can start
    /// latest; a number w, the most sweep for the share of the day's duty and window the step uses, the window's share
    /// weighted w. Each is tried and the best roster kept (500 sites: 69, 66, 68, 68 teams).
    /// </summary>
    private static readonly double?[] Paces = [null, 0.25, 0.5, 1];

    /// <summary>The most sites a day of the backwards roster may have for its sites to be moved into other days.</summary>
    private const int ShortDay = 4;

    internal static SweepRoster? Backwards(SweepContext ctx, List<SweepJob> jobs, double? pace = null)
    {
        var n = jobs.Count;
        var used = new bool[n];
        var left = (int[])ctx.PerBase.Clone();
        var shift = NodaTime.Duration.FromSeconds(ctx.Force.Shift.Seconds);
        var days = new List<SweepColumns.Day>();
        NodaTime.Duration Drive(Position a, Position b) => NodaTime.Duration.FromSeconds(ctx.Travel(a, b));
        // The nearest base with a team left from which a team can be at `first` by `start` and work until `end`.
        var nearest = jobs.Select(j => Enumerable.Range(0, ctx.Bases.Count).OrderBy(b => ctx.Travel(ctx.Bases[b].Position, j.Site.Position))
            .Select(b => (Base: b, Drive: Drive(ctx.Bases[b].Position, j.Site.Position))).ToArray()).ToArray();
        int BaseFor(int first, Instant start, Instant end)
        {
            foreach (var (b, drive) in nearest[first])
                if (left[b] > 0 && start - drive >= ctx.OpsStart && end - (start - drive) <= shift) return b;
            return -1;
        }
        var ends = Enumerable.Range(0, n).Where(j => jobs[j].Site.GuardUntilEscort).OrderBy(j => jobs[j].LatestStart)
            .Concat(Enumerable.Range(0, n).Where(j => !jobs[j].Site.GuardUntilEscort).OrderByDescending(j => jobs[j].LatestStart));
        foreach (var last in ends)
        {
            if (used[last]) continue;
            var end = jobs[last].Finish(jobs[last].LatestStart);
            var chain = new List<int> { last };
            var headStart = jobs[last].LatestStart;
            while (true)
            {
                // The site that can come before the head and start latest, within the shift from some base.
                var pick = -1;
                var pickStart = Instant.MinValue;
                var pickScore = double.MinValue;
                var head = jobs[chain[0]];
                // Paced: what is left of the day's two budgets before the head, the duty (less the drive out from the
                // nearest base) and the window (how much earlier the head could start).
                var dutyLeft = (shift - (end - headStart)).TotalSeconds - nearest[chain[0]][0].Drive.TotalSeconds;
                var windowLeft = (headStart - head.Earliest).TotalSeconds;
                for (var k = 0; k < n; k++)
                {
                    if (used[k] || jobs[k].Site.GuardUntilEscort || chain.Contains(k)) continue;
                    var latest = headStart - Drive(jobs[k].Site.Position, head.Site.Position) - NodaTime.Duration.FromSeconds(jobs[k].Site.SweepTime.Seconds);
                    var start = latest < jobs[k].LatestStart ? latest : jobs[k].LatestStart;
                    if (start < jobs[k].Earliest) continue;
                    double score;
                    if (pace is not { } w) score = (start - Instant.FromUnixTimeTicks(0)).TotalSeconds;
                    else
                    {
                        // The sweep gained for the share of both budgets the step uses: time on duty, and window (a step
                        // back along the line gains on the pilot, which is slower than the road; a neighbour uses the
                        // whole sweep).
                        var duty = (headStart - start).TotalSeconds / Math.Max(1, dutyLeft);
                        var window = Math.Max(0, windowLeft - (start - jobs[k].Earliest).TotalSeconds) / Math.Max(1, windowLeft);
                        score = jobs[k].Site.SweepTime.Seconds / (duty + w * window + 1e-9);
                    }
                    if (score <= pickScore) continue;
                    if (BaseFor(k, start, end) < 0) continue;
                    pick = k;
                    pickStart = start;
                    pickScore = score;
                }
                if (pick < 0) break;
                chain.Insert(0, pick);
                headStart = pickStart;
            }
            // Timed as the roster times it (the first site as late as the chain allows); where it does not hold, the first
            // sites go back to the pool.
            while (true)
            {
                var b = BaseFor(chain[0], headStart, end);
                var timed = b >= 0 ? Time(ctx, chain.Select(j => jobs[j]).ToList(), ctx.Bases[b]) : null;
                if (timed is not null)
                {
                    days.Add(new SweepColumns.Day(b, [.. chain]));
                    left[b]--;
                    foreach (var j in chain) used[j] = true;
                    break;
                }
                if (chain.Count == 1) return null;
                chain.RemoveAt(0);
                headStart = jobs[chain[0]].LatestStart;
            }
        }
        // Days emptied into others: the shortest first, each of its sites moved into another day that can take it (at any
        // place in its chain, timed again), or the day is kept as it was.
        var chains = days.Select(d => d.Jobs.ToList()).ToList();
        var homes = days.Select(d => d.Base).ToList();
        foreach (var x in Enumerable.Range(0, chains.Count).Where(x => chains[x].Count <= ShortDay).OrderBy(x => chains[x].Count).ToList())
        {
            var moved = new List<(int Day, List<int> Before)>();
            var all = true;
            foreach (var site in chains[x])
            {
                var placed = false;
                for (var y = 0; y < chains.Count && !placed; y++)
                {
                    if (y == x || chains[y].Count == 0) continue;
                    // Only days that work near the site's window can take it.
                    if (!chains[y].Any(j => Math.Abs((jobs[j].LatestStart - jobs[site].LatestStart).TotalHours) < ctx.Force.Shift.Seconds / 3600)) continue;
                    for (var at = 0; at <= chains[y].Count && !placed; at++)
                    {
                        var trial = new List<int>(chains[y]);
                        trial.Insert(at, site);
                        if (Time(ctx, trial.Select(j => jobs[j]).ToList(), ctx.Bases[homes[y]]) is null) continue;
                        moved.Add((y, chains[y]));
                        chains[y] = trial;
                        placed = true;
                    }
                }
                if (!placed) { all = false; break; }
            }
            if (all) chains[x] = [];
            else
                for (var m = moved.Count - 1; m >= 0; m--) chains[moved[m].Day] = moved[m].Before;
        }
        return Roster(ctx, jobs, [.. chains.Select((c, i) => new SweepColumns.Day(homes[i], [.. c])).Where(d => d.Jobs.Length > 0)]);
    }

    /// <summary>
    /// Day checks (<see cref="Holds"/>) the local search may make per second of the limit (work, not wall time). Measured
    /// 1.4 to 3.5 million a second on the idle reference machine on 500 sites; counted at a third of that, as the column
    /// generation after it (given what the search leaves of the limit) and its choice of roster run over their share: on
    /// 500 sites at 5 s the roster takes 3.8-3.9 s of wall time so, 6.7-8.0 s counted at 1.5 million (same teams and bound).
    /// </summary>
    internal const double TimingsPerSecond = 500_000;

    /// <summary>
    /// A roster improved by moving sites between days, as vehicle routing does to need fewer vehicles (Bent &amp; Van
    /// Hentenryck, "A two-stage hybrid local search for the vehicle routing problem with time windows", Transportation
    /// Science 38(4), 2004: fewer routes by making the sum of squared route sizes larger): a site moves from a day to one
    /// that holds as much or more (any place in its chain), or two days swap their tails, whenever both still hold (timed
    /// as the roster times days, from their own base or else the nearest with a team left) and the sum of the squares of
    /// the days' holds (sweep, and guard until the escort) grows, so short days empty into long ones; a day left empty is a
    /// team saved. When nothing moves, each short day (at most <see cref="ShortDay"/> sites) is tried once more, its sites
    /// placed directly or by ejection (a site takes another's place in a day and that one moves to a third). Deterministic,
    /// bounded by <paramref name="timings"/> days timed (the timings spent are returned); the roster unchanged where
    /// nothing moves. On 500 sites: 66 teams to 63.
    /// </summary>
    internal static (SweepRoster Roster, long Spent) Improve(SweepContext ctx, List<SweepJob> jobs, List<int>[] links, SweepRoster roster, long timings)
    {
        // Two sites of one day are always linked (Links): a chain with an unlinked neighbour is not timed at all.
        var link = new bool[jobs.Count, jobs.Count];
        for (var a = 0; a < jobs.Count; a++) foreach (var b in links[a]) link[a, b] = true;
        var index = jobs.Select((j, i) => (j.Site, i)).ToDictionary(x => x.Site, x => x.i);
        var baseOf = ctx.Bases.Select((b, i) => (b.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        var chains = roster.Teams.Where(t => t.Assignments.Count > 0).Select(t => t.Assignments.Select(a => index[a.Site]).ToList()).ToList();
        var homes = roster.Teams.Where(t => t.Assignments.Count > 0).Select(t => baseOf[t.Base]).ToList();
        var hold = jobs.Select(j => j.Finish(j.LatestStart) - j.LatestStart).Select(h => h.TotalSeconds / 3600).ToArray();
        var load = chains.Select(c => c.Sum(j => hold[j])).ToList();
        var shiftHours = ctx.Force.Shift.Seconds / 3600;
        long spent = 0;
        var left = (int[])ctx.PerBase.Clone();
        foreach (var h in homes) left[h]--;
        // The base a changed day works from: its own where the day holds from there, else the nearest with a team left
        // (a day taking sites far from its base may start from one nearer them); −1 where none.
        int Home(List<int> chain, int own, int other = -1)
        {
            if (chain.Count == 0) return own;
            var timed = chain.Select(j => jobs[j]).ToList();
            spent++;
            if (Holds(ctx, timed, ctx.Bases[own])) return own;
            foreach (var b in Enumerable.Range(0, ctx.Bases.Count).OrderBy(b => ctx.Travel(ctx.Bases[b].Position, timed[0].Site.Position)))
            {
                if (b == own || (left[b] - (b == other ? 1 : 0)) <= 0) continue;
                spent++;
                if (Holds(ctx, timed, ctx.Bases[b])) return b;
            }
            return -1;
        }
        void Move(int day, int to)
        {
            left[homes[day]]++;
            left[to]--;
            homes[day] = to;
        }
        // Days far apart in time cannot exchange sites.
        bool Near(int x, int y) =>
            Math.Abs((jobs[chains[x][0]].LatestStart - jobs[chains[y][^1]].LatestStart).TotalHours) < shiftHours
            || Math.Abs((jobs[chains[y][0]].LatestStart - jobs[chains[x][^1]].LatestStart).TotalHours) < shiftHours;
        // The site put into some day other than `not` and `nor` (first place that holds); false where none.
        bool Place(int site, int not, int nor)
        {
            for (var y = 0; y < chains.Count && spent < timings; y++)
            {
                if (y == not || y == nor || chains[y].Count == 0 || !Near(not, y)) continue;
                for (var at = 0; at <= chains[y].Count && spent < timings; at++)
                {
                    if ((at > 0 && !link[chains[y][at - 1], site]) || (at < chains[y].Count && !link[site, chains[y][at]])) continue;
                    var trial = new List<int>(chains[y]);
                    trial.Insert(at, site);
                    var hy = Home(trial, homes[y]);
                    if (hy < 0) continue;
                    Move(y, hy);
                    chains[y] = trial;
                    load[y] += hold[site];
                    return true;
                }
            }
            return false;
        }
        // The site in place of one of some day's sites, which then goes to a third day; false where none.
        bool Eject(int site, int not)
        {
            for (var y = 0; y < chains.Count && spent < timings; y++)
            {
                if (y == not || chains[y].Count == 0 || !Near(not, y)) continue;
                for (var t = 0; t < chains[y].Count && spent < timings; t++)
                {
                    var rest = new List<int>(chains[y]);
                    var out_ = rest[t];
                    rest.RemoveAt(t);
                    for (var at = 0; at <= rest.Count && spent < timings; at++)
                    {
                        if ((at > 0 && !link[rest[at - 1], site]) || (at < rest.Count && !link[site, rest[at]])) continue;
                        var trial = new List<int>(rest);
                        trial.Insert(at, site);
                        var hy = Home(trial, homes[y]);
                        if (hy < 0) continue;
                        var (before, home, weight) = (chains[y], homes[y], load[y]);
                        Move(y, hy);
                        chains[y] = trial;
                        load[y] += hold[site] - hold[out_];
                        if (Place(out_, not, y)) return true;
                        Move(y, home);
                        (chains[y], load[y]) = (before, weight);
                    }
                }
            }
            return false;
        }
        var moved = true;
        while (moved && spent < timings)
        {
            moved = false;
            foreach (var x in Enumerable.Range(0, chains.Count).OrderBy(x => load[x]).ToList())
            {
                // Relocate: each site of x into a day holding at least as much (less the site), first place that holds.
                for (var i = 0; i < chains[x].Count && spent < timings; i++)
                {
                    var site = chains[x][i];
                    for (var y = 0; y < chains.Count && spent < timings; y++)
                    {
                        if (y == x || chains[y].Count == 0 || load[y] + hold[site] <= load[x] || !Near(x, y)) continue;
                        var placed = false;
                        for (var at = 0; at <= chains[y].Count && !placed && spent < timings; at++)
                        {
                            if ((at > 0 && !link[chains[y][at - 1], site]) || (at < chains[y].Count && !link[site, chains[y][at]])) continue;
                            var trial = new List<int>(chains[y]);
                            trial.Insert(at, site);
                            var hy = Home(trial, homes[y]);
                            if (hy < 0) continue;
                            var rest = new List<int>(chains[x]);
                            rest.RemoveAt(i);
                            var hx = Home(rest, homes[x], hy != homes[y] ? hy : -1);
                            if (hx < 0) continue;
                            Move(y, hy);
                            Move(x, hx);
                            chains[y] = trial;
                            chains[x] = rest;
                            load[y] += hold[site];
                            load[x] -= hold[site];
                            placed = true;
                        }
                        if (placed) { moved = true; i--; break; }
                    }
                    if (chains[x].Count == 0) break;
                }
                if (chains[x].Count == 0) continue;
                // Tails: x = A|B, y = C|D become A|D and C|B where the squares of the loads grow.
                for (var y = 0; y < chains.Count && spent < timings; y++)
                {
                    if (y == x || chains[y].Count == 0 || chains[x].Count == 0 || !Near(x, y)) continue;
                    var done = false;
                    for (var i = 0; i <= chains[x].Count && !done && spent < timings; i++)
                        for (var j = 0; j <= chains[y].Count && !done && spent < timings; j++)
                        {
                            if ((i == 0 && j == 0) || (i == chains[x].Count && j == chains[y].Count)) continue;
                            if (i > 0 && j < chains[y].Count && !link[chains[x][i - 1], chains[y][j]]) continue;
                            if (j > 0 && i < chains[x].Count && !link[chains[y][j - 1], chains[x][i]]) continue;
                            var a = chains[x].Take(i).Concat(chains[y].Skip(j)).ToList();
                            var c = chains[y].Take(j).Concat(chains[x].Skip(i)).ToList();
                            var la = a.Sum(k => hold[k]);
                            var lc = c.Sum(k => hold[k]);
                            if (la * la + lc * lc <= load[x] * load[x] + load[y] * load[y] + 1e-9) continue;
                            var hx = Home(a, homes[x]);
                            if (hx < 0) continue;
                            var hy = Home(c, homes[y], hx != homes[x] ? hx : -1);
                            if (hy < 0) continue;
                            Move(x, hx);
                            Move(y, hy);
                            (chains[x], chains[y], load[x], load[y]) = (a, c, la, lc);
                            moved = true;
                            done = true;
                        }
                }
            }
        }
        // Then each short day once more, its sites placed directly or by ejection: a site takes another's place in a day
        // and that one moves to a third day.
        foreach (var x in Enumerable.Range(0, chains.Count).Where(x => chains[x].Count is > 0 and <= ShortDay).OrderBy(x => load[x]).ToList())
        {
            if (spent >= timings) break;
            var saved = (chains.Select(c => new List<int>(c)).ToList(), new List<int>(homes), (int[])left.Clone(), new List<double>(load));
            var all = true;
            foreach (var site in chains[x].ToList())
            {
                if (!Place(site, x, -1) && !Eject(site, x)) { all = false; break; }
                chains[x].Remove(site);
                load[x] -= hold[site];
            }
            if (all && chains[x].Count == 0) { left[homes[x]]++; continue; }
            (chains, homes, left, load) = saved;
        }
        var better = Roster(ctx, jobs, [.. chains.Select((c, i) => new SweepColumns.Day(homes[i], [.. c])).Where(d => d.Jobs.Length > 0)]);
        return (better is not null && Better(better, roster) ? better : roster, spent);
    }

    /// <summary>
    /// The roster of the matching's chains: each chain timed as early as possible and cut where a link does not hold,
    /// the pieces joined again best-fit where one can follow another, each given the nearest base with a team left from
    /// which its shift holds. Null when the pieces cannot all get a base.
    /// </summary>
    private static SweepRoster? Chains(SweepContext ctx, List<SweepJob> jobs, int[] succ)
    {
        var n = jobs.Count;
        var hasPred = new bool[n];
        for (var j = 0; j < n; j++) if (succ[j] >= 0) hasPred[succ[j]] = true;
        var seen = new bool[n];
        var chains = new List<List<int>>();
        foreach (var start in Enumerable.Range(0, n).Where(j => !hasPred[j]).Concat(Enumerable.Range(0, n)))
        {
            if (seen[start]) continue;
            var chain = new List<int>();
            for (var j = start; j >= 0 && !seen[j]; j = succ[j]) { seen[j] = true; chain.Add(j); }
            chains.Add(chain);
        }
        var nearest = jobs.Select(j => ctx.Bases.MinBy(b => ctx.Travel(b.Position, j.Site.Position))!).ToArray();
        // Cut each chain where it stops holding (timed from the base nearest its first site).
        var pieces = new List<List<int>>();
        foreach (var chain in chains)
        {
            var piece = new List<int> { chain[0] };
            for (var i = 1; i < chain.Count; i++)
            {
                var trial = piece.Append(chain[i]).Select(x => jobs[x]).ToList();
                if (Time(ctx, trial, nearest[piece[0]]) is not null) piece.Add(chain[i]);
                else { pieces.Add(piece); piece = [chain[i]]; }
            }
            pieces.Add(piece);
        }
        // Join pieces: in order of their first deadline, each after the open piece it fits best (least idle), else on its own.
        var teams = new List<List<int>>();
        foreach (var piece in pieces.OrderBy(p => jobs[p[0]].LatestStart))
        {
            var bestTeam = -1;
            var bestIdle = double.MaxValue;
            for (var t = 0; t < teams.Count; t++)
            {
                var joined = teams[t].Concat(piece).Select(x => jobs[x]).ToList();
                var timed = Time(ctx, joined, nearest[teams[t][0]]);
                if (timed is null) continue;
                var k = teams[t].Count;
                var idle = (timed[k].Start - timed[k - 1].ReleasedAt).TotalSeconds;
                if (idle < bestIdle) { bestIdle = idle; bestTeam = t; }
            }
            if (bestTeam >= 0) teams[bestTeam].AddRange(piece); else teams.Add([.. piece]);
        }
        // Bases: the nearest with a team left from which the team's day still holds; most constrained teams first.
        var left = ctx.PerBase.ToArray();
        var options = teams.Select(t => Enumerable.Range(0, ctx.Bases.Count)
            .Select(b => (Base: b, Timed: Time(ctx, t.Select(x => jobs[x]).ToList(), ctx.Bases[b])))
            .Where(x => x.Timed is not null).OrderBy(x => ctx.Travel(ctx.Bases[x.Base].Position, jobs[t[0]].Site.Position)).ToList()).ToList();
        var roster = new SweepTeam?[teams.Count];
        foreach (var t in Enumerable.Range(0, teams.Count).OrderBy(t => options[t].Count))
        {
            var pick = options[t].FirstOrDefault(x => left[x.Base] > 0);
            if (pick.Timed is null) return null;
            left[pick.Base]--;
            roster[t] = new SweepTeam(0, ctx.Bases[pick.Base].Name, ctx.Force.TeamSize, pick.Timed);
        }
        var ordered = roster.Select(t => t!).OrderBy(t => t.Assignments[0].Start).Select((t, i) => t with { Number = i + 1 }).ToArray();
        return new SweepRoster(ordered, [], ctx.Force.Teams, ctx.Force.TeamSize, 0, TravelHours: ctx.RoadHours(ordered));
    }

    /// <summary>
    /// The roster of chosen team days: a site in two days is kept in the first only where the second still holds without
    /// it; each day re-timed from its base. Null when a day does not hold.
    /// </summary>
    private static SweepRoster? Roster(SweepContext ctx, List<SweepJob> jobs, List<SweepColumns.Day> days)
    {
        var covered = new HashSet<int>();
        var teams = new List<SweepTeam>();
        foreach (var d in days.OrderBy(d => jobs[d.Jobs[0]].LatestStart))
        {
            var chain = d.Jobs.ToList();
            var trimmed = chain.Where(j => !covered.Contains(j)).ToList();
            var timed = trimmed.Count > 0 ? Time(ctx, trimmed.Select(j => jobs[j]).ToList(), ctx.Bases[d.Base]) : null;
            if (timed is null && trimmed.Count > 0) { timed = Time(ctx, chain.Select(j => jobs[j]).ToList(), ctx.Bases[d.Base]); trimmed = chain; }
            if (trimmed.Count == 0) continue;
            if (timed is null) return null;
            foreach (var j in trimmed) covered.Add(j);
            teams.Add(new SweepTeam(0, ctx.Bases[d.Base].Name, ctx.Force.TeamSize, timed));
        }
        if (covered.Count < jobs.Count) return null;
        var ordered = teams.OrderBy(t => t.Assignments[0].Start).Select((t, i) => t with { Number = i + 1 }).ToArray();
        return new SweepRoster(ordered, [], ctx.Force.Teams, ctx.Force.TeamSize, 0, TravelHours: ctx.RoadHours(ordered));
    }
}
