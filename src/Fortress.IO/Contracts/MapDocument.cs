using Fortress.Planning;

namespace Fortress.IO.Contracts;

/// <summary>
/// The route map as GeoJSON (RFC 7946, longitude before latitude): the route as one <c>LineString</c>
/// (<c>kind: "route"</c>) and the corridor's places as <c>Point</c>s with <c>name</c>, <c>kind</c> and <c>km</c>.
/// </summary>
public sealed record MapDocument(string Type, IReadOnlyList<MapFeature> Features)
{
    /// <summary>The kind a map gives a place: station, loop, border, gaugeChange or junction.</summary>
    public static string Kind(PlaceKind k) => k switch
    {
        PlaceKind.PassingLoop => "loop",
        PlaceKind.Border => "border",
        PlaceKind.GaugeChange => "gaugeChange",
        PlaceKind.Junction => "junction",
        _ => "station",
    };

    /// <summary>The map: <paramref name="route"/> as the line (WGS84 degrees, in order along the corridor) and every place of the corridor with known coordinates.</summary>
    public static MapDocument From(Corridor corridor, IReadOnlyList<(double Lat, double Lon)> route)
    {
        var features = new List<MapFeature>();
        if (route.Count >= 2)
            features.Add(new MapFeature("Feature", new MapProperties(corridor.Name, "route", null), new MapLine("LineString", route.Select(p => Point(p.Lat, p.Lon)).ToArray())));
        foreach (var p in corridor.Places)
        {
            if (p.Coordinates is not { } ll) continue;
            // A place with a break of gauge is drawn as one, whatever else it is.
            var kind = corridor.GaugeChanges.Any(g => string.Equals(g.Place, p.Name, StringComparison.OrdinalIgnoreCase)) ? "gaugeChange" : Kind(p.Kind);
            features.Add(new MapFeature("Feature", new MapProperties(p.Name, kind, Math.Round(p.Position.Meters / 1000, 3)), new MapPoint("Point", Point(ll.Lat, ll.Lon))));
        }
        return new MapDocument("FeatureCollection", features);
    }

    private static double[] Point(double lat, double lon) => [Math.Round(lon, 6), Math.Round(lat, 6)];
}

public sealed record MapFeature(string Type, MapProperties Properties, MapGeometry Geometry);

public sealed record MapProperties(string Name, string Kind, double? Km);

[System.Text.Json.Serialization.JsonDerivedType(typeof(MapLine))]
[System.Text.Json.Serialization.JsonDerivedType(typeof(MapPoint))]
public abstract record MapGeometry(string Type);

public sealed record MapLine(string Type, IReadOnlyList<double[]> Coordinates) : MapGeometry(Type);

public sealed record MapPoint(string Type, double[] Coordinates) : MapGeometry(Type);
