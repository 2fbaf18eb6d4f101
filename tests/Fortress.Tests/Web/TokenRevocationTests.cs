using System.Net;
using System.Text;
using System.Text.Json;
using Fortress.Web;

namespace Fortress.Tests.Web;

/// <summary>
/// GET /api/tokens and DELETE /api/tokens/{name} on SQLite and PostgreSQL: the list never shows a secret or a hash,
/// a revoked token is refused at once (not after the 30 s the service keeps a checked token), only an admin may list
/// or revoke, and the last admin tokens cannot be revoked.
/// </summary>
public sealed class TokenRevocationTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-tokens-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> Status(HttpClient c, HttpMethod method, string path, string? body = null)
    {
        using var r = await c.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") }, Ct);
        return r.StatusCode;
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Revoke_RefusedAtOnce_ListShowsItWithoutSecrets(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        await using (var host = await WebHost.StartAsync(spec))
        {
            using var admin = host.Client(host.AdminToken);
            // A name with a space and a slash: the path carries it percent-encoded.
            const string name = "night shift/ops";
            var secret = await host.IssueAsync(name, Role.Security);
            var twin = await host.IssueAsync(name, Role.Dispatcher);
            var other = await host.IssueAsync("day shift", Role.Security);
            using var holder = host.Client(secret);
            using var twinHolder = host.Client(twin);
            // Checked once: now in the service's 30-second memory of checked tokens.
            (await Status(holder, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.OK);
            (await Status(twinHolder, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.OK);

            var listText = await admin.GetStringAsync("/api/tokens", Ct);
            foreach (var s in new[] { secret, twin, other, host.AdminToken })
            {
                listText.ShouldNotContain(s);
                listText.ShouldNotContain(Fortress.Web.Auth.TokenService.Hash(s));
            }
            var list = JsonDocument.Parse(listText).RootElement.EnumerateArray().ToList();
            list.Count.ShouldBe(4);
            list.ShouldAllBe(t => t.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "name", "role", "created", "expires", "revoked" }));
            list.Where(t => t.GetProperty("name").GetString() == name).Select(t => t.GetProperty("role").GetString()).Order().ShouldBe(["dispatcher", "security"]);
            list.ShouldAllBe(t => !t.GetProperty("revoked").GetBoolean());

            (await Status(admin, HttpMethod.Delete, "/api/tokens/" + Uri.EscapeDataString(name))).ShouldBe(HttpStatusCode.NoContent);
            // At once, on this instance, within the 30 s a checked token is kept.
            (await Status(holder, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.Unauthorized);
            (await Status(twinHolder, HttpMethod.Get, "/api/plans")).ShouldBe(HttpStatusCode.Unauthorized);
            using (var otherHolder = host.Client(other)) (await Status(otherHolder, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.OK);
            list = JsonDocument.Parse(await admin.GetStringAsync("/api/tokens", Ct)).RootElement.EnumerateArray().ToList();
            list.Where(t => t.GetProperty("revoked").GetBoolean()).Select(t => t.GetProperty("name").GetString()).ShouldBe([name, name]);

            // Again: the name is known, nothing left to revoke. A name never issued: 404.
            (await Status(admin, HttpMethod.Delete, "/api/tokens/" + Uri.EscapeDataString(name))).ShouldBe(HttpStatusCode.NoContent);
            var before = await host.Store.RowCountsAsync(Ct);
            (await Status(admin, HttpMethod.Delete, "/api/tokens/" + Uri.EscapeDataString("nobody'; DROP TABLE tokens; --"))).ShouldBe(HttpStatusCode.NotFound);
            (await host.Store.RowCountsAsync(Ct)).ShouldBe(before);
        }
        // Still refused by a new service on the same store (the revocation is stored, not only forgotten).
        await using (var host = await WebHost.StartAsync(spec))
        {
            var revoked = (await host.Store.TokensAsync(Ct)).Where(t => t.Revoked).ToList();
            revoked.Count.ShouldBe(2);
            revoked.ShouldAllBe(t => t.Name == "night shift/ops");
        }
        await TestStores.DropAsync(spec);
    }

    [Theory]
    [InlineData(Role.Security)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.Public)]
    public async Task NonAdmin_CannotListOrRevoke_403NothingChanged(Role role)
    {
        var spec = await TestStores.NewSpecAsync("sqlite", dir);
        await using var host = await WebHost.StartAsync(spec);
        var victim = await host.IssueAsync("victim", Role.Security);
        using var c = host.Client(await host.IssueAsync("caller", role));
        (await Status(c, HttpMethod.Get, "/api/tokens")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status(c, HttpMethod.Delete, "/api/tokens/victim")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status(c, HttpMethod.Delete, "/api/tokens/admin")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status(c, HttpMethod.Delete, "/api/tokens/no%20such%20name")).ShouldBe(HttpStatusCode.Forbidden);
        (await host.Store.TokensAsync(Ct)).ShouldAllBe(t => !t.Revoked);
        using var v = host.Client(victim);
        (await Status(v, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task LastAdmin_CannotBeRevoked_409UntilAnotherAdminExists(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        await using (var host = await WebHost.StartAsync(spec))
        {
            using var admin = host.Client(host.AdminToken);
            (await Status(admin, HttpMethod.Delete, "/api/tokens/admin")).ShouldBe(HttpStatusCode.Conflict);
            (await Status(admin, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.OK);
            (await host.Store.TokensAsync(Ct)).ShouldAllBe(t => !t.Revoked);

            // A second admin under another name: now the first may go, and the second is then the last.
            var created = JsonDocument.Parse(await (await admin.PostAsync("/api/tokens", new StringContent("{\"name\":\"deputy\",\"role\":\"admin\"}", Encoding.UTF8, "application/json"), Ct))
                .Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("token").GetString()!;
            using var deputy = host.Client(created);
            (await Status(deputy, HttpMethod.Delete, "/api/tokens/admin")).ShouldBe(HttpStatusCode.NoContent);
            (await Status(admin, HttpMethod.Get, "/api/me")).ShouldBe(HttpStatusCode.Unauthorized);
            (await Status(deputy, HttpMethod.Delete, "/api/tokens/deputy")).ShouldBe(HttpStatusCode.Conflict);
            (await Status(deputy, HttpMethod.Get, "/api/tokens")).ShouldBe(HttpStatusCode.OK);
        }
        await TestStores.DropAsync(spec);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
