namespace Fortress.Tests;

/// <summary>
/// Locates the shared real data (../shared/data from the repository root). Tests that need a file call
/// <see cref="Require"/>, which marks the test skipped, with the reason, when the data is absent.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> root = new(FindRoot);

    /// <summary>The shared data folder, or null when it is not there.</summary>
    public static string? Root => root.Value;

    /// <summary>The repository root (the folder holding Fortress.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fortress.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root from " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Full path of <paramref name="relative"/> under the shared data folder; skips the test if it is missing.</summary>
    public static string Require(string relative)
    {
        var r = Root;
        Assert.SkipWhen(r is null, "shared data folder ../shared/data not found (set FORTRESS_DATA to point at it)");
        var full = Path.Combine(r!, relative);
        Assert.SkipUnless(File.Exists(full), $"shared data file {relative} not found under {r}");
        return full;
    }

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("FORTRESS_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        try
        {
            var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            return Directory.Exists(candidate) ? candidate : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
