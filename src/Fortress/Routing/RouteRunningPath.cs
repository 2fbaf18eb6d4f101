using Fortress.Network;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Routing;

/// <summary>
/// Turns a route into a <see cref="RunningPath"/> for the engine: speed sections from the edges' limits in the direction
/// run, gradients where the network knows them (level elsewhere), curves from tagged or estimated radii, a stop at each
/// gauge change, locomotive change and reversal with its duration as dwell time, and the stations as points of interest.
/// </summary>
public static class RouteRunningPath
{
    public static RunningPath Build(RailNetwork network, Route route, RoutingTrain train, Speed? substituteMaxSpeed = null)
    {
        // Where a substitute diesel hauls (between a change to it and a change back, or the end), speeds are capped.
        var dieselFrom = new List<(double From, double To)>();
        double? open = null;
        foreach (var tc in route.TractionChanges.OrderBy(c => c.Position.Meters))
        {
            if (tc.To == "diesel locomotive") open ??= tc.Position.Meters;
            else if (open is { } o) { dieselFrom.Add((o, tc.Position.Meters)); open = null; }
        }
        if (open is { } last) dieselFrom.Add((last, double.PositiveInfinity));
        var cap = substituteMaxSpeed ?? RouteOptions.Default.SubstituteLocomotiveMaxSpeed;
        var speeds = new List<SpeedSection>();
        var gradients = new List<GradientSection>();
        var curves = new List<CurveSection>();
        var pos = 0.0;
        var gauge = train.GaugeMillimeters;
        var gaugeChanges = route.GaugeChanges.OrderBy(c => c.Position.Meters).ToList();
        foreach (var leg in route.Legs)
        {
            var e = network[leg.Edge];
            var fwd = leg.Direction == EdgeDirection.Forward;
            var a = Length.Min(leg.FromOffset, leg.ToOffset).Meters;
            var b = Length.Max(leg.FromOffset, leg.ToOffset).Meters;
            double ToPos(double off) => pos + (fwd ? off - a : b - off);
            while (gaugeChanges.Count > 0 && gaugeChanges[0].Position.Meters <= pos + 1e-6) { gauge = gaugeChanges[0].ToGauge; gaugeChanges.RemoveAt(0); }

            // Speed sections along the piece, in running order.
            var pieces = new List<(double Start, double End, Speed V)>();
            for (var i = 0; i < e.Speeds.Count; i++)
            {
                var s0 = Math.Max(e.Speeds[i].Start.Meters, a);
                var s1 = Math.Min(i + 1 < e.Speeds.Count ? e.Speeds[i + 1].Start.Meters : e.Length.Meters, b);
                if (s1 <= s0) continue;
                pieces.Add((ToPos(fwd ? s0 : s1), ToPos(fwd ? s1 : s0), fwd ? e.Speeds[i].Forward : e.Speeds[i].Backward));
            }
            foreach (var p in pieces.OrderBy(p => p.Start))
            {
                // Split the piece where a diesel interval starts or ends inside it.
                var cuts = dieselFrom.SelectMany(d => new[] { d.From, d.To }).Where(x => x > p.Start && x < p.End).Append(p.Start).Order().ToArray();
                foreach (var c in cuts)
                {
                    var diesel = dieselFrom.Any(d => c >= d.From - 1e-6 && c < d.To);
                    AddSpeed(speeds, c, diesel ? Speed.Min(p.V, cap) : p.V);
                }
            }

            // Gradients: known ones with their sign in the running direction, level in the gaps.
            var grads = e.Gradients.Where(gr => gr.End.Meters > a && gr.Start.Meters < b)
                .Select(gr => (Start: ToPos(fwd ? Math.Max(gr.Start.Meters, a) : Math.Min(gr.End.Meters, b)),
                               End: ToPos(fwd ? Math.Min(gr.End.Meters, b) : Math.Max(gr.Start.Meters, a)),
                               G: fwd ? gr.Gradient.PerMille : -gr.Gradient.PerMille))
                .OrderBy(x => x.Start).ToList();
            var cursor = pos;
            foreach (var gr in grads)
            {
                if (gr.Start > cursor + 1e-6) AddGradient(gradients, cursor, 0);
                AddGradient(gradients, gr.Start, gr.G);
                cursor = gr.End;
            }
            AddGradient(gradients, cursor, 0);

            foreach (var c in e.Curves.Where(c => c.End.Meters > a && c.Start.Meters < b))
            {
                var s = ToPos(fwd ? Math.Max(c.Start.Meters, a) : Math.Min(c.End.Meters, b));
                var t = ToPos(fwd ? Math.Min(c.End.Meters, b) : Math.Max(c.Start.Meters, a));
                if (t - s > 0.5) curves.Add(new CurveSection(Position.FromMeters(s), Position.FromMeters(t), c.Radius, gauge));
            }
            pos += b - a;
        }
        var length = route.Length;
        // Gradient sections must start strictly inside the path and increase; drop any that start at its very end.
        var grad = gradients.Where(g => g.Start.Meters < length.Meters - 1e-6).ToList();
        if (grad.Count == 0 || grad[0].Start != Position.Origin) grad.Insert(0, new GradientSection(Position.Origin, Gradient.Level));
        var spd = speeds.Where(s => s.Start.Meters < length.Meters - 1e-6).ToList();

        var stops = new List<RunStop>();
        foreach (var gc in route.GaugeChanges) stops.Add(new RunStop($"gauge change {gc.FromGauge}->{gc.ToGauge} mm at {gc.Facility}", gc.Position, gc.Duration));
        foreach (var tc in route.TractionChanges) stops.Add(new RunStop($"locomotive change at {tc.Place}", tc.Position, tc.Duration));
        foreach (var rv in route.Reversals) stops.Add(new RunStop($"reversal at {rv.Node}", rv.Position, rv.Duration));
        var usable = stops.Where(s => s.Position!.Value.Meters > 1 && s.Position.Value.Meters < length.Meters - 1)
            .OrderBy(s => s.Position!.Value.Meters).ToList();
        // Two changes at the same place become one stop with both durations.
        var merged = new List<RunStop>();
        foreach (var s in usable)
        {
            if (merged.Count > 0 && Math.Abs(merged[^1].Position!.Value.Meters - s.Position!.Value.Meters) < 1)
                merged[^1] = merged[^1] with { Name = merged[^1].Name + "; " + s.Name, Dwell = merged[^1].Dwell + s.Dwell };
            else merged.Add(s);
        }
        // The engine ends the run at the last stop, so the end of the route is always the last stop.
        merged.Add(new RunStop(route.To, Position.Origin + length, Duration.Zero));
        var pois = route.Stations.Where(s => s.Position.Meters <= length.Meters)
            .Select(s => new PointOfInterest(s.Name, s.Position)).ToList();
        var validCurves = curves.Where(c => c.Start.Meters >= 0 && c.End.Meters <= length.Meters + 1e-6).OrderBy(c => c.Start.Meters).ToList();
        return RunningPath.Create($"{route.From} - {route.To}", length, spd, grad, validCurves, merged, pois, "route");
    }

