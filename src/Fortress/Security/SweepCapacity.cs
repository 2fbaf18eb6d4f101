using NodaTime;

namespace Fortress.Security;

/// <summary>
/// A lower bound on the teams from how much of a team's time one day can hold (decision 0014, "The capacity bound").
/// <para>
/// Each site holds its team for at least <c>e_k</c>: its sweep, or, where it is guarded, from its latest start until the
/// escort has passed. A day's sites, first <c>a</c> to last <c>b</c> in time order, follow one another with at least the
/// road between them (the road along the line: never shorter than the straight way from <c>a</c> to <c>b</c>, so at least
/// <c>τ(a, b)</c> in all), so their holds add up to at most
/// <c>C(a, b) = min(L_b + e_b − E_a − τ(a, b), shift − drive_a − τ(a, b))</c>: the window (<c>a</c> starting no earlier
/// than its window opens and the nearest base with teams lets it, <c>b</c> no later than its latest start) and the duty
/// (the drive out from the nearest base included), and at most the holds of all the sites that can be in such a day
/// (<c>a</c>, <c>b</c> and those between: a link from <c>a</c> and one to <c>b</c>, <see cref="SweepOptimizer.Links"/>).
/// Where teams may ride the pilot no road time is counted.
/// </para>
/// <para>
/// With <c>C_k</c> the largest <c>C</c> of a day that can hold site <c>k</c>, every day's <c>Σ e_k / C_k</c> is at most 1,
/// so <c>Σ_k e_k / C_k</c> over all sites bounds the teams from below (a feasible dual of the covering problem); a dual
/// ascent then raises each site's share by what every day that may hold it leaves unused. The bound sees what the clique
/// and matching bounds do not: time spent guarding, driving out from a base, and the window each day must keep to (a
/// day gains on the pilot only where the road is faster, so its sweeping is limited however long the shift); on the
/// 500-site benchmark it is 47 teams (45.84 before the ascent, 46.68 after) against the clique's 36. The linear
/// optimum over these relaxed days, by column generation, lies between 46.68 and 50.7 (a scratch run that had not
/// converged after 40 rounds and 10 s), so a better dual would gain at most four teams.
/// </para>
/// </summary>
internal static class SweepCapacity
{
    /// <summary>Site checks (one site tested for a pair) the bound may take; beyond them it gives none (0), as a max over fewer pairs would not be sound.</summary>
    public const long MaxChecks = 400_000_000;

    /// <summary>The bound (teams, rounded up); 0 when the problem is too large for <see cref="MaxChecks"/>.</summary>
    public static int Bound(SweepContext ctx, List<SweepJob> jobs, List<int>[] links)
    {
        var n = jobs.Count;
        if (n == 0 || links.Sum(l => (long)l.Count * l.Count) > MaxChecks / 2) return 0;
        var ops = ctx.OpsStart;
        double Sec(Instant t) => (t - ops).TotalSeconds;
        var bases = Enumerable.Range(0, ctx.Bases.Count).Where(b => ctx.PerBase[b] > 0).ToList();
        if (bases.Count == 0) return 0;
        var drive = jobs.Select(j => bases.Min(b => ctx.Travel(ctx.Bases[b].Position, j.Site.Position))).ToArray();
        var early = jobs.Select((j, i) => Math.Max(Sec(j.Earliest), drive[i])).ToArray();
        var late = jobs.Select(j => Sec(j.LatestStart)).ToArray();
        var hold = jobs.Select((j, i) => j.Release == Instant.MinValue ? j.Site.SweepTime.Seconds : Math.Max(j.Site.SweepTime.Seconds, Sec(j.Release) - late[i])).ToArray();
        var shift = ctx.Force.Shift.Seconds;
        double Road(int a, int b) => ctx.Force.RidePilot ? 0 : ctx.Travel(jobs[a].Site.Position, jobs[b].Site.Position);
        var link = new bool[n, n];
        for (var a = 0; a < n; a++) foreach (var b in links[a]) link[a, b] = true;

        // A day of one site holds just that site.
        var most = (double[])hold.Clone();
        var pairs = new List<(int A, int B, double C)>();
        for (var a = 0; a < n; a++)
            foreach (var b in links[a])
            {
                var tau = Road(a, b);
                var c = Math.Min(late[b] + hold[b] - early[a] - tau, shift - drive[a] - tau);
                if (c < hold[a] + hold[b]) continue;
                // No more than every site it can hold, each once.
                var all = hold[a] + hold[b];
                foreach (var k in links[a])
                    if (link[k, b]) all += hold[k];
                c = Math.Min(c, all);
                pairs.Add((a, b, c));
                most[a] = Math.Max(most[a], c);
                most[b] = Math.Max(most[b], c);
                foreach (var k in links[a])
                    if (link[k, b] && c > most[k]) most[k] = c;
            }
        var pi = Enumerable.Range(0, n).Select(k => most[k] > 0 ? hold[k] / most[k] : 0).ToArray();

        // Dual ascent. A day of pair p is worth at most value[p] at these duals (a fractional knapsack of the sites it
        // may hold, by value per hour of hold); each site's dual then rises by the least slack (1 − value) of the days that
        // may hold it, and those days' slack falls by as much (a day holds a site at most once): still no day worth more
        // than 1. Sites in order of their share of their largest day, smallest first (on 500 sites: 46.68 against 45.84 before
        // the ascent; largest share first, 46.59).
        var members = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var slack = new double[pairs.Count];
        var between = new List<int>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var (a, b, c) = pairs[p];
            between.Clear();
            foreach (var k in links[a])
                if (k != b && link[k, b]) between.Add(k);
            members[a].Add(p);
            members[b].Add(p);
            foreach (var k in between) members[k].Add(p);
            between.Sort((x, y) => Ratio(pi[y], hold[y]).CompareTo(Ratio(pi[x], hold[x])));
            var room = c - hold[a] - hold[b];
            var value = pi[a] + pi[b];
            foreach (var k in between)
            {
                if (room <= 0) break;
                var share = hold[k] > 0 ? Math.Min(1, room / hold[k]) : 1;
                value += share * pi[k];
                room -= share * hold[k];
            }
            slack[p] = Math.Max(0, 1 - value);
        }
        foreach (var k in Enumerable.Range(0, n).OrderBy(k => Ratio(most[k], hold[k])).ToList())
        {
            var rise = 1 - pi[k];
            foreach (var p in members[k]) rise = Math.Min(rise, slack[p]);
            if (rise <= 1e-9) continue;
            pi[k] += rise;
            foreach (var p in members[k]) slack[p] -= rise;
        }
        return (int)Math.Ceiling(pi.Sum() - 1e-6);

        // A site held for no time fits anywhere.
        static double Ratio(double x, double hours) => hours > 0 ? x / hours : double.PositiveInfinity;
    }
}
