using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Running;

/// <summary>
/// Builds the minimum-time envelope of one section between two stops (standing at both ends), in OSRD's order:
/// the speed limits of the section (MRSP plus any caps) → braking curves integrated backwards from every lower
/// limit and from the stop (the max-speed envelope, or "ceiling") → max-effort acceleration forwards against
/// resistance and gradient, bounded by the ceiling. Braking is at the train's constant service deceleration, so a
/// braking curve is a straight line in speed squared (E = v²/2) against position and is built exactly.
/// </summary>
internal sealed class SectionPlanner
{
    private readonly TrainPhysics train;
    private readonly ResistanceProfile resistance;
    private readonly double maxStep;
    private readonly IntegrationScheme scheme;

    /// <summary>Largest speed change per accurate step (m/s): keeps each part's constant-acceleration time exact to ~0.01 %.</summary>
    private const double MaxSpeedChangePerStep = 0.5;

    /// <summary>The step of the TrainRuns.jl reference scheme (m).</summary>
    private const double ReferenceStep = 20;

    /// <summary>Shortest accurate step (m), so the start from standstill does not take thousands of steps.</summary>
    private const double MinStep = 0.5;

    public SectionPlanner(TrainPhysics train, ResistanceProfile resistance, double maxStep, IntegrationScheme scheme = IntegrationScheme.Accurate)
    {
        this.train = train;
        this.resistance = resistance;
        this.maxStep = maxStep;
        this.scheme = scheme;
    }

    /// <summary>A piece of the ceiling in E = v²/2: flat at E, or a braking line E = K − b·x.</summary>
    private readonly record struct Piece(double X0, double X1, bool Flat, double Value)
    {
        public double At(double x, double b) => Flat ? Value : Value - b * x;
    }

    /// <param name="steps">The speed steps of the section (start, end, limit m/s), contiguous from xs to xe.</param>
    /// <param name="v0">Speed at xs in m/s: 0 from a stop; a moving train's speed when a run starts from where it is
    /// (a re-forecast). A speed above the ceiling at xs is taken down to it (the train is braking already).</param>
    public EnvelopeBuilder Plan(double xs, double xe, IReadOnlyList<(double Start, double End, double Limit)> steps, double v0 = 0)
    {
        var b = train.Deceleration;
        var pieces = Ceiling(xs, xe, steps, b);
        var env = new EnvelopeBuilder(Math.Max(16, (int)((xe - xs) / maxStep / 2)));
        var e = Math.Min(v0 * v0 / 2, Math.Max(0, pieces[0].At(xs, b)));
        env.Start(xs, Math.Sqrt(2 * e));
        double x = xs;
        var k = 0;
        var guard = 0;
        while (x < xe - 1e-6)
        {
            if (++guard > 50_000_000) throw new FortressException("run.internal", ErrorCause.Internal, "the envelope integration did not converge");
            while (k < pieces.Count - 1 && pieces[k].X1 <= x + 1e-9) k++;
            var piece = pieces[k];
            var ceil = Math.Max(0, piece.At(x, b));
            var tol = 1e-9 * (1 + ceil);
            if (e >= ceil - tol)
            {
                e = ceil;
                if (piece.Flat)
                {
                    var v = Math.Sqrt(2 * e);
                    var xn = Math.Min(piece.X1, NextKink(x));
                    var a0 = train.MaxEffortAcceleration(v, resistance.At(x));
                    var a1 = train.MaxEffortAcceleration(v, resistance.At(Math.Max(x, xn - 1e-6)));
                    if (a0 >= -1e-12 && a1 >= -1e-12)
                    {
                        env.Add(xn, v, MotionPhase.Cruising);
                        x = xn;
                        continue;
                    }
                    if (a0 >= -1e-12)
                    {
                        // Can hold the speed only part of the way: cruise to where the gradient wins, then fall back.
                        var xz = x + (xn - x) * a0 / (a0 - a1);
                        if (xz > x + 1e-3) env.Add(xz, v, MotionPhase.Cruising);
                        x = Math.Max(x, xz);
                    }
                    // Leave the ceiling: integrate one step below it.
                    Integrate(ref x, ref e, piece, pieces, ref k, xe, env, b, onCeiling: true);
                }
                else
                {
                    // Follow the braking line to its end.
                    var xn = piece.X1;
                    var en = Math.Max(0, piece.At(xn, b));
                    env.Add(xn, Math.Sqrt(2 * en), MotionPhase.Braking);
                    x = xn;
                    e = en;
                }
            }
            else
            {
                Integrate(ref x, ref e, piece, pieces, ref k, xe, env, b, onCeiling: false);
            }
        }
        // Close exactly at the stop.
        if (env.LastX < xe - 1e-6) env.Add(xe, 0, MotionPhase.Braking);
        else env.V[^1] = 0;
        return env;
    }

