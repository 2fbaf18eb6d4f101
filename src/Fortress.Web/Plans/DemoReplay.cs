using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fortress.Web.Plans;

/// <summary>
/// Feeds a simulated run of a stored plan into it in the background (<c>fortress serve --demo</c>): the reports of one
/// simulated instant per post, <see cref="PostsPerSecond"/> posts per wall-clock second, through the same path as
/// POST /positions (stored, then tracked), until the journey ends or the service stops. The main train makes one unplanned
/// 15-minute stop on the way (<see cref="Fortress.Operations.Replay.StopHalfWay"/>).
/// </summary>
public static class DemoReplay
{
    /// <summary>Posts per wall-clock second: with one report per train per simulated minute, ten simulated minutes a second.</summary>
    public const double PostsPerSecond = 10;

    public static Task Start(WebApplication app, string planId, NodaTime.Duration? interval = null, double postsPerSecond = PostsPerSecond)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fortress.Web.DemoReplay");
        var catalog = app.Services.GetRequiredService<PlanCatalog>();
        return Task.Run(async () =>
        {
            try
            {
                var live = await catalog.LiveAsync(planId) ?? throw new InvalidOperationException("no plan " + planId);
                // The main train stops for 15 min half way along its longest leg, so the console shows what the day
                // can bring: a stopped-train alert, a re-forecast, late arrivals and the escort closing up.
                var reports = LivePlan.Simulate(live.Plan, interval ?? NodaTime.Duration.FromMinutes(1),
                    [Fortress.Operations.Replay.StopHalfWay(live.Plan, live.Plan.Main.Id, NodaTime.Duration.FromMinutes(15))]);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / postsPerSecond));
                foreach (var batch in reports.GroupBy(r => r.Time))
                {
                    await live.AcceptAsync(batch.ToList(), stopping);
                    if (!await timer.WaitForNextTickAsync(stopping)) break;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
            catch (Exception ex) { log.LogError(ex, "the demo replay stopped"); }
        }, stopping);
    }
}
