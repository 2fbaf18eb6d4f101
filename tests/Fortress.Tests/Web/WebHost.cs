using System.Net.Http.Headers;
using Fortress.Web;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fortress.Tests.Web;

/// <summary>
/// A service on a store of its own (SQLite or PostgreSQL, <see cref="TestStores"/>) with no plan seeded: cheaper than
/// <see cref="ServiceFixture"/> for tests that need a fresh store per case or a restart on the same store.
/// </summary>
internal sealed class WebHost : IAsyncDisposable
{
    private WebHost(WebApplication app, string adminToken)
    {
        App = app;
        AdminToken = adminToken;
    }

    public WebApplication App { get; }

    /// <summary>The first-run admin token printed on an empty store (empty after a restart on a store with tokens).</summary>
    public string AdminToken { get; }

    public IFortressStore Store => App.Services.GetRequiredService<IFortressStore>();

    public static async Task<WebHost> StartAsync(string spec, Func<WebOptions, WebOptions>? configure = null)
    {
        var output = new StringWriter();
        var options = new WebOptions { Urls = "http://127.0.0.1:0", Store = spec, Output = output };
        var app = await FortressWebApp.BuildAsync(configure?.Invoke(options) ?? options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var line = output.ToString();
        var token = line.Contains("admin token", StringComparison.Ordinal) ? line.Trim().Split(' ')[^1] : "";
        return new WebHost(app, token);
    }

    /// <summary>Issues a token directly through the service.</summary>
    public async Task<string> IssueAsync(string name, Role role) =>
        (await App.Services.GetRequiredService<Fortress.Web.Auth.TokenService>().IssueAsync(name, role, null)).Token;

    public HttpClient Client(string? token)
    {
        var c = new HttpClient { BaseAddress = FortressWebApp.Address(App), Timeout = TimeSpan.FromSeconds(120) };
        if (token is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
