using Fortress.Cli;
using Fortress.Web;

namespace Fortress.Tests.Web;

/// <summary><c>fortress replay</c> against the running service.</summary>
public sealed class ReplayCommandTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliHost.Invoke(CliHost.BuildRoot(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Replay_SecurityToken_EveryReportStored()
    {
        var before = (await service.Store.ReportsAsync(service.PlanId, TestContext.Current.CancellationToken)).Count;
        var (code, output, err) = Run("replay", "--url", service.BaseAddress.ToString(), "--token", service.Token(Role.Security), "--plan", service.PlanId,
            "--speedup", "100000000", "--interval-seconds", "1800");
        code.ShouldBe(0, err);
        var posted = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"Posted (\d+) reports").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        posted.ShouldBeGreaterThan(100);
        (await service.Store.ReportsAsync(service.PlanId, TestContext.Current.CancellationToken)).Count.ShouldBe(before + posted);
    }

    [Theory]
    [InlineData(null, "refused the token")]
    [InlineData(Role.Dispatcher, "may not post positions")]
    public void Replay_RefusedToken_Exit2WithReason(Role? role, string reason)
    {
        var token = role is { } r ? service.Token(r) : "not-a-token";
        var (code, _, err) = Run("replay", "--url", service.BaseAddress.ToString(), "--token", token, "--plan", service.PlanId, "--speedup", "100000000", "--interval-seconds", "3600");
        code.ShouldBe(2);
        err.ShouldContain(reason);
    }

    [Fact]
    public void Replay_UnknownPlan_Exit2()
    {
        var (code, _, err) = Run("replay", "--url", service.BaseAddress.ToString(), "--token", service.Token(Role.Security), "--plan", "nope", "--speedup", "100000000", "--interval-seconds", "3600");
        code.ShouldBe(2);
        err.ShouldContain("no plan 'nope'");
    }
}
