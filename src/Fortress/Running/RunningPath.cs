using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Running;

/// <summary>A line speed limit that holds from <see cref="Start"/> to the next section's start.</summary>
public sealed record SpeedSection(Position Start, Speed Limit);

/// <summary>A gradient (or any specific path resistance in ‰) that holds from <see cref="Start"/> to the next section's start.</summary>
public sealed record GradientSection(Position Start, Gradient Gradient);

/// <summary>A curve of the given radius between two positions, on track of the given gauge (decides the resistance formula).</summary>
public sealed record CurveSection(Position Start, Position End, Length Radius, int GaugeMillimeters = 1435);

/// <summary>Which end of the train a point of interest is timed at.</summary>
public enum TrainMeasure { Front, Rear }

/// <summary>A place whose passing time is reported: when the train's front (or rear) passes <see cref="Position"/>.</summary>
public sealed record PointOfInterest(string Name, Position Position, TrainMeasure Measure = TrainMeasure.Front);

/// <summary>
/// A ceremony stop: the door <see cref="DoorOffset"/> behind the front of car number <see cref="Car"/> (1 = the
/// leading vehicle) must come to rest at <see cref="Marker"/> (the red carpet).
/// </summary>
/// <param name="PlatformStart">Start of the platform, if the whole train must stand at it.</param>
/// <param name="PlatformEnd">End of the platform (in the direction of travel).</param>
/// <param name="ApproachSpeed">Speed of the driver's final approach; null = the highest speed that keeps the door within <paramref name="Tolerance"/>.</param>
/// <param name="Tolerance">How far from the marker the door may stop (default 0.3 m).</param>
/// <param name="DecelerationVariation">Relative spread of the achieved deceleration, ±(default 10 %).</param>
/// <param name="ApproachDistance">Length of the final approach at low speed before the brake application (default 20 m).</param>
/// <param name="ApproachSpeedError">
/// How far the driver's actual approach speed may be from the planned one, ± (default 0.5 km/h), for the Monte Carlo
/// spread of the resting position (decision 0010).
/// </param>
/// <param name="Samples">Monte Carlo draws (default 2000).</param>
/// <param name="Seed">Seed of the draws (default 20190424): the same seed gives the same report.</param>
public sealed record PreciseStopSpec(
    int Car,
    Length DoorOffset,
    Position Marker,
    Position? PlatformStart = null,
    Position? PlatformEnd = null,
    Speed? ApproachSpeed = null,
    Length? Tolerance = null,
    double DecelerationVariation = 0.10,
    Length? ApproachDistance = null,
    Speed? ApproachSpeedError = null,
    int? Samples = null,
    int? Seed = null)
{
    public Length EffectiveTolerance => Tolerance ?? Length.FromMeters(0.3);
    public Length EffectiveApproachDistance => ApproachDistance ?? Length.FromMeters(20);

    /// <summary>
    /// 0.5 km/h. Assumption: a driver holding walking pace by the speedometer (1 km/h divisions) is within half a
    /// division; the issue 13 figure of ±0.5 km/h.
    /// </summary>
    public static Speed DefaultApproachSpeedError { get; } = Speed.FromKilometersPerHour(0.5);

    public Speed EffectiveApproachSpeedError => ApproachSpeedError ?? DefaultApproachSpeedError;
    public int EffectiveSamples => Samples ?? 2000;
    public int EffectiveSeed => Seed ?? 20190424;
}

/// <summary>
/// A stop: the train's front comes to rest at <see cref="Position"/> and waits <see cref="Dwell"/>.
/// With <see cref="Precise"/>, the position is computed from the marker and the door instead (leave Position null).
/// </summary>
public sealed record RunStop(string Name, Position? Position, Duration Dwell, PreciseStopSpec? Precise = null);

/// <summary>
/// Everything the running-time calculation needs to know about the way ahead, independent of where it came from
/// (railtoolkit file, Fortress JSON, a routed OSM network). Positions are of the train's front; at the start the
/// front is at the origin, standing. The run ends standing at the last stop, or at the end of the path if there
/// are no stops. Immutable; <see cref="Create"/> validates and reports every problem at once.
/// </summary>
public sealed class RunningPath
{
    private RunningPath(string name, Length length, SpeedSection[] speeds, GradientSection[] gradients, CurveSection[] curves,
        RunStop[] stops, PointOfInterest[] pois)
    {
        Name = name;
        Length = length;
        SpeedLimits = speeds;
        Gradients = gradients;
        Curves = curves;
        Stops = stops;
        PointsOfInterest = pois;
    }

