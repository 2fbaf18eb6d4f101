namespace Fortress.Running;

/// <summary>
/// First stage of the pipeline: the most restrictive speed profile (MRSP) for the train's front. It is the lowest
/// of the line limits, the train's own limit and any run-wide cap, where a line limit holds for the front from its
/// start until the train's rear has left it (the whole train must clear a limit before accelerating).
/// A step function: <see cref="Starts"/>[i] to the next start has limit <see cref="Limits"/>[i] (m/s).
/// </summary>
internal sealed class MostRestrictiveSpeedProfile
{
    private MostRestrictiveSpeedProfile(double[] starts, double[] limits, double end)
    {
        Starts = starts;
        Limits = limits;
        End = end;
    }

    public double[] Starts { get; }
    public double[] Limits { get; }
    public double End { get; }

    public static MostRestrictiveSpeedProfile Build(RunningPath path, double trainLength, double trainMaxSpeed)
    {
        var n = path.SpeedLimits.Count;
        var end = path.Length.Meters;
        var s = new double[n];
        var u = new double[n];
        var e = new double[n]; // where each section's hold on the front ends: its end plus the train length
        for (var i = 0; i < n; i++)
        {
            s[i] = path.SpeedLimits[i].Start.Meters;
            u[i] = path.SpeedLimits[i].Limit.MetersPerSecond;
        }
        for (var i = 0; i < n; i++) e[i] = (i + 1 < n ? s[i + 1] : end) + trainLength;

        // Elementary boundaries: every start and every release point, both sorted already; merge them.
        var bounds = new List<double>(2 * n);
        int a = 0, b = 0;
        while (a < n || b < n)
        {
            var next = b >= n || (a < n && s[a] <= e[b]) ? s[a++] : e[b++];
            if (next >= end) continue;
            if (bounds.Count == 0 || next > bounds[^1]) bounds.Add(next);
        }

        // Sliding-window minimum over the sections active at each boundary (monotonic deque of indices).
        var deque = new int[n];
        int head = 0, tail = 0, hi = -1, lo = 0;
        var outS = new List<double>(bounds.Count);
        var outU = new List<double>(bounds.Count);
        foreach (var x in bounds)
        {
            while (hi + 1 < n && s[hi + 1] <= x)
            {
                hi++;
                while (tail > head && u[deque[tail - 1]] >= u[hi]) tail--;
                deque[tail++] = hi;
            }
            while (lo <= hi && e[lo] <= x) lo++;
            while (tail > head && deque[head] < lo) head++;
            var limit = Math.Min(u[deque[head]], trainMaxSpeed);
            if (outU.Count > 0 && outU[^1] == limit) continue;
            outS.Add(x);
            outU.Add(limit);
        }
        return new MostRestrictiveSpeedProfile(outS.ToArray(), outU.ToArray(), end);
    }

    /// <summary>Limit at position x (m/s).</summary>
    public double At(double x)
    {
        var idx = Array.BinarySearch(Starts, x);
        var i = idx >= 0 ? idx : Math.Max(0, ~idx - 1);
        return Limits[i];
    }

    /// <summary>The steps that overlap [from, to), clipped to it, with an extra cap applied.</summary>
    public IEnumerable<(double Start, double End, double Limit)> Slice(double from, double to)
    {
        var idx = Array.BinarySearch(Starts, from);
        var i = idx >= 0 ? idx : Math.Max(0, ~idx - 1);
        for (; i < Starts.Length && Starts[i] < to; i++)
        {
            var a = Math.Max(Starts[i], from);
            var b = Math.Min(i + 1 < Starts.Length ? Starts[i + 1] : End, to);
            if (b > a) yield return (a, b, Limits[i]);
        }
    }
}
