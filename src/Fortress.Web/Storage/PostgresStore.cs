using System.Data.Common;
using Npgsql;

namespace Fortress.Web.Storage;

/// <summary>The store on a PostgreSQL server (<c>--store postgres:CONNSTRING</c>); the same SQL as SQLite through Dapper.</summary>
public sealed class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource source;

    public PostgresStore(string connectionString) => source = NpgsqlDataSource.Create(connectionString);

    public override string Kind => "postgres";

    protected override string SchemaVersionTable => "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)";

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        // 1: tokens, plans with their views, position reports (the SQLite script with PostgreSQL's types).
        """
        CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL, expires TEXT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE plans (id TEXT PRIMARY KEY, created TEXT NOT NULL, scenario TEXT NOT NULL);
        CREATE TABLE plan_views (plan_id TEXT NOT NULL REFERENCES plans(id), view TEXT NOT NULL, title TEXT NOT NULL, json TEXT NOT NULL,
            PRIMARY KEY (plan_id, view));
        CREATE TABLE position_reports (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plans(id), train TEXT NOT NULL,
            time TEXT NOT NULL, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, speed_kmh DOUBLE PRECISION NULL, received TEXT NOT NULL);
        CREATE INDEX position_reports_plan ON position_reports (plan_id, seq);
        """,
        // 2: networks stored by id (the SQLite script with PostgreSQL's types).
        """
        CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, nodes INTEGER NOT NULL, edges INTEGER NOT NULL,
            operational_points INTEGER NOT NULL, bytes BYTEA NOT NULL);
        """,
        // 3: the plan `fortress serve --demo` stored, marked so that the next demo start replaces it (docs/api.md).
        """
        ALTER TABLE plans ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await source.OpenConnectionAsync(ct);

    public override async ValueTask DisposeAsync() => await source.DisposeAsync();
}
