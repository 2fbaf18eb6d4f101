using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.IO.Json;

/// <summary>Reads Fortress path JSON (<c>fortress.path/1</c>, docs/formats.md).</summary>
public static class FortressPathReader
{
    public const string Format = "fortress.path/1";

    public static RunningPath ReadFile(string path) => Read(InputFile.ReadText(path), Path.GetFileName(path));

    public static RunningPath Read(string text, string displayName)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, Format, "a path document", problems);
        using var _ = doc;
        var root = doc.RootElement;
        var name = j.String(root, "name", "$", false) ?? Path.GetFileNameWithoutExtension(displayName);
        var length = j.Number(root, "lengthMeters", "$", true, Plausible.PathLength);
        var gauge = j.Integer(root, "gaugeMm", "$", false, Plausible.Gauge) ?? 1435;

        var speeds = new List<SpeedSection>();
        foreach (var (s, p) in j.Array(root, "speedLimits", "$", true))
        {
            var start = j.Number(s, "startMeters", p, true, Plausible.PathPosition);
            var kmh = j.Number(s, "kmh", p, true, Plausible.LineSpeed);
            if (start is not null && kmh is not null) speeds.Add(new SpeedSection(Position.FromMeters(start.Value), Speed.FromKilometersPerHour(kmh.Value)));
        }
        var grads = new List<GradientSection>();
        foreach (var (g, p) in j.Array(root, "gradients", "$", false))
        {
            var start = j.Number(g, "startMeters", p, true, Plausible.PathPosition);
            var pm = j.Number(g, "perMille", p, true, Plausible.Gradient);
            if (start is not null && pm is not null) grads.Add(new GradientSection(Position.FromMeters(start.Value), Gradient.FromPerMille(pm.Value)));
        }
        var curves = new List<CurveSection>();
        foreach (var (c, p) in j.Array(root, "curves", "$", false))
        {
            var a = j.Number(c, "startMeters", p, true, Plausible.PathPosition);
            var b = j.Number(c, "endMeters", p, true, Plausible.PathPosition);
            var r = j.Number(c, "radiusMeters", p, true, Plausible.CurveRadius);
            var cg = j.Integer(c, "gaugeMm", p, false, Plausible.Gauge) ?? gauge;
            if (a is not null && b is not null && r is not null)
                curves.Add(new CurveSection(Position.FromMeters(a.Value), Position.FromMeters(b.Value), Length.FromMeters(r.Value), cg));
        }
        var stops = new List<RunStop>();
        foreach (var (s, p) in j.Array(root, "stops", "$", false))
        {
            var stopName = j.String(s, "name", p, true) ?? p;
            var pos = j.Number(s, "positionMeters", p, false, Plausible.PathPosition);
            var dwell = j.Number(s, "dwellSeconds", p, false, Plausible.DwellSeconds) ?? 0;
            PreciseStopSpec? precise = null;
            if (j.Get(s, "preciseStop") is { } ps)
            {
                if (pos is not null) problems.Add(j.Where(p), "give either positionMeters or preciseStop, not both: a precise stop's position follows from its marker");
                precise = ReadPreciseStop(j, ps, p + ".preciseStop");
            }
            else if (pos is null) problems.Add(j.Where(p), "a stop needs positionMeters (or a preciseStop)");
            stops.Add(new RunStop(stopName, pos is { } q && precise is null ? Position.FromMeters(q) : null, Duration.FromSeconds(dwell), precise));
        }
        var pois = new List<PointOfInterest>();
        foreach (var (poi, p) in j.Array(root, "pointsOfInterest", "$", false))
        {
            var n = j.String(poi, "name", p, true);
            var pos = j.Number(poi, "positionMeters", p, true, Plausible.PathPosition);
            var measure = j.String(poi, "measure", p, false) ?? "front";
            if (measure is not ("front" or "rear")) problems.Add(j.Where(p + ".measure"), $"'{measure}' must be 'front' or 'rear'");
            if (n is not null && pos is not null) pois.Add(new PointOfInterest(n, Position.FromMeters(pos.Value), measure == "rear" ? TrainMeasure.Rear : TrainMeasure.Front));
        }
        problems.ThrowIfAny();
        return RunningPath.Create(name, Length.FromMeters(length!.Value), speeds, grads, curves, stops, pois, displayName);
    }

    /// <summary>A <c>preciseStop</c> object (docs/formats.md), shared by path and scenario files; null if incomplete (the problems are recorded).</summary>
    internal static PreciseStopSpec? ReadPreciseStop(JsonNodes j, JsonElement ps, string pp)
    {
        var car = j.Integer(ps, "car", pp, true, Plausible.Car);
        var door = j.Number(ps, "doorOffsetMeters", pp, true, Plausible.ShortLength);
        var marker = j.Number(ps, "markerMeters", pp, true, Plausible.PathPosition);
        var pa = j.Number(ps, "platformStartMeters", pp, false, Plausible.PathPosition);
        var pb = j.Number(ps, "platformEndMeters", pp, false, Plausible.PathPosition);
        var va = j.Number(ps, "approachSpeedKmh", pp, false, Plausible.LineSpeed);
        var tol = j.Number(ps, "toleranceMeters", pp, false, Plausible.StopTolerance);
        var variation = j.Number(ps, "decelerationVariation", pp, false, 0) ?? 0.10;
        var approach = j.Number(ps, "approachDistanceMeters", pp, false, Plausible.ShortLength);
        var speedError = j.Number(ps, "approachSpeedErrorKmh", pp, false, Plausible.ApproachSpeedError);
        var samples = j.Number(ps, "samples", pp, false, Plausible.Draws);
        if (samples is { } drawn) WorkLimits.Check(j.Where(pp + ".samples"), "monteCarloRuns", "Monte-Carlo draws of the precise stop", drawn, WorkLimits.Current.MonteCarloRuns);
        var seed = j.Number(ps, "seed", pp, false, Plausible.Seed);
        if (car is null || door is null || marker is null) return null;
        return new PreciseStopSpec(car.Value, Length.FromMeters(door.Value), Position.FromMeters(marker.Value),
            pa is { } x ? Position.FromMeters(x) : null, pb is { } y ? Position.FromMeters(y) : null,
            va is { } v ? Speed.FromKilometersPerHour(v) : null, tol is { } t ? Length.FromMeters(t) : null, variation,
            approach is { } ad ? Length.FromMeters(ad) : null, speedError is { } se ? Speed.FromKilometersPerHour(se) : null,
            samples is { } n ? (int)n : null, seed is { } sd ? (int)sd : null);
    }
}
