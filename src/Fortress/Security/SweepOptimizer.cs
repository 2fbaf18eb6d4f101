using System.Diagnostics;
using Fortress.Diagnostics;
using Fortress.Optimisation;
using Fortress.Planning;
using Fortress.Units;
using Google.OrTools.Sat;
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
/// The sweep roster as an optimisation (decision 0009): the fewest teams (so the fewest agents), then the least road
/// travel, such that every site is swept inside its window before the pilot train, guarded sites are held until the
/// escort has passed, teams travel by road or ride the pilot train, no team works longer than its shift
/// (<see cref="SecurityForce.Shift"/>), and no base sends out more teams than it has.
/// <para>
/// <b>Bound.</b> A team's day is a chain of sites. Two sites can be chained (j then k) only if k can still be reached in
/// its window when j starts as early as it possibly can; every roster's chains use only such links, so the fewest chains
/// covering all sites in that graph (sites less the largest matching of links, found by Hopcroft-Karp) bound the teams
/// from below, beside the bounds of the greedy method (<see cref="SweepPlanner"/>).
/// </para>
/// <para>
/// <b>Rosters.</b> The greedy roster; the chains of that matching, timed as early as possible, cut where a link does not
/// hold (a late start further up the chain, a shift), then joined again where they can be and given bases; and, when a gap
/// remains and time is left, CP-SAT over the links (a team is a path through the sites from a base: one predecessor per
/// site, start times, shift start carried along) asked for a roster with fewer teams than the best so far: a solution
/// improves it, infeasibility proves it optimal.
/// </para>
/// </summary>
public static class SweepOptimizer
{
    /// <summary>The fewest teams; see the class summary.</summary>
    /// <exception cref="InfeasibleException">A site no team can sweep in its window (named, with the reason), or too few agents for all sites.</exception>
    public static SweepRoster Plan(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force, SweepOptions? options = null)
    {
        options ??= SweepOptions.Default;
        var clock = Stopwatch.StartNew();
        var ctx = SweepContext.Of(plan, sites, force);
        var key = ctx.Fingerprint(options);
        if (Cache.TryGet(key, out var hit)) return hit;
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
        if (bound > force.Teams)
            throw new InfeasibleException("sweeps.agents", $"too few agents: the sites need at least {bound} teams of {force.TeamSize} ({bound * force.TeamSize} agents), {force.Agents} are available");

        // The best of the greedy roster and the chains of the matching.
        SweepRoster? best = null;
        var greedy = SweepPlanner.Greedy(ctx);
        if (greedy.Feasible) best = greedy;
        if (Chains(ctx, jobs, matched) is { } chained && (best is null || Better(chained, best))) best = chained;
        var method = SolveMethod.Bounded;
        if (best is not null && best.TeamsUsed <= bound) method = SolveMethod.Optimal;
        else if (clock.Elapsed < options.TimeLimit)
        {
            var (improved, proven) = Improve(ctx, jobs, links, best, bound, options.TimeLimit - clock.Elapsed, options.Workers);
            if (improved is not null) best = improved;
            if (proven && best is not null) { bound = best.TeamsUsed; method = SolveMethod.Optimal; }
        }
        if (best is null)
            throw new InfeasibleException("sweeps.agents", $"no roster found that covers every site with the {force.Teams} teams of {force.TeamSize} available"
                + (greedy.Uncovered.Count > 0 ? ": " + string.Join("; ", greedy.Uncovered.Select(u => $"site {u.Site.Name}: {u.Reason}")) : ""));
        return best with
        {
            LowerBound = bound,
            Quality = new Optimality(best.TeamsUsed, Math.Min(bound, best.TeamsUsed), method, "teams", clock.Elapsed),
        };
    }

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

