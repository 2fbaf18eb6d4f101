using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fortress.Application;
using Fortress.IO.Contracts;
using Fortress.IO.Files;
using Fortress.Planning;
using Fortress.Views;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;

namespace Fortress.Web.Plans;

/// <summary>
/// The stored plans and their live side. A plan is stored as its scenario and the JSON of each view; the planned
/// <see cref="PlanState"/> (needed for the map, speed and live tracking) is planned again from the stored scenario on
/// first use and kept in memory, shared by plans made from the same scenario text (planning the flagship takes seconds).
/// </summary>
public sealed class PlanCatalog(IFortressStore store, ReportWriter writer, IClock clock, Networks.NetworkCatalog networks,
    Microsoft.Extensions.Logging.ILogger<PlanCatalog>? log = null)
{
    /// <summary>The views stored for every plan, by name.</summary>
    public static IReadOnlyList<PlanView> Views => PlanView.Known;

    private readonly ConcurrentDictionary<string, PlanRecord> plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PlanState>>> planned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<LivePlan>>> live = new(StringComparer.Ordinal);

    public IFortressStore Store => store;

    /// <summary>Reads the list of stored plans (not their views).</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        foreach (var p in await store.PlansAsync(ct)) plans[p.Id] = p;
    }

    /// <summary>Plans every stored plan and rebuilds its live state, one after the other, in the background.</summary>
    public Task WarmUpAsync(CancellationToken ct = default) => Task.Run(async () =>
    {
        foreach (var id in plans.Keys.ToList())
        {
            if (ct.IsCancellationRequested) return;
            try { await LiveAsync(id); } catch (Exception) when (!ct.IsCancellationRequested) { /* surfaced on first use */ }
        }
    }, ct);

    public IReadOnlyList<PlanRecord> All => plans.Values.OrderBy(p => p.Created).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>Whether a plan with this id is stored (an in-memory lookup, the same work for any id).</summary>
    public bool Exists(string id) => plans.ContainsKey(id);

    /// <summary>
    /// Reads a scenario sent to the service (no server files), plans it and stores the plan with every view in one
    /// transaction. Bad input: <see cref="Fortress.Diagnostics.InvalidInputException"/> (or another user-caused
    /// <see cref="Fortress.Diagnostics.FortressException"/>), and nothing is stored.
    /// </summary>
    /// <param name="demo">Marks the plan as the demo's (<c>fortress serve --demo</c>), which the next demo start replaces.</param>
    /// <param name="localDirectory">
    /// For a scenario file handed over on this machine (<c>fortress plan FILE --serve</c>): the files it names are read
    /// from this folder. Such a plan is planned once and kept in memory; a service restarted without it cannot plan it
    /// again where its files lie elsewhere (a demo start replaces it anyway).
    /// </param>
    public async Task<string> CreateAsync(string scenarioText, CancellationToken ct = default, bool demo = false, string? localDirectory = null)
    {
        var plan = await PlanOf(scenarioText, localDirectory);
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        var record = new PlanRecord(id, clock.GetCurrentInstant(), scenarioText, demo);
        var views = Views.Select(v => { var m = PlanViewBuilder.Build(plan, ViewPolicy.For(v)); return new PlanViewRecord(ViewName(v), m.Title, FortressJson.Write(PlanDocument.From(m))); }).ToList();
        await store.AddPlanAsync(record, views, ct);
        plans[id] = record;
        return id;
    }

    /// <summary>
    /// Deletes a stored plan with its views and reports (the store first, then the memory: a reader that still holds
    /// the live side keeps it until it lets go). Returns whether it was there.
    /// </summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken ct = default)
    {
        var removed = await store.DeletePlanAsync(id, ct);
        plans.TryRemove(id, out _);
        live.TryRemove(id, out _);
        return removed;
    }

    /// <summary>When each plan received its latest position report (plans without reports are absent).</summary>
    public Task<IReadOnlyDictionary<string, Instant>> LastReportsAsync(CancellationToken ct = default) => store.LastReportsAsync(ct);

    public static string ViewName(PlanView v) => v.Name;

    /// <summary>The stored JSON of a view of a plan (exactly what <c>fortress plan --format json</c> writes), or null.</summary>
    public async Task<PlanViewRecord?> ViewAsync(string id, PlanView view, CancellationToken ct = default) =>
        Exists(id) ? await store.ViewAsync(id, ViewName(view), ct) : null;

    /// <summary>The live side of a stored plan (planned and its reports replayed on first use), or null for an unknown id.</summary>
    public async Task<LivePlan?> LiveAsync(string id)
    {
        if (!plans.TryGetValue(id, out var record)) return null;
        var lazy = live.GetOrAdd(id, _ => new Lazy<Task<LivePlan>>(async () =>
        {
            var p = await PlanOf(record.Scenario);
            var reports = await store.ReportsAsync(id);
            return new LivePlan(id, p, record.Scenario, writer, clock, reports, log);
        }));
        try
        {
            var result = await lazy.Value;
            // Removed while it was being built (a demo start replacing the old demo while the warm-up planned it).
            if (!plans.ContainsKey(id)) live.TryRemove(new KeyValuePair<string, Lazy<Task<LivePlan>>>(id, lazy));
            return result;
        }
        catch { live.TryRemove(new KeyValuePair<string, Lazy<Task<LivePlan>>>(id, lazy)); throw; }
    }

    private async Task<PlanState> PlanOf(string scenarioText, string? localDirectory = null)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scenarioText)));
        // A scenario planned already (a local file's among them, whose files the service may not read again) is not read again.
        if (planned.TryGetValue(key, out var known) && known.IsValueCreated && known.Value.IsCompletedSuccessfully) return await known.Value;
        // Reading reports bad input at once; only the planning is shared and cached. A routed corridor is routed while
        // reading, on a stored network (read from the store when not in memory), so reading runs on the thread pool.
        var scenario = await Task.Run(() => localDirectory is null
            ? Scenarios.ReadSubmitted(scenarioText, "scenario", networks.Resolve)
            : Scenarios.Read(scenarioText, "scenario", localDirectory));
        // Under the request's deadline (the deployment's planningSeconds, WorkLimits), problems placed in "scenario".
        var lazy = planned.GetOrAdd(key, _ => new Lazy<Task<PlanState>>(() => Task.Run(() =>
            Fortress.Diagnostics.ProblemPlaces.InDocument("scenario", () => PlanPipeline.Default.Run(scenario, Fortress.Diagnostics.WorkLimits.Cancellation)))));
        try { return await lazy.Value; }
        catch { planned.TryRemove(new KeyValuePair<string, Lazy<Task<PlanState>>>(key, lazy)); throw; }
    }
}
