using Fortress.Planning;
using Fortress.Web.Storage;

namespace Fortress.Web.Plans;

// The live state: until the tracking core (Fortress.Operations) is merged, the last report of each train.
public sealed partial class LivePlan
{
    private readonly Dictionary<ConvoyRole, IncomingReport> last = [];

    private void InitTracking(IReadOnlyList<ReportRecord> stored)
    {
        foreach (var r in stored)
            if (Enum.TryParse<ConvoyRole>(r.Train, true, out var role)) last[role] = new IncomingReport(role, r.Time, r.Latitude, r.Longitude, r.SpeedKmh);
    }

    private void Apply(IReadOnlyList<IncomingReport> reports)
    {
        foreach (var r in reports) last[r.Train] = r;
        Publish(v => [Frame("live", LiveJson(v))]);
    }

    /// <summary>The route map (GeoJSON) of this plan: the corridor's places on their coordinates.</summary>
    public string MapJson()
    {
        var coordinates = Fortress.IO.Reports.PlaceCoordinates.Read(Scenario);
        var route = Plan.Journey.Corridor.Places.Select(p => p.Coordinates ?? (coordinates.TryGetValue(p.Name, out var c) ? c : ((double, double)?)null))
            .Where(c => c is not null).Select(c => c!.Value).ToList();
        return Fortress.IO.Json.MapJson.Write(Plan.Journey.Corridor, route, coordinates);
    }

    /// <summary>The live state in a view (docs/api.md, "Live state").</summary>
    public string LiveJson(PlanView view)
    {
        using var ms = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("trains");
            foreach (var t in Plan.Trains.OrderBy(t => t.Departure))
            {
                w.WriteStartObject();
                w.WriteString("id", TrainId(t.Role, view));
                if (view == PlanView.Security) w.WriteString("role", t.Role.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("alerts");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