    /// <summary>A team's chain of sites timed as early as it can: its assignments, or null where a link does not hold.</summary>
    private static List<SweepAssignment>? Time(SweepContext ctx, IReadOnlyList<SweepJob> chain, CorridorPlace from)
    {
        var shift = NodaTime.Duration.FromSeconds(ctx.Force.Shift.Seconds);
        var list = new List<SweepAssignment>();
        var first = chain[0];
        var drive = NodaTime.Duration.FromSeconds(ctx.Travel(from.Position, first.Site.Position));
        if (ctx.OpsStart + drive > first.LatestStart) return null;
        var s0 = ctx.OpsStart + drive > first.Earliest ? ctx.OpsStart + drive : first.Earliest;
        var leftBase = s0 - drive;
        var at = first.Site.Position;
        var free = first.Finish(s0);
        list.Add(new SweepAssignment(first.Site, s0, s0, s0 + NodaTime.Duration.FromSeconds(first.Site.SweepTime.Seconds), free));
        if (free - leftBase > shift) return null;
        for (var i = 1; i < chain.Count; i++)
        {
            var j = chain[i];
            var (arrive, via) = ctx.Reach(at, free, j.Site.Position);
            if (arrive > j.LatestStart) return null;
            var start = arrive > j.Earliest ? arrive : j.Earliest;
            var done = j.Finish(start);
            if (done - leftBase > shift) return null;
            list.Add(new SweepAssignment(j.Site, arrive, start, start + NodaTime.Duration.FromSeconds(j.Site.SweepTime.Seconds), done, via));
            at = j.Site.Position;
            free = done;
        }
        return list;
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
    /// CP-SAT over the links, asked for fewer teams than the incumbent (or any roster when there is none): the roster it
    /// finds, and whether it proved that none with fewer teams exists.
    /// </summary>
    private static (SweepRoster? Roster, bool Proven) Improve(SweepContext ctx, List<SweepJob> jobs, List<int>[] links, SweepRoster? incumbent, int bound,
        TimeSpan limit, int workers)
    {
        var n = jobs.Count;
        var arcs = links.Sum(l => l.Count);
        // Beyond this the model takes longer to build than the search may run: the bound and the best roster stand.
        if (arcs > 60_000) return (null, false);
        var reference = ctx.OpsStart - NodaTime.Duration.FromDays(1);
        long Sec(Instant t) => (long)Math.Ceiling((t - reference).TotalSeconds);
        long Floor(Instant t) => (long)Math.Floor((t - reference).TotalSeconds);
        var shift = (long)Math.Floor(ctx.Force.Shift.Seconds);
        var m = new CpModel();
        var start = new IntVar[n];
        var finish = new IntVar[n];
        var onDuty = new IntVar[n];
        var horizon = Sec(jobs.Max(j => j.Release > j.WindowEnd ? j.Release : j.WindowEnd)) + 1;
        for (var j = 0; j < n; j++)
        {
            var es = EarliestStart(ctx, jobs[j]);
            start[j] = m.NewIntVar(Sec(es), Floor(jobs[j].LatestStart), "");
            finish[j] = m.NewIntVar(0, horizon, "");
            m.Add(finish[j] >= start[j] + (long)Math.Ceiling(jobs[j].Site.SweepTime.Seconds));
            if (jobs[j].Release != Instant.MinValue) m.Add(finish[j] >= Sec(jobs[j].Release));
            onDuty[j] = m.NewIntVar(0, horizon, "");
            m.Add(finish[j] - onDuty[j] <= shift);
        }
        var into = Enumerable.Range(0, n).Select(_ => new List<ILiteral>()).ToArray();
        var outOf = Enumerable.Range(0, n).Select(_ => new List<ILiteral>()).ToArray();
        var travel = new List<LinearExpr>();
        var arc = new Dictionary<(int, int), BoolVar>();
        for (var j = 0; j < n; j++)
            foreach (var k in links[j])
            {
                var lit = m.NewBoolVar("");
                arc[(j, k)] = lit;
                into[k].Add(lit);
                outOf[j].Add(lit);
                m.Add(onDuty[k] == onDuty[j]).OnlyEnforceIf(lit);
                var road = (long)Math.Ceiling(ctx.Travel(jobs[j].Site.Position, jobs[k].Site.Position));
                if (!ctx.Force.RidePilot) { m.Add(start[k] >= finish[j] + road).OnlyEnforceIf(lit); travel.Add(road / 60 * lit); continue; }
                // Riding the pilot: free by a boarding deadline, there at a fixed time (the ways it beats the road at some departure).
                var ways = PilotWays(ctx, jobs[j], jobs[k], reference);
                var byRoad = m.NewBoolVar("");
                m.Add(start[k] >= finish[j] + road).OnlyEnforceIf(byRoad);
                var choice = new List<ILiteral> { byRoad };
                foreach (var (deadline, arrive) in ways)
                {
                    var w = m.NewBoolVar("");
                    m.Add(finish[j] <= deadline).OnlyEnforceIf(w);
                    m.Add(start[k] >= arrive).OnlyEnforceIf(w);
                    choice.Add(w);
                }
                m.Add(LinearExpr.Sum(choice) == lit);
                travel.Add(road / 60 * byRoad);
            }
        var used = new List<ILiteral>();
        var perBase = Enumerable.Range(0, ctx.Bases.Count).Select(_ => new List<ILiteral>()).ToArray();
        var firstOf = new Dictionary<(int, int), BoolVar>();
        for (var j = 0; j < n; j++)
        {
            for (var b = 0; b < ctx.Bases.Count; b++)
            {
                var drive = (long)Math.Ceiling(ctx.Travel(ctx.Bases[b].Position, jobs[j].Site.Position));
                if (ctx.OpsStart + NodaTime.Duration.FromSeconds(drive) > jobs[j].LatestStart) continue;
                var lit = m.NewBoolVar("");
                firstOf[(b, j)] = lit;
                into[j].Add(lit);
                perBase[b].Add(lit);
                used.Add(lit);
                m.Add(onDuty[j] == start[j] - drive).OnlyEnforceIf(lit);
                travel.Add(drive / 60 * lit);
            }
            m.AddExactlyOne(into[j]);
            m.AddAtMostOne(outOf[j]);
        }
        for (var b = 0; b < ctx.Bases.Count; b++) m.Add(LinearExpr.Sum(perBase[b]) <= ctx.PerBase[b]);
        var teams = LinearExpr.Sum(used);
        m.Add(teams >= bound);
        if (incumbent is not null) m.Add(teams <= incumbent.TeamsUsed - 1);
        // Fewest teams, then the least road travel (minutes).
        m.Minimize(teams * 1_000_000 + LinearExpr.Sum(travel));
        if (Environment.GetEnvironmentVariable("FORTRESS_EXPORT_SWEEP") is { } file) m.ExportToFile(file + "." + n + ".pb");
        using var solver = CpSat.Solver(limit, workers);
        var status = solver.Solve(m, null);
        if (Environment.GetEnvironmentVariable("FORTRESS_DEBUG_OPT") is not null) Console.Error.WriteLine($"[sweep] {n} sites, {arcs} links, {status}, {solver.ObjectiveValue / 1e6:0.##} teams, bound {solver.BestObjectiveBound / 1e6:0.##}");
        if (status == CpSolverStatus.Infeasible) return (null, incumbent is not null);
        if (!CpSat.HasSolution(status)) return (null, false);
        // The chains of the solution, timed again as early as possible from their bases.
        var next = new int[n];
        Array.Fill(next, -1);
        foreach (var ((j, k), lit) in arc) if (solver.BooleanValue(lit)) next[j] = k;
        var roster = new List<SweepTeam>();
        foreach (var ((b, j), lit) in firstOf)
        {
            if (!solver.BooleanValue(lit)) continue;
            var chain = new List<SweepJob>();
            for (var x = j; x >= 0; x = next[x]) chain.Add(jobs[x]);
            var timed = Time(ctx, chain, ctx.Bases[b]);
            if (timed is null) return (null, false);
            roster.Add(new SweepTeam(0, ctx.Bases[b].Name, ctx.Force.TeamSize, timed));
        }
        var ordered = roster.OrderBy(t => t.Assignments[0].Start).Select((t, i) => t with { Number = i + 1 }).ToArray();
        var result = new SweepRoster(ordered, [], ctx.Force.Teams, ctx.Force.TeamSize, 0, TravelHours: ctx.RoadHours(ordered));
        return (result, status == CpSolverStatus.Optimal);
    }

    /// <summary>The ways riding the pilot gets a team from site j to site k: (latest finish at j to catch it, arrival at k), seconds from the reference.</summary>
    private static List<(long Deadline, long Arrive)> PilotWays(SweepContext ctx, SweepJob j, SweepJob k, Instant reference)
    {
        var list = new List<(long, long)>();
        // Departure times from j worth trying: just before each boarding deadline the pilot's halts give.
        var probe = j.Finish(j.Earliest);
        var last = j.Finish(j.LatestStart);
        for (var t = probe; t <= last; t += NodaTime.Duration.FromMinutes(5))
        {
            var (at, via) = ctx.Reach(j.Site.Position, t, k.Site.Position);
            if (via is null) continue;
            var road = t + NodaTime.Duration.FromSeconds(ctx.Travel(j.Site.Position, k.Site.Position));
            if (at >= road) continue;
            list.Add(((long)Math.Floor((t - reference).TotalSeconds), (long)Math.Ceiling((at - reference).TotalSeconds)));
        }
        // Keep the Pareto front: a later deadline is worth it only for an earlier arrival... at most a handful.
        return list.GroupBy(x => x.Item2).Select(g => (g.Max(x => x.Item1), g.Key)).OrderBy(x => x.Item2).Take(6).ToList();
    }
}
