using System.Threading.Channels;
using Fortress.Planning;
using Fortress.Views;
using Fortress.Web.Storage;
using NodaTime;

namespace Fortress.Web.Plans;

/// <summary>A position report as received, with the train mapped from the caller's view id back to its own id.</summary>
public sealed record IncomingReport(TrainId Train, Instant Time, double Latitude, double Longitude, double? SpeedKmh);

/// <summary>
/// One plan on the day: its reports, stored then applied in arrival order (one at a time per plan), and the
/// subscribers of its event stream. Train ids are the caller's view's (<see cref="PlanViewBuilder.TrainId"/>).
/// </summary>
public sealed partial class LivePlan
{
    private readonly ReportWriter writer;
    private readonly Microsoft.Extensions.Logging.ILogger? log;
    private readonly IClock clock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock subscribersLock = new();
    private readonly List<Subscriber> subscribers = [];

    internal LivePlan(string id, Fortress.Application.PlanState planned, string scenario, ReportWriter writer, IClock clock, IReadOnlyList<ReportRecord> stored,
        Microsoft.Extensions.Logging.ILogger? log = null)
    {
        Id = id;
        Planned = planned;
        Plan = planned.Plan;
        robustness = new Lazy<Task<string>>(() => Task.Run(() =>
        {
            var studied = new Fortress.Application.RobustnessStage().Run(planned, default);
            var view = Fortress.Views.SimulationViews.Build(studied.Robustness!, planned.Simulation!.Model, Fortress.Views.ViewPolicy.For(Fortress.Views.PlanView.Security));
            return Fortress.IO.Contracts.FortressJson.Write(Fortress.IO.Contracts.RobustnessDocument.From(view.MonteCarlo!));
        }), LazyThreadSafetyMode.ExecutionAndPublication);
        Scenario = scenario;
        this.writer = writer;
        this.clock = clock;
        this.log = log;
        InitTracking(stored);
    }

    public string Id { get; }
    public ConvoyPlan Plan { get; }

    /// <summary>The whole plan (the convoy's timing, the traffic as cleared, and the rest).</summary>
    public Fortress.Application.PlanState Planned { get; }

    private readonly Lazy<Task<string>> robustness;

    /// <summary>
    /// The plan's robustness study in the security view as JSON (<see cref="Fortress.Application.RobustnessStage"/>, its
    /// default runs and seed): run once, on first request, off the request thread, then kept.
    /// </summary>
    public Task<string> RobustnessJsonAsync() => robustness.Value;

    /// <summary>The stored scenario text the plan was made from.</summary>
    public string Scenario { get; }

    /// <summary>The id <paramref name="view"/> gives a train of this plan.</summary>
    public string ViewId(TrainId train, PlanView view) => PlanViewBuilder.TrainId(Plan, train, ViewPolicy.For(view));

    /// <summary>The train a view's id names, or null (ids are matched exactly, as the view writes them; a view that does not see the convoy names none).</summary>
    public TrainId? TrainOf(string viewId, ViewPolicy policy)
    {
        if (!policy.SeesConvoy) return null;
        foreach (var t in Plan.Trains)
            if (string.Equals(PlanViewBuilder.TrainId(Plan, t.Id, policy), viewId, StringComparison.Ordinal)) return t.Id;
        return null;
    }

    /// <summary>
    /// Stores the reports durably (one transaction), then applies them to the live state and tells the subscribers.
    /// Reports of one plan are handled one batch at a time, in arrival order. Returns how many were accepted.
    /// </summary>
    public async Task<int> AcceptAsync(IReadOnlyList<IncomingReport> reports, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var received = clock.GetCurrentInstant();
            // Once started, the commit and the state update are not cancelled: the two must stay in step.
            await writer.WriteAsync(Id, reports.Select(r => new ReportRecord(r.Train.Value, r.Time, r.Latitude, r.Longitude, r.SpeedKmh, received)).ToList());
            Apply(reports);
            return reports.Count;
        }
        finally { gate.Release(); }
    }

    private sealed class Subscriber(PlanView view, Channel<string> channel)
    {
        public PlanView View { get; } = view;
        public Channel<string> Channel { get; } = channel;
    }

    /// <summary>
    /// Subscribes to the server-sent events of this plan in a view: frames (<c>event: live</c> / <c>event: alert</c>)
    /// ready to write. A slow reader loses the oldest frames, never blocks the reports. Dispose to leave.
    /// </summary>
    public (ChannelReader<string> Frames, IDisposable Leave) Subscribe(PlanView view)
    {
        var ch = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var s = new Subscriber(view, ch);
        lock (subscribersLock) subscribers.Add(s);
        ch.Writer.TryWrite(Frame("live", LiveJson(view)));
        return (ch.Reader, new Leaving(this, s));
    }

    public int SubscriberCount { get { lock (subscribersLock) return subscribers.Count; } }

    private sealed class Leaving(LivePlan plan, Subscriber s) : IDisposable
    {
        public void Dispose()
        {
            lock (plan.subscribersLock) plan.subscribers.Remove(s);
            s.Channel.Writer.TryComplete();
        }
    }

    private void Publish(Func<PlanView, IEnumerable<string>> frames)
    {
        Subscriber[] list;
        lock (subscribersLock) list = [.. subscribers];
        var byView = new Dictionary<PlanView, string[]>();
        foreach (var s in list)
        {
            if (!byView.TryGetValue(s.View, out var f)) byView[s.View] = f = frames(s.View).ToArray();
            foreach (var frame in f) s.Channel.Writer.TryWrite(frame);
        }
    }

    /// <summary>One server-sent event: the JSON is a single line, so one <c>data:</c> line carries it.</summary>
    public static string Frame(string evt, string json) => $"event: {evt}\ndata: {json.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)}\n\n";
}
