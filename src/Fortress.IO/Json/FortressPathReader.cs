using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.IO.Json;

/// <summary>Reads Fortress path JSON (<c>fortress.path/1</c>, docs/formats.md).</summary>
public static class FortressPathReader
{
    public const string Format = "fortress.path/1";

    public static RunningPath ReadFile(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    public static RunningPath Read(string text, string displayName)
    {
        var problems = new ProblemList();
        var (doc, j) = JsonNodes.Open(text, displayName, Format, "a path document", problems);
        using var _ = doc;
        var root = doc.RootElement;
        var name = j.String(root, "name", "$", false) ?? Path.GetFileNameWithoutExtension(displayName);
        var length = j.Number(root, "lengthMeters", "$", true, 0, true);
        var gauge = (int)(j.Number(root, "gaugeMm", "$", false, 500) ?? 1435);

        var speeds = new List<SpeedSection>();
        foreach (var (s, p) in j.Array(root, "speedLimits", "$", true))
        {
            var start = j.Number(s, "startMeters", p, true, 0);
            var kmh = j.Number(s, "kmh", p, true, 0, true);
            if (start is not null && kmh is not null) speeds.Add(new SpeedSection(Position.FromMeters(start.Value), Speed.FromKilometersPerHour(kmh.Value)));
        }
        var grads = new List<GradientSection>();
        foreach (var (g, p) in j.Array(root, "gradients", "$", false))
        {
            var start = j.Number(g, "startMeters", p, true, 0);
            var pm = j.Number(g, "perMille", p, true);
            if (start is not null && pm is not null) grads.Add(new GradientSection(Position.FromMeters(start.Value), Gradient.FromPerMille(pm.Value)));
        }
        var curves = new List<CurveSection>();
        foreach (var (c, p) in j.Array(root, "curves", "$", false))
        {
            var a = j.Number(c, "startMeters", p, true, 0);
            var b = j.Number(c, "endMeters", p, true, 0);
            var r = j.Number(c, "radiusMeters", p, true, 0, true);
            var cg = (int)(j.Number(c, "gaugeMm", p, false, 500) ?? gauge);
            if (a is not null && b is not null && r is not null)
                curves.Add(new CurveSection(Position.FromMeters(a.Value), Position.FromMeters(b.Value), Length.FromMeters(r.Value), cg));
        }
        var stops = new List<RunStop>();
        foreach (var (s, p) in j.Array(root, "stops", "$", false))
        {
            var stopName = j.String(s, "name", p, true) ?? p;
            var pos = j.Number(s, "positionMeters", p, false, 0);
            var dwell = j.Number(s, "dwellSeconds", p, false, 0) ?? 0;
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
            var pos = j.Number(poi, "positionMeters", p, true, 0);
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
        var car = j.Number(ps, "car", pp, true, 1);
        var door = j.Number(ps, "doorOffsetMeters", pp, true, 0);
        var marker = j.Number(ps, "markerMeters", pp, true, 0);
        var pa = j.Number(ps, "platformStartMeters", pp, false, 0);
        var pb = j.Number(ps, "platformEndMeters", pp, false, 0);
        var va = j.Number(ps, "approachSpeedKmh", pp, false, 0, true);
        var tol = j.Number(ps, "toleranceMeters", pp, false, 0, true);
        var variation = j.Number(ps, "decelerationVariation", pp, false, 0) ?? 0.10;
        var approach = j.Number(ps, "approachDistanceMeters", pp, false, 0);
        var speedError = j.Number(ps, "approachSpeedErrorKmh", pp, false, 0);
        var samples = j.Number(ps, "samples", pp, false, 1);
        var seed = j.Number(ps, "seed", pp, false, 0);
        if (car is null || door is null || marker is null) return null;
        return new PreciseStopSpec((int)car.Value, Length.FromMeters(door.Value), Position.FromMeters(marker.Value),
            pa is { } x ? Position.FromMeters(x) : null, pb is { } y ? Position.FromMeters(y) : null,
            va is { } v ? Speed.FromKilometersPerHour(v) : null, tol is { } t ? Length.FromMeters(t) : null, variation,
            approach is { } ad ? Length.FromMeters(ad) : null, speedError is { } se ? Speed.FromKilometersPerHour(se) : null,
            samples is { } n ? (int)Math.Min(n, 200_000) : null, seed is { } sd ? (int)Math.Min(sd, int.MaxValue) : null);
    }
}
