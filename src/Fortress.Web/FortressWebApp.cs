using Fortress.Web.Access;
using Fortress.Web.Http;
using Fortress.Diagnostics;
using Fortress.Web.Auth;
using Fortress.Web.Plans;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Scalar.AspNetCore;

namespace Fortress.Web;

/// <summary>
/// The operations console's service (docs/api.md). <see cref="BuildAsync"/> opens and migrates the store, prints the
/// first admin token on an empty store, loads the stored plans and maps the endpoints; <c>fortress serve</c> and the
/// tests both start it through here.
/// </summary>
public static class FortressWebApp
{
    public const string AdminPolicy = "admin";
    public const string WriterPolicy = "admin-or-security";
    public const string StaffPolicy = "admin-security-or-dispatcher";

    public static async Task<WebApplication> BuildAsync(WebOptions options)
    {
        var webRoot = options.WebRoot ?? DefaultWebRoot();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Directory.Exists(webRoot) ? webRoot : null,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => { k.Limits.MaxRequestBodySize = options.MaxBodyBytes; k.AddServerHeader = false; });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        if (options.Quiet)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // A failed start is thrown to the caller, who explains it (a busy port: StartAsync); no stack trace in the log too.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        }

        var store = StoreSpec.Open(options.Store);
        await store.MigrateAsync();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<ReportWriter>();
        builder.Services.AddSingleton<Networks.NetworkCatalog>();
        builder.Services.AddSingleton<PlanCatalog>();
        builder.Services.AddAuthentication(BearerHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(BearerHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(BearerHandler.SchemeName).RequireRole(Role.Admin.Name()))
            .AddPolicy(WriterPolicy, p => p.AddAuthenticationSchemes(BearerHandler.SchemeName).RequireRole(Role.Admin.Name(), Role.Security.Name()))
            .AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(BearerHandler.SchemeName).RequireRole(Role.Admin.Name(), Role.Security.Name(), Role.Dispatcher.Name()));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Fortress operations console";
            doc.Info.Description = "Plans, roles and live tracking of a special train's journey (docs/api.md). Every /api path but /api/health needs Authorization: Bearer TOKEN.";
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[BearerHandler.SchemeName] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token issued by the service (POST /api/tokens; the first admin token is printed on first start).",
            };
            doc.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(BearerHandler.SchemeName, doc)] = [] }];
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        var catalog = app.Services.GetRequiredService<PlanCatalog>();
        await catalog.LoadAsync();
        // A demo start issues its own admin token with the others (one admin token printed, not two).
        if (!options.Demo && await store.TokenCountAsync() == 0)
        {
            var t = await app.Services.GetRequiredService<TokenService>().IssueAsync("admin", Role.Admin, null);
            var output = options.Output ?? Console.Out;
            output.WriteLine($"First start on an empty store: admin token (shown once, keep it safe): {t.Token}");
            output.Flush();
        }
        app.Lifetime.ApplicationStarted.Register(() => _ = catalog.WarmUpAsync(app.Lifetime.ApplicationStopping));
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            app.Services.GetRequiredService<ReportWriter>().DisposeAsync().AsTask().GetAwaiter().GetResult();
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        app.Use(Errors);
        app.Use((http, next) => Limits(http, next, options.Limits));
        app.Use(SecurityHeaders);
        if (app.Environment.WebRootPath is { } root && File.Exists(Path.Combine(root, "index.html")))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }
        else
        {
            app.MapGet("/", () => Results.Text("The console page is not built. Build it with web/build.sh (it writes src/Fortress.Web/wwwroot), then restart fortress serve. The API is served under /api, described at /openapi/v1.json and /scalar/v1.\n", "text/plain"))
                .AllowAnonymous().ExcludeFromDescription();
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        // No internet at run time: Scalar's web fonts are not fetched (its scripts are served by the package itself).
        app.MapScalarApiReference(o => o.DisableDefaultFonts()).AllowAnonymous();
        Endpoints.Map(app);
        return app;
    }

    /// <summary>
    /// The built page: wwwroot beside the assembly (copied there by the build), else, in a checkout, the
    /// src/Fortress.Web/wwwroot that web/build.sh writes, found from the assembly's folder upwards.
    /// </summary>
    public static string DefaultWebRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Fortress.Web", "wwwroot");
            if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
        }
        return beside;
    }

    /// <summary>
    /// Starts the app; an address another program already listens on is the caller's problem, not a fault:
    /// <see cref="FortressException"/> (user cause) naming the address and the <c>--urls</c> option.
    /// </summary>
    public static async Task StartAsync(WebApplication app, string urls, CancellationToken ct = default)
    {
        try { await app.StartAsync(ct); }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw AddressInUse(urls, ex);
        }
    }

    /// <summary>
    /// Checks, before any long work, that each address of <paramref name="urls"/> (semicolon-separated, as
    /// <c>--urls</c>) can be listened on: a port taken by another program fails here, as <see cref="StartAsync"/> would.
    /// Addresses whose host is a name other than localhost, and port 0, are left to the start itself.
    /// </summary>
    /// <exception cref="InvalidInputException">An entry is not an http or https address with a port of 0 to 65535 (exit 2).</exception>
    public static void CheckAddressesFree(string urls)
    {
        foreach (var u in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel accepts * and + as "every address"; Uri does not parse them.
            // Not an address at all (no scheme, a port above 65535): the option's error, not Kestrel's FormatException.
            if (!Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.Port is < 0 or > 65535 || !u.Contains("://", StringComparison.Ordinal))
                throw new InvalidInputException("--urls", $"'{u}' is not an address to listen on: give http://HOST:PORT (port 0 to 65535), e.g. http://127.0.0.1:5080");
            if (uri.Port <= 0) continue;
            var address = uri.IsLoopback && !System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) ? System.Net.IPAddress.Loopback
                : System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null) continue;
            var listener = new System.Net.Sockets.TcpListener(address, uri.Port);
            try { listener.Start(); }
            catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse) { throw AddressInUse(u, ex); }
            catch (System.Net.Sockets.SocketException) { /* another kind of refusal: the start reports it */ }
            finally { listener.Stop(); }
        }
    }

    private static FortressException AddressInUse(string urls, Exception inner)
    {
        var port = urls.Split(';')[0].Trim() is var first && Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : (int?)null;
        var next = port is { } p && p < 65535 ? $"--urls http://127.0.0.1:{p + 1}" : "--urls http://127.0.0.1:PORT";
        return new FortressException("serve.address-in-use", ErrorCause.User,
            $"cannot listen on {urls}: {(port is { } q ? $"port {q} is" : "the address is")} already in use (another fortress serve, or another program). Stop it, or listen elsewhere with {next}.", inner);
    }

    /// <summary>The address the app listens on after <c>StartAsync</c> (the real port when 0 was asked).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Maps errors to answers: bad input 400 with every problem, an over-long body 413, anything else 500 with no
    /// detail (logged, without request headers).
    /// </summary>
    private static async Task Errors(HttpContext http, RequestDelegate next)
    {
        try { await next(http); }
        catch (InvalidInputException ex) { await Problems.WriteAsync(http, 400, "Invalid input", ex.Problems.Select(p => (p.Where, p.Message))); }
        catch (FortressException ex) when (ex.Cause == ErrorCause.User) { await Problems.WriteAsync(http, 400, "Invalid input", [(ex.Code, ex.Message)]); }
        catch (BadHttpRequestException ex) { await Problems.WriteAsync(http, ex.StatusCode, ex.StatusCode == 413 ? "Payload too large" : "Bad request", [("request", ex.StatusCode == 413 ? "the body is too large" : "malformed request")]); }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested) { }
        catch (OperationCanceledException) when (http.Items[DeadlineKey] is CancellationTokenSource { IsCancellationRequested: true })
        {
            var limits = http.RequestServices.GetRequiredService<WebOptions>().Limits;
            await Problems.WriteAsync(http, 400, "Invalid input", [("work.limit",
                $"planning took longer than this service's budget of {limits.PlanningSeconds:0} s (planningSeconds, fixed for this deployment); plan it with the command line (fortress plan) or make the scenario smaller")]);
        }
        catch (OperationCanceledException)
        {
            // Shared work (the same scenario planned for another request) was stopped by that request's deadline or
            // disconnect: nothing is wrong with this request.
            http.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(http, 503, "Service unavailable", [("service", "the planning this request waited for was stopped; try again")]);
        }
        catch (Exception ex)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fortress.Web").LogError(ex, "internal error on {Method} {Path}", http.Request.Method, http.Request.Path);
            await Problems.WriteAsync(http, 500, "Internal error", [("service", "an internal fault; it has been logged")]);
        }
    }

    private const string DeadlineKey = "fortress.deadline";

    /// <summary>
    /// Every request works within the deployment's limits (<see cref="WorkLimits"/>); planning a posted scenario also
    /// within <see cref="WorkLimits.PlanningSeconds"/>, and stops when its client leaves. Other requests get no deadline:
    /// a position report, once stored, is always applied.
    /// </summary>
    private static async Task Limits(HttpContext http, RequestDelegate next, WorkLimits limits)
    {
        const string hint = "the service's limit {0} is fixed for this deployment: an operator raises it with fortress serve --limit {0}=VALUE";
        if (!(HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/api/plans", StringComparison.Ordinal)))
        {
            using (WorkLimits.Use(limits, CancellationToken.None, hint)) await next(http);
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(limits.PlanningSeconds));
        http.Items[DeadlineKey] = deadline;
        using (WorkLimits.Use(limits, deadline.Token, hint)) await next(http);
    }

    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var h = http.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        if (http.Request.Path.StartsWithSegments("/api")) h.CacheControl = "no-store";
        else if (!http.Request.Path.StartsWithSegments("/scalar"))
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        return next(http);
    }

    /// <summary>Name of the demo's token of a role ("demo security"): the next demo start revokes the tokens of these names.</summary>
    public static string DemoTokenName(Role role) => "demo " + role.Name();

    /// <summary>
    /// Stores the built-in scenario as the demo plan and issues one token per role: what <c>fortress serve --demo</c>
    /// and the test fixture start from. On a store that already holds a demo plan the demo is replaced, not added to
    /// (docs/api.md): the earlier demo plans are deleted with their views and reports, and the earlier demo tokens are
    /// revoked, so the store holds one demo plan, planned from this version's scenario, whose replay starts afresh.
    /// Plans stored through the API are never touched. Returns the plan id, the tokens by role (valid 7 days) and how
    /// many earlier demo plans were replaced.
    /// </summary>
    public static async Task<(string PlanId, IReadOnlyDictionary<Role, string> Tokens)> SeedDemoAsync(WebApplication app, CancellationToken ct = default)
    {
        var d = await ReplaceDemoAsync(app, ct);
        return (d.PlanId, d.Tokens);
    }

    /// <inheritdoc cref="SeedDemoAsync"/>
    /// <param name="scenario">The scenario to serve (its text and the folder its files are read from); null: the built-in state visit.</param>
    public static async Task<(string PlanId, IReadOnlyDictionary<Role, string> Tokens, int Replaced)> ReplaceDemoAsync(WebApplication app, CancellationToken ct = default,
        (string Text, string Directory)? scenario = null)
    {
        var catalog = app.Services.GetRequiredService<PlanCatalog>();
        var store = app.Services.GetRequiredService<IFortressStore>();
        var earlier = catalog.All.Where(p => p.Demo).Select(p => p.Id).ToList();
        // The new demo plan is stored before the old ones go, so the store is never without one.
        var id = scenario is { } local
            ? await catalog.CreateAsync(local.Text, ct, demo: true, localDirectory: local.Directory)
            : await catalog.CreateAsync(Fortress.IO.Json.BuiltIn.Text(Fortress.IO.Json.ScenarioReader.Flagship), ct, demo: true);
        foreach (var old in earlier) await catalog.RemoveAsync(old, ct);
        var tokens = app.Services.GetRequiredService<TokenService>();
        var result = new Dictionary<Role, string>();
        foreach (var r in Enum.GetValues<Role>())
        {
            // Straight on the store: the earlier demo admin may be the only admin, which the API's revocation keeps.
            await store.RevokeTokensAsync(DemoTokenName(r), ct);
            result[r] = (await tokens.IssueAsync(DemoTokenName(r), r, Duration.FromDays(7), ct)).Token;
        }
        return (id, result, earlier.Count);
    }

}
