using Fortress.Running;

namespace Fortress.Simulation;

/// <summary>
/// A leg's planned motion as the simulation follows it: the envelope points of the leg's run between its two stops,
/// with the time of each from the departure (the run's own timing), in the leg's path coordinates. One per leg and
/// performance level; immutable and shared by every simulation run.
/// </summary>
internal sealed class LegProfile
{
    public LegProfile(RunResult run, double from, double to)
    {
        Run = run;
        var x = run.Envelope.Positions;
        var v = run.Envelope.Speeds;
        var i0 = Index(x, from);
        var i1 = Index(x, to);
        if (i1 <= i0) throw new ArgumentException($"the leg {from:0.###}..{to:0.###} m covers no part of its run");
        var n = i1 - i0 + 1;
        U = new double[n];
        V = new double[n];
        T = new double[n];
        for (var i = 0; i < n; i++)
        {
            U[i] = x[i0 + i];
            V[i] = v[i0 + i];
        }
        // The train stands at both ends.
        V[0] = 0;
        V[^1] = 0;
        for (var i = 1; i < n; i++) T[i] = T[i - 1] + Envelope.PartTime(U[i] - U[i - 1], V[i - 1], V[i]);
    }

    /// <summary>The run the profile comes from.</summary>
    public RunResult Run { get; }

    /// <summary>Positions along the leg's path (m), from the leg's start to its end.</summary>
    public double[] U { get; }

    /// <summary>Speeds (m/s) at <see cref="U"/>.</summary>
    public double[] V { get; }

    /// <summary>Seconds from the departure to each point.</summary>
    public double[] T { get; }

    public double Start => U[0];
    public double End => U[^1];
    public double Duration => T[^1];

    /// <summary>v²/2 at a position of the leg (linear within each part).</summary>
    public double EnergyAt(double u)
    {
        if (u <= U[0]) return V[0] * V[0] / 2;
        if (u >= U[^1]) return V[^1] * V[^1] / 2;
        var i = Part(u);
        var f = (u - U[i]) / (U[i + 1] - U[i]);
        return (V[i] * V[i] + f * (V[i + 1] * V[i + 1] - V[i] * V[i])) / 2;
    }

    /// <summary>Seconds from the departure until the front reaches <paramref name="u"/>.</summary>
    public double TimeAt(double u)
    {
        if (u <= U[0]) return 0;
        if (u >= U[^1]) return T[^1];
        var i = Part(u);
        var du = u - U[i];
        var e = Math.Max(0, V[i] * V[i] + (V[i + 1] * V[i + 1] - V[i] * V[i]) * du / (U[i + 1] - U[i]));
        var vp = Math.Sqrt(e);
        return T[i] + (V[i] + vp > 0 ? 2 * du / (V[i] + vp) : 0);
    }

    /// <summary>The part (index of its first point) that holds <paramref name="u"/>.</summary>
    public int Part(double u)
    {
        var i = Array.BinarySearch(U, u);
        if (i < 0) i = ~i - 1;
        return Math.Clamp(i, 0, U.Length - 2);
    }

    private static int Index(ReadOnlySpan<double> x, double at)
    {
        var best = 0;
        for (var lo = 0; lo < x.Length; lo++)
            if (Math.Abs(x[lo] - at) < Math.Abs(x[best] - at)) best = lo;
        if (Math.Abs(x[best] - at) > 1e-3) throw new ArgumentException($"no envelope point at {at:0.###} m (the nearest is at {x[best]:0.###} m): a leg must start and end at stops of its run");
        return best;
    }
}

/// <summary>
/// Where a train's front is when, over one leg: points (time, position, speed) with constant acceleration between two
/// points, or standing where two points share a position. Built of pieces: points of its own, and stretches of a
/// <see cref="LegProfile"/> shifted in time (an unhindered train follows its profile without a copy). Positions are the
/// train's own (metres from its origin, growing as it runs). Immutable.
/// </summary>
internal sealed class Trajectory
{
    private readonly Piece[] pieces;
    private readonly int[] firstIndex; // virtual index of each piece's first point

    /// <summary>A run of points: Xs[i] + SOffset, Vs[i], Ts[i] + TOffset for i in [From, To].</summary>
    internal readonly record struct Piece(double[] Xs, double[] Vs, double[] Ts, int From, int To, double SOffset, double TOffset)
    {
        public int Count => To - From + 1;
    }

