using Fortress.Diagnostics;
using Fortress.IO.Contracts;
using Fortress.Operations;
using Fortress.Planning;
using Fortress.Units;
using Fortress.Views;
using Fortress.Web.Storage;

namespace Fortress.Web.Plans;

// The live state: one LiveTracker per plan, fed in arrival order (stored reports first, on start).
public sealed partial class LivePlan
{
    private LiveTracker tracker = null!;
    private volatile Views current = null!;

    /// <summary>The live state's JSON per view, serialised once per update and view (what each view may see is its policy's decision).</summary>
    private sealed class Views(LiveState state, ConvoyPlan plan)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<PlanView, Lazy<string>> json = new();
        public LiveState State => state;
        public string Json(PlanView v) => json.GetOrAdd(v, view => new Lazy<string>(() => FortressJson.Write(LiveDocument.From(state, plan, ViewPolicy.For(view))))).Value;
    }

    /// <summary>
    /// Simulated position reports of a planned state, in time order, as received reports: its own simulation (the convoy
    /// and the traffic as cleared, <see cref="Replay"/>) with the given unplanned stops.
    /// </summary>
    public static IReadOnlyList<IncomingReport> Simulate(Fortress.Application.PlanState planned, NodaTime.Duration interval, IReadOnlyList<ReplayDisturbance>? disturbances = null) =>
        (planned.Simulation is { } sim ? Replay.Simulate(planned.Plan, sim.Model, interval, disturbances) : Replay.Simulate(planned.Plan, interval, disturbances)).Select(r => new IncomingReport(r.Train, r.Time, r.Latitude, r.Longitude, r.Speed?.KilometersPerHour)).ToList();

    /// <summary>Stored reports that could not be replayed (rows from older versions that fail today's checks): skipped, with a logged warning.</summary>
    public int SkippedReports { get; private set; }

    private void InitTracking(IReadOnlyList<ReportRecord> stored)
    {
        tracker = new LiveTracker(Plan);
        for (var i = 0; i < stored.Count; i++)
        {
            var r = stored[i];
            // Rows are checked again as they are replayed: one stored by an older version without the checks must never
            // make the plan unreadable.
            if (!TrainId.IsValid(r.Train) || !Plan.Trains.Any(t => t.Id.Value == r.Train)) { Skip(i, "its train is not one of this plan's"); continue; }
            var report = new IncomingReport(TrainId.Of(r.Train), r.Time, r.Latitude, r.Longitude, r.SpeedKmh);
            if (ReportChecks.Check(Plan, ToPosition(report), "report", geometry: tracker.Geometry) is { Count: > 0 } problems) { Skip(i, string.Join("; ", problems)); continue; }
            Track(report);
        }
        current = new Views(tracker.State, Plan);
    }

    private void Skip(int index, string why)
    {
        SkippedReports++;
        if (log is not null)
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(log, "plan {Plan}: stored position report {Index} skipped on replay: {Why}", Id, index, why);
    }

    private static PositionReport ToPosition(IncomingReport r) =>
        new(r.Train, r.Time, r.Latitude, r.Longitude, r.SpeedKmh is { } s && double.IsFinite(s) && s >= 0 ? Speed.FromKilometersPerHour(s) : null);

    private IReadOnlyList<Alert> Track(IncomingReport r)
    {
        try { return tracker.Report(ToPosition(r)).NewAlerts; }
        catch (InvalidInputException) { return []; } // checked before storing; a stored report the tracker refuses changes nothing
        catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
        {
            // A report that passed the checks and still upsets the tracker is logged and dropped: the plan stays readable.
            if (log is not null) Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(log, ex, "plan {Plan}: position report at {Time} not applied", Id, r.Time);
            return [];
        }
    }

    private void Apply(IReadOnlyList<IncomingReport> reports)
    {
        var alerts = reports.SelectMany(Track).ToList();
        var views = current = new Views(tracker.State, Plan);
        Publish(v =>
        {
            var policy = ViewPolicy.For(v);
            return [Frame("live", views.Json(v)), .. (policy.May(Disclosure.Alerts) ? alerts.Select(a => Frame("alert", FortressJson.Write(AlertDocument.From(a, Plan, policy)))) : [])];
        });
    }

    /// <summary>The live state in a view (docs/api.md, "Live state"), as the view's policy lets it see it.</summary>
    public string LiveJson(PlanView view) => current.Json(view);

    /// <summary>The live state itself (the latest snapshot).</summary>
    public LiveState State => current.State;

    /// <summary>The route map (GeoJSON): the tracker's route line and the corridor's places.</summary>
    public string MapJson()
    {
        var route = tracker.Geometry.Vertices.Select(v => (v.Latitude, v.Longitude)).ToList();
        return FortressJson.Write(MapDocument.From(Plan.Journey.Corridor, route));
    }
}
