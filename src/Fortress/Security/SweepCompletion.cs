namespace Fortress.Security;

/// <summary>
/// An upper bound on what the rest of a team's day can still collect in the pricing of <see cref="SweepColumns"/>: the most
/// dual value of any chain of sites that starts after a given moment and is done by a given deadline (the end of the
/// shift), by dynamic programming over sites and start times backwards in time. A partial day that cannot reach a value
/// above 1 with it can never become a day worth adding, so the pricing drops it (a completion bound, as in Feillet et al.,
/// "An exact algorithm for the elementary shortest path problem with resource constraints", Networks 44(3), 2004, and the
/// bounding of labels in later column-generation codes); the best day found is unchanged, so the bound of the column
/// generation is too.
/// <para>
/// The programme relaxes everything it can and so bounds from above: start times on a grid (<see cref="Step"/>) read at
/// the grid point at or before the real time (an earlier start can collect no less), deadlines rounded up to the next
/// <see cref="BucketSeconds"/> (the last bucket ends after every site's latest finish, so it stands for any later deadline), chains may visit a site twice, and travel is the road time, or nothing where teams may
/// ride the pilot (which can beat the road).
/// </para>
/// </summary>
internal sealed class SweepCompletion
{
    /// <summary>Width of a deadline bucket, seconds (a deadline is rounded up to a bucket's end).</summary>
    public const long BucketSeconds = 1800;

    private readonly int n;
    private readonly long[] earliest, latest, sweep, release;
    private readonly List<int>[] links;
    private readonly long[,] travel;
    private readonly long step;
    private readonly long horizon;

    /// <summary>The coarsest grid of start times, seconds (finer where a sweep is shorter).</summary>
    public const long Step = 300;
    private readonly int[] offset; // first grid cell of each job
    private readonly int cells;
    private readonly long bucket0;
    private readonly int buckets;
    private readonly (int Job, int Cell, long At)[] order; // cells latest first
    private readonly double[] value; // [bucket * cells + cell]

    /// <param name="travelLowerBound">Seconds from one site to another no team can beat.</param>
    /// <param name="shift">The longest day on duty, seconds.</param>
    public SweepCompletion(long[] earliest, long[] latest, long[] sweep, long[] release, List<int>[] links, Func<int, int, long> travelLowerBound, long shift)
    {
        n = earliest.Length;
        this.earliest = earliest;
        this.latest = latest;
        this.sweep = sweep;
        this.release = release;
        this.links = links;
        travel = new long[n, n];
        for (var j = 0; j < n; j++)
            foreach (var k in links[j]) travel[j, k] = travelLowerBound(j, k);
        // A grid no coarser than the shortest sweep, so a successor's cell always lies after its predecessor's (no cycles).
        step = Math.Clamp(sweep.DefaultIfEmpty(Step).Min(), 1, Step);
        // A day's deadline (its latest leave plus a shift) is at most a window and a shift after any of its starts: later
        // buckets are never asked for at that start (they stay unbounded).
        horizon = shift + Enumerable.Range(0, n).Select(j => latest[j] - earliest[j]).DefaultIfEmpty(0).Max() + BucketSeconds;
        offset = new int[n + 1];
        for (var j = 0; j < n; j++) offset[j + 1] = offset[j] + (latest[j] < earliest[j] ? 0 : (int)((latest[j] - earliest[j]) / step) + 1);
        cells = offset[n];
        var list = new List<(int, int, long)>(cells);
        for (var j = 0; j < n; j++)
            for (var c = offset[j]; c < offset[j + 1]; c++) list.Add((j, c, earliest[j] + (c - offset[j]) * step));
        order = [.. list.OrderByDescending(x => x.Item3).ThenBy(x => x.Item1)];
        var firstEnd = n == 0 ? 0 : Enumerable.Range(0, n).Min(j => Finish(j, earliest[j]));
        var lastEnd = n == 0 ? 0 : Enumerable.Range(0, n).Max(j => Finish(j, Math.Max(earliest[j], latest[j])));
        bucket0 = firstEnd;
        buckets = (int)((lastEnd - firstEnd + BucketSeconds - 1) / BucketSeconds) + 1;
        value = new double[(long)buckets * cells];
    }

    private long Finish(int j, long start) => release[j] == long.MinValue ? start + sweep[j] : Math.Max(start + sweep[j], release[j]);

    /// <summary>The cell of job <paramref name="k"/> at or before start <paramref name="t"/>; −1 past its window.</summary>
    private int Cell(int k, long t)
    {
        if (t > latest[k] || offset[k] == offset[k + 1]) return -1;
        if (t < earliest[k]) t = earliest[k];
        return offset[k] + (int)((t - earliest[k]) / step);
    }

    /// <summary>Fills the table for site values <paramref name="pi"/> (the duals of the covering rows, non-negative); the cells computed (for counting work).</summary>
    public long Fill(double[] pi)
    {
        long filled = 0;
        for (var b = 0; b < buckets; b++)
        {
            var deadline = bucket0 + b * BucketSeconds;
            var row = (long)b * cells;
            // Optimistic before it is computed (only a cell with a tie in time could read one).
            Array.Fill(value, double.PositiveInfinity, (int)row, cells);
            foreach (var (j, c, at) in order)
            {
                var free = Finish(j, at);
                if (free > deadline) { value[row + c] = double.NegativeInfinity; continue; }
                if (deadline > at + horizon) continue;
                filled++;
                var next = 0.0;
                foreach (var k in links[j])
                {
                    var kc = Cell(k, Math.Max(earliest[k], free + travel[j, k]));
                    if (kc >= 0 && value[row + kc] > next) next = value[row + kc];
                }
                value[row + c] = pi[j] + next;
            }
        }
        return filled;
    }

    /// <summary>
    /// At most how much more value a day can collect after site <paramref name="job"/>, its team free there at
    /// <paramref name="free"/> and done by <paramref name="deadline"/>, its next site not <paramref name="notNext"/>.
    /// </summary>
    public double Rest(int job, long free, long deadline, int notNext)
    {
        var b = deadline <= bucket0 ? 0 : (int)Math.Min(buckets - 1, (deadline - bucket0 + BucketSeconds - 1) / BucketSeconds);
        var row = (long)b * cells;
        var best = 0.0;
        foreach (var k in links[job])
        {
            if (k == notNext) continue;
            var kc = Cell(k, Math.Max(earliest[k], free + travel[job, k]));
            if (kc >= 0 && value[row + kc] > best) best = value[row + kc];
        }
        return best;
    }
}
