using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Planning;
using Fortress.Units;

namespace Fortress.Operations;

/// <summary>Where a reported latitude/longitude lies on the route: the corridor position, and how far from the line it is.</summary>
/// <param name="Along">The nearest point of the route, as a corridor position.</param>
/// <param name="Offset">Distance from the report to that point.</param>
/// <param name="OnRoute">Whether the offset is within the route's tolerance there.</param>
public readonly record struct RouteMatch(Position Along, Length Offset, bool OnRoute);

/// <summary>
/// The corridor drawn on the Earth: a polyline whose vertices carry corridor positions, so a position maps to a point
/// (for maps and replays) and a reported point maps back to a position (for live tracking). Immutable.
/// </summary>
/// <remarks>
/// Built from track geometry when the caller has it, otherwise from the places' coordinates. Between two places
/// known only by their coordinates the line is a straight chord, which real track leaves by up to a few percent of
/// the chord's length; the off-route tolerance there widens to <see cref="ChordTolerance"/> of the chord
/// (an assumption, see docs/decisions/0008-live-tracking.md), so curving track is not mistaken for a deviation.
/// </remarks>
public sealed class RouteGeometry
{
    /// <summary>Tolerance on real track geometry: GNSS error plus the distance between parallel tracks of a wide station (Assumption).</summary>
    public static Length TrackTolerance { get; } = Length.FromMeters(300);

    /// <summary>Share of a chord's length by which real track may stand off it (Assumption: main lines rarely bow more than that).</summary>
    public const double ChordTolerance = 0.15;

    private readonly GeoPoint[] points;
    private readonly double[] at;
    private readonly double[] tolerance; // per segment, metres

    private RouteGeometry(GeoPoint[] points, double[] at, double[] tolerance)
    {
        this.points = points;
        this.at = at;
        this.tolerance = tolerance;
    }

    /// <summary>The vertices: latitude, longitude and corridor position, in corridor order.</summary>
    public IReadOnlyList<(double Latitude, double Longitude, Position At)> Vertices =>
        points.Select((p, i) => (p.Latitude, p.Longitude, Position.FromMeters(at[i]))).ToArray();

    /// <summary>True when the line is drawn only from the places' coordinates (straight chords between them).</summary>
    public bool ChordsOnly { get; private init; }

    /// <summary>The route of <paramref name="corridor"/>: from <paramref name="track"/> (positions with points) when given, otherwise from its places' coordinates.</summary>
    /// <exception cref="InvalidInputException">Fewer than two points with coordinates.</exception>
    public static RouteGeometry FromCorridor(Corridor corridor, IReadOnlyList<(Position At, GeoPoint Point)>? track = null)
    {
        var chords = track is null;
        var list = track?.OrderBy(t => t.At).ToList()
            ?? corridor.Places.Where(p => p.Coordinates is not null)
                .Select(p => (p.Position, new GeoPoint(p.Coordinates!.Value.Lat, p.Coordinates.Value.Lon))).ToList();
        // Keep strictly increasing positions (two places at one position: the first).
        var kept = new List<(Position At, GeoPoint Point)>();
        foreach (var v in list) if (kept.Count == 0 || v.Item1 > kept[^1].At) kept.Add(v);
        if (kept.Count < 2)
            throw new InvalidInputException(corridor.Name, "fewer than two places of the corridor have coordinates, so reported positions cannot be matched to the route: give places \"lat\" and \"lon\"");
        var tol = new double[kept.Count - 1];
        for (var i = 0; i < tol.Length; i++)
            tol[i] = chords ? Math.Max(TrackTolerance.Meters, ChordTolerance * GeoPoint.Meters(kept[i].Point, kept[i + 1].Point)) : TrackTolerance.Meters;
        return new RouteGeometry(kept.Select(k => k.Point).ToArray(), kept.Select(k => k.At.Meters).ToArray(), tol) { ChordsOnly = chords };
    }

    /// <summary>The first and last corridor positions the line covers.</summary>
    public Position Start => Position.FromMeters(at[0]);
    public Position End => Position.FromMeters(at[^1]);

    /// <summary>The point at corridor position <paramref name="x"/> (clamped to the line's ends).</summary>
    public GeoPoint PointAt(Position x)
    {
        var m = x.Meters;
        if (m <= at[0]) return points[0];
        if (m >= at[^1]) return points[^1];
        var i = Array.BinarySearch(at, m);
        if (i >= 0) return points[i];
        i = ~i - 1;
        return points[i].Lerp(points[i + 1], (m - at[i]) / (at[i + 1] - at[i]));
    }

    /// <summary>
    /// The route position nearest to <paramref name="p"/>. Where the route passes near itself (a line that doubles
    /// back, or the same track run twice on each side of a reversal), <paramref name="near"/> (the train's last known
    /// position) breaks the tie: every kilometre ahead of it counts as 50 m of offset, every kilometre behind it as
    /// 500 m (trains move forward along the journey's positions: a train leaving a reversal station is on the pass
    /// ahead, not back on the one it came in on; GNSS jitter of some tens of metres backwards costs little).
    /// </summary>
    public RouteMatch Match(GeoPoint p, Position? near = null)
    {
        var best = double.PositiveInfinity;
        var bestAt = at[0];
        var bestOff = double.PositiveInfinity;
        var bestSeg = 0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var (d, t) = GeoMath.DistanceToSegment(p, points[i], points[i + 1]);
            var x = at[i] + t * (at[i + 1] - at[i]);
            var score = d + (near is { } n ? (x >= n.Meters ? 0.05 * (x - n.Meters) : 0.5 * (n.Meters - x)) : 0);
            if (score < best)
            {
                best = score;
                bestAt = x;
                bestOff = d;
                bestSeg = i;
            }
        }
        return new RouteMatch(Position.FromMeters(bestAt), Length.FromMeters(bestOff), bestOff <= tolerance[bestSeg]);
    }
}
