using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Rolling;

/// <summary>
/// Maximum tractive effort at the wheel rim as a function of speed: a table of (speed, force) points with speeds
/// strictly increasing, interpolated linearly; below the first point the first force holds, beyond the last point
/// the last force holds (the railtoolkit convention). Immutable.
/// </summary>
public sealed class TractiveEffortCurve
{
    private readonly double[] speeds; // m/s
    private readonly double[] forces; // N

    private TractiveEffortCurve(double[] speeds, double[] forces)
    {
        this.speeds = speeds;
        this.forces = forces;
    }

    /// <summary>No traction at all (an unpowered vehicle).</summary>
    public static TractiveEffortCurve None { get; } = new([0.0], [0.0]);

    public int Count => speeds.Length;

    public IEnumerable<(Speed Speed, Force Force)> Points =>
        speeds.Select((v, i) => (Speed.FromMetersPerSecond(v), Force.FromNewtons(forces[i])));

    /// <summary>Builds a curve from points; every problem (non-increasing speed, negative force) is reported at once.</summary>
    public static TractiveEffortCurve FromPoints(IReadOnlyList<(Speed Speed, Force Force)> points, string where = "tractive effort")
    {
        var problems = new ProblemList();
        if (points.Count == 0) problems.Add(where, "the table is empty");
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Speed.MetersPerSecond < 0) problems.Add($"{where}[{i}]", $"speed {points[i].Speed} is negative");
            if (points[i].Force.Newtons < 0) problems.Add($"{where}[{i}]", $"force {points[i].Force} is negative");
            if (i > 0 && points[i].Speed <= points[i - 1].Speed)
                problems.Add($"{where}[{i}]", $"speed {points[i].Speed} is not greater than the previous speed {points[i - 1].Speed}: the speeds must increase");
        }
        problems.ThrowIfAny();
        return new TractiveEffortCurve(points.Select(p => p.Speed.MetersPerSecond).ToArray(), points.Select(p => p.Force.Newtons).ToArray());
    }

    /// <summary>
    /// The usual shape of a locomotive's curve: the starting (adhesion-limited) force up to the speed where the
    /// wheel-rim power is reached, then constant power (F = P / v) up to <paramref name="maxSpeed"/>.
    /// </summary>
    public static TractiveEffortCurve FromStartingForceAndPower(Force startingForce, Power power, Speed maxSpeed, int points = 40)
    {
        if (startingForce.Newtons <= 0) throw new ArgumentOutOfRangeException(nameof(startingForce), "must be positive");
        if (power.Watts <= 0) throw new ArgumentOutOfRangeException(nameof(power), "must be positive");
        var vCorner = power.Watts / startingForce.Newtons;
        var list = new List<(Speed, Force)> { (Speed.Zero, startingForce) };
        if (vCorner < maxSpeed.MetersPerSecond)
        {
            list.Add((Speed.FromMetersPerSecond(vCorner), startingForce));
            var step = (maxSpeed.MetersPerSecond - vCorner) / points;
            for (var i = 1; i <= points; i++)
            {
                var v = vCorner + i * step;
                list.Add((Speed.FromMetersPerSecond(v), Force.FromNewtons(power.Watts / v)));
            }
        }
        else
        {
            list.Add((maxSpeed, startingForce));
        }
        return FromPoints(list);
    }

    /// <summary>Force at speed <paramref name="v"/> (linear interpolation, flat beyond the ends).</summary>
    public Force At(Speed v) => Force.FromNewtons(AtMetersPerSecond(v.MetersPerSecond));

    internal double AtMetersPerSecond(double v)
    {
        var s = speeds;
        if (v <= s[0]) return forces[0];
        var n = s.Length;
        if (v >= s[n - 1]) return forces[n - 1];
        // Binary search for the bracketing interval.
        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >> 1;
            if (s[mid] <= v) lo = mid; else hi = mid;
        }
        var f = (v - s[lo]) / (s[hi] - s[lo]);
        return forces[lo] + f * (forces[hi] - forces[lo]);
    }

    /// <summary>
    /// Force at v (m/s), starting the search at <paramref name="hint"/> (the interval of the previous call): an
    /// integrator's consecutive speeds are close, so this is usually one comparison instead of a binary search.
    /// </summary>
    internal double AtMetersPerSecond(double v, ref int hint)
    {
        var s = speeds;
        var n = s.Length;
        if (v <= s[0]) return forces[0];
        if (v >= s[n - 1]) return forces[n - 1];
        var i = hint;
        if ((uint)i >= (uint)(n - 1)) i = 0;
        if (s[i] <= v && v < s[i + 1]) { }
        else if (i + 2 < n && s[i + 1] <= v && v < s[i + 2]) i++;
        else if (i > 0 && s[i - 1] <= v && v < s[i]) i--;
        else
        {
            int lo = 0, hi = n - 1;
            while (hi - lo > 1)
            {
                var mid = (lo + hi) >> 1;
                if (s[mid] <= v) lo = mid; else hi = mid;
            }
            i = lo;
        }
        hint = i;
        var f = (v - s[i]) / (s[i + 1] - s[i]);
        return forces[i] + f * (forces[i + 1] - forces[i]);
    }

    /// <summary>The sum of several units' curves (multiple traction), sampled at the union of their speed points.</summary>
    public static TractiveEffortCurve Sum(IReadOnlyList<TractiveEffortCurve> curves)
    {
        if (curves.Count == 0) return None;
        if (curves.Count == 1) return curves[0];
        var all = curves.SelectMany(c => c.speeds).Distinct().Order().ToArray();
        var f = all.Select(v => curves.Sum(c => c.AtMetersPerSecond(v))).ToArray();
        return new TractiveEffortCurve(all, f);
    }

    /// <summary>This curve with every force multiplied by <paramref name="factor"/>.</summary>
    public TractiveEffortCurve Scale(double factor) => new(speeds, forces.Select(x => x * factor).ToArray());
}
