using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fortress.Application;
using Fortress.IO.Contracts;
using Fortress.IO.Files;
using Fortress.Views;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Cli.Commands;

/// <summary>
/// <c>fortress replay</c>: plans the scenario locally (the built-in state visit by default), simulates its run
/// (<see cref="Fortress.Operations.Replay"/>) and posts the position reports to a running service, paced by a speed-up.
/// Needs only the service's address, a security or admin token and the plan id.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The service, like http://127.0.0.1:5080.", Required = true };
        var token = new Option<string>("--token") { Description = "A security or admin token.", Required = true };
        var plan = new Option<string>("--plan") { Description = "The stored plan's id.", Required = true };
        var speedup = new Option<double>("--speedup") { Description = "Simulated seconds per wall-clock second.", DefaultValueFactory = _ => 600 };
        var interval = new Option<double>("--interval-seconds") { Description = "Simulated time between two reports of one train.", DefaultValueFactory = _ => 60 };
        var scenario = new Option<FileInfo?>("--scenario") { Description = "The scenario the plan was made from (default: the built-in state visit)." };
        var cmd = new Command("replay", "Post a simulated run of a plan's journey to a running service, as position reports.") { url, token, plan, speedup, interval, scenario };
        cmd.SetAction(parse => Run(parse.GetValue(url)!, parse.GetValue(token)!, parse.GetValue(plan)!, parse.GetValue(speedup), parse.GetValue(interval),
            parse.GetValue(scenario), parse.InvocationConfiguration.Output).GetAwaiter().GetResult());
        return cmd;
    }

    private static async Task<int> Run(string urlText, string token, string planId, double speedup, double intervalSeconds, FileInfo? scenario, TextWriter output)
    {
        var problems = new ProblemList();
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url)) { problems.Add("--url", $"'{urlText}' is not an address like http://127.0.0.1:5080"); url = new Uri("http://invalid/"); }
        if (!(speedup > 0)) problems.Add("--speedup", "must be positive");
        if (!(intervalSeconds >= 1)) problems.Add("--interval-seconds", "must be at least 1");
        else if (url.Scheme is not ("http" or "https")) problems.Add("--url", "must be an http:// or https:// address");
        if (scenario is not null && !scenario.Exists) problems.Add("--scenario", $"{scenario.FullName}: file not found");
        problems.ThrowIfAny();

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Checked before planning: a wrong address or token fails at once.
        await Send(() => http.GetAsync("/api/me"), url, planId);

        var input = scenario is null ? Scenarios.ReadBuiltIn() : Scenarios.ReadFile(scenario.FullName);
        var plan = PlanPipeline.Default.Run(input).Plan;
        var security = ViewPolicy.For(PlanView.Security);
        var reports = Fortress.Operations.Replay.Simulate(plan, NodaTime.Duration.FromSeconds(intervalSeconds));
        output.WriteLine($"Replaying {reports.Count} reports of {plan.Trains.Count} trains to {url} plan {planId}, {speedup:0.#}x.");
        output.Flush();
        var posted = 0;
        NodaTime.Instant? previous = null;
        foreach (var batch in reports.GroupBy(r => r.Time))
        {
            if (previous is { } p) await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, (batch.Key - p).TotalSeconds / speedup)));
            previous = batch.Key;
            IReadOnlyList<PositionReportDocument> docs = batch.Select(r => new PositionReportDocument(PlanViewBuilder.TrainId(plan, r.Train, security),
                Fortress.Timetable.TimeText.Iso(r.Time, NodaTime.DateTimeZone.Utc), r.Latitude, r.Longitude, r.Speed?.KilometersPerHour)).ToList();
            var body = JsonSerializer.Serialize(docs, FortressJson.Compact.IReadOnlyListPositionReportDocument);
            await Send(() => http.PostAsync($"/api/plans/{Uri.EscapeDataString(planId)}/positions", new StringContent(body, Encoding.UTF8, "application/json")), url, planId);
            posted += batch.Count();
        }
        output.WriteLine($"Posted {posted} reports.");
        return CliHost.Ok;
    }

    /// <summary>Sends a request; a refusal becomes a clear error (exit code 2).</summary>
    private static async Task Send(Func<Task<HttpResponseMessage>> request, Uri url, string planId)
    {
        HttpResponseMessage r;
        try { r = await request(); }
        catch (HttpRequestException ex) { throw new InvalidInputException("--url", $"cannot reach {url}: {ex.Message}"); }
        catch (TaskCanceledException) { throw new InvalidInputException("--url", $"{url} did not answer within 30 s"); }
        using (r)
        {
            if (r.IsSuccessStatusCode) return;
            var text = await r.Content.ReadAsStringAsync();
            throw r.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new InvalidInputException("--token", "the service refused the token (unknown, revoked or expired)"),
                HttpStatusCode.Forbidden => new InvalidInputException("--token", "this token's role may not post positions (use a security or admin token)"),
                HttpStatusCode.NotFound => new InvalidInputException("--plan", $"the service has no plan '{planId}'"),
                _ => new InvalidInputException("--url", $"the service answered {(int)r.StatusCode}: {text}"),
            };
        }
    }
}
