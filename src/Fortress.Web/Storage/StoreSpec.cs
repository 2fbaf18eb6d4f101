using Fortress.Diagnostics;

namespace Fortress.Web.Storage;

/// <summary>Opens the store named by <c>--store</c>: <c>sqlite:PATH</c> (default <c>sqlite:fortress.db</c>) or <c>postgres:CONNSTRING</c>.</summary>
public static class StoreSpec
{
    public const string Default = "sqlite:fortress.db";

    public static IFortressStore Open(string spec)
    {
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && spec.Length > "sqlite:".Length) return new SqliteStore(spec["sqlite:".Length..]);
        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) && spec.Length > "postgres:".Length)
        {
            try { return new PostgresStore(spec["postgres:".Length..]); }
            catch (ArgumentException ex) { throw new InvalidInputException("--store", "not a PostgreSQL connection string: " + ex.Message); }
        }
        throw new InvalidInputException("--store", "give sqlite:PATH or postgres:CONNECTION-STRING");
    }
}
