using System.CommandLine;
using Fortress.Web;
using Fortress.Web.Access;
using Microsoft.Extensions.Hosting;

namespace Fortress.Cli.Commands;

/// <summary><c>fortress serve</c>: the operations console (web service and page, docs/api.md).</summary>
internal static class ServeCommand
{
    public static Option<string> Urls() => new("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };

    public static Option<string> Store() => new("--store") { Description = "sqlite:PATH (a file, created on first start) or postgres:CONNECTION-STRING.", DefaultValueFactory = _ => Fortress.Web.Storage.StoreSpec.Default };

    public static Command Create()
    {
        var urls = Urls();
        var store = Store();
        var demo = new Option<bool>("--demo") { Description = "Store the built-in state visit (replacing an earlier demo plan in the store), print one token per role, and replay its journey so the trains move on the map." };
        var cmd = new Command("serve", "Run the operations console: plans, roles and live tracking over HTTP (docs/api.md).") { urls, store, demo };
        cmd.SetAction(parse => Run(parse.GetValue(urls)!, parse.GetValue(store)!, parse.GetValue(demo), parse.InvocationConfiguration.Output));
        return cmd;
    }

    /// <summary>Starts the service and blocks until it is stopped (Ctrl+C); with <paramref name="demo"/> seeds and replays the flagship.</summary>
    public static int Run(string urls, string store, bool demo, TextWriter output, FileInfo? scenario = null)
    {
        RunAsync(urls, store, demo, output, scenario).GetAwaiter().GetResult();
        return CliHost.Ok;
    }

    /// <param name="scenario">With <paramref name="demo"/>: the scenario file to serve and replay instead of the built-in state visit.</param>
    private static async Task RunAsync(string urls, string store, bool demo, TextWriter output, FileInfo? scenario)
    {
        // A busy port is found before the store is opened or anything printed (and again, for certain, by the start).
        FortressWebApp.CheckAddressesFree(urls);
        // The work limits of this deployment: the defaults, or what --limit set (fixed for the life of the service).
        await using var app = await FortressWebApp.BuildAsync(new WebOptions { Urls = urls, Store = store, Output = output, Demo = demo, Limits = Fortress.Diagnostics.WorkLimits.Current });
        await FortressWebApp.StartAsync(app, urls);
        var address = FortressWebApp.Address(app);
        output.WriteLine($"Fortress console on {address} (API description {new Uri(address, "/scalar/v1")}); store {store}. Ctrl+C stops.");
        if (demo)
        {
            var local = scenario is null ? ((string, string)?)null : (Fortress.IO.InputFile.ReadText(scenario.FullName), scenario.DirectoryName!);
            var (planId, tokens, replaced) = await FortressWebApp.ReplaceDemoAsync(app, default, local);
            var what = scenario is null ? "the built-in state visit" : scenario.Name;
            output.WriteLine(replaced == 0
                ? $"Demo plan {planId} ({what}). Tokens, one per role (valid 7 days):"
                : $"Demo plan {planId} ({what}), replacing the earlier demo plan and its replay; the earlier demo tokens are revoked. Tokens, one per role (valid 7 days):");
            foreach (var (role, token) in tokens) output.WriteLine($"  {role.Name(),-10} {token}");
            _ = Fortress.Web.Plans.DemoReplay.Start(app, planId);
            output.WriteLine("Replaying the journey: the trains move on the map within a minute. Log in with the security or dispatcher token.");
        }
        output.Flush();
        await app.WaitForShutdownAsync();
    }
}