    /// <summary>One RK4 step of max effort from (x, E), stopping on the ceiling if it is reached.</summary>
    private void Integrate(ref double x, ref double e, Piece piece, List<Piece> pieces, ref int k, double xe, EnvelopeBuilder env, double b, bool onCeiling)
    {
        var h = Math.Min(scheme == IntegrationScheme.Reference ? ReferenceStep : maxStep, Math.Min(piece.X1, NextKink(x)) - x);
        // The acceleration at the start of the step serves the step-size rule and the first Runge-Kutta stage.
        var r0 = resistance.At(x);
        var k1 = Acc(e, r0);
        if (scheme == IntegrationScheme.Accurate)
        {
            // Limit the speed change per step: a part's time assumes constant acceleration, which a tractive-effort
            // curve falling steeply with speed (most diesel units) breaks over long steps.
            var a0 = Math.Abs(k1);
            if (a0 > 1e-9)
            {
                var v0 = Math.Sqrt(2 * Math.Max(e, 0));
                var hv = (v0 + MaxSpeedChangePerStep / 2) * MaxSpeedChangePerStep / a0;
                h = Math.Min(h, Math.Max(MinStep, hv));
            }
        }
        if (h < 1e-6) h = Math.Min(1e-3, xe - x);
        var e1 = scheme == IntegrationScheme.Accurate ? Rk4(x, e, h, r0, k1) : e + h * k1;
        var x1 = x + h;
        var c1 = Math.Max(0, piece.At(x1, b));
        if (e1 <= 1e-9)
        {
            var r = resistance.At(x);
            var pos = Position.FromMeters(x);
            throw new InfeasibleException("run.stall",
                $"the train stalls at {pos} ({x:0} m): at {Math.Sqrt(2 * Math.Max(e, 0)) * 3.6:0.0} km/h its tractive effort cannot overcome " +
                $"the resistance of the path ({r:0.0} ‰ gradient and curves) for a train of {train.Mass / 1000:0} t");
        }
        if (e1 >= c1 && !(onCeiling && e1 <= e))
        {
            // Reached the ceiling inside the step: find the crossing by secant iterations on the step length.
            var c0 = Math.Max(0, piece.At(x, b));
            double lo = 0, hi = h, dlo = e - c0, dhi = e1 - c1;
            if (dlo >= 0) { env.Add(x1, Math.Sqrt(2 * c1), MotionPhase.Accelerating); x = x1; e = c1; return; }
            var hc = hi;
            for (var it = 0; it < 4; it++)
            {
                hc = lo + (hi - lo) * (-dlo) / (dhi - dlo);
                var ec = Step(x, e, hc);
                var dc = ec - Math.Max(0, piece.At(x + hc, b));
                if (Math.Abs(dc) < 1e-9 * (1 + ec)) break;
                if (dc < 0) { lo = hc; dlo = dc; } else { hi = hc; dhi = dc; }
            }
            var xc = x + hc;
            var ecl = Math.Max(0, piece.At(xc, b));
            env.Add(xc, Math.Sqrt(2 * ecl), MotionPhase.Accelerating);
            x = xc;
            e = ecl;
            return;
        }
        if (e1 > c1) e1 = c1;
        env.Add(x1, Math.Sqrt(2 * e1), e1 >= e ? MotionPhase.Accelerating : MotionPhase.Climbing);
        x = x1;
        e = e1;
    }

    /// <summary>The next kink of the resistance profile at least a micrometre ahead (so steps never vanish).</summary>
    internal double NextKink(double x)
    {
        var k = resistance.NextKink(x);
        return k > x + 1e-6 ? k : resistance.NextKink(x + 1e-6);
    }

    internal double Step(double x, double e, double h)
    {
        var r0 = resistance.At(x);
        var k1 = Acc(e, r0);
        return scheme == IntegrationScheme.Accurate ? Rk4(x, e, h, r0, k1) : e + h * k1;
    }

    /// <summary>
    /// Classical Runge-Kutta in distance on E = v²/2: dE/dx = a(v, x). A step never crosses a kink of the
    /// resistance profile, where the resistance is linear in x, so it is read twice and interpolated for the middle.
    /// </summary>
    private double Rk4(double x, double e, double h, double r0, double k1)
    {
        // Mass point: constant up to the kink that ends the step (reading at x + h would give the next value).
        var r1 = resistance.IsStepwise ? r0 : resistance.At(x + h);
        var rm = (r0 + r1) / 2;
        var k2 = Acc(e + h / 2 * k1, rm);
        var k3 = Acc(e + h / 2 * k2, rm);
        var k4 = Acc(e + h * k3, r1);
        return e + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }

    internal double Acc(double e, double perMille) => train.MaxEffortAcceleration(Math.Sqrt(2 * Math.Max(e, 0)), perMille);


    /// <summary>
    /// The max-speed envelope of the section in E-space, swept backwards: on each speed step the ceiling is the
    /// lower of the step's own limit and the lowest braking line from any lower limit or the stop downstream.
    /// </summary>
    private static List<Piece> Ceiling(double xs, double xe, IReadOnlyList<(double Start, double End, double Limit)> steps, double b)
    {
        var rev = new List<Piece>(steps.Count * 2);
        var kMin = b * xe; // the stop: E = 0 at xe
        for (var j = steps.Count - 1; j >= 0; j--)
        {
            var (s, en, u) = steps[j];
            var ej = u * u / 2;
            var xc = (kMin - ej) / b; // where the braking line meets the flat limit
            if (xc >= en) rev.Add(new Piece(s, en, true, ej));
            else if (xc <= s) rev.Add(new Piece(s, en, false, kMin));
            else
            {
                rev.Add(new Piece(xc, en, false, kMin));
                rev.Add(new Piece(s, xc, true, ej));
            }
            kMin = Math.Min(kMin, ej + b * s);
        }
        rev.Reverse();
        // Merge neighbours that continue each other.
        var merged = new List<Piece>(rev.Count);
        foreach (var p in rev)
        {
            if (merged.Count > 0 && merged[^1].Flat == p.Flat && merged[^1].Value == p.Value && Math.Abs(merged[^1].X1 - p.X0) < 1e-9)
                merged[^1] = merged[^1] with { X1 = p.X1 };
            else merged.Add(p);
        }
        return merged;
    }
}