    public string Name { get; }
    public Length Length { get; }
    public Position End => Position.Origin + Length;
    public IReadOnlyList<SpeedSection> SpeedLimits { get; }
    public IReadOnlyList<GradientSection> Gradients { get; }
    public IReadOnlyList<CurveSection> Curves { get; }
    public IReadOnlyList<RunStop> Stops { get; }
    public IReadOnlyList<PointOfInterest> PointsOfInterest { get; }

    /// <param name="source">Prefix for problem locations (a file name or an id).</param>
    public static RunningPath Create(
        string name,
        Length length,
        IReadOnlyList<SpeedSection> speedLimits,
        IReadOnlyList<GradientSection>? gradients = null,
        IReadOnlyList<CurveSection>? curves = null,
        IReadOnlyList<RunStop>? stops = null,
        IReadOnlyList<PointOfInterest>? pointsOfInterest = null,
        string source = "path")
    {
        gradients ??= [];
        curves ??= [];
        stops ??= [];
        pointsOfInterest ??= [];
        var p = new ProblemList();
        if (!(length.Meters > 0)) p.Add(source, $"the path length must be positive, got {length}");
        var end = Position.Origin + length;
        if (speedLimits.Count == 0) p.Add($"{source}.speedLimits", "no speed limits: at least one section starting at 0 m is needed");
        else if (speedLimits[0].Start != Position.Origin) p.Add($"{source}.speedLimits[0]", $"the first section must start at 0 m, not at {speedLimits[0].Start.Meters} m");
        for (var i = 0; i < speedLimits.Count; i++)
        {
            var s = speedLimits[i];
            if (!(s.Limit.MetersPerSecond > 0)) p.Add($"{source}.speedLimits[{i}]", $"speed limit must be positive, got {s.Limit}");
            if (s.Start.Meters < 0 || s.Start > end) p.Add($"{source}.speedLimits[{i}]", $"start {s.Start.Meters} m is outside the path (0 to {length.Meters} m)");
            if (i > 0 && s.Start <= speedLimits[i - 1].Start) p.Add($"{source}.speedLimits[{i}]", $"start {s.Start.Meters} m does not come after the previous section's start {speedLimits[i - 1].Start.Meters} m");
        }
        for (var i = 0; i < gradients.Count; i++)
        {
            var g = gradients[i];
            if (g.Start.Meters < 0 || g.Start > end) p.Add($"{source}.gradients[{i}]", $"start {g.Start.Meters} m is outside the path (0 to {length.Meters} m)");
            if (i > 0 && g.Start <= gradients[i - 1].Start) p.Add($"{source}.gradients[{i}]", $"start {g.Start.Meters} m does not come after the previous section's start {gradients[i - 1].Start.Meters} m");
            if (Math.Abs(g.Gradient.PerMille) > 100) p.Add($"{source}.gradients[{i}]", $"gradient {g.Gradient} is beyond 100 ‰: not an adhesion railway");
        }
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            if (!(c.Radius.Meters > 0)) p.Add($"{source}.curves[{i}]", $"radius must be positive, got {c.Radius}");
            if (c.End <= c.Start) p.Add($"{source}.curves[{i}]", "the curve must end after it starts");
            if (c.Start.Meters < 0 || c.End > end) p.Add($"{source}.curves[{i}]", $"the curve lies outside the path (0 to {length.Meters} m)");
        }
        Position? previous = null;
        for (var i = 0; i < stops.Count; i++)
        {
            var s = stops[i];
            var where = $"{source}.stops[{i}] ({s.Name})";
            if (s.Dwell.Seconds < 0) p.Add(where, $"dwell time must not be negative, got {s.Dwell.Seconds} s");
            if (s.Precise is null && s.Position is null) p.Add(where, "a stop needs a position (or a precise-stop marker)");
            if (s.Precise is { } ps)
            {
                if (ps.Marker.Meters < 0 || ps.Marker > end) p.Add(where, $"marker at {ps.Marker.Meters} m is beyond the path (0 to {length.Meters} m)");
                if (ps.Car < 1) p.Add(where, $"car number must be 1 or more (1 = leading vehicle), got {ps.Car}");
                if (ps.DoorOffset.Meters < 0) p.Add(where, $"door offset must not be negative, got {ps.DoorOffset}");
                if (ps.DecelerationVariation is < 0 or >= 1) p.Add(where, $"deceleration variation must be between 0 and 1, got {ps.DecelerationVariation}");
                if (ps.ApproachSpeed is { } va && !(va.MetersPerSecond > 0)) p.Add(where, "approach speed must be positive");
                if (ps.PlatformStart is { } a && ps.PlatformEnd is { } b && b <= a) p.Add(where, "the platform must end after it starts");
            }
            if (s.Position is { } pos)
            {
                if (pos.Meters <= 0 || pos > end) p.Add(where, $"position {pos.Meters} m is outside the path (0 to {length.Meters} m, exclusive of the start)");
                if (previous is { } prev && pos <= prev) p.Add(where, $"position {pos.Meters} m does not come after the previous stop at {prev.Meters} m");
                previous = pos;
            }
        }
        for (var i = 0; i < pointsOfInterest.Count; i++)
        {
            var poi = pointsOfInterest[i];
            if (poi.Position.Meters < 0 || poi.Position > end) p.Add($"{source}.pointsOfInterest[{i}] ({poi.Name})", $"position {poi.Position.Meters} m is outside the path (0 to {length.Meters} m)");
        }
        p.ThrowIfAny();
        return new RunningPath(name, length, speedLimits.ToArray(), gradients.ToArray(), curves.ToArray(), stops.ToArray(), pointsOfInterest.ToArray());
    }

    /// <summary>
    /// The part of this path from <paramref name="from"/> to <paramref name="to"/>, re-based so that
    /// <paramref name="from"/> becomes the origin, with the given stops (positions on the new origin). Sections and
    /// points of interest are clipped; used to run one leg of a journey.
    /// </summary>
    public RunningPath Slice(Position from, Position to, IReadOnlyList<RunStop> stops, string? name = null)
    {
        if (!(to > from) || from.Meters < 0 || to > End) throw new ArgumentOutOfRangeException(nameof(to), $"slice {from}..{to} is not inside the path (0..{Length})");
        var shift = from - Position.Origin;
        IEnumerable<(Position Start, T Value)> Clip<T>(IReadOnlyList<(Position Start, T Value)> steps)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var end = i + 1 < steps.Count ? steps[i + 1].Start : End;
                if (end <= from || steps[i].Start >= to) continue;
                yield return (Position.Max(steps[i].Start, from) - shift, steps[i].Value);
            }
        }
        var speeds = Clip(SpeedLimits.Select(s => (s.Start, s.Limit)).ToArray()).Select(s => new SpeedSection(s.Start, s.Value)).ToArray();
        var grads = Clip(Gradients.Select(g => (g.Start, g.Gradient)).ToArray()).Select(g => new GradientSection(g.Start, g.Value)).ToArray();
        var curves = Curves.Where(c => c.End > from && c.Start < to)
            .Select(c => c with { Start = Position.Max(c.Start, from) - shift, End = Position.Min(c.End, to) - shift })
            .Where(c => c.End > c.Start).ToArray();
        var pois = PointsOfInterest.Where(p => p.Position >= from && p.Position <= to).Select(p => p with { Position = p.Position - shift }).ToArray();
        return Create(name ?? Name, to - from, speeds, grads, curves, stops, pois, name ?? Name);
    }

    /// <summary>
    /// The same track run the other way: positions mirrored (x → length − x), gradients negated, curves and limits
    /// kept, no stops or points of interest. For trains running against the corridor's direction.
    /// </summary>
    public RunningPath Reversed(string? name = null)
    {
        var L = Length.Meters;
        var speeds = new List<SpeedSection>();
        for (var i = SpeedLimits.Count - 1; i >= 0; i--)
        {
            var end = i + 1 < SpeedLimits.Count ? SpeedLimits[i + 1].Start.Meters : L;
            speeds.Add(new SpeedSection(Position.FromMeters(L - end), SpeedLimits[i].Limit));
        }
        var grads = new List<GradientSection>();
        for (var i = Gradients.Count - 1; i >= 0; i--)
        {
            var end = i + 1 < Gradients.Count ? Gradients[i + 1].Start.Meters : L;
            if (end <= Gradients[i].Start.Meters) continue;
            grads.Add(new GradientSection(Position.FromMeters(L - end), Gradient.FromPerMille(-Gradients[i].Gradient.PerMille)));
        }
        if (grads.Count > 0 && grads[0].Start != Position.Origin) grads.Insert(0, new GradientSection(Position.Origin, Gradient.Level));
        // Before the first gradient section the path is level; reversed, that stretch comes last.
        if (Gradients.Count > 0 && Gradients[0].Start.Meters > 0 && L - Gradients[0].Start.Meters > grads[^1].Start.Meters)
            grads.Add(new GradientSection(Position.FromMeters(L - Gradients[0].Start.Meters), Gradient.Level));
        var curves = Curves.Reverse().Select(c => c with { Start = Position.FromMeters(L - c.End.Meters), End = Position.FromMeters(L - c.Start.Meters) }).ToArray();
        return Create(name ?? Name + " (reversed)", Length, speeds, grads, curves, null, null, name ?? Name);
    }

    /// <summary>This path with other stops (used when a journey adds its own stops to a routed path).</summary>
    public RunningPath WithStops(IReadOnlyList<RunStop> stops) =>
        Create(Name, Length, SpeedLimits, Gradients, Curves, stops, PointsOfInterest, Name);
}
