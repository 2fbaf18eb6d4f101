// Load benchmark of the operations console (not a test): `fortress serve` as its own process on loopback, a fresh
// SQLite store, N simulated trains posting one position report a second each, M page clients each holding the event
// stream of a plan and polling its live state every few seconds, and a baseline client polling GET /api/health in the
// same run. Prints throughput, p50/p99 latencies and the service's memory. Usage:
//   dotnet run -c Release --project bench/Fortress.Load -- [--trains 200] [--clients 50] [--seconds 45] [--poll-seconds 3]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fortress.IO.Json;
using Fortress.Planning;

var trains = Arg("--trains", 200);
var clients = Arg("--clients", 50);
var seconds = Arg("--seconds", 45);
var pollSeconds = Arg("--poll-seconds", 3);

var dir = Path.Combine(Path.GetTempPath(), "fortress-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var port = FreePort();
var baseUri = new Uri($"http://127.0.0.1:{port}/");
var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Fortress.Cli.dll"), "serve", "--urls", baseUri.ToString().TrimEnd('/'), "--store", "sqlite:" + Path.Combine(dir, "load.db") })
    psi.ArgumentList.Add(a);
using var service = Process.Start(psi)!;
var output = new StringBuilder();
service.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
service.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
service.BeginOutputReadLine();
service.BeginErrorReadLine();

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(120) };
try
{
    for (var i = 0; ; i++)
    {
        try { if ((await http.GetAsync("/api/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
        if (i > 600 || service.HasExited) throw new InvalidOperationException("the service did not start: " + output);
        await Task.Delay(200);
    }
    var admin = Regex.Match(output.ToString(), @"admin token \(shown once, keep it safe\): (\S+)").Groups[1].Value;
    string Issue(string role) => JsonDocument.Parse(Send(HttpMethod.Post, "/api/tokens", admin, $"{{\"name\":\"load {role}\",\"role\":\"{role}\"}}").Result).RootElement.GetProperty("token").GetString()!;
    var security = Issue("security");
    var dispatcher = Issue("dispatcher");

    // Plans: as many as needed for the trains (three per plan); the same scenario, planned once by the service.
    var scenario = BuiltIn.Text(ScenarioReader.Flagship);
    var planCount = (trains + 2) / 3;
    var sw = Stopwatch.StartNew();
    var plans = new List<string>();
    for (var i = 0; i < planCount; i++)
        plans.Add(JsonDocument.Parse(await Send(HttpMethod.Post, "/api/plans", security, scenario)).RootElement.GetProperty("id").GetString()!);
    foreach (var p in plans) await Send(HttpMethod.Get, $"/api/plans/{p}/live", dispatcher, null);
    Console.WriteLine($"setup: {planCount} plans stored and tracked in {sw.Elapsed.TotalSeconds:0.0} s");

    // One simulated run (one report per train per simulated minute), posted one report per train per wall second.
    var plan = Fortress.Application.PlanPipeline.Default.Run(Fortress.IO.Files.Scenarios.ReadBuiltIn()).Plan;
    var runs = Fortress.Operations.Replay.Simulate(plan, NodaTime.Duration.FromMinutes(1)).GroupBy(r => r.Train).ToDictionary(g => g.Key, g => g.ToList());
    var roles = plan.Trains.Select(t => t.Id).ToArray();

    var postLatency = new ConcurrentBag<double>();
    var liveLatency = new ConcurrentBag<double>();
    var healthLatency = new ConcurrentBag<double>();
    var idleHealth = new List<double>();
    var failures = new ConcurrentBag<string>();
    long events = 0;
    for (var i = 0; i < 200; i++) idleHealth.Add(await Time(() => Send(HttpMethod.Get, "/api/health", null, null)));

    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var start = Stopwatch.GetTimestamp();
    double Now() => Stopwatch.GetElapsedTime(start).TotalSeconds;
    var memory = new List<long>();
    var tasks = new List<Task>();
    var rnd = new Random(7);
    for (var k = 0; k < trains; k++)
    {
        var planId = plans[k / 3];
        var role = roles[k % 3];
        var reports = runs[role];
        var offset = rnd.NextDouble();
        tasks.Add(Task.Run(async () =>
        {
            for (var i = 0; i < reports.Count && !stop.IsCancellationRequested; i++)
            {
                var wait = i + offset - Now();
                if (wait > 0) { try { await Task.Delay(TimeSpan.FromSeconds(wait), stop.Token); } catch (OperationCanceledException) { break; } }
                var r = reports[i];
                var body = JsonSerializer.Serialize(new Fortress.IO.Contracts.PositionReportDocument(role.Value, Fortress.Timetable.TimeText.Iso(r.Time, NodaTime.DateTimeZone.Utc), r.Latitude, r.Longitude, r.Speed?.KilometersPerHour),
                    Fortress.IO.Contracts.FortressJson.Compact.PositionReportDocument);
                try { postLatency.Add(await Time(() => Send(HttpMethod.Post, $"/api/plans/{planId}/positions", security, body, HttpStatusCode.Accepted))); }
                catch (Exception e) when (!stop.IsCancellationRequested) { failures.Add(e.Message); }
            }
        }));
    }
    for (var k = 0; k < clients; k++)
    {
        var planId = plans[k % plans.Count];
        var offset = rnd.NextDouble() * pollSeconds;
        tasks.Add(Task.Run(async () =>
        {
            try
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/plans/{planId}/events");
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dispatcher);
                using var resp = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(stop.Token));
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                    if (line.StartsWith("event: live", StringComparison.Ordinal)) Interlocked.Increment(ref events);
            }
            catch (OperationCanceledException) { }
        }));
        tasks.Add(Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var wait = offset + i * pollSeconds - Now();
                if (wait > 0) { try { await Task.Delay(TimeSpan.FromSeconds(wait), stop.Token); } catch (OperationCanceledException) { break; } }
                try { liveLatency.Add(await Time(() => Send(HttpMethod.Get, $"/api/plans/{planId}/live", dispatcher, null))); }
                catch (Exception e) when (!stop.IsCancellationRequested) { failures.Add(e.Message); }
            }
        }));
    }
    tasks.Add(Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try { healthLatency.Add(await Time(() => Send(HttpMethod.Get, "/api/health", null, null))); await Task.Delay(100, stop.Token); }
            catch (OperationCanceledException) { }
        }
    }));
    tasks.Add(Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            service.Refresh();
            lock (memory) memory.Add(service.WorkingSet64);
            try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
        }
    }));
    await Task.WhenAll(tasks);
    var elapsed = Now();
    service.Refresh();

    static string Stats(IEnumerable<double> ms)
    {
        var s = ms.OrderBy(x => x).ToArray();
        if (s.Length == 0) return "none";
        double P(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        return $"n={s.Length,6}  p50={P(0.50),7:0.00} ms  p99={P(0.99),7:0.00} ms  max={s[^1],7:0.00} ms";
    }
    Console.WriteLine($"load: {trains} trains at 1 Hz, {clients} page clients (event stream + GET live every {pollSeconds} s), {elapsed:0.0} s, {Environment.ProcessorCount} cores shared with the generator");
    Console.WriteLine($"POST positions        {Stats(postLatency)}  throughput {postLatency.Count / elapsed:0.0} reports/s");
    Console.WriteLine($"GET live              {Stats(liveLatency)}");
    Console.WriteLine($"GET health (under load){Stats(healthLatency)}");
    Console.WriteLine($"GET health (idle)     {Stats(idleHealth)}");
    Console.WriteLine($"events received       {events} live events ({events / elapsed:0} /s over {clients} streams)");
    Console.WriteLine($"service memory        working set peak {memory.DefaultIfEmpty(0).Max() / 1048576.0:0} MiB, end {service.WorkingSet64 / 1048576.0:0} MiB");
    Console.WriteLine($"failures              {failures.Count}{(failures.IsEmpty ? "" : ": " + failures.First())}");
    var p99 = postLatency.OrderBy(x => x).ElementAtOrDefault((int)(0.99 * postLatency.Count));
    Console.WriteLine($"target p99 < 50 ms for POST positions: {(p99 < 50 ? "met" : "NOT met")} ({p99:0.0} ms)");
}
finally
{
    if (!service.HasExited) service.Kill(entireProcessTree: true);
    await service.WaitForExitAsync();
    try { Directory.Delete(dir, true); } catch (IOException) { }
}

async Task<string> Send(HttpMethod method, string path, string? token, string? body, HttpStatusCode expect = HttpStatusCode.OK)
{
    using var req = new HttpRequestMessage(method, path);
    if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (body is not null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
    using var r = await http.SendAsync(req);
    var text = await r.Content.ReadAsStringAsync();
    if (r.StatusCode != expect && !(expect == HttpStatusCode.OK && r.StatusCode == HttpStatusCode.Created))
        throw new InvalidOperationException($"{method} {path}: {(int)r.StatusCode} {text}");
    return text;
}

static async Task<double> Time(Func<Task> f)
{
    var t = Stopwatch.GetTimestamp();
    await f();
    return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
}

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