    public Trajectory(IReadOnlyList<Piece> parts, bool waiting)
    {
        pieces = parts.Where(p => p.Count > 0).ToArray();
        if (pieces.Length == 0) throw new ArgumentException("a trajectory needs at least one point");
        firstIndex = new int[pieces.Length];
        var n = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            firstIndex[i] = n;
            n += pieces[i].Count;
        }
        Count = n;
        Waiting = waiting;
    }

    /// <summary>The leg as planned: the profile from the departure at <paramref name="departure"/>.</summary>
    /// <param name="shift">The train's own position of the leg path's 0.</param>
    public static Trajectory Follow(LegProfile profile, double shift, double departure) =>
        new([new Piece(profile.U, profile.V, profile.T, 0, profile.U.Length - 1, shift, departure)], false);

    public int Count { get; }

    /// <summary>Whether the train ends standing at a red signal for as long as it stays red (no end time).</summary>
    public bool Waiting { get; }

    public double S(int i) { var (p, k) = Locate(i); return p.Xs[k] + p.SOffset; }
    public double V(int i) { var (p, k) = Locate(i); return p.Vs[k]; }
    public double T(int i) { var (p, k) = Locate(i); return p.Ts[k] + p.TOffset; }

    public double StartS => S(0);
    public double StartT => T(0);
    public double EndS => S(Count - 1);

    /// <summary>When the motion ends (the train stands at its last point): +∞ when it waits at a red.</summary>
    public double EndT => Waiting ? double.PositiveInfinity : T(Count - 1);

    private (Piece Piece, int K) Locate(int i)
    {
        var p = pieces.Length - 1;
        while (p > 0 && firstIndex[p] > i) p--;
        var piece = pieces[p];
        return (piece, piece.From + (i - firstIndex[p]));
    }

    /// <summary>When the front first reaches <paramref name="s"/>: the start time before the start, +∞ beyond the last point.</summary>
    public double TimeAt(double s)
    {
        if (s <= StartS) return StartT;
        if (s > EndS + 1e-9) return double.PositiveInfinity;
        // The first point at or beyond s.
        int lo = 0, hi = Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (S(mid) < s) lo = mid + 1; else hi = mid;
        }
        var s1 = S(lo);
        if (s1 <= s + 1e-12 || lo == 0) return T(lo);
        var s0 = S(lo - 1);
        var v0 = V(lo - 1);
        var v1 = V(lo);
        var ds = s - s0;
        var a = (v1 * v1 - v0 * v0) / (2 * (s1 - s0));
        var vp = Math.Sqrt(Math.Max(0, v0 * v0 + 2 * a * ds));
        return v0 + vp > 0 ? T(lo - 1) + 2 * ds / (v0 + vp) : T(lo - 1);
    }

    /// <summary>The index of the last point at or before time <paramref name="t"/> (0 before the start).</summary>
    private int PointBefore(double t)
    {
        int lo = 0, hi = Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (T(mid) <= t) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Position and speed of the front at time <paramref name="t"/> (standing at the ends outside the motion).</summary>
    public (double S, double V) StateAt(double t)
    {
        if (t <= StartT) return (StartS, V(0));
        var i = PointBefore(t);
        if (i >= Count - 1) return (EndS, V(Count - 1));
        double s0 = S(i), s1 = S(i + 1), v0 = V(i), v1 = V(i + 1);
        if (s1 <= s0) return (s0, 0);
        var dt = t - T(i);
        var a = (v1 * v1 - v0 * v0) / (2 * (s1 - s0));
        var v = Math.Max(0, v0 + a * dt);
        var s = Math.Clamp(s0 + v0 * dt + a * dt * dt / 2, s0, s1);
        return (s, Math.Min(v, Math.Max(v0, v1)));
    }

    /// <summary>When the train, standing at time <paramref name="t"/>, moves off again: t itself when it is moving or has reached its last point, +∞ when it waits at a red.</summary>
    public double StandsUntil(double t)
    {
        var i = PointBefore(t);
        if (i >= Count - 1) return Waiting ? double.PositiveInfinity : t;
        if (S(i + 1) > S(i) || V(i) > 0) return t;
        return T(i + 1);
    }

    /// <summary>The pieces, for building a motion that keeps part of this one.</summary>
    internal IReadOnlyList<Piece> Pieces => pieces;
}
