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
/// so <c>Σ_k e_k / C_k</c> over all sites bounds the teams from below (a feasible dual of the covering problem). The bound
/// sees what the clique and matching bounds do not: time spent guarding, driving out from a base, and the window each
/// day must keep to (a day gains on the pilot only where the road is faster, so its sweeping is limited however long the
/// shift); on the 500-site benchmark it is 46 teams against the clique's 36.
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
                most[a] = Math.Max(most[a], c);
                most[b] = Math.Max(most[b], c);
                foreach (var k in links[a])
                    if (link[k, b] && c > most[k]) most[k] = c;
            }
        return (int)Math.Ceiling(Enumerable.Range(0, n).Sum(k => most[k] > 0 ? hold[k] / most[k] : 0) - 1e-6);
    }
}
