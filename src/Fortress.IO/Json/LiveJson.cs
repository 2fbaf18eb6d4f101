using System.Text.Json;
using Fortress.Operations;
using Fortress.Planning;
using NodaTime;

namespace Fortress.IO.Json;

/// <summary>
/// The live state and alerts as the console's JSON (docs/api.md, "Live state"), in a view: train ids from
/// <see cref="PlanViewBuilder.TrainId"/>, the train's role only for security; times ISO-8601 in the zone of the place.
/// Passing loops run through are left off the stops, as the plan's timetables leave them off.
/// </summary>
public static class LiveJson
{
    public static string Write(LiveState state, ConvoyPlan plan, PlanView view)
    {
        if (view == PlanView.Public) throw new ArgumentException("the public view has no live convoy state", nameof(view));
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, PlanJson.Options))
        {
            var corridor = plan.Journey.Corridor;
            var kinds = corridor.Places.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Name, p => p.Kind, StringComparer.OrdinalIgnoreCase);
            w.WriteStartObject();
            if (state.AsOf is { } asOf)
            {
                var lead = state.Trains.Where(t => t.Position is not null).MaxBy(t => t.Position!.Along);
                w.WriteString("asOf", ConvoyPlanner.Iso(asOf, ZoneAt(corridor, lead?.Position?.Along ?? Fortress.Units.Position.Origin)));
            }
            else w.WriteNull("asOf");
            w.WriteStartArray("trains");
            foreach (var t in state.Trains.OrderBy(t => Departure(plan, t.Role)))
            {
                w.WriteStartObject();
                w.WriteString("id", PlanViewBuilder.TrainId(plan, t.Role, view));
                if (view == PlanView.Security) w.WriteString("role", t.Role.ToString().ToLowerInvariant());
                if (t.Position is { } p)
                {
                    w.WriteStartObject("position");
                    w.WriteString("time", ConvoyPlanner.Iso(p.Time, ZoneAt(corridor, p.Along)));
                    w.WriteNumber("lat", Math.Round(p.Latitude, 6));
                    w.WriteNumber("lon", Math.Round(p.Longitude, 6));
                    w.WriteNumber("km", Math.Round(p.Along.Meters / 1000, 3));
                    w.WriteNumber("speedKmh", Math.Round(p.Speed.KilometersPerHour, 1));
                    w.WriteBoolean("onRoute", p.OnRoute);
                    w.WriteEndObject();
                }
                else w.WriteNull("position");
                if (t.Delay is { } d) w.WriteNumber("delaySeconds", Math.Round(d.TotalSeconds)); else w.WriteNull("delaySeconds");
                w.WriteStartArray("stops");
                foreach (var s in t.Stops)
                {
                    if (s.Kind == CallKind.Pass && kinds.TryGetValue(s.Station, out var k) && k == PlaceKind.PassingLoop) continue;
                    w.WriteStartObject();
                    w.WriteString("station", s.Station);
                    Time(w, "plannedArrival", s.PlannedArrival, s.Zone);
                    Time(w, "plannedDeparture", s.PlannedDeparture, s.Zone);
                    Time(w, "actualArrival", s.ActualArrival, s.Zone);
                    Time(w, "actualDeparture", s.ActualDeparture, s.Zone);
                    Time(w, "forecastArrival", s.ForecastArrival, s.Zone);
                    Time(w, "forecastDeparture", s.ForecastDeparture, s.Zone);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("alerts");
            foreach (var a in state.Alerts) Alert(w, a, plan, view);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>One alert as its own JSON document (the <c>event: alert</c> payload).</summary>
    public static string WriteAlert(Alert a, ConvoyPlan plan, PlanView view)
    {
        if (view == PlanView.Public) throw new ArgumentException("the public view has no convoy alerts", nameof(view));
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, PlanJson.Options)) Alert(w, a, plan, view);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The kind as the JSON names it: headway, stoppedOutsideStation, offRoute, lateArrival.</summary>
    public static string Kind(AlertKind k) => JsonNamingPolicy.CamelCase.ConvertName(k.ToString());

    private static void Alert(Utf8JsonWriter w, Alert a, ConvoyPlan plan, PlanView view)
    {
        w.WriteStartObject();
        w.WriteString("time", ConvoyPlanner.Iso(a.Time, plan.Journey.Corridor.Places[0].Zone));
        w.WriteString("kind", Kind(a.Kind));
        w.WriteString("train", PlanViewBuilder.TrainId(plan, a.Train, view));
        w.WriteString("message", a.Message);
        w.WriteEndObject();
    }

    private static Instant Departure(ConvoyPlan plan, ConvoyRole role) => plan.Trains.Single(t => t.Role == role).Departure;

    private static void Time(Utf8JsonWriter w, string name, Instant? t, DateTimeZone zone)
    {
        if (t is { } v) w.WriteString(name, ConvoyPlanner.Iso(v, zone)); else w.WriteNull(name);
    }

    /// <summary>The zone of the last corridor place at or before a position (the origin's before the first).</summary>
    public static DateTimeZone ZoneAt(Corridor corridor, Fortress.Units.Position x)
    {
        var zone = corridor.Places[0].Zone;
        foreach (var p in corridor.Places)
        {
            if (p.Position > x) break;
            zone = p.Zone;
        }
        return zone;
    }
}
