using Fortress.Diagnostics;
using Fortress.Running;

namespace Fortress.Simulation;

/// <summary>A place on a leg where the train must stand: an unplanned hold (for a time) or a red signal (until it clears).</summary>
/// <param name="S">The train's own position of the point where its front stands.</param>
/// <param name="Hold">Seconds it stands (holds); null: until the signal clears.</param>
internal readonly record struct StandPoint(double S, double? Hold);

/// <summary>
/// The physics of one train on one leg when it is hindered, with the running-time engine's own model
/// (<see cref="TrainPhysics"/>, <see cref="ResistanceProfile"/>, the RK4 step of <see cref="SectionPlanner"/>): service
/// braking at the train's deceleration to stand at a point, and full tractive effort from where it is until it meets its
/// unhindered profile again, which it then follows. An unhindered train never comes here, so it keeps its planned times
/// exactly. One instance serves one simulation run (the physics keeps search hints).
/// </summary>
internal sealed class LegDynamics
{
    private readonly LegProfile profile;
    private readonly TrainPhysics train;
    private readonly SectionPlanner planner;
    private readonly double shift;
    private readonly double maxStep;

    /// <summary>Largest speed change per step (m/s), as in the running-time engine.</summary>
    private const double MaxSpeedChange = 0.5;

    public LegDynamics(SimLeg leg, LegProfile profile, RunOptions options, double shift)
    {
        this.profile = profile;
        this.shift = shift;
        train = new TrainPhysics(leg.Consist, options);
        var resistance = new ResistanceProfile(leg.Path, train.Length, options.GradientModel);
        maxStep = options.MaxStep.Meters;
        planner = new SectionPlanner(train, resistance, maxStep, IntegrationScheme.Accurate);
    }

    public LegProfile Profile => profile;

    /// <summary>Service deceleration (m/s²).</summary>
    public double Deceleration => train.Deceleration;

    /// <summary>The train's own position of the leg's end.</summary>
    public double EndS => profile.End + shift;

    /// <summary>
    /// The motion from the state (s, v) at time t, standing there until <paramref name="standUntil"/> first, through the
    /// stand points ahead (in order), to the end of the leg, or to the first red where it waits. Returns the motion and
    /// where full effort first met the profile or a braking curve again (the point beyond which the train is back on its
    /// unhindered motion, when nothing else stops it).
    /// </summary>
    public (Trajectory Motion, double Join) Build(double s, double v, double t, double standUntil, IReadOnlyList<StandPoint> ahead)
    {
        var b = new Builder();
        var u = s - shift;
        b.Add(u, v, t);
        if (standUntil > t && v <= 1e-9)
        {
            if (double.IsPositiveInfinity(standUntil)) return (b.Build(shift, waiting: true), s);
            t = standUntil;
            b.Add(u, 0, t);
        }
        double? join = null;
        foreach (var p in ahead)
        {
            var target = p.S - shift;
            if (target < u - 1e-6) continue;
            if (target <= u + 1e-6 && v <= 1e-9)
            {
                // Already standing there.
                if (p.Hold is not { } stand) return (b.Build(shift, waiting: true), join + shift ?? s);
                t += stand;
                b.Add(u, 0, t);
                continue;
            }
            var j = Segment(b, ref u, ref v, ref t, target);
            join ??= j;
            if (p.Hold is not { } hold) return (b.Build(shift, waiting: true), (join ?? u) + shift);
            t += hold;
            b.Add(u, 0, t);
        }
        var last = Segment(b, ref u, ref v, ref t, null);
        join ??= last;
        return (b.Build(shift, waiting: false), join.Value + shift);
    }

