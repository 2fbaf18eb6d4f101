using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Operations;
using Fortress.Planning;
using Fortress.Units;
using Fortress.Web.Storage;

namespace Fortress.Web.Plans;

// The live state: one LiveTracker per plan, fed in arrival order (stored reports first, on start).
public sealed partial class LivePlan
{
    private LiveTracker tracker = null!;
    private volatile Views current = null!;

    /// <summary>The live state's JSON in the two views that may see it, serialised once per update.</summary>
    private sealed class Views(LiveState state, ConvoyPlan plan)
    {
        private readonly Lazy<string> security = new(() => Fortress.IO.Json.LiveJson.Write(state, plan, PlanView.Security));
        private readonly Lazy<string> dispatcher = new(() => Fortress.IO.Json.LiveJson.Write(state, plan, PlanView.Dispatcher));
        public LiveState State => state;
        public string Json(PlanView v) => v == PlanView.Security ? security.Value : dispatcher.Value;
    }

    /// <summary>Simulated position reports of a plan, in time order (<see cref="Replay.Simulate"/>), as received reports.</summary>
    public static IReadOnlyList<IncomingReport> Simulate(ConvoyPlan plan, NodaTime.Duration interval, IReadOnlyList<ReplayDisturbance>? disturbances = null) =>
        Replay.Simulate(plan, interval, disturbances).Select(r => new IncomingReport(r.Train, r.Time, r.Latitude, r.Longitude, r.Speed?.KilometersPerHour)).ToList();

    private void InitTracking(IReadOnlyList<ReportRecord> stored)
    {
        tracker = new LiveTracker(Plan);
        foreach (var r in stored)
            if (EnumText.TryParse<ConvoyRole>(r.Train, out var role)) Track(new IncomingReport(role, r.Time, r.Latitude, r.Longitude, r.SpeedKmh));
        current = new Views(tracker.State, Plan);
    }

    private IReadOnlyList<Alert> Track(IncomingReport r)
    {
        try { return tracker.Report(new PositionReport(r.Train, r.Time, r.Latitude, r.Longitude, r.SpeedKmh is { } s ? Speed.FromKilometersPerHour(s) : null)).NewAlerts; }
        catch (InvalidInputException) { return []; } // checked before storing; a stored report the tracker refuses changes nothing
    }

    private void Apply(IReadOnlyList<IncomingReport> reports)
    {
        var alerts = reports.SelectMany(Track).ToList();
        var views = current = new Views(tracker.State, Plan);
        Publish(v => [Frame("live", views.Json(v)), .. alerts.Select(a => Frame("alert", Fortress.IO.Json.LiveJson.WriteAlert(a, Plan, v)))]);
    }

    /// <summary>The live state in a view (docs/api.md, "Live state"); security or dispatcher only.</summary>
    public string LiveJson(PlanView view) => current.Json(view);

    /// <summary>The live state itself (the latest snapshot).</summary>
    public LiveState State => current.State;

    /// <summary>The route map (GeoJSON): the tracker's route line and the corridor's places.</summary>
    public string MapJson()
    {
        var route = tracker.Geometry.Vertices.Select(v => (v.Latitude, v.Longitude)).ToList();
        return Fortress.IO.Json.MapJson.Write(Plan.Journey.Corridor, route);
    }
}
