using Fortress.Units;

namespace Fortress.Network;

/// <summary>
/// Estimates curve radii from track geometry: the circumradius of each triple of consecutive points, smoothed by taking
/// the median of each radius with its neighbours (a single badly placed vertex gives no curve), kept where below
/// <see cref="MaxRadiusMeters"/>. Each vertex's curve spans from the middle of the segment before it to the middle of the one after.
/// </summary>
public static class CurveEstimator
{
    /// <summary>Radii at or above this are treated as straight track (their resistance is negligible).</summary>
    public const double MaxRadiusMeters = 3000;

    /// <summary>Radii below this are taken as geometry noise (tighter than any main-line curve) and clamped to it.</summary>
    public const double MinRadiusMeters = 100;

    /// <param name="lengthScale">Edge length divided by geometric length (1 for OSM).</param>
    public static IReadOnlyList<EdgeCurve> Estimate(IReadOnlyList<GeoPoint> geometry, double lengthScale = 1.0)
    {
        var n = geometry.Count;
        if (n < 3) return [];
        var radii = new double[n];
        radii[0] = radii[n - 1] = double.PositiveInfinity;
        for (var i = 1; i + 1 < n; i++) radii[i] = GeoMath.Circumradius(geometry[i - 1], geometry[i], geometry[i + 1]);
        var cum = new double[n];
        for (var i = 1; i < n; i++) cum[i] = cum[i - 1] + GeoPoint.Meters(geometry[i - 1], geometry[i]);
        var result = new List<EdgeCurve>();
        for (var i = 1; i + 1 < n; i++)
        {
            var r = Median(radii[i - 1], radii[i], radii[i + 1]);
            if (n == 3) r = radii[1];
            if (!(r < MaxRadiusMeters)) continue;
            r = Math.Max(r, MinRadiusMeters);
            var start = (cum[i - 1] + cum[i]) / 2 * lengthScale;
            var end = (cum[i] + cum[i + 1]) / 2 * lengthScale;
            if (end - start < 0.5) continue;
            if (result.Count > 0 && Math.Abs(result[^1].End.Meters - start) < 1e-6 && Math.Abs(result[^1].Radius.Meters - r) < 0.05 * r)
                result[^1] = result[^1] with { End = Length.FromMeters(end) };
            else result.Add(new EdgeCurve(Length.FromMeters(start), Length.FromMeters(end), Length.FromMeters(r), CurveSource.Estimated));
        }
        return result;
    }

    private static double Median(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>
    /// Bearing of the track leaving the first point of <paramref name="line"/>, taken towards the first point at least
    /// <paramref name="lookAheadMeters"/> along it (so that a very short first segment does not decide it).
    /// </summary>
    public static double LeavingBearing(IReadOnlyList<GeoPoint> line, bool fromEnd, double lookAheadMeters = 15)
    {
        var n = line.Count;
        GeoPoint At(int i) => fromEnd ? line[n - 1 - i] : line[i];
        var run = 0.0;
        for (var i = 1; i < n; i++)
        {
            run += GeoPoint.Meters(At(i - 1), At(i));
            if (run >= lookAheadMeters || i == n - 1) return At(0).BearingTo(At(i));
        }
        return 0;
    }
}