    /// <summary>
    /// From (u, v, t): full effort until the motion meets the lower of the profile and the braking curve to
    /// <paramref name="target"/>, then along it, ending standing at the target (or at the leg's end). Returns where full effort ended.
    /// </summary>
    private double Segment(Builder b, ref double u, ref double v, ref double t, double? target)
    {
        var dec = train.Deceleration;
        var end = target ?? profile.End;
        double Brake(double x) => target is { } c ? dec * (c - x) : double.PositiveInfinity;
        double Cap(double x) => Math.Min(profile.EnergyAt(x), Brake(x));
        var e = v * v / 2;
        if (target is { } tg && e > Brake(u) + 1e-9)
        {
            // Too fast to stand there with service braking (the warning came late): brake as hard as it takes.
            var left = Math.Max(tg - u, 1e-3);
            t += v > 0 ? 2 * left / v : 0;
            u = tg;
            v = 0;
            b.Add(u, 0, t);
            return u;
        }
        // Full effort until the cap.
        var guard = 0;
        while (e < Cap(u) - 1e-9 * (1 + e) && u < end - 1e-9)
        {
            if (++guard > 10_000_000) throw new FortressException("simulation.internal", ErrorCause.Internal, "the restart integration did not converge");
            var h = Math.Min(maxStep, Math.Min(planner.NextKink(u), end) - u);
            var a0 = Math.Abs(planner.Acc(e, 0));
            if (a0 > 1e-9) h = Math.Min(h, Math.Max(0.5, (Math.Sqrt(2 * e) + MaxSpeedChange / 2) * MaxSpeedChange / a0));
            h = Math.Max(h, 1e-3);
            var e1 = planner.Step(u, e, h);
            if (e1 <= 1e-9 && e <= 1e-6)
                throw new InfeasibleException("simulation.stall", $"the train cannot start again at {u:0} m of its leg: its tractive effort does not overcome the resistance there");
            if (e1 >= Cap(u + h))
            {
                // The crossing inside the step, by bisection on the step length.
                double lo = 0, hi = h;
                for (var it = 0; it < 40 && hi - lo > 1e-4; it++)
                {
                    var mid = (lo + hi) / 2;
                    if (planner.Step(u, e, mid) >= Cap(u + mid)) hi = mid; else lo = mid;
                }
                var uc = u + hi;
                var ec = Math.Max(0, Cap(uc));
                var vc = Math.Sqrt(2 * ec);
                t += PartTime(hi, v, vc);
                u = uc;
                v = vc;
                e = ec;
                b.Add(u, v, t);
                break;
            }
            var v1 = Math.Sqrt(2 * Math.Max(e1, 0));
            t += PartTime(h, v, v1);
            u += h;
            v = v1;
            e = e1;
            b.Add(u, v, t);
        }
        var join = u;
        if (u >= end - 1e-9)
        {
            u = end;
            v = 0;
            return join;
        }
        if (target is { } c && Brake(u) <= profile.EnergyAt(u) + 1e-9)
        {
            BrakeLine(b, ref u, ref v, ref t, c);
            return join;
        }
        // Along the profile, until its own end or the braking curve to the target.
        var i = profile.Part(u);
        var tOff = t - ProfileTimeAt(i, u);
        var k = i + 1;
        while (k < profile.U.Length)
        {
            if (target is { } c2)
            {
                // Does the braking line cut the profile's part (k-1, k)?
                double x0 = Math.Max(profile.U[k - 1], u), x1 = profile.U[k];
                var f0 = profile.EnergyAt(x0) - Brake(x0);
                var f1 = profile.EnergyAt(x1) - Brake(x1);
                if (f1 >= 0)
                {
                    var xc = f0 >= 0 ? x0 : x0 + (x1 - x0) * (-f0) / (f1 - f0);
                    var tc = tOff + ProfileTimeAt(k - 1, xc);
                    var ec = Math.Max(0, Brake(xc));
                    u = xc;
                    v = Math.Sqrt(2 * ec);
                    t = tc;
                    b.Add(u, v, t);
                    BrakeLine(b, ref u, ref v, ref t, c2);
                    return join;
                }
            }
            b.AddProfile(profile, k, tOff);
            u = profile.U[k];
            v = profile.V[k];
            t = profile.T[k] + tOff;
            k++;
        }
        return join;
    }

    private static void BrakeLine(Builder b, ref double u, ref double v, ref double t, double target)
    {
        var d = target - u;
        if (d > 1e-9) t += v > 0 ? 2 * d / v : 0;
        u = target;
        v = 0;
        b.Add(u, v, t);
    }

    /// <summary>Time on the profile at u inside part i.</summary>
    private double ProfileTimeAt(int i, double u)
    {
        var du = u - profile.U[i];
        if (du <= 0) return profile.T[i];
        var vp = Math.Sqrt(2 * Math.Max(0, profile.EnergyAt(u)));
        return profile.T[i] + PartTime(du, profile.V[i], vp);
    }

    private static double PartTime(double dx, double v0, double v1) => v0 + v1 > 0 ? 2 * dx / (v0 + v1) : 0;