    private static void AddSpeed(List<SpeedSection> list, double start, Speed v)
    {
        if (list.Count > 0 && list[^1].Limit == v) return;
        var p = Position.FromMeters(Math.Max(0, start));
        if (list.Count > 0 && list[^1].Start.Meters >= p.Meters - 1e-6) { list[^1] = new SpeedSection(list[^1].Start, v); Merge(list); return; }
        if (list.Count == 0) p = Position.Origin;
        list.Add(new SpeedSection(p, v));
    }

    private static void Merge(List<SpeedSection> list)
    {
        if (list.Count >= 2 && list[^2].Limit == list[^1].Limit) list.RemoveAt(list.Count - 1);
    }

    private static void AddGradient(List<GradientSection> list, double start, double perMille)
    {
        if (list.Count > 0 && list[^1].Gradient.PerMille == perMille) return;
        var p = Position.FromMeters(Math.Max(0, start));
        if (list.Count > 0 && list[^1].Start.Meters >= p.Meters - 1e-6)
        {
            list[^1] = new GradientSection(list[^1].Start, Gradient.FromPerMille(perMille));
            if (list.Count >= 2 && list[^2].Gradient == list[^1].Gradient) list.RemoveAt(list.Count - 1);
            return;
        }
        if (list.Count == 0) p = Position.Origin;
        list.Add(new GradientSection(p, Gradient.FromPerMille(perMille)));
    }
}
