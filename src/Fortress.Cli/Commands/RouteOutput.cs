using System.Globalization;
using System.Text;
using Fortress.IO.Contracts;
using Fortress.Network;
using Fortress.Routing;

namespace Fortress.Cli.Commands;

/// <summary>Renders a <see cref="Route"/> as a table for people, JSON (the <see cref="RouteDocument"/> contract), or GeoJSON.</summary>
internal static class RouteOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The route as its JSON contract (<see cref="RouteDocument"/>), indented, ending with a newline.</summary>
    public static string Json(Route r, RoutingTrain train, RailNetwork net) => FortressJson.Write(RouteDocument.FromRoute(r, train, net));

    /// <summary>The route as GeoJSON (<see cref="RouteGeoJsonDocument"/>), indented, ending with a newline.</summary>
    public static string GeoJson(Route r, RoutingTrain train) => FortressJson.Write(RouteGeoJsonDocument.From(r, train));

    public static string Table(Route r, RoutingTrain train, RailNetwork net)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"Route {r.From} -> {r.To} on {net.Name}");
        sb.AppendLine(Inv, $"Train      {train.Consist.Name}, {train.GaugeMillimeters} mm, max {train.Consist.MaxSpeed}, axle load {train.Consist.MaxAxleLoad}");
        sb.AppendLine(Inv, $"Length     {r.Length.Kilometers:0.000} km over {r.Legs.Count} edges");
        sb.AppendLine(Inv, $"Running    {Hms(r.RunningTime.Seconds)} (engine; search estimate {Hms(r.EstimatedTime.Seconds)})");
        var times = RouteDocument.PassingTimes(r);
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

    private static string Hms(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
    }
}
