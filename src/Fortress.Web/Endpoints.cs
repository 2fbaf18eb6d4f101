using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Web.Auth;
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
        var api = app.MapGroup("/api");
        api.MapGet("/health", () => Results.Json(new { status = "ok" })).AllowAnonymous().WithSummary("Liveness: {\"status\":\"ok\"}");
        api.MapGet("/me", (HttpContext http) => Json(w =>
        {
            w.WriteString("name", Caller.NameOf(http.User));
            w.WriteString("role", Caller.RoleOf(http.User).Name());
        })).WithSummary("Who the token belongs to");
        api.MapPost("/tokens", IssueToken).RequireAuthorization(FortressWebApp.AdminPolicy).WithSummary("Issue a token (admin)");
        api.MapGet("/plans", ListPlans).WithSummary("Stored plans, titled in the caller's view");
        api.MapPost("/plans", CreatePlan).RequireAuthorization(FortressWebApp.WriterPolicy).WithSummary("Plan and store a scenario (fortress.scenario/1)");
        api.MapGet("/plans/{id}", GetPlan).WithSummary("The plan in the caller's view (as fortress plan --format json)");
        api.MapGet("/plans/{id}/map", (string id, HttpContext http) => Convoy(id, http, p => Results.Text(p.MapJson(), "application/geo+json")))
            .WithSummary("GeoJSON of the route and places (security, dispatcher)");
        api.MapGet("/plans/{id}/speed", (string id, HttpContext http) => Convoy(id, http, p => Results.Text(Fortress.IO.Json.SpeedProfile.Write(p.Plan, Caller.RoleOf(http.User).View()), "application/json")))
            .WithSummary("Planned speed against distance (security, dispatcher)");
        api.MapGet("/plans/{id}/live", (string id, HttpContext http) => Convoy(id, http, p => Results.Text(p.LiveJson(Caller.RoleOf(http.User).View()), "application/json")))
            .WithSummary("The live state (security, dispatcher)");
        api.MapGet("/plans/{id}/events", Events).WithSummary("Server-sent events: live state and alerts (security, dispatcher)");
        api.MapPost("/plans/{id}/positions", PostPositions).RequireAuthorization(FortressWebApp.WriterPolicy)
            .WithSummary("Position reports (admin, security): 202 after the durable commit");
    }

    private static IResult Json(Action<Utf8JsonWriter> body, int status = 200)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) { w.WriteStartObject(); body(w); w.WriteEndObject(); }
        return new Answer(ms.ToArray(), "application/json", status);
    }

    /// <summary>
    /// The convoy's endpoints: the same lookup for every caller, then the one not-found answer both for an unknown id
    /// and for a role that may not know the convoy exists (public), so the two cannot be told apart.
    /// </summary>
    private static async Task<IResult> Convoy(string id, HttpContext http, Func<LivePlan, IResult> answer)
    {
        var catalog = http.RequestServices.GetRequiredService<PlanCatalog>();
        var exists = catalog.Exists(id);
        if (!exists || !Caller.RoleOf(http.User).SeesConvoy()) return Problems.PlanNotFound();
        var live = await catalog.LiveAsync(id);
        return live is null ? Problems.PlanNotFound() : answer(live);
    }

    private static async Task<IResult> IssueToken(HttpContext http, TokenService tokens, WebOptions options)
    {
        var (doc, error) = await RequestBodies.JsonAsync(http.Request, options.MaxBodyBytes);
        if (error is not null) return error;
        using var owned = doc;
        var root = doc!.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Problems.Invalid("$", "give {\"name\", \"role\", \"expiresInHours\"?}");
        var problems = new ProblemList();
        var name = RequestBodies.Str(root, "name", "$", problems, true, TokenService.MaxNameLength);
        var roleText = RequestBodies.Str(root, "role", "$", problems, true, 20);
        var hours = RequestBodies.Num(root, "expiresInHours", "$", problems, 0.001, 24 * 366, false);
        if (name is not null && (name.Trim().Length == 0 || name.Any(char.IsControl))) problems.Add("$.name", "a name of printable characters");
        if (roleText is not null && !Roles.TryParse(roleText, out _)) problems.Add("$.role", "one of admin, security, dispatcher, public");
        if (problems.Count > 0) return Problems.Invalid(problems.Items);
        _ = Roles.TryParse(roleText, out var role);
        var t = await tokens.IssueAsync(name!, role, hours is { } h ? Duration.FromSeconds(h * 3600) : null, http.RequestAborted);
        return Json(w =>
        {
            w.WriteString("token", t.Token);
            w.WriteString("name", t.Name);
            w.WriteString("role", t.Role.Name());
            if (t.Expires is { } e) w.WriteString("expires", InstantPattern.ExtendedIso.Format(e)); else w.WriteNull("expires");
        }, 201);
    }

    private static async Task<IResult> ListPlans(HttpContext http, PlanCatalog catalog)
    {
        var view = Caller.RoleOf(http.User).View();
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            foreach (var p in catalog.All)
            {
                var v = await catalog.ViewAsync(p.Id, view, http.RequestAborted);
                if (v is null) continue;
                w.WriteStartObject();
                w.WriteString("id", p.Id);
                w.WriteString("title", v.Title);
                w.WriteString("createdAt", InstantPattern.ExtendedIso.Format(p.Created));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Results.Bytes(ms.ToArray(), "application/json");
    }

    private static async Task<IResult> CreatePlan(HttpContext http, PlanCatalog catalog, WebOptions options)
    {
        var (text, error) = await RequestBodies.TextAsync(http.Request, options.MaxBodyBytes);
        if (error is not null) return error;
        var id = await catalog.CreateAsync(text!, http.RequestAborted);
        return Json(w => w.WriteString("id", id), 201);
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
        var reports = RequestBodies.Reports(doc!.RootElement, live, Caller.RoleOf(http.User).View());
        var n = await live.AcceptAsync(reports, http.RequestAborted);
        return Json(w => w.WriteNumber("accepted", n), 202);
    }

    /// <summary>Server-sent events: the live state now, then after every accepted report; a comment line as heartbeat.</summary>
    private static async Task Events(string id, HttpContext http, PlanCatalog catalog, WebOptions options)
    {
        LivePlan? live = null;
        if (catalog.Exists(id) && Caller.RoleOf(http.User).SeesConvoy()) live = await catalog.LiveAsync(id);
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
