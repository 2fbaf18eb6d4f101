using Fortress.Web.Access;
using Fortress.Web.Http;
using System.Data.Common;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace Fortress.Web.Storage;

/// <summary>
/// The SQL shared by both stores. Only parameterised statements (Dapper parameters), never text built from input;
/// instants are stored as ISO-8601 UTC text so both databases sort and compare them the same way.
/// </summary>
public abstract class SqlStore : IFortressStore
{
    private static readonly string[] Tables = ["tokens", "plans", "plan_views", "position_reports", "networks"];

    public abstract string Kind { get; }

    /// <summary>Opens a connection, ready for use (per-connection settings applied).</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>The numbered migration scripts of this database, from version 1 upwards.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The statement creating <c>schema_version</c> if it is missing.</summary>
    protected virtual string SchemaVersionTable => "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)";

    // Fixed width (always nine fraction digits), so text order is time order in both databases (ExtendedIso drops
    // trailing zeros, and "…30.25Z" would sort before "…30Z").
    private static readonly InstantPattern Sortable = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffffffff'Z'");

    internal static string Text(Instant i) => Sortable.Format(i);
    internal static Instant Parse(string s) => InstantPattern.ExtendedIso.Parse(s).GetValueOrThrow();

    /// <summary>Settings kept in the database file itself, applied once before migrating.</summary>
    protected virtual Task PrepareAsync(DbConnection c) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await PrepareAsync(c);
        await c.ExecuteAsync(SchemaVersionTable);
        var current = await c.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version") ?? 0;
        for (var v = current + 1; v <= Migrations.Count; v++)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.ExecuteAsync(Migrations[v - 1], transaction: tx);
            await c.ExecuteAsync("INSERT INTO schema_version (version, applied) VALUES (@v, @at)", new { v, at = Text(SystemClock.Instance.GetCurrentInstant()) }, tx);
            await tx.CommitAsync(ct);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version") ?? 0;
    }

    public async Task<long> TokenCountAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tokens");
    }

    public async Task AddTokenAsync(TokenRecord t, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync("INSERT INTO tokens (id, name, role, hash, created, expires, revoked) VALUES (@Id, @Name, @Role, @Hash, @Created, @Expires, @Revoked)",
            new { t.Id, t.Name, Role = t.Role.ToString().ToLowerInvariant(), t.Hash, Created = Text(t.Created), Expires = t.Expires is { } e ? Text(e) : null, Revoked = t.Revoked ? 1 : 0 });
    }

    public async Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<TokenRow>("SELECT id, name, role, hash, created, expires, revoked FROM tokens WHERE hash = @hash", new { hash });
        return r is null ? null : Token(r);
    }

    private static TokenRecord? Token(TokenRow r) => !Fortress.Diagnostics.EnumText.TryParse<Role>(r.role, out var role) ? null
        : new TokenRecord(r.id, r.name, role, r.hash, Parse(r.created), r.expires is null ? null : Parse(r.expires), r.revoked != 0);

    public async Task<IReadOnlyList<TokenRecord>> TokensAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<TokenRow>("SELECT id, name, role, hash, created, expires, revoked FROM tokens ORDER BY created, id");
        return rows.Select(Token).OfType<TokenRecord>().ToList();
    }

    public async Task<int> RevokeTokensAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE tokens SET revoked = 1 WHERE name = @name AND revoked = 0", new { name });
    }

    public async Task AddNetworkAsync(NetworkRecord n, byte[] bytes, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("INSERT INTO networks (id, name, created, nodes, edges, operational_points, bytes) VALUES (@Id, @Name, @Created, @Nodes, @Edges, @OperationalPoints, @bytes)",
            new { n.Id, n.Name, Created = Text(n.Created), n.Nodes, n.Edges, n.OperationalPoints, bytes }, tx);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<NetworkRecord>> NetworksAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<NetworkRow>("SELECT id, name, created, nodes, edges, operational_points FROM networks ORDER BY created, id");
        return rows.Select(r => new NetworkRecord(r.id, r.name, Parse(r.created), (int)r.nodes, (int)r.edges, (int)r.operational_points)).ToList();
    }

    public async Task<byte[]?> NetworkBytesAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<byte[]?>("SELECT bytes FROM networks WHERE id = @id", new { id });
    }

    public async Task AddPlanAsync(PlanRecord plan, IReadOnlyList<PlanViewRecord> views, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("INSERT INTO plans (id, created, scenario, demo) VALUES (@Id, @Created, @Scenario, @Demo)", new { plan.Id, Created = Text(plan.Created), plan.Scenario, Demo = plan.Demo ? 1 : 0 }, tx);
        foreach (var v in views)
            await c.ExecuteAsync("INSERT INTO plan_views (plan_id, view, title, json) VALUES (@id, @View, @Title, @Json)", new { id = plan.Id, v.View, v.Title, v.Json }, tx);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<PlanRecord>> PlansAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<PlanRow>("SELECT id, created, scenario, demo FROM plans ORDER BY created, id");
        return rows.Select(r => new PlanRecord(r.id, Parse(r.created), r.scenario, r.demo != 0)).ToList();
    }

    public async Task<PlanViewRecord?> ViewAsync(string planId, string view, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<ViewRow>("SELECT view, title, json FROM plan_views WHERE plan_id = @planId AND view = @view", new { planId, view });
        return r is null ? null : new PlanViewRecord(r.view, r.title, r.json);
    }

    public async Task<IReadOnlyList<PlanViewRecord>> ViewsAsync(string planId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<ViewRow>("SELECT view, title, json FROM plan_views WHERE plan_id = @planId ORDER BY view", new { planId });
        return rows.Select(r => new PlanViewRecord(r.view, r.title, r.json)).ToList();
    }

    public Task AddReportsAsync(string planId, IReadOnlyList<ReportRecord> reports, CancellationToken ct = default) => AddReportsAsync([(planId, reports)], ct);

    public async Task AddReportsAsync(IReadOnlyList<(string PlanId, IReadOnlyList<ReportRecord> Reports)> batches, CancellationToken ct = default)
    {
        if (batches.All(b => b.Reports.Count == 0)) return;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("INSERT INTO position_reports (plan_id, train, time, lat, lon, speed_kmh, received) VALUES (@planId, @Train, @Time, @Latitude, @Longitude, @SpeedKmh, @Received)",
            batches.SelectMany(b => b.Reports.Select(r => new { planId = b.PlanId, r.Train, Time = Text(r.Time), r.Latitude, r.Longitude, r.SpeedKmh, Received = Text(r.Received) })), tx);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<ReportRecord>> ReportsAsync(string planId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<ReportRow>("SELECT train, time, lat, lon, speed_kmh, received FROM position_reports WHERE plan_id = @planId ORDER BY seq", new { planId });
        return rows.Select(r => new ReportRecord(r.train, Parse(r.time), r.lat, r.lon, r.speed_kmh, Parse(r.received))).ToList();
    }

    public async Task<IReadOnlyDictionary<string, Instant>> LastReportsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        // The latest report of each plan is the one with the highest seq (the index on plan_id, seq finds it).
        var rows = await c.QueryAsync<LastRow>(
            "SELECT r.plan_id, r.received FROM position_reports r JOIN (SELECT plan_id, MAX(seq) AS seq FROM position_reports GROUP BY plan_id) m ON r.seq = m.seq");
        return rows.ToDictionary(r => r.plan_id, r => Parse(r.received), StringComparer.Ordinal);
    }

    public async Task<bool> DeletePlanAsync(string planId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("DELETE FROM position_reports WHERE plan_id = @planId", new { planId }, tx);
        await c.ExecuteAsync("DELETE FROM plan_views WHERE plan_id = @planId", new { planId }, tx);
        var n = await c.ExecuteAsync("DELETE FROM plans WHERE id = @planId", new { planId }, tx);
        await tx.CommitAsync(ct);
        return n > 0;
    }

    public async Task<IReadOnlyDictionary<string, long>> RowCountsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var result = new Dictionary<string, long>();
        // Table names come from the constant list above, never from input.
        foreach (var t in Tables) result[t] = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {t}");
        return result;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

#pragma warning disable IDE1006, CS8618 // Dapper row shapes named as the columns.
    private sealed class TokenRow { public string id { get; set; } public string name { get; set; } public string role { get; set; } public string hash { get; set; } public string created { get; set; } public string? expires { get; set; } public long revoked { get; set; } }
    private sealed class PlanRow { public string id { get; set; } public string created { get; set; } public string scenario { get; set; } public long demo { get; set; } }
    private sealed class LastRow { public string plan_id { get; set; } public string received { get; set; } }
    private sealed class ViewRow { public string view { get; set; } public string title { get; set; } public string json { get; set; } }
    private sealed class NetworkRow { public string id { get; set; } public string name { get; set; } public string created { get; set; } public long nodes { get; set; } public long edges { get; set; } public long operational_points { get; set; } }
    private sealed class ReportRow { public string train { get; set; } public string time { get; set; } public double lat { get; set; } public double lon { get; set; } public double? speed_kmh { get; set; } public string received { get; set; } }
#pragma warning restore IDE1006, CS8618
}
