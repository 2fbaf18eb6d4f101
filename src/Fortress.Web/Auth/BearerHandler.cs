using Fortress.Web.Access;
using Fortress.Web.Http;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fortress.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> against the issued tokens. No token: no identity (401 where one is required);
/// a malformed, unknown, revoked or expired token: failure (401). The answers are problem+json and never echo the token.
/// </summary>
public sealed class BearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string NameClaim = "fortress:name";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("not a bearer token");
        var secret = header["Bearer ".Length..].Trim();
        var t = await tokens.CheckAsync(secret, Context.RequestAborted);
        if (t is null) return AuthenticateResult.Fail("unknown, revoked or expired token");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, t.Role.Name()), new Claim(NameClaim, t.Name), new Claim(ClaimTypes.NameIdentifier, t.Id) ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 401, "Unauthorized", [("Authorization", "give a valid token: Authorization: Bearer TOKEN")], wwwAuthenticate: true);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, "Forbidden", [("role", "this role may not do this")]);
}

/// <summary>The caller's role and name, read from the authenticated principal.</summary>
public static class Caller
{
    public static Role RoleOf(ClaimsPrincipal user) =>
        Roles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : Role.Public;

    public static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(BearerHandler.NameClaim) ?? "";
}
