using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fortress.IO.Json;
using Fortress.Tests.Planning;
using Fortress.Web;
using NodaTime;

namespace Fortress.Tests.Web;

/// <summary>
/// Requests without a token, with a wrong role, a forged or expired token, injection in every string field and
/// oversized bodies: refused with the right status, nothing leaked, nothing written.
/// </summary>
public sealed class SecurityTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Injections =
    [
        "'; DROP TABLE position_reports; --",
        "\" OR \"1\"=\"1",
        "<script>alert('x')</script>",
        "Robert'); DELETE FROM plans WHERE ('1'='1",
        "../../../../etc/passwd",
        "$(rm -rf /)",
        "\u0000\u202e",
    ];

    public static TheoryData<string, string> Requests() => new()
    {
        { "GET", "/api/me" }, { "GET", "/api/plans" }, { "GET", "/api/plans/{id}" }, { "GET", "/api/plans/{id}/map" },
        { "GET", "/api/plans/{id}/speed" }, { "GET", "/api/plans/{id}/live" }, { "GET", "/api/plans/{id}/events" },
        { "POST", "/api/tokens" }, { "POST", "/api/plans" }, { "POST", "/api/plans/{id}/positions" },
        { "GET", "/api/tokens" }, { "DELETE", "/api/tokens/demo%20public" }, { "GET", "/api/networks" }, { "POST", "/api/networks" },
    };

    private HttpRequestMessage Request(string method, string path, string? token, string body = "{}")
    {
        var r = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", service.PlanId, StringComparison.Ordinal));
        if (method == "POST") r.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) r.Headers.TryAddWithoutValidation("Authorization", token);
        return r;
    }

    private async Task<(HttpStatusCode Status, string Body)> Send(string method, string path, string? authorization, string body = "{}", bool expectContinue = false)
    {
        using var c = service.Client(null);
        var request = Request(method, path, authorization, body);
        // Expect: 100-continue lets the service refuse a large body before it is sent; without it the refusal can
        // close the connection while the client is still sending (a broken pipe instead of the 413).
        if (expectContinue) request.Headers.ExpectContinue = true;
        using var r = await c.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return (r.StatusCode, await r.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task NoToken_EveryApiPath_401NothingWritten(string method, string path)
    {
        var before = await service.Store.RowCountsAsync(Ct);
        var (status, body) = await Send(method, path, null);
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.ShouldContain("\"status\":401");
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ForgedOrMalformedToken_401NotEchoed(string method, string path)
    {
        var forged = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var real = service.Token(Role.Admin);
        // A real token with one character changed, a forged one, the hash instead of the token, other schemes, injections.
        string[] headers = [$"Bearer {forged}", $"Bearer {real[..^1]}{(real[^1] == 'A' ? 'B' : 'A')}", $"Bearer {Fortress.Web.Auth.TokenService.Hash(real)}",
            $"Basic {real}", "Bearer", $"Bearer {Injections[0]}", $"Bearer {Injections[1]}"];
        foreach (var h in headers)
        {
            var (status, body) = await Send(method, path, h);
            status.ShouldBe(HttpStatusCode.Unauthorized, h);
            body.ShouldNotContain(forged);
            body.ShouldNotContain(real[..20]);
        }
    }

    [Fact]
    public async Task ExpiredToken_401AfterItsLifetime()
    {
        var token = await service.IssueAsync("short", Role.Security, Duration.FromMinutes(30));
        (await Send("GET", "/api/me", $"Bearer {token}")).Status.ShouldBe(HttpStatusCode.OK);
        service.Clock.Advance(Duration.FromMinutes(31));
        var (status, body) = await Send("GET", "/api/me", $"Bearer {token}");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.ShouldNotContain(token);
        (await Send("GET", "/api/me", $"Bearer {service.Token(Role.Security)}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Role.Dispatcher, "POST", "/api/plans/{id}/positions")]
    [InlineData(Role.Public, "POST", "/api/plans/{id}/positions")]
    [InlineData(Role.Dispatcher, "POST", "/api/plans")]
    [InlineData(Role.Public, "POST", "/api/plans")]
    [InlineData(Role.Security, "POST", "/api/tokens")]
    [InlineData(Role.Dispatcher, "POST", "/api/tokens")]
    [InlineData(Role.Public, "POST", "/api/tokens")]
    public async Task WrongRole_Action_403NothingWritten(Role role, string method, string path)
    {
        var before = await service.Store.RowCountsAsync(Ct);
        var body = path.EndsWith("tokens", StringComparison.Ordinal) ? "{\"name\":\"x\",\"role\":\"admin\"}" : "{}";
        var (status, text) = await Send(method, path, $"Bearer {service.Token(role)}", body);
        status.ShouldBe(HttpStatusCode.Forbidden);
        text.ShouldContain("\"status\":403");
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }

    [Theory]
    [InlineData("map")]
    [InlineData("speed")]
    [InlineData("live")]
    [InlineData("events")]
    public async Task Public_ConvoyEndpoint_ByteIdenticalToUnknownPlan(string what)
    {
        async Task<(HttpStatusCode, string, string, byte[])> Get(Role role, string id)
        {
            using var c = service.Client(role);
            using var r = await c.GetAsync($"/api/plans/{id}/{what}", HttpCompletionOption.ResponseHeadersRead, Ct);
            var headers = string.Join("\n", r.Headers.Concat(r.Content.Headers).Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            return (r.StatusCode, r.Content.Headers.ContentType?.ToString() ?? "", headers, await r.Content.ReadAsByteArrayAsync(Ct));
        }
        var known = await Get(Role.Public, service.PlanId);
        var unknown = await Get(Role.Public, "no-such-plan");
        var unknownForDispatcher = await Get(Role.Dispatcher, "no-such-plan");
        known.Item1.ShouldBe(HttpStatusCode.NotFound);
        known.Item3.ShouldBe(unknown.Item3);
        known.Item4.ShouldBe(unknown.Item4);
        known.Item4.ShouldBe(unknownForDispatcher.Item4);
        known.Item3.ShouldBe(unknownForDispatcher.Item3);
        // And a role that may see it gets the real thing (the speed profile reveals the consist: security only).
        if (what != "events") (await Get(what == "speed" ? Role.Security : Role.Dispatcher, service.PlanId)).Item1.ShouldBe(HttpStatusCode.OK);
        if (what == "speed") (await Get(Role.Dispatcher, service.PlanId)).Item4.ShouldBe(unknownForDispatcher.Item4);
    }

    [Theory]
    [InlineData(Role.Public)]
    [InlineData(Role.Dispatcher)]
    public async Task EveryEndpoint_BelowSecurity_NoConvoySecret(Role role)
    {
        var secrets = ConvoySecrets.Of(Scenarios.ReadBuiltIn()).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        using var c = service.Client(role);
        var texts = new List<string> { await c.GetStringAsync($"/api/plans/{service.PlanId}", Ct), await c.GetStringAsync("/api/plans", Ct), await c.GetStringAsync("/api/me", Ct) };
        foreach (var what in new[] { "map", "speed", "live" })
        {
            using var r = await c.GetAsync($"/api/plans/{service.PlanId}/{what}", Ct);
            texts.Add(string.Join("\n", r.Headers.Concat(r.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}")) + "\n" + await r.Content.ReadAsStringAsync(Ct));
        }
        foreach (var text in texts)
            foreach (var s in secrets)
                text.ShouldNotContain(s, Case.Insensitive, $"{role} received '{s}'");
    }

    [Fact]
    public async Task Positions_InjectionInEveryField_400NothingWritten()
    {
        var before = await service.Store.RowCountsAsync(Ct);
        foreach (var inj in Injections)
        {
            var s = System.Text.Json.JsonSerializer.Serialize(inj);
            string[] bodies =
            [
                $"{{\"train\":{s},\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":39.1,\"lon\":125.8}}",
                $"{{\"train\":\"main\",\"time\":{s},\"lat\":39.1,\"lon\":125.8}}",
                $"{{\"train\":\"main\",\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":{s},\"lon\":125.8}}",
                $"{{\"train\":\"main\",\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":39.1,\"lon\":125.8,\"speedKmh\":{s}}}",
                $"[{{\"train\":\"main\",\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":39.1,\"lon\":125.8}},{{\"train\":{s},\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":39.1,\"lon\":125.8}}]",
            ];
            foreach (var body in bodies)
            {
                var (status, text) = await Send("POST", "/api/plans/{id}/positions", $"Bearer {service.Token(Role.Security)}", body);
                status.ShouldBe(HttpStatusCode.BadRequest, body);
                text.ShouldNotContain("<script>");
            }
            // The plan id itself: not found (Kestrel refuses a NUL in a path with 400 before it reaches the service).
            var (st, tx) = await Send("POST", $"/api/plans/{Uri.EscapeDataString(inj)}/positions", $"Bearer {service.Token(Role.Security)}", "{}");
            st.ShouldBe(inj.Contains('\0', StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, inj);
            tx.ShouldNotContain("<script>");
        }
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }

    [Fact]
    public async Task Tokens_InjectionInNameAndRole_StoredVerbatimOrRefused()
    {
        foreach (var inj in Injections)
        {
            var s = System.Text.Json.JsonSerializer.Serialize(inj);
            var before = await service.Store.RowCountsAsync(Ct);
            var (status, text) = await Send("POST", "/api/tokens", $"Bearer {service.Token(Role.Admin)}", $"{{\"name\":\"n\",\"role\":{s}}}");
            status.ShouldBe(HttpStatusCode.BadRequest);
            text.ShouldNotContain("<script>");
            (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
            // A name is the holder's label: stored as given (control characters refused), read back escaped, the tables intact.
            (status, text) = await Send("POST", "/api/tokens", $"Bearer {service.Token(Role.Admin)}", $"{{\"name\":{s},\"role\":\"public\"}}");
            if (inj.Any(char.IsControl)) { status.ShouldBe(HttpStatusCode.BadRequest); continue; }
            status.ShouldBe(HttpStatusCode.Created);
            var token = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
            using var c = service.Client(null);
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var me = System.Text.Json.JsonDocument.Parse(await c.GetStringAsync("/api/me", Ct)).RootElement;
            me.GetProperty("name").GetString().ShouldBe(inj);
            (await service.Store.RowCountsAsync(Ct))["tokens"].ShouldBe(before["tokens"] + 1);
            (await service.Store.RowCountsAsync(Ct))["position_reports"].ShouldBe(before["position_reports"]);
        }
    }

    [Fact]
    public async Task Scenario_InjectionInStrings_400EveryProblemNothingWritten()
    {
        var before = await service.Store.RowCountsAsync(Ct);
        var text = BuiltIn.Text(ScenarioReader.Flagship);
        foreach (var inj in Injections)
        {
            var s = System.Text.Json.JsonSerializer.Serialize(inj);
            // An unknown zone, place kind, train role and journey stop, all at once.
            var bad = text.Replace("\"Asia/Pyongyang\"", s, StringComparison.Ordinal).Replace("\"role\": \"pilot\"", $"\"role\": {s}", StringComparison.Ordinal)
                .Replace("\"kind\": \"border\"", $"\"kind\": {s}", StringComparison.Ordinal);
            bad.ShouldNotBe(text);
            var (status, body) = await Send("POST", "/api/plans", $"Bearer {service.Token(Role.Security)}", bad);
            status.ShouldBe(HttpStatusCode.BadRequest);
            body.ShouldContain("\"errors\"");
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(1);
            body.ShouldNotContain("<script>");
        }
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }

    [Theory]
    [InlineData("\"train\": \"builtin:pilot-train.json\"", "\"train\": \"/etc/passwd\"")]
    [InlineData("\"train\": \"builtin:pilot-train.json\"", "\"train\": \"../../../../../../etc/hostname\"")]
    public async Task Scenario_NamingServerFile_400NotRead(string from, string to)
    {
        var text = BuiltIn.Text(ScenarioReader.Flagship);
        text.ShouldContain(from);
        var before = await service.Store.RowCountsAsync(Ct);
        var (status, body) = await Send("POST", "/api/plans", $"Bearer {service.Token(Role.Admin)}", text.Replace(from, to, StringComparison.Ordinal));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("cannot name a file on the server");
        body.ShouldNotContain("root:");
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }

    [Fact]
    public async Task Scenario_RoutedOnServerNetworkFile_400()
    {
        var scenario = """
            {"format":"fortress.scenario/1","corridor":{"route":{"osm":"/etc/passwd","from":"A","to":"B","zone":"Europe/Berlin"}},
             "trains":[{"role":"main","consists":[{"fromPlace":"A","train":"builtin:pilot-train.json"}]}],"journey":{"stops":[]}}
            """;
        var (status, body) = await Send("POST", "/api/plans", $"Bearer {service.Token(Role.Admin)}", scenario);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("cannot name a file on the server");
    }

    [Theory]
    [InlineData("/api/plans/{id}/positions")]
    [InlineData("/api/plans")]
    [InlineData("/api/tokens")]
    public async Task OversizedBody_413NothingWritten(string path)
    {
        var before = await service.Store.RowCountsAsync(Ct);
        var big = "[" + string.Join(",", Enumerable.Repeat("{\"train\":\"main\",\"time\":\"2019-04-23T06:00:00+09:00\",\"lat\":39.1,\"lon\":125.8}", 20000)) + "]";
        big.Length.ShouldBeGreaterThan(1 << 20);
        var (status, body) = await Send("POST", path, $"Bearer {service.Token(Role.Admin)}", big, expectContinue: true);
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        body.ShouldContain("\"status\":413");
        (await service.Store.RowCountsAsync(Ct)).ShouldBe(before);
    }
}