    /// <summary>
    /// The motion <paramref name="motion"/> from time <paramref name="from"/> on, with the train brought to stand at
    /// <paramref name="stop"/> by its service braking (as late as its braking curve allows), waiting there.
    /// Unchanged where the motion stands before that point anyway.
    /// </summary>
    public Trajectory BrakeTo(Trajectory motion, double from, double stop)
    {
        var dec = train.Deceleration;
        var (s0, v0) = motion.StateAt(from);
        var pts = new List<(double S, double V, double T)> { (s0, v0, from) };
        var n = motion.Count;
        var i = 0;
        while (i < n && motion.T(i) <= from) i++;
        for (; i < n; i++) pts.Add((motion.S(i), motion.V(i), motion.T(i)));
        if (motion.EndS < stop - 1e-6 && !motion.Waiting) return motion; // it stands short of the point anyway
        // The first point where the braking line to `stop` meets the motion from above.
        double Brake(double x) => dec * (stop - x);
        var b = new Builder();
        if (v0 * v0 / 2 > Brake(s0) + 1e-9)
        {
            b.Add(s0 - shift, v0, from);
            var left = Math.Max(stop - s0, 1e-3);
            b.Add(stop - shift, 0, from + (v0 > 0 ? 2 * left / v0 : 0));
            return b.Build(shift, waiting: true);
        }
        b.Add(s0 - shift, v0, from);
        for (var k = 1; k < pts.Count; k++)
        {
            var (sa, va, ta) = pts[k - 1];
            var (sb, vb, tb) = pts[k];
            if (sb >= stop - 1e-9 || vb * vb / 2 >= Brake(sb))
            {
                if (sb <= sa)
                {
                    // Standing short of the point: the train starts from there and must stand at the point.
                    if (Brake(sa) <= 0) { return b.Build(shift, waiting: true); }
                    b.Add(sb - shift, 0, tb);
                    continue;
                }
                // Crossing inside this part: E is linear in s on both.
                double ea = va * va / 2, eb = vb * vb / 2;
                var fa = ea - Brake(sa);
                var fb = eb - Brake(sb);
                var sc = fa >= 0 ? sa : sa + (sb - sa) * (-fa) / (fb - fa);
                sc = Math.Min(sc, stop);
                var ec = Math.Max(0, Brake(sc));
                var vc = Math.Sqrt(2 * ec);
                var acc = (eb - ea) / (sb - sa);
                var vAtC = Math.Sqrt(Math.Max(0, ea + acc * (sc - sa)) * 2);
                var tc = ta + PartTime(sc - sa, va, vAtC);
                b.Add(sc - shift, vc, tc);
                b.Add(stop - shift, 0, tc + PartTime(stop - sc, vc, 0));
                return b.Build(shift, waiting: true);
            }
            b.Add(sb - shift, vb, tb);
        }
        return b.Build(shift, waiting: true);
    }

    /// <summary>Collects points and stretches of the profile into a trajectory (leg coordinates; shifted on build).</summary>
    private sealed class Builder
    {
        private readonly List<Trajectory.Piece> pieces = [];
        private readonly List<double> xs = [];
        private readonly List<double> vs = [];
        private readonly List<double> ts = [];
        private LegProfile? refProfile;
        private int refFrom, refTo;
        private double refOffset;

        public void Add(double u, double v, double t)
        {
            FlushRef();
            if (xs.Count > 0 && Math.Abs(xs[^1] - u) < 1e-9 && Math.Abs(ts[^1] - t) < 1e-9) { vs[^1] = v; return; }
            xs.Add(u);
            vs.Add(v);
            ts.Add(t);
        }

        /// <summary>Appends point k of the profile, timed with the offset.</summary>
        public void AddProfile(LegProfile p, int k, double tOffset)
        {
            if (refProfile is not null && ReferenceEquals(refProfile, p) && refTo == k - 1 && Math.Abs(refOffset - tOffset) < 1e-12) { refTo = k; return; }
            FlushRef();
            FlushPoints();
            refProfile = p;
            refFrom = refTo = k;
            refOffset = tOffset;
        }

        private void FlushRef()
        {
            if (refProfile is null) return;
            pieces.Add(new Trajectory.Piece(refProfile.U, refProfile.V, refProfile.T, refFrom, refTo, 0, refOffset));
            refProfile = null;
        }

        private void FlushPoints()
        {
            if (xs.Count == 0) return;
            pieces.Add(new Trajectory.Piece(xs.ToArray(), vs.ToArray(), ts.ToArray(), 0, xs.Count - 1, 0, 0));
            xs.Clear();
            vs.Clear();
            ts.Clear();
        }

        public Trajectory Build(double shift, bool waiting)
        {
            FlushRef();
            FlushPoints();
            return new Trajectory(pieces.Select(p => p with { SOffset = p.SOffset + shift }).ToArray(), waiting);
        }
    }
}
