using System.Globalization;
using Fortress.Units;

namespace Fortress.Network;

/// <summary>A place on the Earth (WGS 84), latitude and longitude in degrees. Immutable.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Mean Earth radius used for distances (IUGG, metres).</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Great-circle (haversine) distance.</summary>
    public Length DistanceTo(GeoPoint other) => Length.FromMeters(Meters(this, other));

    /// <summary>Great-circle distance in metres, for inner loops.</summary>
    public static double Meters(GeoPoint a, GeoPoint b)
    {
        var la1 = a.Latitude * Math.PI / 180;
        var la2 = b.Latitude * Math.PI / 180;
        var dLa = la2 - la1;
        var dLo = (b.Longitude - a.Longitude) * Math.PI / 180;
        var h = Math.Sin(dLa / 2) * Math.Sin(dLa / 2) + Math.Cos(la1) * Math.Cos(la2) * Math.Sin(dLo / 2) * Math.Sin(dLo / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Initial bearing from this point towards <paramref name="to"/>, degrees clockwise from north in [0, 360).</summary>
    public double BearingTo(GeoPoint to)
    {
        var la1 = Latitude * Math.PI / 180;
        var la2 = to.Latitude * Math.PI / 180;
        var dLo = (to.Longitude - Longitude) * Math.PI / 180;
        var y = Math.Sin(dLo) * Math.Cos(la2);
        var x = Math.Cos(la1) * Math.Sin(la2) - Math.Sin(la1) * Math.Cos(la2) * Math.Cos(dLo);
        var deg = Math.Atan2(y, x) * 180 / Math.PI;
        return deg < 0 ? deg + 360 : deg;
    }

    /// <summary>The point a fraction <paramref name="t"/> (0..1) of the way to <paramref name="to"/> (linear in degrees; fine for track segments).</summary>
    public GeoPoint Lerp(GeoPoint to, double t) => new(Latitude + (to.Latitude - Latitude) * t, Longitude + (to.Longitude - Longitude) * t);

    /// <summary>Parses "lat,lon" in decimal degrees; null when the text is not a coordinate pair.</summary>
    public static GeoPoint? TryParse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2) return null;
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)) return null;
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)) return null;
        if (lat is < -90 or > 90 || lon is < -180 or > 180) return null;
        return new GeoPoint(lat, lon);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Latitude:0.######},{Longitude:0.######}");
}

/// <summary>Plane approximations around a point (equirectangular), good to well under a metre over a few kilometres.</summary>
public static class GeoMath
{
    /// <summary>Distance in metres from <paramref name="p"/> to the segment a-b, and where on it (0..1) the nearest point lies.</summary>
    public static (double Meters, double T) DistanceToSegment(GeoPoint p, GeoPoint a, GeoPoint b)
    {
        var k = Math.Cos(p.Latitude * Math.PI / 180);
        const double m = Math.PI / 180 * GeoPoint.EarthRadiusMeters;
        var ax = (a.Longitude - p.Longitude) * k * m; var ay = (a.Latitude - p.Latitude) * m;
        var bx = (b.Longitude - p.Longitude) * k * m; var by = (b.Latitude - p.Latitude) * m;
        var dx = bx - ax; var dy = by - ay;
        var len2 = dx * dx + dy * dy;
        var t = len2 <= 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
        var x = ax + t * dx; var y = ay + t * dy;
        return (Math.Sqrt(x * x + y * y), t);
    }

    /// <summary>Distance in metres from <paramref name="p"/> to a polyline, the nearest segment and the fraction along it.</summary>
    public static (double Meters, int Segment, double T) DistanceToPolyline(GeoPoint p, IReadOnlyList<GeoPoint> line)
    {
        var best = (double.PositiveInfinity, 0, 0.0);
        if (line.Count == 1) return (GeoPoint.Meters(p, line[0]), 0, 0);
        for (var i = 0; i + 1 < line.Count; i++)
        {
            var (d, t) = DistanceToSegment(p, line[i], line[i + 1]);
            if (d < best.Item1) best = (d, i, t);
        }
        return best;
    }

    /// <summary>Length of a polyline in metres.</summary>
    public static double PolylineMeters(IReadOnlyList<GeoPoint> line)
    {
        var s = 0.0;
        for (var i = 0; i + 1 < line.Count; i++) s += GeoPoint.Meters(line[i], line[i + 1]);
        return s;
    }

    /// <summary>
    /// Radius in metres of the circle through three points (circumradius), or +infinity when they are collinear.
    /// Used to estimate curve radii from track geometry.
    /// </summary>
    public static double Circumradius(GeoPoint a, GeoPoint b, GeoPoint c)
    {
        var ab = GeoPoint.Meters(a, b); var bc = GeoPoint.Meters(b, c); var ca = GeoPoint.Meters(c, a);
        var k = Math.Cos(b.Latitude * Math.PI / 180);
        const double m = Math.PI / 180 * GeoPoint.EarthRadiusMeters;
        var x1 = (a.Longitude - b.Longitude) * k * m; var y1 = (a.Latitude - b.Latitude) * m;
        var x2 = (c.Longitude - b.Longitude) * k * m; var y2 = (c.Latitude - b.Latitude) * m;
        var cross = Math.Abs(x1 * y2 - x2 * y1); // twice the triangle's area
        if (cross < 1e-9) return double.PositiveInfinity;
        return ab * bc * ca / (2 * cross);
    }
}
