using System.Text.Json;
using Fortress.Planning;

namespace Fortress.IO.Json;

/// <summary>
/// The route map as GeoJSON (RFC 7946, longitude before latitude): the route as one <c>LineString</c>
/// (<c>kind: "route"</c>) and the corridor's places as <c>Point</c>s with <c>name</c>, <c>kind</c> and <c>km</c>.
/// </summary>
public static class MapJson
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

    /// <summary>
    /// Writes the map: <paramref name="route"/> as the line (WGS84 degrees, in order along the corridor) and every
    /// place of the corridor with known coordinates (its own, or from <paramref name="coordinates"/> by name).
    /// </summary>
    public static string Write(Corridor corridor, IReadOnlyList<(double Lat, double Lon)> route, IReadOnlyDictionary<string, (double Lat, double Lon)> coordinates)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, PlanJson.Options))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            if (route.Count >= 2)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("kind", "route");
                w.WriteString("name", corridor.Name);
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "LineString");
                w.WriteStartArray("coordinates");
                foreach (var (lat, lon) in route) Point(w, lat, lon);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            foreach (var p in corridor.Places)
            {
                var c = p.Coordinates ?? (coordinates.TryGetValue(p.Name, out var k) ? k : null);
                if (c is not { } ll) continue;
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("name", p.Name);
                // A place with a break of gauge is drawn as one, whatever else it is.
                w.WriteString("kind", corridor.GaugeChanges.Any(g => string.Equals(g.Place, p.Name, StringComparison.OrdinalIgnoreCase)) ? "gaugeChange" : Kind(p.Kind));
                w.WriteNumber("km", Math.Round(p.Position.Meters / 1000, 3));
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                Point(w, ll.Lat, ll.Lon);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Point(Utf8JsonWriter w, double lat, double lon)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(lon, 6));
        w.WriteNumberValue(Math.Round(lat, 6));
        w.WriteEndArray();
    }
}
