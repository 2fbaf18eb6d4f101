using System.Net.Http.Headers;
using Fortress.Web;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.Builder;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>
/// The real service on Kestrel at a free loopback port, on a fresh store (a temporary SQLite file by default), with
/// the built-in plan stored and one token per role. Share it with <c>IClassFixture&lt;ServiceFixture&gt;</c>; the
/// page's browser tests use it too. <see cref="Clock"/> is a fake clock the service reads (advance it to expire tokens).
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    private IReadOnlyDictionary<Role, string> tokens = new Dictionary<Role, string>();

    public ServiceFixture() => Directory = Path.Combine(Path.GetTempPath(), "fortress-web-" + Guid.NewGuid().ToString("N"));

    /// <summary>A temporary folder of this fixture (deleted on dispose).</summary>
    public string Directory { get; }

    public WebApplication App { get; private set; } = null!;

    /// <summary>Base address of the service, like http://127.0.0.1:43567/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The id of the stored built-in plan (the state visit).</summary>
    public string PlanId { get; private set; } = "";

    /// <summary>The clock the service runs on: starts at the real time, moves only when a test advances it.</summary>
    public TestClock Clock { get; } = new(SystemClock.Instance.GetCurrentInstant());

    /// <summary>What the service printed on start (the first admin token line).</summary>
    public StringWriter Output { get; } = new();

    /// <summary>The store the service uses (for row counts and direct checks).</summary>
    public IFortressStore Store => (IFortressStore)App.Services.GetService(typeof(IFortressStore))!;

    /// <summary>The store specification; override for another database.</summary>
    protected virtual string StoreSpec() => "sqlite:" + Path.Combine(Directory, "fortress.db");

    /// <summary>Options of the service; tests may shorten the heartbeat or the body limit.</summary>
    protected virtual WebOptions Options() => new()
    {
        Urls = "http://127.0.0.1:0",
        Store = StoreSpec(),
        Clock = Clock,
        Output = Output,
        Heartbeat = TimeSpan.FromSeconds(2),
    };

    /// <summary>The live side of the stored plan (its ConvoyPlan, train ids, state).</summary>
    public async Task<Fortress.Web.Plans.LivePlan> LiveAsync() =>
        (await ((Fortress.Web.Plans.PlanCatalog)App.Services.GetService(typeof(Fortress.Web.Plans.PlanCatalog))!).LiveAsync(PlanId))!;

    /// <summary>Issues a token directly (for expiry tests: a short lifetime on the fake clock).</summary>
    public async Task<string> IssueAsync(string name, Role role, Duration? lifetime) =>
        (await ((Fortress.Web.Auth.TokenService)App.Services.GetService(typeof(Fortress.Web.Auth.TokenService))!).IssueAsync(name, role, lifetime)).Token;

    /// <summary>A token of the given role (issued on start, valid for 7 days of the fake clock).</summary>
    public string Token(Role role) => tokens[role];

    /// <summary>An HTTP client on the service, with the role's token (none for null).</summary>
    public HttpClient Client(Role? role)
    {
        var c = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (role is { } r) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(r));
        return c;
    }

    public virtual async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        App = await FortressWebApp.BuildAsync(Options());
        await App.StartAsync();
        BaseAddress = FortressWebApp.Address(App);
        (PlanId, tokens) = await FortressWebApp.SeedDemoAsync(App);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class TestClock(Instant start) : IClock
{
    private long ticks = start.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref ticks));

    public void Advance(Duration d) => Interlocked.Add(ref ticks, d.BclCompatibleTicks);
}
