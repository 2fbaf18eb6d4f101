// The store calls take the test cancellation token implicitly (none): each is a short local query.
#pragma warning disable xUnit1051
using Fortress.Web;
using Fortress.Web.Storage;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>The same storage tests against SQLite and PostgreSQL.</summary>
public sealed class StoreTests : IAsyncLifetime
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-store-" + Guid.NewGuid().ToString("N"));
    private readonly List<(IFortressStore Store, string Spec)> opened = [];
    private static readonly Instant T0 = Instant.FromUtc(2019, 4, 24, 6, 10, 30) + Duration.FromMilliseconds(250);

    private async Task<IFortressStore> New(string kind)
    {
        var s = await TestStores.NewAsync(kind, dir);
        opened.Add(s);
        return s.Store;
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Migrate_Twice_OneVersionAndEmptyTables(string kind)
    {
        var s = await New(kind);
        await s.MigrateAsync();
        (await s.SchemaVersionAsync()).ShouldBe(3); // 1: tokens, plans, reports; 2: networks; 3: the demo mark
        (await s.RowCountsAsync()).Values.ShouldAllBe(n => n == 0);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Tokens_AddedThenFoundByHashOnly(string kind)
    {
        var s = await New(kind);
        var t = new TokenRecord("id1", "Robert'); DROP TABLE tokens;--", Role.Dispatcher, TokenService_Hash("secret"), T0, T0 + Duration.FromHours(1), false);
        await s.AddTokenAsync(t);
        (await s.FindTokenAsync(t.Hash)).ShouldBe(t);
        (await s.FindTokenAsync(TokenService_Hash("other"))).ShouldBeNull();
        (await s.FindTokenAsync("' OR '1'='1")).ShouldBeNull();
        (await s.TokenCountAsync()).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Plan_WithViews_ReadBack(string kind)
    {
        var s = await New(kind);
        PlanViewRecord[] views = [new("public", "Timetable", "{\"a\":1}"), new("security", "Visit <script>", "{\"b\":\"ü\"}")];
        await s.AddPlanAsync(new PlanRecord("p1", T0, "{\"format\":\"x\"}"), views);
        (await s.PlansAsync()).ShouldBe([new PlanRecord("p1", T0, "{\"format\":\"x\"}")]);
        (await s.ViewsAsync("p1")).ShouldBe(views.OrderBy(v => v.View, StringComparer.Ordinal).ToList());
        (await s.ViewAsync("p1", "security")).ShouldBe(views[1]);
        (await s.ViewAsync("p1", "dispatcher")).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Plan_FailingView_NothingStored(string kind)
    {
        var s = await New(kind);
        // The second view repeats the first's key: the insert fails half-way and the whole plan must be rolled back.
        PlanViewRecord[] views = [new("public", "t", "{}"), new("public", "t", "{}")];
        await Should.ThrowAsync<Exception>(() => s.AddPlanAsync(new PlanRecord("p2", T0, "{}"), views));
        (await s.PlansAsync()).ShouldBeEmpty();
        (await s.RowCountsAsync())["plan_views"].ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Reports_InArrivalOrder_ValuesExact(string kind)
    {
        var s = await New(kind);
        await s.AddPlanAsync(new PlanRecord("p", T0, "{}"), []);
        await s.AddPlanAsync(new PlanRecord("q", T0, "{}"), []);
        var a = Enumerable.Range(0, 50).Select(i => new ReportRecord(i % 2 == 0 ? "main" : "escort", T0 + Duration.FromSeconds(60 * (50 - i)), 43.1 + i * 1e-7, 131.9 - i * 1e-7, i == 3 ? null : i * 1.5, T0)).ToList();
        await s.AddReportsAsync("p", a.Take(20).ToList());
        await s.AddReportsAsync("q", [a[0]]);
        await s.AddReportsAsync("p", a.Skip(20).ToList());
        (await s.ReportsAsync("p")).ShouldBe(a);
        (await s.ReportsAsync("q")).ShouldBe([a[0]]);
        (await s.ReportsAsync("' OR 1=1 --")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task DeletePlan_WithViewsAndReports_OnlyThatPlanGone(string kind)
    {
        var s = await New(kind);
        await s.AddPlanAsync(new PlanRecord("demo", T0, "{}", Demo: true), [new("public", "t", "{}"), new("security", "t", "{}")]);
        await s.AddPlanAsync(new PlanRecord("kept", T0 + Duration.FromSeconds(1), "{}"), [new("public", "u", "{}")]);
        await s.AddReportsAsync("demo", [new ReportRecord("main", T0, 43.1, 131.9, 10, T0)]);
        await s.AddReportsAsync("kept", [new ReportRecord("main", T0, 43.1, 131.9, 10, T0)]);
        (await s.PlansAsync()).Select(p => (p.Id, p.Demo)).ShouldBe([("demo", true), ("kept", false)]);

        (await s.DeletePlanAsync("demo")).ShouldBeTrue();
        (await s.DeletePlanAsync("demo")).ShouldBeFalse();
        (await s.PlansAsync()).Select(p => p.Id).ShouldBe(["kept"]);
        (await s.ViewsAsync("demo")).ShouldBeEmpty();
        (await s.ReportsAsync("demo")).ShouldBeEmpty();
        (await s.ReportsAsync("kept")).Count.ShouldBe(1);
        (await s.RowCountsAsync())["plan_views"].ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task LastReports_LatestReceivedPerPlan(string kind)
    {
        var s = await New(kind);
        await s.AddPlanAsync(new PlanRecord("p", T0, "{}"), []);
        await s.AddPlanAsync(new PlanRecord("q", T0, "{}"), []);
        await s.AddPlanAsync(new PlanRecord("quiet", T0, "{}"), []);
        await s.AddReportsAsync("p", [new ReportRecord("main", T0, 43, 131, null, T0 + Duration.FromMinutes(1))]);
        await s.AddReportsAsync("q", [new ReportRecord("main", T0, 43, 131, null, T0 + Duration.FromMinutes(2))]);
        await s.AddReportsAsync("p", [new ReportRecord("escort", T0, 43, 131, null, T0 + Duration.FromMinutes(3))]);
        var last = await s.LastReportsAsync();
        last.Count.ShouldBe(2);
        last["p"].ShouldBe(T0 + Duration.FromMinutes(3));
        last["q"].ShouldBe(T0 + Duration.FromMinutes(2));
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Reports_UnknownPlan_Refused(string kind)
    {
        var s = await New(kind);
        await Should.ThrowAsync<Exception>(() => s.AddReportsAsync("nope", [new ReportRecord("main", T0, 1, 2, null, T0)]));
        (await s.RowCountsAsync())["position_reports"].ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Networks_BytesExact_ListedWithoutThem_DuplicateIdRefused(string kind)
    {
        var s = await New(kind);
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31 % 251)).ToArray();
        var n = new NetworkRecord("net1", "Köln'; DROP TABLE networks; --", T0, 68, 67, 6);
        await s.AddNetworkAsync(n, bytes);
        (await s.NetworkBytesAsync("net1")).ShouldBe(bytes);
        (await s.NetworkBytesAsync("' OR 1=1 --")).ShouldBeNull();
        (await s.NetworksAsync()).ShouldBe([n]);
        await Should.ThrowAsync<Exception>(() => s.AddNetworkAsync(n with { Name = "again" }, [1, 2, 3]));
        (await s.RowCountsAsync())["networks"].ShouldBe(1);
        (await s.NetworkBytesAsync("net1")).ShouldBe(bytes);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Tokens_RevokedByName_OnlyThatName_CountsWhatChanged(string kind)
    {
        var s = await New(kind);
        TokenRecord T(string id, string name) => new(id, name, Role.Security, TokenService_Hash(id), T0, null, false);
        await s.AddTokenAsync(T("a", "ops"));
        await s.AddTokenAsync(T("b", "ops"));
        await s.AddTokenAsync(T("c", "ops2"));
        (await s.RevokeTokensAsync("ops")).ShouldBe(2);
        (await s.RevokeTokensAsync("ops")).ShouldBe(0);
        (await s.RevokeTokensAsync("' OR '1'='1")).ShouldBe(0);
        (await s.TokensAsync()).Select(t => (t.Id, t.Revoked)).ShouldBe([("a", true), ("b", true), ("c", false)]);
        (await s.FindTokenAsync(TokenService_Hash("a")))!.Revoked.ShouldBeTrue();
    }

    private static string TokenService_Hash(string s) => Fortress.Web.Auth.TokenService.Hash(s);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var (s, spec) in opened)
        {
            await s.DisposeAsync();
            await TestStores.DropAsync(spec);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
