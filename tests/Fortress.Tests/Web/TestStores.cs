using Fortress.Web.Storage;
using Npgsql;

namespace Fortress.Tests.Web;

/// <summary>
/// Fresh, empty stores for tests: a temporary SQLite file, or a new schema on the PostgreSQL server named by the
/// environment variable <c>FORTRESS_TEST_POSTGRES</c> (a connection string; test.sh starts a server on loopback and sets it).
/// Without it the PostgreSQL cases are skipped with the reason.
/// </summary>
public static class TestStores
{
    public const string PostgresVariable = "FORTRESS_TEST_POSTGRES";

    public static readonly TheoryData<string> Kinds = new("sqlite", "postgres");

    /// <summary>The PostgreSQL connection string, or a skip of the current test when none is configured.</summary>
    public static string RequirePostgres()
    {
        var cs = Environment.GetEnvironmentVariable(PostgresVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(cs), $"{PostgresVariable} is not set (./test.sh starts PostgreSQL on loopback and sets it)");
        return cs!;
    }

    /// <summary>A store specification (for <c>--store</c>) of a new empty store of the kind.</summary>
    public static async Task<string> NewSpecAsync(string kind, string directory)
    {
        if (kind == "sqlite")
        {
            Directory.CreateDirectory(directory);
            return "sqlite:" + Path.Combine(directory, $"store-{Guid.NewGuid():N}.db");
        }
        var cs = RequirePostgres();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c); // a generated name, not input
            await cmd.ExecuteNonQueryAsync();
        }
        return "postgres:" + new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ConnectionString;
    }

    public static async Task<IFortressStore> NewAsync(string kind, string directory)
    {
        var store = StoreSpec.Open(await NewSpecAsync(kind, directory));
        await store.MigrateAsync();
        return store;
    }
}
