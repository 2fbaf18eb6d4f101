using Fortress.Web.Access;
using Fortress.Web.Http;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.IO.Contracts;
using Fortress.Views;
using Fortress.Web.Api;
using Fortress.Web.Auth;
using Fortress.Web.Networks;
using Fortress.Web.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;

namespace Fortress.Web;

/// <summary>
/// The API's endpoints (docs/api.md). Each one checks the caller, then calls the catalogue, a live plan or the token
/// service and writes what they return: no planning or tracking logic here.
/// </summary>
internal static class Endpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Fortress").ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/health", () => Results.Json(new HealthDocument("ok"), ApiJsonContext.Default.HealthDocument)).AllowAnonymous().WithSummary("Liveness: {\"status\":\"ok\"}")
            .Produces<HealthDocument>();
        api.MapGet("/me", (HttpContext http) => Results.Json(new MeDocument(Caller.NameOf(http.User), Caller.RoleOf(http.User).Name()), ApiJsonContext.Default.MeDocument))
            .WithSummary("Who the token belongs to").Produces<MeDocument>();
        api.MapPost("/tokens", IssueToken).RequireAuthorization(FortressWebApp.AdminPolicy).WithSummary("Issue a token (admin)")
            .Produces<TokenIssuedDocument>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/tokens", ListTokens).RequireAuthorization(FortressWebApp.AdminPolicy).WithSummary("Issued tokens: name, role, created, expires, revoked (admin; never the secret or its hash)")
            .Produces<IReadOnlyList<TokenDocument>>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/tokens/{name}", RevokeToken).RequireAuthorization(FortressWebApp.AdminPolicy).WithSummary("Revoke every token issued under a name, at once (admin)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/networks", PostNetwork).RequireAuthorization(FortressWebApp.WriterPolicy)
            .WithSummary("Import and store a network: body an OpenStreetMap file (.osm XML or .osm.pbf) or a Fortress .fnet file; ?name= (admin, security)")
            // Any content type (docs/api.md): the body is the file itself, recognised by content. No Accepts(): it would
            // refuse text/xml, text/plain and curl's default form type with 415; the body is described below instead.
            .AddOpenApiOperationTransformer((op, _, _) =>
            {
                op.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "The network file itself (.osm XML, .osm.pbf or .fnet), with any content type; recognised by content.",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/octet-stream"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" } },
                        ["*/*"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<NetworkDocument>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/networks", ListNetworks).RequireAuthorization(FortressWebApp.StaffPolicy).WithSummary("Stored networks (admin, security, dispatcher)")
            .Produces<IReadOnlyList<NetworkDocument>>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/plans", ListPlans).WithSummary("Stored plans, titled in the caller's view").Produces<IReadOnlyList<PlanListDocument>>();
        api.MapPost("/plans", CreatePlan).RequireAuthorization(FortressWebApp.WriterPolicy).WithSummary("Plan and store a scenario (fortress.scenario/1)")
            .Produces<CreatedDocument>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/plans/{id}", GetPlan).WithSummary("The plan in the caller's view (as fortress plan --format json)")
            .Produces<PlanDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/map", (string id, HttpContext http) => Convoy(id, http, Disclosure.RouteMap, p => Results.Text(p.MapJson(), "application/geo+json")))
            .WithSummary("GeoJSON of the route and places (security, dispatcher)").Produces<MapDocument>(StatusCodes.Status200OK, "application/geo+json").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/speed", (string id, HttpContext http) => Convoy(id, http, Disclosure.SpeedProfile,
                p => Results.Text(FortressJson.Write(Fortress.IO.Json.SpeedProfile.Document(p.Plan, Caller.RoleOf(http.User).Policy())), "application/json")))
            .WithSummary("Planned speed against distance (security: it reveals the consist)").Produces<SpeedDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/traffic", (string id, HttpContext http) => Convoy(id, http, Disclosure.RegularTimetable,
                p => Results.Text(FortressJson.Write(TrafficDocument.From(p.Planned, p.Plan)), "application/json")))
            .WithSummary("The regular trains as cleared, along the corridor (security, dispatcher)").Produces<TrafficDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/robustness", Robustness)
            .WithSummary("The robustness study: the plan simulated over 100 days of ordinary delays, each convoy train's arrival spread (security; run on first request, then kept)")
            .Produces<RobustnessDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/live", (string id, HttpContext http) => Convoy(id, http, Disclosure.LiveState, p => Results.Text(p.LiveJson(Caller.RoleOf(http.User).View()), "application/json")))
            .WithSummary("The live state (security, dispatcher)").Produces<LiveDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/plans/{id}/events", Events).WithSummary("Server-sent events: live state and alerts (security, dispatcher)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/plans/{id}/positions", PostPositions).RequireAuthorization(FortressWebApp.WriterPolicy)
            .WithSummary("Position reports (admin, security): 202 after the durable commit")
            .Accepts<IReadOnlyList<PositionReportDocument>>("application/json")
            .Produces<AcceptedDocument>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }


    /// <summary>
    /// The convoy's endpoints: the same lookup for every caller, then the one not-found answer both for an unknown id
    /// and for a role that may not know the convoy exists (public), so the two cannot be told apart.
    /// </summary>
    private static async Task<IResult> Convoy(string id, HttpContext http, Disclosure needs, Func<LivePlan, IResult> answer)
    {
        var catalog = http.RequestServices.GetRequiredService<PlanCatalog>();
        var exists = catalog.Exists(id);
        var policy = Caller.RoleOf(http.User).Policy();
        if (!exists || !policy.SeesConvoy || !policy.May(needs)) return Problems.PlanNotFound();
        var live = await catalog.LiveAsync(id);
        return live is null ? Problems.PlanNotFound() : answer(live);
    }

    private static async Task<IResult> Robustness(string id, HttpContext http)
    {
        var catalog = http.RequestServices.GetRequiredService<PlanCatalog>();
        var policy = Caller.RoleOf(http.User).Policy();
        // It names the convoy's trains: the security view only.
        if (!catalog.Exists(id) || !policy.May(Disclosure.ConvoyIdentity) || !policy.May(Disclosure.Simulation)) return Problems.PlanNotFound();
        var live = await catalog.LiveAsync(id);
        return live is null ? Problems.PlanNotFound() : Results.Text(await live.RobustnessJsonAsync(), "application/json");
    }

    private static async Task<IResult> IssueToken(HttpContext http, TokenService tokens, WebOptions options)
    {
        var (doc, error) = await RequestBodies.JsonAsync(http.Request, options.MaxBodyBytes);
        if (error is not null) return error;
        using var owned = doc;
        var root = doc!.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Problems.Invalid("$", "give {\"name\", \"role\", \"expiresInHours\"?}");
        var problems = new ProblemList();
        RequestBodies.OnlyKeys(root, "$", problems, "name", "role", "expiresInHours");
        var name = RequestBodies.Str(root, "name", "$", problems, true, TokenService.MaxNameLength);
        var roleText = RequestBodies.Str(root, "role", "$", problems, true, 20);
        var hours = RequestBodies.Num(root, "expiresInHours", "$", problems, 0.001, 24 * 366, false);
        if (name is not null && (name.Trim().Length == 0 || name.Any(char.IsControl))) problems.Add("$.name", "a name of printable characters");
        if (roleText is not null && !Roles.TryParse(roleText, out _)) problems.Add("$.role", "one of admin, security, dispatcher, public");
        if (problems.Count > 0) return Problems.Invalid(problems.Items);
        _ = Roles.TryParse(roleText, out var role);
        var t = await tokens.IssueAsync(name!, role, hours is { } h ? Duration.FromSeconds(h * 3600) : null, http.RequestAborted);
        return Results.Json(new TokenIssuedDocument(t.Token, t.Name, t.Role.Name(), t.Expires is { } e ? InstantPattern.ExtendedIso.Format(e) : null),
            ApiJsonContext.Default.TokenIssuedDocument, statusCode: 201);
    }

    private static async Task<IResult> ListTokens(HttpContext http, TokenService tokens)
    {
        var all = await tokens.ListAsync(http.RequestAborted);
        IReadOnlyList<TokenDocument> list = all.Select(t => new TokenDocument(t.Name, t.Role.Name(), InstantPattern.ExtendedIso.Format(t.Created),
            t.Expires is { } e ? InstantPattern.ExtendedIso.Format(e) : null, t.Revoked)).ToList();
        return Results.Json(list, ApiJsonContext.Default.IReadOnlyListTokenDocument);
    }

    private static async Task<IResult> RevokeToken(string name, HttpContext http, TokenService tokens) =>
        await tokens.RevokeAsync(RawSegment(http) ?? name, http.RequestAborted) switch
        {
            TokenService.RevokeResult.Revoked => Results.NoContent(),
            TokenService.RevokeResult.UnknownName => Problems.Result(404, "Not found", [("name", "no token was issued under this name")]),
            _ => Problems.Result(409, "Conflict", [("name", "these are the last valid admin tokens: issue another admin token first")]),
        };

    /// <summary>
    /// The last path segment decoded from the request as sent: routing leaves an encoded slash (%2F) encoded, and a
    /// token's name may hold a slash.
    /// </summary>
    private static string? RawSegment(HttpContext http)
    {
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw)) return null;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? raw : raw[..q];
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static async Task<IResult> PostNetwork(HttpContext http, NetworkCatalog networks, WebOptions options)
    {
        // Network files are larger than other bodies: this endpoint alone raises the server's limit (before reading).
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxNetworkBodyBytes;
        var name = http.Request.Query["name"].ToString();
        if (name.Length == 0) name = "network";
        if (name.Length > NetworkCatalog.MaxNameLength || name.Trim().Length == 0 || name.Any(char.IsControl))
            return Problems.Invalid("name", $"a name of 1 to {NetworkCatalog.MaxNameLength} printable characters");
        var (bytes, error) = await RequestBodies.BytesAsync(http.Request, options.MaxNetworkBodyBytes);
        if (error is not null) return error;
        var (record, _) = await networks.ImportAsync(bytes!, name, http.RequestAborted);
        return Results.Json(new NetworkDocument(record.Id, record.Name, InstantPattern.ExtendedIso.Format(record.Created), record.Nodes, record.Edges, record.OperationalPoints),
            ApiJsonContext.Default.NetworkDocument, statusCode: 201);
    }

    private static async Task<IResult> ListNetworks(HttpContext http, NetworkCatalog networks)
    {
        var all = await networks.ListAsync(http.RequestAborted);
        IReadOnlyList<NetworkDocument> list = all.Select(n => new NetworkDocument(n.Id, n.Name, InstantPattern.ExtendedIso.Format(n.Created), n.Nodes, n.Edges, n.OperationalPoints)).ToList();
        return Results.Json(list, ApiJsonContext.Default.IReadOnlyListNetworkDocument);
    }

    private static async Task<IResult> ListPlans(HttpContext http, PlanCatalog catalog)
    {
        var view = Caller.RoleOf(http.User).View();
        var list = new List<PlanListDocument>();
        // Whether a plan is being reported on is for those who may see the live state (security, dispatcher).
        var staff = ViewPolicy.For(view).May(Disclosure.LiveState);
        var last = staff ? await catalog.LastReportsAsync(http.RequestAborted) : new Dictionary<string, Instant>();
        foreach (var p in catalog.All)
        {
            var v = await catalog.ViewAsync(p.Id, view, http.RequestAborted);
            if (v is not null)
                list.Add(new PlanListDocument(p.Id, v.Title, InstantPattern.ExtendedIso.Format(p.Created), p.Demo,
                    staff && last.TryGetValue(p.Id, out var at) ? InstantPattern.ExtendedIso.Format(at) : null));
        }
        return Results.Json<IReadOnlyList<PlanListDocument>>(list, ApiJsonContext.Default.IReadOnlyListPlanListDocument);
    }

    private static async Task<IResult> CreatePlan(HttpContext http, PlanCatalog catalog, WebOptions options)
    {
        var (text, error) = await RequestBodies.TextAsync(http.Request, options.MaxBodyBytes);
        if (error is not null) return error;
        var id = await catalog.CreateAsync(text!, http.RequestAborted);
        return Results.Json(new CreatedDocument(id), ApiJsonContext.Default.CreatedDocument, statusCode: 201);
    }
    private static async Task<IResult> GetPlan(string id, HttpContext http, PlanCatalog catalog)
    {
        var v = await catalog.ViewAsync(id, Caller.RoleOf(http.User).View(), http.RequestAborted);
        return v is null ? Problems.PlanNotFound() : Results.Text(v.Json, "application/json");
    }

    private static async Task<IResult> PostPositions(string id, HttpContext http, PlanCatalog catalog, WebOptions options)
    {
        var live = await catalog.LiveAsync(id);
        if (live is null) return Problems.PlanNotFound();
        var (doc, error) = await RequestBodies.JsonAsync(http.Request, options.MaxBodyBytes);
        if (error is not null) return error;
        using var owned = doc;
        var reports = RequestBodies.Reports(doc!.RootElement, live, Caller.RoleOf(http.User).Policy());
        var n = await live.AcceptAsync(reports, http.RequestAborted);
        return Results.Json(new AcceptedDocument(n), ApiJsonContext.Default.AcceptedDocument, statusCode: 202);
    }

    /// <summary>Server-sent events: the live state now, then after every accepted report; a comment line as heartbeat.</summary>
    private static async Task Events(string id, HttpContext http, PlanCatalog catalog, WebOptions options)
    {
        LivePlan? live = null;
        var policy = Caller.RoleOf(http.User).Policy();
        if (catalog.Exists(id) && policy.SeesConvoy && policy.May(Disclosure.LiveState)) live = await catalog.LiveAsync(id);
        if (live is null) { await Problems.PlanNotFound().ExecuteAsync(http); return; }
        var ct = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        var (frames, leave) = live.Subscribe(Caller.RoleOf(http.User).View());
        using (leave)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                await http.Response.WriteAsync(": connected\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    tick.CancelAfter(options.Heartbeat);
                    bool more;
                    try { more = await frames.WaitToReadAsync(tick.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await http.Response.WriteAsync(": heartbeat\n\n", ct);
                        await http.Response.Body.FlushAsync(ct);
                        if (!tick.TryReset()) break;
                        continue;
                    }
                    if (!more) break;
                    while (frames.TryRead(out var f)) await http.Response.WriteAsync(f, ct);
                    await http.Response.Body.FlushAsync(ct);
                    tick.TryReset();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        }
    }
}
