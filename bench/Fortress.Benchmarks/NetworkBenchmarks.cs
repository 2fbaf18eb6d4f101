using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Fortress.IO.NetworkFile;
using Fortress.IO.Osm;
using Fortress.Network;
using Fortress.Routing;
using Fortress.Units;

namespace Fortress.Benchmarks;

/// <summary>Where the shared data is: FORTRESS_DATA, else ../shared/data above the repository root.</summary>
internal static class BenchData
{
    public static string File(string relative)
    {
        var env = Environment.GetEnvironmentVariable("FORTRESS_DATA");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(env, relative);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Fortress.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("run from inside the repository or set FORTRESS_DATA");
        return Path.Combine(dir.FullName, "..", "shared", "data", relative);
    }
}

/// <summary>
/// OSM import of the Cologne extract (time and allocations) against <c>osmium cat</c> of the same file, run as a
/// process in the same job (the baseline; the ratio is in the "Ratio" column).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class OsmImportBenchmarks
{
    private string pbf = "";
    private string output = "";

    [GlobalSetup]
    public void Setup()
    {
        pbf = BenchData.File("osm/cologne-railway.osm.pbf");
        output = Path.Combine(Path.GetTempPath(), $"fortress-osmium-{Environment.ProcessId}.osm.pbf");
    }

    [Benchmark(Baseline = true, Description = "osmium cat (process)")]
    public int OsmiumCat()
    {
        using var p = Process.Start(new ProcessStartInfo("osmium", ["cat", pbf, "-o", output, "--overwrite"]) { RedirectStandardError = true })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("osmium cat failed (apt-get install osmium-tool): " + p.StandardError.ReadToEnd());
        return p.ExitCode;
    }

    [Benchmark(Description = "Fortress OSM import")]
    public int FortressImport() => OsmImporter.Import(pbf).Network.Edges.Count;
}

/// <summary>Reload of the binary network file of the Cologne extract, against importing the PBF again.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NetworkReloadBenchmarks
{
    private string pbf = "";
    private string net = "";

    [GlobalSetup]
    public void Setup()
    {
        pbf = BenchData.File("osm/cologne-railway.osm.pbf");
        net = Path.Combine(Path.GetTempPath(), $"fortress-bench-{Environment.ProcessId}.fnet");
        NetworkFileFormat.Write(OsmImporter.Import(pbf).Network, net);
    }

    [Benchmark(Baseline = true, Description = "import .osm.pbf")]
    public int Import() => OsmImporter.Import(pbf).Network.Edges.Count;

    [Benchmark(Description = "reload .fnet")]
    public int Reload() => NetworkFileFormat.Read(net).Edges.Count;
}

/// <summary>
/// Route queries on a generated 710 x 710 grid (1,006,780 edges, 1,420 km across): A* with 16 landmarks (ALT) against
/// plain Dijkstra, same search code, same 20 random queries. Per-query time = Mean / 20 (OperationsPerInvoke).
/// Preprocessing (landmarks) happens in the global setup and is timed there separately.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RouteQueryBenchmarks
{
    public const int Queries = 20;
    private Router router = null!;
    private RoutingTrain train = null!;
    private (NetworkPlace From, NetworkPlace To)[] pairs = [];

    [Params(710)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sw = Stopwatch.StartNew();
        var net = SyntheticNetwork.Grid(Side);
        Console.WriteLine($"// generated {net.Edges.Count:N0} edges, {net.Nodes.Count:N0} nodes in {sw.Elapsed.TotalSeconds:0.0} s");
        router = new Router(net);
        train = new RoutingTrain(DefaultTrain.Create(), 1435);
        sw.Restart();
        router.Preprocess(16, train.Consist.MaxSpeed);
        Console.WriteLine($"// landmark preprocessing (16 landmarks, trains up to {train.Consist.MaxSpeed}) {sw.Elapsed.TotalSeconds:0.0} s");
        var rng = new Random(2026);
        pairs = Enumerable.Range(0, Queries).Select(_ =>
            (new NetworkPlace(new EdgeId(rng.Next(net.Edges.Count)), Length.FromMeters(300), "a"),
             new NetworkPlace(new EdgeId(rng.Next(net.Edges.Count)), Length.FromMeters(300), "b"))).ToArray();
    }

    private double RunAll(bool landmarks)
    {
        var options = RouteOptions.Default with { ComputeRunningTime = false, UseLandmarks = landmarks };
        var total = 0.0;
        foreach (var (a, b) in pairs) total += router.FindBetween(train, [[a], [b]], options).EstimatedTime.Seconds;
        return total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Queries, Description = "plain Dijkstra")]
    public double Dijkstra() => RunAll(false);

    [Benchmark(OperationsPerInvoke = Queries, Description = "A* + landmarks (ALT)")]
    public double Alt() => RunAll(true);
}
