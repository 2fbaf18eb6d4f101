using System.Security.Cryptography;
using System.Text;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;

namespace Fortress.Web.Auth;

/// <summary>
/// Issues and checks bearer tokens. A token is 256 random bits in base64url; the store keeps only its SHA-256 hash,
/// so a token cannot be recovered from the store, only re-issued. Tokens are never logged.
/// </summary>
public sealed class TokenService(IFortressStore store, IClock clock)
{
    /// <summary>Longest accepted name of a token's holder.</summary>
    public const int MaxNameLength = 100;

    public sealed record Issued(string Token, string Name, Role Role, Instant? Expires);

    public async Task<Issued> IssueAsync(string name, Role role, Duration? lifetime, CancellationToken ct = default)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetCurrentInstant();
        Instant? expires = lifetime is { } l ? now + l : null;
        await store.AddTokenAsync(new TokenRecord(Guid.NewGuid().ToString("N"), name, role, Hash(secret), now, expires, false), ct);
        return new Issued(secret, name, role, expires);
    }

    /// <summary>The valid (known, not revoked, not expired) token record for a presented secret, or null.</summary>
    public async Task<TokenRecord?> CheckAsync(string secret, CancellationToken ct = default)
    {
        // A well-formed token is 43 base64url characters; anything else is refused without touching the store's index
        // differently (the hash is still computed so the work does not depend on the shape).
        var hash = Hash(secret);
        var t = secret.Length == 43 ? await store.FindTokenAsync(hash, ct) : null;
        if (t is null || t.Revoked) return null;
        if (t.Expires is { } e && e <= clock.GetCurrentInstant()) return null;
        return t;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
