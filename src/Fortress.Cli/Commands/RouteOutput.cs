using System.Globalization;
using System.Text;
using System.Text.Json;
using Fortress.Network;
using Fortress.Routing;

namespace Fortress.Cli.Commands;

/// <summary>Renders a <see cref="Route"/> as a table for people, JSON, or GeoJSON.</summary>
internal static class RouteOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Json(Route r, RoutingTrain train, RailNetwork net)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("network", net.Name);
            w.WriteString("from", r.From);
            w.WriteString("to", r.To);
            w.WriteString("train", train.Consist.Name);
            w.WriteNumber("gaugeMillimeters", train.GaugeMillimeters);
            w.WriteNumber("lengthMeters", Math.Round(r.Length.Meters, 1));
            w.WriteNumber("runningTimeSeconds", Math.Round(r.RunningTime.Seconds, 1));
            w.WriteNumber("estimatedTimeSeconds", Math.Round(r.EstimatedTime.Seconds, 1));
            var times = Times(r);
            w.WriteStartArray("stations");
            for (var i = 0; i < r.Stations.Count; i++)
            {
                var s = r.Stations[i];
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("kind", s.Kind.ToString());
                w.WriteNumber("positionMeters", Math.Round(s.Position.Meters, 1));
                if (times.Count > i && times[i] is { } t) w.WriteNumber("timeSeconds", Math.Round(t, 1)); else w.WriteNull("timeSeconds");
                Coordinates(w, s.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("gaugeChanges");
            foreach (var g in r.GaugeChanges)
            {
                w.WriteStartObject();
                w.WriteString("facility", g.Facility);
                w.WriteNumber("positionMeters", Math.Round(g.Position.Meters, 1));
                w.WriteNumber("fromGaugeMillimeters", g.FromGauge);
                w.WriteNumber("toGaugeMillimeters", g.ToGauge);
                w.WriteNumber("durationSeconds", g.Duration.Seconds);
                Coordinates(w, g.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("tractionChanges");
            foreach (var t in r.TractionChanges)
            {
                w.WriteStartObject();
                w.WriteString("place", t.Place);
                w.WriteNumber("positionMeters", Math.Round(t.Position.Meters, 1));
                w.WriteString("from", t.From);
                w.WriteString("to", t.To);
                w.WriteNumber("durationSeconds", t.Duration.Seconds);
                Coordinates(w, t.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("reversals");
            foreach (var v in r.Reversals)
            {
                w.WriteStartObject();
                w.WriteNumber("positionMeters", Math.Round(v.Position.Meters, 1));
                w.WriteNumber("durationSeconds", v.Duration.Seconds);
                Coordinates(w, v.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var l in r.Legs)
            {
                var e = net[l.Edge];
                w.WriteStartObject();
                w.WriteString("source", e.SourceRef);
                w.WriteString("direction", l.Direction == EdgeDirection.Forward ? "forward" : "backward");
                w.WriteNumber("lengthMeters", Math.Round(l.Length.Meters, 1));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("geometry");
            LineString(w, r.Geometry);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    public static string GeoJson(Route r, RoutingTrain train)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            LineString(w, r.Geometry);
            w.WriteStartObject("properties");
            w.WriteString("from", r.From);
            w.WriteString("to", r.To);
            w.WriteString("train", train.Consist.Name);
            w.WriteNumber("lengthMeters", Math.Round(r.Length.Meters, 1));
            w.WriteNumber("runningTimeSeconds", Math.Round(r.RunningTime.Seconds, 1));
            w.WriteEndObject();
            w.WriteEndObject();
            foreach (var s in r.Stations) Point(w, s.Location, "station", s.Name, s.Position.Meters);
            foreach (var g in r.GaugeChanges) Point(w, g.Location, "gaugeChange", $"{g.Facility}: {g.FromGauge} -> {g.ToGauge} mm, {g.Duration.Minutes:0} min", g.Position.Meters);
            foreach (var t in r.TractionChanges) Point(w, t.Location, "tractionChange", $"{t.Place}: {t.From} -> {t.To}", t.Position.Meters);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    public static string Table(Route r, RoutingTrain train, RailNetwork net)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"Route {r.From} -> {r.To} on {net.Name}");
        sb.AppendLine(Inv, $"Train      {train.Consist.Name}, {train.GaugeMillimeters} mm, max {train.Consist.MaxSpeed}, axle load {train.Consist.MaxAxleLoad}");
        sb.AppendLine(Inv, $"Length     {r.Length.Kilometers:0.000} km over {r.Legs.Count} edges");
        sb.AppendLine(Inv, $"Running    {Hms(r.RunningTime.Seconds)} (engine; search estimate {Hms(r.EstimatedTime.Seconds)})");
        var times = Times(r);
        if (r.Stations.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("  km        time      station");
            for (var i = 0; i < r.Stations.Count; i++)
            {
                var s = r.Stations[i];
                var t = times.Count > i && times[i] is { } x ? Hms(x) : "-";
                sb.AppendLine(Inv, $"  {s.Position.Meters / 1000,8:0.000}  {t,8}  {s.Name}");
            }
        }
        foreach (var g in r.GaugeChanges)
            sb.AppendLine(Inv, $"Gauge change at {g.Facility} (km {g.Position.Meters / 1000:0.000}): {g.FromGauge} -> {g.ToGauge} mm, {g.Duration.Minutes:0} min");
        foreach (var t in r.TractionChanges)
            sb.AppendLine(Inv, $"Traction change at {t.Place} (km {t.Position.Meters / 1000:0.000}): {t.From} -> {t.To}, {t.Duration.Minutes:0} min");
        foreach (var v in r.Reversals)
            sb.AppendLine(Inv, $"Reversal at km {v.Position.Meters / 1000:0.000} ({v.Location}), {v.Duration.Minutes:0} min");
        return sb.ToString();
    }

    /// <summary>The engine's passing time at each station, in order (the path's points of interest are the stations).</summary>
    private static IReadOnlyList<double?> Times(Route r) =>
        r.Run is null ? [] : r.Run.PointsOfInterest.Select(p => p.Time?.Seconds).ToArray();

    private static string Hms(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
    }

    private static void Coordinates(Utf8JsonWriter w, GeoPoint p)
    {
        w.WriteNumber("lat", Math.Round(p.Latitude, 7));
        w.WriteNumber("lon", Math.Round(p.Longitude, 7));
    }

    private static void LineString(Utf8JsonWriter w, IReadOnlyList<GeoPoint> points)
    {
        w.WriteStartObject();
        w.WriteString("type", "LineString");
        w.WriteStartArray("coordinates");
        foreach (var p in points)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Math.Round(p.Longitude, 7));
            w.WriteNumberValue(Math.Round(p.Latitude, 7));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Point(Utf8JsonWriter w, GeoPoint p, string kind, string name, double positionMeters)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", "Point");
        w.WriteStartArray("coordinates");
        w.WriteNumberValue(Math.Round(p.Longitude, 7));
        w.WriteNumberValue(Math.Round(p.Latitude, 7));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("kind", kind);
        w.WriteString("name", name);
        w.WriteNumber("positionMeters", Math.Round(positionMeters, 1));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
