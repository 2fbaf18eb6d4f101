using CsCheck;
using Fortress.Security;

namespace Fortress.Tests.Security;

/// <summary>The completion bound of the roster's pricing (<see cref="SweepCompletion"/>): exact on a hand-worked case, never below any real chain.</summary>
public class SweepCompletionTests
{
    private const long Shift = 12 * 3600;

    /// <summary>
    /// Three sites, each with a one-moment window (starts at 0 s, 1,200 s and 2,400 s), sweeps of 600 s, links 0 → 1,
    /// 1 → 2 and 0 → 2 with 300, 300 and 600 s of road, site values 0.5, 0.25 and 0.4. A team free at site 0 at 600 s
    /// reaches site 1 at 900 s (starts 1,200 s, free 1,800 s), then site 2 at 2,100 s (starts 2,400 s, free 3,000 s):
    /// by a deadline of 3,600 s it can collect 0.25 + 0.4 = 0.65. By 2,400 s site 2 is not done in time: 0.25 (site 1
    /// only). Not going on to site 1: 0.4 (site 2 alone). Free at 1,300 s, site 1 is missed (1,600 s is past its start):
    /// 0.4. Deadlines are rounded up to 30-minute buckets from the earliest finish (600 s): 2,400 s is a bucket's end
    /// exactly, 3,600 s rounds up to 4,200 s, past every finish, so none of these is loosened.
    /// </summary>
    [Fact]
    public void Rest_ThreeSitesInALine_TheBestChainThatFitsItsDeadline()
    {
        var links = new List<int>[] { [1, 2], [2], [] };
        long[,] road = { { 0, 300, 600 }, { 300, 0, 300 }, { 600, 300, 0 } };
        var c = new SweepCompletion([0, 1200, 2400], [0, 1200, 2400], [600, 600, 600], [long.MinValue, long.MinValue, long.MinValue], links, (j, k) => road[j, k], Shift);
        c.Fill([0.5, 0.25, 0.4]);
        c.Rest(0, 600, 3600, -1).ShouldBe(0.65, 1e-12);
        c.Rest(0, 600, 2400, -1).ShouldBe(0.25, 1e-12);
        c.Rest(0, 600, 3600, notNext: 1).ShouldBe(0.4, 1e-12);
        c.Rest(0, 1300, 3600, -1).ShouldBe(0.4, 1e-12);
        c.Rest(2, 3000, 99_999, -1).ShouldBe(0);
    }

    /// <summary>A guarded site keeps its team until its release: what follows starts after it.</summary>
    [Fact]
    public void Rest_GuardedSite_ItsReleaseCounts()
    {
        var links = new List<int>[] { [1], [] };
        // Site 0 is released at 5,000 s; site 1 must start by 4,000 s: it cannot follow.
        var c = new SweepCompletion([0, 0], [0, 4000], [600, 600], [5000, long.MinValue], links, (_, _) => 60, Shift);
        c.Fill([0.7, 0.9]);
        c.Rest(0, 5000, 20_000, -1).ShouldBe(0);
        // From a team free at 600 s at site 0 (as if not guarded), site 1 is reachable.
        c.Rest(0, 600, 20_000, -1).ShouldBe(0.9, 1e-12);
    }

    /// <summary>
    /// Random small problems: the bound is never below the best real chain (each site once, in its window, done by the
    /// deadline) found by trying every chain; a pricing that drops partial days by it drops none worth adding.
    /// </summary>
    [Fact]
    public void Rest_RandomProblems_NeverBelowTheBestChain() =>
        Gen.Select(Gen.Int[2, 6], Gen.Int[0, int.MaxValue]).Sample((n, seed) =>
        {
            var rng = new Random(seed);
            var earliest = Enumerable.Range(0, n).Select(_ => (long)rng.Next(0, 20_000)).ToArray();
            var latest = earliest.Select(e => e + rng.Next(0, 8000)).ToArray();
            var sweep = Enumerable.Range(0, n).Select(_ => (long)rng.Next(300, 1800)).ToArray();
            var release = Enumerable.Range(0, n).Select(j => rng.Next(4) == 0 ? latest[j] + rng.Next(0, 6000) : long.MinValue).ToArray();
            var road = new long[n, n];
            for (var j = 0; j < n; j++)
                for (var k = j + 1; k < n; k++) road[j, k] = road[k, j] = rng.Next(0, 3000);
            var links = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Where(k => k != j && rng.Next(5) > 0).ToList()).ToArray();
            var pi = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var c = new SweepCompletion(earliest, latest, sweep, release, links, (j, k) => road[j, k], Shift);
            c.Fill(pi);
            long Finish(int j, long s) => release[j] == long.MinValue ? s + sweep[j] : Math.Max(s + sweep[j], release[j]);
            double Best(int at, long free, long deadline, int notNext, bool[] seen)
            {
                var best = 0.0;
                foreach (var k in links[at])
                {
                    if (k == notNext || seen[k]) continue;
                    var s = Math.Max(earliest[k], free + road[at, k]);
                    if (s > latest[k] || Finish(k, s) > deadline) continue;
                    seen[k] = true;
                    best = Math.Max(best, pi[k] + Best(k, Finish(k, s), deadline, -1, seen));
                    seen[k] = false;
                }
                return best;
            }
            for (var q = 0; q < 20; q++)
            {
                var j = rng.Next(n);
                var free = earliest[j] + rng.Next(0, 10_000);
                var deadline = free + rng.Next(0, 30_000);
                var notNext = rng.Next(-1, n);
                var seen = new bool[n];
                seen[j] = true;
                if (c.Rest(j, free, deadline, notNext) < Best(j, free, deadline, notNext, seen) - 1e-9) return false;
            }
            return true;
        }, iter: 300);
}
