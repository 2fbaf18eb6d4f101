using Fortress.Units;

namespace Fortress.Running;

/// <summary>
/// The final stop of a precise (ceremony) stop. The driver approaches at a low speed and applies the brake at a
/// point chosen so that the chosen door comes to rest at the marker. Brake force builds up linearly over the
/// consist's build-up time (brake-pipe propagation plus cylinder filling, UIC 540) and then holds; resistance and
/// gradient add to it. The plan uses the closed form of that motion with the resistance taken at the approach
/// speed; the check integrates the full force model in 5 ms time steps with the resistance at the actual speed and
/// the gradient under the actual train position.
/// </summary>
internal static class PreciseStop
{
    /// <summary>
    /// Stopping distance from speed v (m/s) with brake deceleration b ramping linearly over tb seconds, on top of a
    /// constant natural deceleration d0 (resistance plus gradient, may be negative downhill).
    /// </summary>
    public static double StoppingDistance(double v, double b, double tb, double d0)
    {
        if (v <= 0) return 0;
        if (tb <= 1e-9) return v * v / (2 * (b + d0));
        // Ramp phase: decel(t) = b t / tb + d0; v(t) = v − d0 t − b t² / (2 tb).
        var q = b / (2 * tb);
        var disc = d0 * d0 + 4 * q * v;
        var tStop = (-d0 + Math.Sqrt(disc)) / (2 * q);
        if (tStop <= tb) return v * tStop - d0 * tStop * tStop / 2 - b * tStop * tStop * tStop / (6 * tb);
        var s1 = v * tb - d0 * tb * tb / 2 - b * tb * tb / 6;
        var v1 = v - d0 * tb - b * tb / 2;
        return s1 + v1 * v1 / (2 * (b + d0));
    }

    /// <summary>
    /// Simulates the stop from the brake application at <paramref name="x0"/> (front, m) and speed v0 with the brake
    /// reaching <paramref name="b"/>; returns the front's resting position.
    /// </summary>
    public static double Simulate(TrainPhysics train, ResistanceProfile resistance, double x0, double v0, double b, double tb)
    {
        const double dt = 0.005;
        double t = 0, x = x0, v = v0;
        for (var i = 0; i < 10_000_000 && v > 0; i++)
        {
            double Acc(double tt, double vv, double xx)
            {
                var ramp = tb <= 1e-9 ? 1.0 : Math.Min(1.0, tt / tb);
                var natural = (train.Resistance.AtMetersPerSecond(Math.Max(vv, 0)) + train.WeightPerMille * resistance.At(xx)) / train.InertialMass;
                return -(b * ramp + natural);
            }
            // Heun's method (second order); the last step is cut where the speed reaches zero.
            var a1 = Acc(t, v, x);
            var vp = v + a1 * dt;
            var a2 = Acc(t + dt, vp, x + v * dt);
            var a = (a1 + a2) / 2;
            var vn = v + a * dt;
            if (vn <= 0)
            {
                var tau = -v / a;
                x += v * tau / 2;
                v = 0;
                break;
            }
            x += (v + vn) / 2 * dt;
            v = vn;
            t += dt;
        }
        return x;
    }
}
