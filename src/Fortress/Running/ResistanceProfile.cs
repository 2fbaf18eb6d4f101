namespace Fortress.Running;

/// <summary>
/// The path's specific resistance (gradient plus curve resistance, ‰) as a step function of position, read at
/// the train's front (mass point) or averaged over the train's length. The averaged profile is piecewise linear
/// with kinks at every step and every step plus the train length; <see cref="NextKink"/> lets the integrator
/// stop on them. Keeps a search hint, so one instance serves one calculation at a time.
/// </summary>
internal sealed class ResistanceProfile
{
    private readonly double[] starts;
    private readonly double[] values;
    private readonly double[] prefix; // ∫ r ds from 0 to starts[i]
    private readonly double length;
    private readonly GradientModel model;
    private int hint;
    private int hintRear;

    public ResistanceProfile(RunningPath path, double trainLength, GradientModel model)
    {
        this.model = model;
        length = trainLength;
        // Elementary boundaries: gradient starts and curve ends.
        var cuts = new List<double>(1 + path.Gradients.Count + 2 * path.Curves.Count) { 0.0 };
        foreach (var g in path.Gradients) cuts.Add(g.Start.Meters);
        foreach (var c in path.Curves) { cuts.Add(c.Start.Meters); cuts.Add(c.End.Meters); }
        cuts.Sort();
        var s = new List<double>(cuts.Count);
        foreach (var x in cuts)
            if (x < path.Length.Meters && (s.Count == 0 || x > s[^1])) s.Add(x);
        var sArr = s.ToArray();
        var v = new double[sArr.Length];
        var gi = -1;
        for (var i = 0; i < sArr.Length; i++)
        {
            while (gi + 1 < path.Gradients.Count && path.Gradients[gi + 1].Start.Meters <= sArr[i]) gi++;
            v[i] = gi >= 0 ? path.Gradients[gi].Gradient.PerMille : 0.0;
        }
        foreach (var c in path.Curves)
        {
            var r = CurveResistance.For(c.Radius, c.GaugeMillimeters).PerMille;
            var from = Array.BinarySearch(sArr, c.Start.Meters);
            for (var i = from; i < sArr.Length && sArr[i] < c.End.Meters; i++) v[i] += r;
        }
        // Merge equal neighbours to keep the profile short.
        var ms = new List<double>(sArr.Length);
        var mv = new List<double>(sArr.Length);
        for (var i = 0; i < sArr.Length; i++)
        {
            if (mv.Count > 0 && mv[^1] == v[i]) continue;
            ms.Add(sArr[i]);
            mv.Add(v[i]);
        }
        starts = ms.ToArray();
        values = mv.ToArray();
        prefix = new double[starts.Length];
        for (var i = 1; i < starts.Length; i++)
            prefix[i] = prefix[i - 1] + values[i - 1] * (starts[i] - starts[i - 1]);
    }

    public int StepCount => starts.Length;

    /// <summary>True when <see cref="At"/> is constant between kinks (mass point), false when linear (averaged).</summary>
    public bool IsStepwise => model == GradientModel.MassPoint || length <= 0;

    /// <summary>The step value at x (‰): the resistance under a single point.</summary>
    public double PointValue(double x) => values[Find(x, ref hint)];

    /// <summary>The resistance acting on the train whose front is at x (‰), by the chosen model.</summary>
    public double At(double x)
    {
        if (model == GradientModel.MassPoint || length <= 0) return values[Find(x, ref hint)];
        var front = Integral(x, ref hint);
        var rear = Integral(x - length, ref hintRear);
        return (front - rear) / length;
    }

    /// <summary>Mean of the point values over [a, b] (for reporting and the precise-stop simulation).</summary>
    public double MeanOver(double a, double b)
    {
        if (b <= a) return PointValue(a);
        var h1 = 0; var h2 = 0;
        return (Integral(b, ref h2) - Integral(a, ref h1)) / (b - a);
    }

    /// <summary>The next position after x where <see cref="At"/> changes slope or steps (∞ if none).</summary>
    public double NextKink(double x)
    {
        var i = Find(x, ref hint);
        var next = i + 1 < starts.Length ? starts[i + 1] : double.PositiveInfinity;
        if (model == GradientModel.TrainLength && length > 0)
        {
            var j = Find(x - length, ref hintRear);
            // x - length < starts[0] means the rear is still before the origin: the next kink is where it reaches 0.
            var nextRear = x - length < starts[0] ? starts[0] + length : (j + 1 < starts.Length ? starts[j + 1] + length : double.PositiveInfinity);
            if (nextRear < next) next = nextRear;
        }
        return next;
    }

    private double Integral(double x, ref int h)
    {
        if (x <= 0) return values[0] * x; // before the origin the first value continues
        var i = Find(x, ref h);
        return prefix[i] + values[i] * (x - starts[i]);
    }

    private int Find(double x, ref int h)
    {
        var s = starts;
        if (x < s[0]) return 0;
        var i = h;
        if (i >= s.Length) i = s.Length - 1;
        // Walk from the hint; the integrator mostly moves forward by small steps.
        if (s[i] <= x)
        {
            var steps = 0;
            while (i + 1 < s.Length && s[i + 1] <= x)
            {
                i++;
                if (++steps > 8) { i = Search(x); break; }
            }
        }
        else
        {
            i = Search(x);
        }
        h = i;
        return i;
    }

    private int Search(double x)
    {
        var idx = Array.BinarySearch(starts, x);
        return idx >= 0 ? idx : Math.Max(0, ~idx - 1);
    }
}
