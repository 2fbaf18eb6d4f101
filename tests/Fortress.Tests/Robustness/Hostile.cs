using System.Diagnostics;
using System.Text.Json.Nodes;
using Fortress.Cli;

namespace Fortress.Tests.Robustness;

/// <summary>
/// Helpers for the hostile-input tests and the fuzz suite: the command line in-process and as a real process, a
/// scratch folder per test, and the built-in inputs as editable JSON.
/// </summary>
internal static class Hostile
{
    /// <summary>The command line in this process (CliHost, as Program runs it); the exit code and both outputs.</summary>
    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliHost.Invoke(CliHost.BuildRoot(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>
    /// The command line as its own process (the CLI built beside the tests), with the managed heap held to
    /// <paramref name="heapLimitBytes"/> (DOTNET_GCHeapHardLimit: a run that needs more dies with an out-of-memory
    /// error instead of passing), in <paramref name="workingDirectory"/>. Killed after <paramref name="timeout"/>.
    /// </summary>
    public static (int Code, string Out, string Err, TimeSpan Elapsed) Process(string workingDirectory, TimeSpan timeout, long heapLimitBytes, string? shellPrefix, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Fortress.Cli.dll");
        ProcessStartInfo psi;
        if (shellPrefix is null)
        {
            psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(cli);
            foreach (var a in args) psi.ArgumentList.Add(a);
        }
        else
        {
            // A shell line before the command (ulimit): arguments are quoted for sh.
            psi = new ProcessStartInfo("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"{shellPrefix}; exec dotnet {Quote(cli)} {string.Join(' ', args.Select(Quote))}");
        }
        psi.WorkingDirectory = workingDirectory;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapLimitBytes.ToString("X");
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // the runtime starts under ulimit -f
        var sw = Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, stdout.Result, stderr.Result + $"\n(killed after {timeout.TotalSeconds:0} s)", sw.Elapsed);
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result, sw.Elapsed);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public const long OneGigabyte = 1L << 30;

    /// <summary>The built-in flagship scenario as JSON to edit.</summary>
    public static JsonNode Flagship() => JsonNode.Parse(Fortress.IO.Json.BuiltIn.Text(Fortress.IO.Json.ScenarioReader.Flagship))!;

    /// <summary>A built-in document (train, path) as JSON to edit.</summary>
    public static JsonNode BuiltIn(string name) => JsonNode.Parse(Fortress.IO.Json.BuiltIn.Text(name))!;

    /// <summary>Everything an exit-2 answer must not be: the fault message, a stack trace.</summary>
    public static void ShouldBeUserError(this (int Code, string Out, string Err) r, string? contains = null)
    {
        r.Err.ShouldNotContain("fault in Fortress");
        r.Err.ShouldNotContain("   at ");
        r.Code.ShouldBe(2, r.Err);
        if (contains is not null) r.Err.ShouldContain(contains, Case.Insensitive);
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() => Path = Directory.CreateTempSubdirectory("fortress-hostile-").FullName;

    public string Path { get; }

    public string File(string name, string text)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    public string File(string name, byte[] bytes)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Every file in the folder, by name, sorted.</summary>
    public string[] Files() => Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
