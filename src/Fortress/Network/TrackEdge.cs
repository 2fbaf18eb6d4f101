using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Network;

/// <summary>A node: where track edges meet (a switch, a crossing, a junction of two ways) or end.</summary>
/// <param name="IsDiamondCrossing">A flat crossing of two lines: a train may only go straight through it.</param>
/// <param name="SourceId">The id in the source data (an OSM node id), 0 when none.</param>
public readonly record struct NetworkNode(GeoPoint Location, bool IsDiamondCrossing = false, long SourceId = 0);

/// <summary>Speed limits from <see cref="Start"/> (an offset from the edge's From node) to the next section's start, per direction.</summary>
public sealed record EdgeSpeed(Length Start, Speed Forward, Speed Backward);

/// <summary>A known gradient between two offsets of an edge, positive uphill in the edge's forward direction.</summary>
public sealed record EdgeGradient(Length Start, Length End, Gradient Gradient);

/// <summary>A main signal on an edge: where it stands (offset from the From node) and the direction of the trains it protects.</summary>
public sealed record EdgeSignal(string Id, Length Offset, EdgeDirection Direction);

/// <summary>How a curve radius became known.</summary>
public enum CurveSource : byte { Tagged, Estimated }

/// <summary>A curve between two offsets of an edge.</summary>
public sealed record EdgeCurve(Length Start, Length End, Length Radius, CurveSource Source);

/// <summary>
/// A piece of track between two nodes, with what a router and the running-time engine need to know about it.
/// Immutable. Offsets along the edge run from <see cref="From"/> (0) to <see cref="To"/> (<see cref="Length"/>).
/// </summary>
public sealed record TrackEdge
{
    public required EdgeId Id { get; init; }
    public required NodeId From { get; init; }
    public required NodeId To { get; init; }

    /// <summary>Points from the From node to the To node (at least two).</summary>
    public required IReadOnlyList<GeoPoint> Geometry { get; init; }

    public required Length Length { get; init; }

    /// <summary>Track gauges in millimetres: one, or several on dual-gauge (three- or four-rail) track.</summary>
    public required IReadOnlyList<int> Gauges { get; init; }

    /// <summary>Speed sections along the edge, the first starting at 0.</summary>
    public required IReadOnlyList<EdgeSpeed> Speeds { get; init; }

    /// <summary>The catenary or third-rail system, or null for track without electrification.</summary>
    public Electrification? Electrification { get; init; }

    /// <summary>The highest permitted axle load, or null where unknown and not defaulted.</summary>
    public Mass? AxleLoadLimit { get; init; }

    /// <summary>Known gradients (empty where the source has no heights).</summary>
    public IReadOnlyList<EdgeGradient> Gradients { get; init; } = [];

    /// <summary>Curves, tagged or estimated from the geometry.</summary>
    public IReadOnlyList<EdgeCurve> Curves { get; init; } = [];

    /// <summary>Main signals on the edge, where the source has them (RailJSON); empty otherwise. Kept in memory only (not in the .fnet file).</summary>
    public IReadOnlyList<EdgeSignal> Signals { get; init; } = [];

    /// <summary>Number of parallel tracks this edge stands for (1 = single track).</summary>
    public int Tracks { get; init; } = 1;

    /// <summary>The source way id (OSM), 0 when the source has numeric ids of no kind.</summary>
    public long SourceWayId { get; init; }

    /// <summary>The source element's id as text (a RailJSON track section id, an OSM way id).</summary>
    public string SourceRef { get; init; } = "";

    /// <summary>Line or track name, where known.</summary>
    public string? Name { get; init; }

    /// <summary>Bearing (degrees from north) of the track leaving the From node into this edge.</summary>
    public double StartBearing { get; init; }

    /// <summary>Bearing (degrees from north) of the track leaving the To node into this edge.</summary>
    public double EndBearing { get; init; }

    /// <summary>True when a train of <paramref name="gaugeMillimeters"/> can run on this track.</summary>
    public bool HasGauge(int gaugeMillimeters)
    {
        for (var i = 0; i < Gauges.Count; i++) if (Gauges[i] == gaugeMillimeters) return true;
        return false;
    }

    /// <summary>The speed limit in force at an offset, in a direction.</summary>
    public Speed SpeedAt(Length offset, EdgeDirection direction)
    {
        var s = Speeds[0];
        for (var i = 1; i < Speeds.Count && Speeds[i].Start <= offset; i++) s = Speeds[i];
        return direction == EdgeDirection.Forward ? s.Forward : s.Backward;
    }

    /// <summary>The highest speed limit in either direction anywhere on the edge.</summary>
    public Speed MaxSpeed => Speeds.Select(s => Speed.Max(s.Forward, s.Backward)).Aggregate(Speed.Max);

    /// <summary>The point at an offset from the From node.</summary>
    public GeoPoint PointAt(Length offset)
    {
        var target = Math.Clamp(offset.Meters, 0, Length.Meters) * (GeoMath.PolylineMeters(Geometry) / Math.Max(Length.Meters, 1e-9));
        var run = 0.0;
        for (var i = 0; i + 1 < Geometry.Count; i++)
        {
            var seg = GeoPoint.Meters(Geometry[i], Geometry[i + 1]);
            if (run + seg >= target) return Geometry[i].Lerp(Geometry[i + 1], seg <= 0 ? 0 : (target - run) / seg);
            run += seg;
        }
        return Geometry[^1];
    }

    /// <summary>The other end of this edge seen from <paramref name="node"/>.</summary>
    public NodeId Opposite(NodeId node) => node == From ? To : From;

    public override string ToString() => $"{Id} ({(SourceRef.Length > 0 ? SourceRef : SourceWayId.ToString())}) {From}->{To} {Length}";
}
