using NodaTime;

namespace Fortress.Web.Storage;

/// <summary>An issued token as stored: only the SHA-256 hash of the secret (hex), never the secret itself.</summary>
public sealed record TokenRecord(string Id, string Name, Role Role, string Hash, Instant Created, Instant? Expires, bool Revoked);

/// <summary>A stored plan: its id, when it was created and the scenario it was planned from (re-planned on start).</summary>
public sealed record PlanRecord(string Id, Instant Created, string Scenario);

/// <summary>One stored view of a plan (public, dispatcher, security): its title and the plan JSON of that view.</summary>
public sealed record PlanViewRecord(string View, string Title, string Json);

/// <summary>A position report as stored: the train by role name (pilot, main, escort), never by a view's id.</summary>
public sealed record ReportRecord(string Train, Instant Time, double Latitude, double Longitude, double? SpeedKmh, Instant Received);

/// <summary>
/// Everything the service keeps: tokens, plans with their views, position reports. One interface, two
/// implementations (SQLite, PostgreSQL) running the same parameterised SQL through Dapper; the schema is versioned
/// (<c>schema_version</c>) and migrated on open. Every write is one transaction, committed durably before the call returns.
/// </summary>
public interface IFortressStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Creates or upgrades the schema (numbered scripts, each applied in one transaction with its version row).</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>The highest schema version applied.</summary>
    Task<int> SchemaVersionAsync(CancellationToken ct = default);

    Task<long> TokenCountAsync(CancellationToken ct = default);
    Task AddTokenAsync(TokenRecord token, CancellationToken ct = default);
    Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken ct = default);

    /// <summary>Stores a plan and all its views in one transaction: afterwards the plan is either fully there or absent.</summary>
    Task AddPlanAsync(PlanRecord plan, IReadOnlyList<PlanViewRecord> views, CancellationToken ct = default);
    Task<IReadOnlyList<PlanRecord>> PlansAsync(CancellationToken ct = default);
    Task<PlanViewRecord?> ViewAsync(string planId, string view, CancellationToken ct = default);
    Task<IReadOnlyList<PlanViewRecord>> ViewsAsync(string planId, CancellationToken ct = default);

    /// <summary>Stores reports for a plan in one transaction; returns after the durable commit.</summary>
    Task AddReportsAsync(string planId, IReadOnlyList<ReportRecord> reports, CancellationToken ct = default);

    /// <summary>A plan's reports in the order they were received.</summary>
    Task<IReadOnlyList<ReportRecord>> ReportsAsync(string planId, CancellationToken ct = default);

    /// <summary>Rows per table (tokens, plans, plan_views, position_reports): for checks that nothing was written.</summary>
    Task<IReadOnlyDictionary<string, long>> RowCountsAsync(CancellationToken ct = default);
}
