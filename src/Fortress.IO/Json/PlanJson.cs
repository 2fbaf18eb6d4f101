using System.Text;
using System.Text.Json;
using Fortress.Planning;

namespace Fortress.IO.Json;

/// <summary>
/// A plan view as JSON: the one writer behind <c>fortress plan --format json</c> and the web service. It writes only what
/// the view model holds, so the need-to-know rules live in <see cref="PlanViewBuilder"/> alone.
/// </summary>
public static class PlanJson
{
    /// <summary>The writer options of the console's JSON documents: compact, non-ASCII and '+' kept as they are.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(PlanViewModel m)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("view", m.View.ToString().ToLowerInvariant());
            w.WriteString("title", m.Title);
            if (m.Purpose is not null) w.WriteString("purpose", m.Purpose);
            w.WriteStartArray(m.View == PlanView.Security ? "trains" : m.View == PlanView.Dispatcher ? "reservedPaths" : "trains");
            foreach (var t in m.Trains)
            {
                w.WriteStartObject();
                w.WriteString("id", t.Id);
                if (t.Role is not null) w.WriteString("role", t.Role);
                if (t.Name is not null) w.WriteString("name", t.Name);
                if (t.Consist is not null)
                {
                    w.WriteStartArray("consist");
                    foreach (var c in t.Consist) w.WriteStringValue(c);
                    w.WriteEndArray();
                }
                w.WriteStartArray("stops");
                foreach (var s in t.Stops)
                {
                    w.WriteStartObject();
                    w.WriteString("station", s.Station);
                    if (s.Arrival is not null) w.WriteString("arrival", s.Arrival); else w.WriteNull("arrival");
                    if (s.Departure is not null) w.WriteString("departure", s.Departure); else w.WriteNull("departure");
                    w.WriteString("activity", s.Activity);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Occupations(w, "gaugeChanges", m.GaugeChanges);
            Occupations(w, "tractionChanges", m.TractionChanges);
            w.WriteStartArray("clearanceOrders");
            foreach (var o in m.ClearanceOrders) w.WriteStringValue(o);
            w.WriteEndArray();
            if (m.Sweeps is { } r) Sweeps(w, r);
            if (m.Berths is { } b) Berths(w, b);
            w.WriteStartObject("summary");
            foreach (var (k, v) in m.Summary)
                if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) w.WriteNumber(k, d); else w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>The berth plan (security view only).</summary>
    private static void Berths(Utf8JsonWriter w, Fortress.Security.BerthPlan b)
    {
        w.WriteStartObject("berths");
        w.WriteNumber("principalCar", b.PrincipalCar);
        w.WriteNumber("passengers", b.Passengers);
        w.WriteStartArray("cars");
        foreach (var c in b.Cars)
        {
            w.WriteStartObject();
            w.WriteNumber("car", c.Index);
            w.WriteString("vehicle", c.VehicleId);
            w.WriteNumber("berths", c.Berths);
            w.WriteStartArray("occupants");
            foreach (var p in c.Occupants)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("role", p.Role.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("conferenceBookings");
        foreach (var (meeting, car) in b.Bookings)
        {
            w.WriteStartObject();
            w.WriteString("meeting", meeting.Title);
            w.WriteNumber("car", car);
            w.WriteString("start", meeting.Start.ToString());
            w.WriteString("end", meeting.End.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The sweep roster (security view only).</summary>
    private static void Sweeps(Utf8JsonWriter w, Fortress.Security.SweepRoster r)
    {
        w.WriteStartObject("sweeps");
        w.WriteBoolean("feasible", r.Feasible);
        w.WriteNumber("teamsAvailable", r.TeamsAvailable);
        w.WriteNumber("teamSize", r.TeamSize);
        w.WriteNumber("teamsUsed", r.TeamsUsed);
        w.WriteNumber("agentsUsed", r.AgentsUsed);
        w.WriteNumber("lowerBoundTeams", r.LowerBound);
        w.WriteNumber("optimalityGap", Math.Round(r.OptimalityGap, 3));
        w.WriteNumber("utilisation", Math.Round(r.Utilisation, 3));
        w.WriteStartArray("teams");
        foreach (var t in r.Teams)
        {
            w.WriteStartObject();
            w.WriteNumber("team", t.Number);
            w.WriteString("base", t.Base);
            w.WriteNumber("agents", t.Agents);
            w.WriteNumber("utilisation", Math.Round(t.Utilisation, 3));
            w.WriteStartArray("assignments");
            foreach (var a in t.Assignments)
            {
                w.WriteStartObject();
                w.WriteString("site", a.Site.Name);
                w.WriteString("kind", a.Site.Kind.ToString());
                var z = a.Site.Zone ?? NodaTime.DateTimeZone.Utc;
                w.WriteString("arrive", ConvoyPlanner.Iso(a.Arrive, z));
                w.WriteString("start", ConvoyPlanner.Iso(a.Start, z));
                w.WriteString("end", ConvoyPlanner.Iso(a.End, z));
                w.WriteString("releasedAt", ConvoyPlanner.Iso(a.ReleasedAt, z));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("uncovered");
        foreach (var u in r.Uncovered)
        {
            w.WriteStartObject();
            w.WriteString("site", u.Site.Name);
            var uz = u.Site.Zone ?? NodaTime.DateTimeZone.Utc;
            w.WriteString("windowStart", ConvoyPlanner.Iso(u.WindowStart, uz));
            w.WriteString("windowEnd", ConvoyPlanner.Iso(u.WindowEnd, uz));
            w.WriteString("reason", u.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Occupations(Utf8JsonWriter w, string name, IReadOnlyList<ViewOccupation> list)
    {
        w.WriteStartArray(name);
        foreach (var o in list)
        {
            w.WriteStartObject();
            w.WriteString("place", o.Place);
            w.WriteString("what", o.What);
            w.WriteString("start", o.Start);
            w.WriteString("end", o.End);
            if (o.Train is not null) w.WriteString("train", o.Train);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

}
