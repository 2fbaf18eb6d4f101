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
            if (m.Provisioning is { } pv) Provisioning(w, pv);
            if (m.Evacuation is { } ev) Evacuation(w, ev);
            w.WriteStartObject("summary");
            foreach (var (k, v) in m.Summary)
                if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) w.WriteNumber(k, d); else w.WriteString(k, v);
            if (m.ClearanceQuality is { } q)
            {
                w.WriteStartObject("clearance");
                Quality(w, q);
                w.WriteNumber("knockOnConflicts", m.ClearanceKnockOnConflicts);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static double R(double x, int digits = 1) => Math.Round(x, digits);

    /// <summary>How good a decision is: objective, bound, gap (null when not finite), method, in words, and the solver's time.</summary>
    private static void Quality(Utf8JsonWriter w, Fortress.Optimisation.Optimality q)
    {
        w.WriteNumber("objective", R(q.Objective, 2));
        w.WriteNumber("bound", R(q.Bound, 2));
        if (q.GapPercent is { } g) w.WriteNumber("gapPercent", R(g, 2)); else w.WriteNull("gapPercent");
        w.WriteString("method", q.MethodName);
        w.WriteString("unit", q.Unit);
        w.WriteString("inWords", q.Describe());
        w.WriteNumber("solveSeconds", R(q.SolveTime.TotalSeconds, 2));
    }

    /// <summary>The provisioning plan (security view only): meals, loads per stop, stock per item, fuel per diesel stretch.</summary>
    private static void Provisioning(Utf8JsonWriter w, Fortress.Logistics.ProvisioningPlan p)
    {
        w.WriteStartObject("provisioning");
        w.WriteNumber("people", p.People);
        w.WriteNumber("meals", p.Meals.Count);
        w.WriteNumber("portions", p.Portions);
        w.WriteStartArray("mealsServed");
        foreach (var m in p.Meals)
        {
            w.WriteStartObject();
            w.WriteString("meal", m.Kind.ToString().ToLowerInvariant());
            w.WriteString("at", ConvoyPlanner.Iso(m.At, m.Zone));
            w.WriteString("near", m.Near);
            w.WriteNumber("km", R(m.Position.Meters / 1000));
            w.WriteStartObject("portions");
            foreach (var (c, n) in m.Portions) w.WriteNumber(c, n);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("loads");
        foreach (var l in p.Loads)
        {
            w.WriteStartObject();
            w.WriteString("place", l.Place);
            w.WriteString("at", ConvoyPlanner.Iso(l.At, l.Zone));
            w.WriteStartArray("items");
            foreach (var x in l.Loads)
            {
                w.WriteStartObject();
                w.WriteString("item", x.Item);
                w.WriteNumber("amount", R(x.Amount));
                w.WriteString("unit", x.Unit);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("items");
        foreach (var it in p.Items)
        {
            w.WriteStartObject();
            w.WriteString("item", it.Item.Name);
            w.WriteString("storage", it.Item.Storage.ToString().ToLowerInvariant());
            w.WriteString("unit", it.Item.Unit);
            if (it.Item.ShelfLife is { } life) w.WriteNumber("shelfLifeHours", R(life.Hours)); else w.WriteNull("shelfLifeHours");
            w.WriteNumber("capacity", R(it.Capacity));
            w.WriteNumber("loaded", R(it.Loaded));
            w.WriteNumber("consumed", R(it.Consumed));
            w.WriteNumber("discarded", R(it.Discarded));
            w.WriteNumber("minimum", R(it.Minimum));
            w.WriteStartArray("stock");
            foreach (var l in it.Levels)
            {
                w.WriteStartObject();
                w.WriteString("at", l.At.ToString());
                w.WriteNumber("km", R(l.Position.Meters / 1000));
                w.WriteNumber("level", R(l.Level));
                w.WriteString("event", l.Event);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("fuel");
        foreach (var f in p.Fuel)
        {
            w.WriteStartObject();
            w.WriteString("train", f.Train);
            w.WriteString("from", f.From);
            w.WriteString("to", f.To);
            w.WriteString("locomotives", f.Locomotives);
            w.WriteNumber("tractionEnergyKwh", R(f.TractionEnergy.KilowattHours, 0));
            w.WriteNumber("idleHours", R(f.Idle.Hours, 2));
            w.WriteNumber("litresNeeded", R(f.LitresNeeded, 0));
            w.WriteNumber("tankLitres", R(f.TankLitres, 0));
            w.WriteNumber("usableLitres", R(f.UsableLitres, 0));
            w.WriteBoolean("checked", f.Checked);
            w.WriteNumber("margin", R(f.Margin, 3));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Evacuation coverage (security view only): the longest gap, shares within thresholds, points and the profile.</summary>
    private static void Evacuation(Utf8JsonWriter w, Fortress.Logistics.EvacuationCoverage e)
    {
        w.WriteStartObject("evacuation");
        w.WriteStartObject("longestGap");
        w.WriteNumber("km", R(e.Worst.Position.Meters / 1000, 2));
        w.WriteNumber("minutes", R(e.Worst.Time.Minutes));
        w.WriteString("between", e.WorstBetween);
        w.WriteString("nearestPoint", e.Worst.Point);
        w.WriteEndObject();
        w.WriteStartArray("within");
        foreach (var (t, share) in e.Within)
        {
            w.WriteStartObject();
            w.WriteNumber("minutes", R(t.Minutes));
            w.WriteNumber("share", R(share, 3));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("points");
        foreach (var p in e.Points)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("kind", p.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("km", R(p.Position.Meters / 1000, 2));
            w.WriteNumber("accessKm", R(p.Access.Kilometers, 2));
            w.WriteString("access", p.Mode.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("profile");
        foreach (var s in e.Profile)
        {
            w.WriteStartArray();
            w.WriteNumberValue(R(s.Position.Meters / 1000, 2));
            w.WriteNumberValue(R(s.Time.Minutes));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
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
        w.WriteNumber("travelHours", R(r.TravelHours));
        if (r.Quality is { } q) Quality(w, q);
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
                if (a.Via is not null) w.WriteString("via", a.Via);
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
