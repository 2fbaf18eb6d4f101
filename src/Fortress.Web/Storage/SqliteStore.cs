using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Fortress.Web.Storage;

/// <summary>
/// The default store: one SQLite file, created on first start. Write-ahead log with <c>synchronous=FULL</c>, so a
/// commit is on disk when it returns and a kill -9 loses nothing acknowledged (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly string connectionString;

    public SqliteStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public override string Kind => "sqlite";

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        // 1: tokens, plans with their views, position reports.
        """
        CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL, expires TEXT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE plans (id TEXT PRIMARY KEY, created TEXT NOT NULL, scenario TEXT NOT NULL);
        CREATE TABLE plan_views (plan_id TEXT NOT NULL REFERENCES plans(id), view TEXT NOT NULL, title TEXT NOT NULL, json TEXT NOT NULL,
            PRIMARY KEY (plan_id, view));
        CREATE TABLE position_reports (seq INTEGER PRIMARY KEY AUTOINCREMENT, plan_id TEXT NOT NULL REFERENCES plans(id), train TEXT NOT NULL,
            time TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, speed_kmh REAL NULL, received TEXT NOT NULL);
        CREATE INDEX position_reports_plan ON position_reports (plan_id, seq);
        """,
        // 2: networks stored by id (POST /api/networks), as the bytes of a Fortress network file.
        """
        CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, nodes INTEGER NOT NULL, edges INTEGER NOT NULL,
            operational_points INTEGER NOT NULL, bytes BLOB NOT NULL);
        """,
        // 3: the plan `fortress serve --demo` stored, marked so that the next demo start replaces it (docs/api.md).
        """
        ALTER TABLE plans ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(connectionString);
        await c.OpenAsync(ct);
        // synchronous and foreign_keys are per connection (journal_mode is kept in the file: PrepareAsync).
        await c.ExecuteAsync("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return c;
    }

    protected override async Task PrepareAsync(DbConnection c) => await c.ExecuteAsync("PRAGMA journal_mode=WAL;");

    /// <summary><c>PRAGMA integrity_check</c>: "ok" for a sound file.</summary>
    public async Task<string> IntegrityCheckAsync()
    {
        await using var c = await OpenAsync(default);
        return await c.ExecuteScalarAsync<string>("PRAGMA integrity_check") ?? "";
    }
}
