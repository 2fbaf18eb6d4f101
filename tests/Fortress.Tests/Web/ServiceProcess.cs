using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Fortress.Tests.Web;

/// <summary>
/// <c>fortress serve</c> as a separate process (the CLI built beside the tests), for durability tests that kill it
/// with SIGKILL. Captures its output; finds the first-run admin token in it.
/// </summary>
public sealed partial class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private ServiceProcess(Process p, Uri address)
    {
        process = p;
        Address = address;
    }

    public Uri Address { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>The admin token printed on the first start of an empty store, if this start printed one.</summary>
    public string? AdminToken => AdminLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"admin token \(shown once, keep it safe\): (\S+)")]
    private static partial Regex AdminLine();

    public static async Task<ServiceProcess> StartAsync(string store, CancellationToken ct)
    {
        var port = FreePort();
        var cli = Path.Combine(AppContext.BaseDirectory, "Fortress.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--urls", $"http://127.0.0.1:{port}", "--store", store }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var s = new ServiceProcess(p, new Uri($"http://127.0.0.1:{port}/"));
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (s.output) s.output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (s.output) s.output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var c = new HttpClient { BaseAddress = s.Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < until)
        {
            if (p.HasExited) throw new InvalidOperationException("fortress serve exited: " + s.Output);
            try { if ((await c.GetAsync("/api/health", ct)).StatusCode == HttpStatusCode.OK) return s; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        s.Kill();
        throw new TimeoutException("fortress serve did not answer: " + s.Output);
    }

    /// <summary>The process's peak resident memory so far (VmHWM, Linux); the test is skipped elsewhere.</summary>
    public long PeakResidentBytes()
    {
        var status = $"/proc/{process.Id}/status";
        Assert.SkipUnless(File.Exists(status), "peak memory is read from /proc (Linux)");
        var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL: no shutdown, no flush (kill -9).</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10000);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
