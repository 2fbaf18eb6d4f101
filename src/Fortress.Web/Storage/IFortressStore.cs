using Fortress.Web.Access;
using Fortress.Web.Http;
using NodaTime;

namespace Fortress.Web.Storage;

/// <summary>An issued token as stored: only the SHA-256 hash of the secret (hex), never the secret itself.</summary>
public sealed record TokenRecord(string Id, string Name, Role Role, string Hash, Instant Created, Instant? Expires, bool Revoked);

/// <summary>
/// A stored plan: its id, when it was created and the scenario it was planned from (re-planned on start); <paramref name="Demo"/>
/// marks the one plan <c>fortress serve --demo</c> stored (replaced on the next demo start, docs/api.md).
/// </summary>
public sealed record PlanRecord(string Id, Instant Created, string Scenario, bool Demo = false);

/// <summary>One stored view of a plan (public, dispatcher, security): its title and the plan JSON of that view.</summary>
public sealed record PlanViewRecord(string View, string Title, string Json);

/// <summary>
/// A stored network: its id, the name it was given, when, and its size. The network itself is stored as the bytes of a
/// Fortress network file (.fnet), whatever it was imported from.
/// </summary>
public sealed record NetworkRecord(string Id, string Name, Instant Created, int Nodes, int Edges, int OperationalPoints);

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

    /// <summary>Every issued token (hashes included: for the service, never for an answer), oldest first.</summary>
    Task<IReadOnlyList<TokenRecord>> TokensAsync(CancellationToken ct = default);

    /// <summary>Marks every token issued under <paramref name="name"/> revoked; returns how many were not revoked before.</summary>
    Task<int> RevokeTokensAsync(string name, CancellationToken ct = default);

    /// <summary>Stores a network (its .fnet bytes) in one transaction: afterwards it is either fully there or absent.</summary>
    Task AddNetworkAsync(NetworkRecord network, byte[] bytes, CancellationToken ct = default);

    /// <summary>The stored networks (without their bytes), oldest first.</summary>
    Task<IReadOnlyList<NetworkRecord>> NetworksAsync(CancellationToken ct = default);

    /// <summary>The .fnet bytes of a stored network, or null for an unknown id.</summary>
    Task<byte[]?> NetworkBytesAsync(string id, CancellationToken ct = default);

    /// <summary>Stores a plan and all its views in one transaction: afterwards the plan is either fully there or absent.</summary>
    Task AddPlanAsync(PlanRecord plan, IReadOnlyList<PlanViewRecord> views, CancellationToken ct = default);
    Task<IReadOnlyList<PlanRecord>> PlansAsync(CancellationToken ct = default);
    Task<PlanViewRecord?> ViewAsync(string planId, string view, CancellationToken ct = default);
    Task<IReadOnlyList<PlanViewRecord>> ViewsAsync(string planId, CancellationToken ct = default);

    /// <summary>Stores reports for a plan in one transaction; returns after the durable commit.</summary>
    Task AddReportsAsync(string planId, IReadOnlyList<ReportRecord> reports, CancellationToken ct = default);

    /// <summary>Stores the reports of several plans in one transaction (group commit); returns after the durable commit.</summary>
    Task AddReportsAsync(IReadOnlyList<(string PlanId, IReadOnlyList<ReportRecord> Reports)> batches, CancellationToken ct = default);

    /// <summary>A plan's reports in the order they were received.</summary>
    Task<IReadOnlyList<ReportRecord>> ReportsAsync(string planId, CancellationToken ct = default);

    /// <summary>When each plan that has reports received its latest one (plan id → received instant).</summary>
    Task<IReadOnlyDictionary<string, Instant>> LastReportsAsync(CancellationToken ct = default);

    /// <summary>Deletes a plan with its views and reports in one transaction; returns whether it was there.</summary>
    Task<bool> DeletePlanAsync(string planId, CancellationToken ct = default);

    /// <summary>Rows per table (tokens, plans, plan_views, position_reports, networks): for checks that nothing was written.</summary>
    Task<IReadOnlyDictionary<string, long>> RowCountsAsync(CancellationToken ct = default);
}
