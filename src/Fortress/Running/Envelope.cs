using Fortress.Units;

namespace Fortress.Running;

/// <summary>What the train does on one part of an envelope.</summary>
public enum MotionPhase : byte
{
    /// <summary>Full tractive effort, gaining speed.</summary>
    Accelerating,
    /// <summary>Holding the speed limit.</summary>
    Cruising,
    /// <summary>Full tractive effort but losing speed on a gradient the train cannot hold its speed on.</summary>
    Climbing,
    /// <summary>Service braking at the train's deceleration.</summary>
    Braking,
    /// <summary>Standing at a stop.</summary>
    Dwelling,
}

/// <summary>
/// An immutable position → speed curve of the train's front, made of parts with constant acceleration between
/// points (speed squared linear in position), as in OSRD's envelope-sim. Positions strictly increase; speeds are
/// finite and non-negative; each part between two points is tagged with a <see cref="MotionPhase"/>. These
/// invariants are checked when an envelope is built.
/// </summary>
public sealed class Envelope
{
    private readonly double[] x;
    private readonly double[] v;
    private readonly MotionPhase[] phase; // phase[i] is the part from point i to i + 1

    internal Envelope(double[] positions, double[] speeds, MotionPhase[] phases)
    {
        if (positions.Length != speeds.Length || phases.Length != Math.Max(0, positions.Length - 1))
            throw new ArgumentException("positions, speeds and phases do not match");
        for (var i = 0; i < positions.Length; i++)
        {
            if (!double.IsFinite(positions[i]) || !double.IsFinite(speeds[i]) || speeds[i] < 0)
                throw new ArgumentException($"envelope point {i} is not valid: x={positions[i]}, v={speeds[i]}");
            if (i > 0 && !(positions[i] > positions[i - 1]))
                throw new ArgumentException($"envelope positions must strictly increase (point {i}: {positions[i]} after {positions[i - 1]})");
        }
        x = positions;
        v = speeds;
        phase = phases;
    }

    public int Count => x.Length;
    public Position Start => Position.FromMeters(x[0]);
    public Position End => Position.FromMeters(x[^1]);

    public Position PositionAt(int i) => Position.FromMeters(x[i]);
    public Speed SpeedAt(int i) => Speed.FromMetersPerSecond(v[i]);
    public MotionPhase PhaseAfter(int i) => phase[Math.Min(i, phase.Length - 1)];

    /// <summary>Constant acceleration of the part from point i to i + 1.</summary>
    public Acceleration AccelerationOfPart(int i) => Acceleration.FromMetersPerSecondSquared(PartAcceleration(i));

    internal double PartAcceleration(int i) => (v[i + 1] * v[i + 1] - v[i] * v[i]) / (2 * (x[i + 1] - x[i]));

    internal ReadOnlySpan<double> Positions => x;
    internal ReadOnlySpan<double> Speeds => v;
    internal ReadOnlySpan<MotionPhase> Phases => phase;

    /// <summary>Speed at any position (speed squared interpolated linearly within a part).</summary>
    public Speed SpeedAt(Position p)
    {
        var px = p.Meters;
        if (px <= x[0]) return Speed.FromMetersPerSecond(v[0]);
        if (px >= x[^1]) return Speed.FromMetersPerSecond(v[^1]);
        var i = IndexOfPart(px);
        var f = (px - x[i]) / (x[i + 1] - x[i]);
        var e = v[i] * v[i] + f * (v[i + 1] * v[i + 1] - v[i] * v[i]);
        return Speed.FromMetersPerSecond(Math.Sqrt(Math.Max(0, e)));
    }

    internal int IndexOfPart(double px)
    {
        var idx = Array.BinarySearch(x, px);
        if (idx >= 0) return Math.Min(idx, x.Length - 2);
        return Math.Clamp(~idx - 1, 0, x.Length - 2);
    }

    /// <summary>Time to run the part from point i to i + 1 at constant acceleration: 2Δx / (v0 + v1).</summary>
    internal static double PartTime(double dx, double v0, double v1) => 2 * dx / (v0 + v1);
}

/// <summary>Appends envelope points; used by the pipeline stages.</summary>
internal sealed class EnvelopeBuilder
{
    private readonly List<double> x;
    private readonly List<double> v;
    private readonly List<MotionPhase> p;

    public EnvelopeBuilder(int capacity = 256)
    {
        x = new List<double>(capacity);
        v = new List<double>(capacity);
        p = new List<MotionPhase>(capacity);
    }

    public int Count => x.Count;
    public double LastX => x[^1];
    public double LastV => v[^1];

    public void Start(double position, double speed)
    {
        if (x.Count > 0 && position == x[^1]) { v[^1] = speed; return; }
        if (x.Count > 0) throw new InvalidOperationException("already started");
        x.Add(position);
        v.Add(speed);
    }

    /// <summary>Adds a point reached by the given phase. Points closer than 1 mm to the last are merged into it.</summary>
    public void Add(double position, double speed, MotionPhase phase)
    {
        if (speed < 0) speed = 0;
        if (position - x[^1] < 1e-3)
        {
            // Too close to keep apart: move the last point instead (never the first).
            if (x.Count > 1 && position > x[^2] + 1e-3) { x[^1] = position; v[^1] = speed; }
            else if (x.Count == 1) v[^1] = v[^1];
            return;
        }
        x.Add(position);
        v.Add(speed);
        p.Add(phase);
    }

    internal List<double> X => x;
    internal List<double> V => v;
    internal List<MotionPhase> P => p;

    public Envelope Build() => new(x.ToArray(), v.ToArray(), p.ToArray());
}
