using System.Diagnostics;
using System.Net;
using System.Text;
using Fortress.IO.Json;
using Fortress.Tests.Web;

namespace Fortress.Tests.Robustness;

/// <summary>The fuzz suite runs alone: its time and memory figures are its own, and it may look at the temporary folder.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>
/// The fuzz suite of issue 15: the real inputs in ../shared/data and the built-in scenario, mutated by a seeded
/// <see cref="Mutator"/> (truncation, bit flips, deleted and duplicated keys, extreme numbers, NaN and infinities, wrong
/// types, deep nesting, huge counts, lone surrogates), through every command (run, route, import, plan, simulate, scenario) in
/// process, a few through the real program, and through the service's endpoints. Each case must end with exit 0 or 2
/// (HTTP 2xx or 4xx): never exit 1, HTTP 500 or a crash; within 10 s and 1 GB; leaving no file behind. A case is
/// replayed exactly from its command and number (<see cref="SeedOf"/>); seeds that once failed stay in
/// <see cref="Regressions"/>.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class FuzzTests(FuzzTests.Service service) : IClassFixture<FuzzTests.Service>
{
    /// <summary>
    /// The suite's seed: the issue's number, or FORTRESS_FUZZ_SEED to explore other cases (a failing case is then kept
    /// in <see cref="Regressions"/> with its seed).
    /// </summary>
    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("FORTRESS_FUZZ_SEED"), out var s) ? s : 15;

    /// <summary>Cases per command; the total appears in the test summary.</summary>
    private static readonly (string Command, int Count)[] Plan =
    [
        ("run", 80), ("route", 24), ("import", 36), ("plan", 48), ("simulate", 16), ("scenario", 8), ("process", 4),
        ("web-plan", 20), ("web-positions", 40), ("web-tokens", 24), ("web-networks", 12),
    ];

    public static TheoryData<string, int> Cases()
    {
        var d = new TheoryData<string, int>();
        foreach (var (command, count) in Plan)
            for (var i = 0; i < count; i++) d.Add(command, i);
        return d;
    }

    /// <summary>Cases that found a defect (fixed since), kept as regression cases: suite seed, command, case number.</summary>
    public static TheoryData<int, string, int> Regressions() => new()
    {
        { 15, "run", 65 }, // --profile-step 0.5: 224,000 samples, 41 MB of JSON in 22 s; refused since by profileSamples (100,000)
        { 1, "run", 73 },  // --allowance "": the range check asked for the value the parser could not convert: an exception
        { 3, "run", 25 },  // --profile-step "": the same
        { 2, "run", 35 },  // railtoolkit path YAML with bits flipped: YamlDotNet threw InvalidOperationException
        { 15, "plan", 9 },  // a key that is a lone surrogate: System.Text.Json's duplicate-key check threw InvalidOperationException (exit 1)
        { 15, "web-tokens", 10 }, // the same in a token request: HTTP 500
        { 15, "web-positions", 37 }, // the same in a position report: HTTP 500
        { 34, "route", 9 },     // a RailJSON signal at 1e99999 m: NaN passed the position check, a fault (exit 1)
        { 35, "web-plan", 2 },  // the last two journey stops swapped: the traction change at the new destination had no departure, HTTP 500
        { 32, "web-plan", 15 }, // security.windowOpenHours 1e10: a duration out of range, HTTP 500 (ranges for every security, logistics and evacuation figure)
    };

    // A hang detector, not a speed goal (speed lives in benchmarks): a case must end, well within what its work allows.
    // Planning runs the clearance optimiser and the sweep roster to their default limits (10 s of work each, decision
    // 0014), so plan and simulate cases get a minute.
    private static readonly TimeSpan CaseTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PlanningCaseTime = TimeSpan.FromSeconds(60);
    private const long CaseMemory = 1L << 30;

    /// <summary>A stable seed per case (FNV-1a of the command, then the number), the same on every machine and run.</summary>
    public static int SeedOf(string command, int index) => SeedOf(Seed, command, index);

    /// <summary>The seed of a case under another suite seed (<see cref="Regressions"/>).</summary>
    public static int SeedOf(int suite, string command, int index)
    {
        var h = 2166136261u ^ (uint)suite;
        foreach (var b in Encoding.UTF8.GetBytes(command)) h = (h ^ b) * 16777619u;
        h = (h ^ (uint)index) * 16777619u;
        return (int)(h & 0x7FFFFFFF);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fuzz_MutatedInput_ExitsZeroOrTwo_InTimeAndMemory_NothingLeftBehind(string command, int index) => RunCase(Seed, command, index);

    [Theory]
    [MemberData(nameof(Regressions))]
    public Task Fuzz_RegressionSeed_StillPasses(int suite, string command, int index) => RunCase(suite, command, index);

    private async Task RunCase(int suite, string command, int index)
    {
        var seed = SeedOf(suite, command, index);
        var m = new Mutator(seed);
        if (command.StartsWith("web-", StringComparison.Ordinal)) { await WebCase(command, index, seed, m); return; }
        using var scratch = new Scratch();
        var (args, inputs, outputs) = CliCase(command, m, scratch);
        var tempBefore = TempLeftovers();
        var (r, elapsed, memory) = Measure(() =>
        {
            if (command != "process") return Hostile.Cli(args);
            var p = Hostile.Process(scratch.Path, TimeSpan.FromSeconds(60), CaseMemory, null, args);
            return (p.Code, p.Out, p.Err);
        });
        Log($"{command}\t{index}\t{r.Code}\t{elapsed.TotalSeconds:0.00}\t{memory >> 20}\t{m.Did}\t{r.Err.Split('\n').Skip(1).FirstOrDefault()?.Trim()}");
        var what = $"{command} #{index} (suite {suite}, seed {seed}): {m.Did}; fortress {string.Join(' ', args.Select(a => a.Length > 80 ? a[..80] + "..." : a))}";
        r.Code.ShouldBeOneOf([0, 2], $"{what}\n{r.Err}");
        r.Err.ShouldNotContain("fault in Fortress", Case.Sensitive, what);
        r.Err.ShouldNotContain("   at ", Case.Sensitive, what);
        // A process case's memory is bounded by its 1 GiB heap limit (it would have died); in-process by the sampler.
        memory.ShouldBeLessThan(CaseMemory, what);
        elapsed.ShouldBeLessThan(command is "process" or "plan" or "simulate" ? PlanningCaseTime : CaseTime, what);
        var expected = inputs.Concat(r.Code == 0 ? outputs : []).Order(StringComparer.Ordinal).ToArray();
        scratch.Files().ShouldBe(expected, what);
        TempLeftovers().Except(tempBefore).ShouldBeEmpty(what);
    }

    /// <summary>With FORTRESS_FUZZ_LOG=FILE, one line per case (command, number, exit or status, seconds, MB, mutation, first problem): to see what the cases reach.</summary>
    private static void Log(string line)
    {
        if (Environment.GetEnvironmentVariable("FORTRESS_FUZZ_LOG") is { Length: > 0 } file) File.AppendAllText(file, line.Replace('\r', ' ') + "\n");
    }

    /// <summary>
    /// What is in the temporary folder (a private one for this suite, <see cref="Service"/>: other test runs on the
    /// machine share the system's): the service's network imports and any other file Fortress makes there.
    /// </summary>
    private static string[] TempLeftovers() =>
        Directory.EnumerateFileSystemEntries(Path.GetTempPath()).Where(p => !Path.GetFileName(p).StartsWith("fortress-hostile-", StringComparison.Ordinal)).ToArray();

    /// <summary>Runs <paramref name="work"/>; its result, its time and the highest managed memory seen meanwhile above what was in use before.</summary>
    private static (T Result, TimeSpan Elapsed, long Memory) Measure<T>(Func<T> work)
    {
        var baseline = GC.GetTotalMemory(false);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        sampler.Start();
        var sw = Stopwatch.StartNew();
        T result;
        try { result = work(); }
        finally
        {
            sw.Stop();
            stop.Cancel();
            sampler.Join();
        }
        return (result, sw.Elapsed, Math.Max(0, Interlocked.Read(ref peak) - baseline));
    }

    private static readonly Lazy<string> TrainJson = new(() => BuiltIn.Text("state-train-ussuriysk.json"));
    private static readonly Lazy<string> PathJson = new(() => BuiltIn.Text("vladivostok-arrival.json"));
    private static readonly Lazy<string> Scenario = new(() => BuiltIn.Text(ScenarioReader.Flagship));
    /// <summary>A signalling section with every key at a plausible value (docs/formats.md, "signalling").</summary>
    private const string Signalling = """{"aspects":3,"blockLengthMeters":1500,"stationZoneMeters":750,"sightingDistanceMeters":200,"reactionSeconds":9,"setupSeconds":12,"sightReactionSeconds":12,"releaseSeconds":6,"brakingDistanceMeters":1000,"overlapMeters":200,"convoyBufferSeconds":60}""";

    private static string Shared(string relative) => File.ReadAllText(TestData.Require(relative));

    /// <summary>The arguments, the input files written to the scratch folder and the files a successful run writes.</summary>
    private static (string[] Args, string[] Inputs, string[] Outputs) CliCase(string command, Mutator m, Scratch s)
    {
        switch (command)
        {
            case "run":
            {
                var format = m.Pick(["json", "csv", "table"]);
                switch (m.Next(5))
                {
                    case 0: return (["run", "--train", s.File("train.json", m.Json(TrainJson.Value)), "--format", format], ["train.json"], []);
                    case 1: return (["run", "--path", s.File("path.json", m.Json(PathJson.Value)), "--format", format], ["path.json"], []);
                    case 2:
                        return (["run", "--train", s.File("train.yaml", m.Text(Shared($"trainruns/trains/{m.Pick(["local", "freight", "longdistance"])}.yaml"))),
                            "--path", TestData.Require("trainruns/paths/speed.yaml"), "--format", format], ["train.yaml"], []);
                    case 3:
                        return (["run", "--train", TestData.Require("trainruns/trains/local.yaml"),
                            "--path", s.File("path.yaml", m.Text(Shared($"trainruns/paths/{m.Pick(["const", "slope", "speed"])}.yaml"))), "--format", format], ["path.yaml"], []);
                    default:
                        var option = m.Pick(["--profile-step", "--allowance", "--margin"]);
                        var value = m.Pick(Mutator.Extremes.Concat(["NaN", "Infinity", "-Infinity", "1", "50", "0.5", "abc", ""]).ToArray());
                        return (["run", option, value, "--format", format == "table" ? "json" : format, "--distribution", m.Pick(["linear", "ceiling"])], [], []);
                }
            }
            case "route":
                if (m.Next(2) == 0)
                    return (["route", "--railjson", s.File("infra.json", m.Json(Shared("osrd/infras/small_infra/infra.json"))), "--from", "South_West_station", "--to", "South_East_station", "--format", m.Pick(["json", "table", "geojson"])], ["infra.json"], []);
                return (["route", "--osm", s.File("m.osm", m.Osm(Shared("osm/moscow-1520.osm"))), "--from", "55.806,37.583", "--to", "55.824,37.626"], ["m.osm"], []);
            case "import":
                if (m.Next(3) == 0)
                    return (["import", "railjson", s.File("infra.json", m.Json(Shared($"osrd/infras/{m.Pick(["small_infra", "tiny_infra", "one_line"])}/infra.json"))), "-o", s["net.fnet"]], ["infra.json"], ["net.fnet"]);
                if (m.Next(4) == 0)
                {
                    // A network file, imported then damaged, read back by route.
                    var net = Fortress.IO.NetworkFile.NetworkFileFormat.ToBytes(Fortress.Tests.Network.SharedNetworks.Moscow.Network);
                    return (["route", "--network", s.File("m.fnet", m.Bytes(net)), "--from", "55.806,37.583", "--to", "55.824,37.626"], ["m.fnet"], []);
                }
                return (["import", "osm", s.File("m.osm", m.Osm(Shared("osm/moscow-1520.osm"))), "-o", s["net.fnet"]], ["m.osm"], ["net.fnet"]);
            case "plan":
            {
                var report = m.Next(4) == 0;
                string[] args = ["plan", s.File("s.json", m.Json(Scenario.Value)), "--format", m.Pick(["json", "table"]), "--view", m.Pick(["security", "dispatcher", "public"])];
                return report ? ([.. args, "--report", s["r.html"]], ["s.json"], ["r.html"]) : (args, ["s.json"], []);
            }
            case "simulate":
            {
                var format = m.Pick(["json", "table"]);
                if (m.Next(4) == 0)
                {
                    // The scenario's signalling (issue 12), mutated on its own and put into the flagship.
                    var signalling = m.Json(Signalling);
                    var text = "{\"signalling\":" + signalling + "," + Scenario.Value.TrimStart()[1..];
                    return (["simulate", s.File("s.json", text), "--format", format], ["s.json"], []);
                }
                var value = m.Pick(Mutator.Extremes.Concat(["NaN", "Infinity", "-5", "abc", "", "3"]).ToArray());
                string[] option = m.Next(5) switch
                {
                    0 => ["--runs", value],
                    1 => ["--runs", "2", "--seed", value],
                    2 => ["--hold", $"{m.Pick(["main", "pilot", "escort", "nobody", ""])}@{m.Pick([value, "490"])}={m.Pick([value, "20"])}"],
                    3 => ["--late", $"{m.Pick(["main", "escort", "x"])}={value}"],
                    _ => [m.Pick(["--hold", "--late"]), value],
                };
                return (["simulate", .. option, "--format", format], [], []);
            }
            case "scenario":
                switch (m.Next(4))
                {
                    case 0: return (["scenario", "list"], [], []);
                    case 1: s.File("x.json", "mine"); return (["scenario", "export", "-o", s["x.json"]], ["x.json"], []); // exists, no --force: 2
                    case 2: return (["scenario", "export", "-o", s.Path], [], []);
                    default: return (["scenario", "export", m.Pick(["state-visit", "no-such", "../../etc/passwd", "\u0000", ""]), "-o", s["e.json"]], [], ["e.json"]);
                }
            case "process":
                // The real program: deep YAML, a FIFO-free device, a huge count and a plain mutated scenario.
                return m.Next(4) switch
                {
                    0 => (["run", "--train", s.File("t.yaml", "trains: " + new string('[', 50_000) + new string(']', 50_000))], ["t.yaml"], []),
                    1 => (["run", "--train", "/dev/zero"], [], []),
                    2 => (["plan", s.File("s.json", CliHostileInputTests.Set(Hostile.Flagship(), "traffic.consists.passenger-kp.train.formation[1].count=1e9").ToJsonString())], ["s.json"], []),
                    _ => (["plan", s.File("s.json", m.Json(Scenario.Value)), "--format", "json"], ["s.json"], []),
                };
            default: throw new ArgumentOutOfRangeException(nameof(command));
        }
    }

    private async Task WebCase(string command, int index, int seed, Mutator m)
    {
        var ct = TestContext.Current.CancellationToken;
        using var c = service.Client();
        HttpContent content;
        string path;
        switch (command)
        {
            case "web-plan":
                path = "/api/plans";
                content = new StringContent(m.Json(Scenario.Value), Encoding.UTF8, "application/json");
                break;
            case "web-positions":
                path = $"/api/plans/{service.PlanId}/positions";
                var report = $$"""[{"train":"main","time":"2019-04-23T06:30:00+09:00","lat":39.04,"lon":125.76,"speedKmh":20},{"train":"pilot","time":"2019-04-23T06:20:00+09:00","lat":39.05,"lon":125.77}]""";
                content = new StringContent(m.Json(report), Encoding.UTF8, "application/json");
                break;
            case "web-tokens":
                path = "/api/tokens";
                content = new StringContent(m.Json("""{"name":"fuzz","role":"dispatcher","expiresInHours":1}"""), Encoding.UTF8, "application/json");
                break;
            default:
                path = "/api/networks?name=" + Uri.EscapeDataString(m.Pick(["m", "", new string('x', 200), "a/b", "\u202e"]));
                content = new ByteArrayContent(Encoding.UTF8.GetBytes(m.Osm(Shared("osm/moscow-1520.osm"))));
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(m.Pick(["application/xml", "text/plain", "application/octet-stream"]));
                break;
        }
        var tempBefore = TempLeftovers();
        var what = $"{command} #{index} (seed {seed}): {m.Did}";
        var sw = Stopwatch.StartNew();
        using var r = await c.PostAsync(path, content, ct);
        var body = await r.Content.ReadAsStringAsync(ct);
        sw.Stop();
        Log($"{command}\t{index}\t{(int)r.StatusCode}\t{sw.Elapsed.TotalSeconds:0.00}\t\t{m.Did}\t{(body.Length > 200 ? body[..200] : body)}");
        ((int)r.StatusCode).ShouldBeInRange(200, 499, $"{what}\n{body}");
        sw.Elapsed.ShouldBeLessThan(command == "web-plan" ? PlanningCaseTime : CaseTime, what);
        TempLeftovers().Except(tempBefore).ShouldBeEmpty(what);
        if (r.StatusCode == HttpStatusCode.Created && path == "/api/plans")
            (await c.GetAsync($"/api/plans/{System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()}", ct)).StatusCode.ShouldBe(HttpStatusCode.OK, what);
        // The plan the reports go to stays readable whatever was posted.
        (await c.GetAsync($"/api/plans/{service.PlanId}/live", ct)).StatusCode.ShouldBe(HttpStatusCode.OK, what);
    }

    /// <summary>One service for the web cases, on its own SQLite store, with the flagship stored.</summary>
    public sealed class Service : IAsyncLifetime
    {
        private WebHost? host;
        private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-fuzz-" + Guid.NewGuid().ToString("N"));
        private readonly string? tmpBefore = Environment.GetEnvironmentVariable("TMPDIR");

        public string PlanId { get; private set; } = "";

        public HttpClient Client()
        {
            var c = host!.Client(host.AdminToken);
            c.Timeout = TimeSpan.FromSeconds(60);
            return c;
        }

        public async ValueTask InitializeAsync()
        {
            Directory.CreateDirectory(dir);
            // A temporary folder of the suite's own (the suite runs alone in this process, so setting it is safe):
            // what a case leaves there is the case's.
            Directory.CreateDirectory(Path.Combine(dir, "tmp"));
            Environment.SetEnvironmentVariable("TMPDIR", Path.Combine(dir, "tmp"));
            host = await WebHost.StartAsync("sqlite:" + Path.Combine(dir, "fuzz.db"));
            using var c = Client();
            using var r = await c.PostAsync("/api/plans", new StringContent(Scenario.Value, Encoding.UTF8, "application/json"));
            PlanId = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            if (host is not null) await host.DisposeAsync();
            Environment.SetEnvironmentVariable("TMPDIR", tmpBefore);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
