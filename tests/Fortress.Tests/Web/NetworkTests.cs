using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.IO.NetworkFile;
using Fortress.IO.Osm;
using Fortress.Tests.Routing;
using Fortress.Web;

namespace Fortress.Tests.Web;

/// <summary>
/// Networks stored by id (POST/GET /api/networks) and scenarios routed on them (<c>"network": {"stored": "ID"}</c>),
/// on SQLite and PostgreSQL: stored, listed, planned on, planned again after a restart; refusals write nothing.
/// </summary>
public sealed class NetworkTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fortress-networks-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A single line of about 10 km along the 50th parallel: Westdorf, Mitteldorf, Ostdorf on one way
    /// (railway=rail, 1435 mm, 100 km/h), plus <paramref name="padding"/> untagged nodes off the line.
    /// </summary>
    private static string LineOsm(int padding = 0)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n");
        for (var i = 1; i <= 8; i++)
            sb.Append(CultureInfo.InvariantCulture, $"  <node id=\"{i}\" lat=\"50.0\" lon=\"{7.0 + (i - 1) * 0.02:0.00}\">")
              .Append(i switch { 1 => Station("Westdorf"), 4 => Station("Mitteldorf"), 8 => Station("Ostdorf"), _ => "" }).Append("</node>\n");
        for (var i = 0; i < padding; i++) sb.Append(CultureInfo.InvariantCulture, $"  <node id=\"{100 + i}\" lat=\"50.1\" lon=\"7.{i % 1000:000}\"/>\n");
        sb.Append("  <way id=\"10\">");
        for (var i = 1; i <= 8; i++) sb.Append(CultureInfo.InvariantCulture, $"<nd ref=\"{i}\"/>");
        sb.Append("<tag k=\"railway\" v=\"rail\"/><tag k=\"gauge\" v=\"1435\"/><tag k=\"maxspeed\" v=\"100\"/><tag k=\"usage\" v=\"main\"/></way>\n</osm>\n");
        return sb.ToString();
        static string Station(string name) => $"<tag k=\"railway\" v=\"station\"/><tag k=\"name\" v=\"{name}\"/>";
    }

    /// <summary>A scenario routed on a stored network: pilot, main and escort from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static string Scenario(string networkId, string from, string to, string zone = "Europe/Berlin")
    {
        string Train(string role, string loco) =>
            $"{{\"role\":\"{role}\",\"name\":\"{role}\",\"consists\":[{{\"fromPlace\":{JsonSerializer.Serialize(from)},\"train\":" +
            $"{{\"format\":\"fortress.train/1\",\"name\":\"{role}\",\"formation\":[\"{loco}\",\"kp-security-coach\"]}}}}]}}";
        return "{\"format\":\"fortress.scenario/1\",\"name\":\"Special on a stored network\"," +
            $"\"corridor\":{{\"route\":{{\"network\":{{\"stored\":{JsonSerializer.Serialize(networkId)}}},\"from\":{JsonSerializer.Serialize(from)},\"to\":{JsonSerializer.Serialize(to)},\"zone\":\"{zone}\",\"gaugeMm\":1435}}}}," +
            $"\"trains\":[{Train("pilot", "ru-tep70bs")},{Train("main", "ru-tep70bs")},{Train("escort", "ru-tep70bs")}]," +
            $"\"journey\":{{\"earliestDeparture\":\"2026-06-01T09:00\",\"pilotHeadwayMinutes\":5,\"escortHeadwayMinutes\":5,\"stops\":[{{\"place\":{JsonSerializer.Serialize(to)},\"dwellMinutes\":0}}]}}}}";
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> Send(HttpClient c, HttpMethod method, string path, HttpContent? content = null, bool expectContinue = false)
    {
        // Expect: 100-continue lets the service refuse a large body before it is sent (as an uploading client should);
        // otherwise the connection may be closed while the client is still sending it.
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (expectContinue) request.Headers.ExpectContinue = true;
        using var r = await c.SendAsync(request, Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        return (r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static ByteArrayContent Bytes(byte[] b) => new(b) { Headers = { ContentType = new("application/octet-stream") } };

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task OsmXml_StoredListedRoutedOn_AndPlannedAgainAfterRestart(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        var osm = LineOsm();
        var expected = OsmImport(osm);
        string networkId, planId, security, mapBefore;
        await using (var host = await WebHost.StartAsync(spec))
        {
            security = await host.IssueAsync("ops", Role.Security);
            var dispatcher = await host.IssueAsync("desk", Role.Dispatcher);
            using var c = host.Client(security);
            var (status, body, text) = await Send(c, HttpMethod.Post, "/api/networks?name=Westbahn", new StringContent(osm, Encoding.UTF8, "application/xml"));
            status.ShouldBe(HttpStatusCode.Created, text);
            networkId = body.GetProperty("id").GetString()!;
            body.GetProperty("name").GetString().ShouldBe("Westbahn");
            body.GetProperty("nodes").GetInt32().ShouldBe(expected.Nodes.Count);
            body.GetProperty("edges").GetInt32().ShouldBe(expected.Edges.Count);
            body.GetProperty("operationalPoints").GetInt32().ShouldBe(3);
            // Stored as a network file that reads back to the same network.
            var stored = NetworkFileFormat.Read((await host.Store.NetworkBytesAsync(networkId, Ct))!, "stored");
            (stored.Name, stored.Edges.Count, stored.TotalLength.Meters).ShouldBe(("Westbahn", expected.Edges.Count, expected.TotalLength.Meters));

            using (var d = host.Client(dispatcher))
            {
                var (ls, list, _) = await Send(d, HttpMethod.Get, "/api/networks");
                ls.ShouldBe(HttpStatusCode.OK);
                var item = list.EnumerateArray().ShouldHaveSingleItem();
                (item.GetProperty("id").GetString(), item.GetProperty("name").GetString(), item.GetProperty("edges").GetInt32()).ShouldBe((networkId, "Westbahn", expected.Edges.Count));
            }

            (status, body, text) = await Send(c, HttpMethod.Post, "/api/plans", new StringContent(Scenario(networkId, "Westdorf", "Ostdorf"), Encoding.UTF8, "application/json"));
            status.ShouldBe(HttpStatusCode.Created, text);
            planId = body.GetProperty("id").GetString()!;
            var plan = await c.GetStringAsync($"/api/plans/{planId}", Ct);
            plan.ShouldContain("Ostdorf");
            mapBefore = await c.GetStringAsync($"/api/plans/{planId}/map", Ct);
            (await host.Store.RowCountsAsync(Ct))["networks"].ShouldBe(1);
        }
        // A new service on the same store plans the stored scenario again on the stored network.
        await using (var host = await WebHost.StartAsync(spec))
        {
            host.AdminToken.ShouldBeEmpty();
            using var c = host.Client(security);
            var map = await c.GetStringAsync($"/api/plans/{planId}/map", Ct);
            map.ShouldBe(mapBefore);
            var route = JsonDocument.Parse(map).RootElement.GetProperty("features").EnumerateArray()
                .Single(f => f.GetProperty("properties").GetProperty("kind").GetString() == "route");
            // On the stored line: latitude 50, from 7.00 to 7.14 degrees east.
            foreach (var p in route.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
            {
                p[1].GetDouble().ShouldBe(50.0, 1e-6);
                p[0].GetDouble().ShouldBeInRange(7.0 - 1e-6, 7.14 + 1e-6);
            }
        }
        await TestStores.DropAsync(spec);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Refusals_RightStatusEveryProblemNothingWritten(string kind)
    {
        var spec = await TestStores.NewSpecAsync(kind, dir);
        // Other bodies are limited to 16 KiB, networks to 256 KiB.
        await using (var host = await WebHost.StartAsync(spec, o => o with { MaxBodyBytes = 16 << 10, MaxNetworkBodyBytes = 256 << 10 }))
        {
            var admin = host.AdminToken;
            using var c = host.Client(admin);
            // Larger than the general limit, within the networks' one: accepted.
            var padded = LineOsm(padding: 1000);
            Encoding.UTF8.GetByteCount(padded).ShouldBeInRange(16 << 10, 256 << 10);
            var (status, body, text) = await Send(c, HttpMethod.Post, "/api/networks", new StringContent(padded, Encoding.UTF8, "application/xml"));
            status.ShouldBe(HttpStatusCode.Created, text);
            body.GetProperty("name").GetString().ShouldBe("network");
            var networkId = body.GetProperty("id").GetString()!;
            var before = await host.Store.RowCountsAsync(Ct);

            foreach (var role in new[] { Role.Dispatcher, Role.Public })
            {
                using var other = host.Client(await host.IssueAsync("r " + role, role));
                before = await host.Store.RowCountsAsync(Ct);
                (await Send(other, HttpMethod.Post, "/api/networks", new StringContent(LineOsm(), Encoding.UTF8, "application/xml"))).Status.ShouldBe(HttpStatusCode.Forbidden);
                if (role == Role.Public) (await Send(other, HttpMethod.Get, "/api/networks")).Status.ShouldBe(HttpStatusCode.Forbidden);
                (await host.Store.RowCountsAsync(Ct)).ShouldBe(before);
            }

            (status, _, text) = await Send(c, HttpMethod.Post, "/api/networks", new StringContent(LineOsm(padding: 8000), Encoding.UTF8, "application/xml"), expectContinue: true);
            status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, text);

            var fnet = NetworkFileFormat.ToBytes(TestNetworks.GaugeBreak(90));
            fnet[^3] ^= 0x55;
            var road = "<?xml version=\"1.0\"?><osm version=\"0.6\"><node id=\"1\" lat=\"43.73\" lon=\"7.42\"/><node id=\"2\" lat=\"43.74\" lon=\"7.43\"/><way id=\"10\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"primary\"/></way></osm>";
            (byte[] Body, string What)[] bad =
            [
                (fnet, "checksum"),
                (Encoding.UTF8.GetBytes(road), "no rail track"),
                (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk/></gpx>"), "not OpenStreetMap"),
                (Encoding.UTF8.GetBytes("<osm version=\"0.6\"><node id=\"1\" lat=\"50\""), "cannot read this OSM XML"),
                (Enumerable.Range(0, 1000).Select(i => (byte)(i * 37)).ToArray(), "not an OpenStreetMap file"),
                ([], "empty"),
            ];
            foreach (var (b, what) in bad)
            {
                (status, body, text) = await Send(c, HttpMethod.Post, "/api/networks", Bytes(b));
                status.ShouldBe(HttpStatusCode.BadRequest, text);
                var error = body.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
                error.GetProperty("where").GetString()!.ShouldStartWith("body");
                error.GetProperty("what").GetString()!.ShouldContain(what);
                // The importer's temporary file is never named.
                text.ShouldNotContain(Path.GetTempPath());
                text.ShouldNotContain("fortress-import");
            }
            (status, _, _) = await Send(c, HttpMethod.Post, "/api/networks?name=%01", new StringContent(LineOsm(), Encoding.UTF8, "application/xml"));
            status.ShouldBe(HttpStatusCode.BadRequest);

            // A scenario on an unknown stored network, and one with another problem as well: every problem named.
            var unknown = "AAAAAAAAAAAAAAAA";
            (status, body, text) = await Send(c, HttpMethod.Post, "/api/plans", new StringContent(Scenario(unknown, "Westdorf", "Ostdorf"), Encoding.UTF8, "application/json"));
            status.ShouldBe(HttpStatusCode.BadRequest, text);
            var e1 = body.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
            e1.GetProperty("where").GetString()!.ShouldEndWith("$.corridor.route.network.stored");
            e1.GetProperty("what").GetString()!.ShouldContain(unknown);
            (status, body, text) = await Send(c, HttpMethod.Post, "/api/plans", new StringContent(Scenario("x'; DROP TABLE networks; --", "Westdorf", "Ostdorf", zone: "Mars/Olympus"), Encoding.UTF8, "application/json"));
            status.ShouldBe(HttpStatusCode.BadRequest, text);
            var wheres = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("where").GetString()!).ToList();
            wheres.ShouldContain(w => w.EndsWith(".zone", StringComparison.Ordinal));
            wheres.ShouldContain(w => w.EndsWith(".network.stored", StringComparison.Ordinal));
            // And a station the stored network does not have: the router's problem.
            (status, _, text) = await Send(c, HttpMethod.Post, "/api/plans", new StringContent(Scenario(networkId, "Westdorf", "Nowhere"), Encoding.UTF8, "application/json"));
            status.ShouldBe(HttpStatusCode.BadRequest, text);
            text.ShouldContain("Nowhere");
            (await host.Store.RowCountsAsync(Ct)).ShouldBe(before);
            (await host.Store.NetworksAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(networkId);
        }
        await TestStores.DropAsync(spec);
    }

    [Fact]
    public async Task MonacoPbfAndNetworkFile_StoredWithTheImportersCounts_PlannedOn()
    {
        var pbf = TestData.Require("osm/monaco.osm.pbf");
        var spec = await TestStores.NewSpecAsync("sqlite", dir);
        await using var host = await WebHost.StartAsync(spec);
        using var c = host.Client(host.AdminToken);
        // 1.7 MB: above the 1 MiB of other bodies.
        var bytes = await File.ReadAllBytesAsync(pbf, Ct);
        bytes.Length.ShouldBeGreaterThan(1 << 20);
        var (status, body, text) = await Send(c, HttpMethod.Post, "/api/networks?name=Monaco", Bytes(bytes));
        status.ShouldBe(HttpStatusCode.Created, text);
        var (monaco, _) = OsmImporter.Import(pbf);
        (body.GetProperty("nodes").GetInt32(), body.GetProperty("edges").GetInt32(), body.GetProperty("operationalPoints").GetInt32())
            .ShouldBe((monaco.Nodes.Count, monaco.Edges.Count, monaco.OperationalPoints.Count));
        var id = body.GetProperty("id").GetString()!;
        (status, body, text) = await Send(c, HttpMethod.Post, "/api/plans", new StringContent(Scenario(id, "Cap d'Ail", "Roquebrune-Cap-Martin", "Europe/Monaco"), Encoding.UTF8, "application/json"));
        status.ShouldBe(HttpStatusCode.Created, text);
        var plan = await c.GetStringAsync($"/api/plans/{body.GetProperty("id").GetString()}", Ct);
        plan.ShouldContain("Roquebrune-Cap-Martin");

        var small = TestNetworks.GaugeBreak(90);
        (status, body, text) = await Send(c, HttpMethod.Post, "/api/networks?name=gauge%20break", Bytes(NetworkFileFormat.ToBytes(small)));
        status.ShouldBe(HttpStatusCode.Created, text);
        (body.GetProperty("nodes").GetInt32(), body.GetProperty("edges").GetInt32(), body.GetProperty("operationalPoints").GetInt32())
            .ShouldBe((small.Nodes.Count, small.Edges.Count, small.OperationalPoints.Count));
        (await host.Store.NetworksAsync(Ct)).Select(n => n.Name).ShouldBe(["Monaco", "gauge break"]);
    }

    [Fact]
    public void ScenarioReader_StoredNetwork_ResolvedOnlyThroughTheResolver()
    {
        var net = OsmImport(LineOsm());
        var text = Scenario("AbCdEfGhIjKlMnOp", "Westdorf", "Ostdorf");
        var asked = new List<string>();
        var journey = Planning.TestPlans.Journey(Scenarios.ReadSubmitted(text, "scenario", id => { asked.Add(id); return net; }));
        asked.ShouldBe(["AbCdEfGhIjKlMnOp"]);
        journey.Corridor.Places[^1].Name.ShouldBe("Ostdorf");
        // Without a resolver (the CLI, or a scenario read from a file) a stored reference is a problem, not a file read.
        Should.Throw<InvalidInputException>(() => Scenarios.ReadSubmitted(text, "scenario")).Problems
            .ShouldContain(p => p.Where.EndsWith("$.corridor.route.network.stored", StringComparison.Ordinal) && p.Message.Contains("only to the service"));
        Should.Throw<InvalidInputException>(() => Scenarios.Read(text, "scenario", dir)).Problems
            .ShouldContain(p => p.Message.Contains("only to the service"));
        // Both a file and a stored network: one of them, please.
        var both = text.Replace("\"network\":", "\"osm\":\"x.osm\",\"network\":", StringComparison.Ordinal);
        Should.Throw<InvalidInputException>(() => Scenarios.ReadSubmitted(both, "scenario", _ => net)).Problems
            .ShouldContain(p => p.Message.Contains("exactly one of"));
    }

    private Fortress.Network.RailNetwork OsmImport(string osm)
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".osm");
        File.WriteAllText(file, osm);
        return OsmImporter.Import(file).Network;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
