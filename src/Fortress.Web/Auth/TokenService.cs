using Fortress.Web.Access;
using Fortress.Web.Http;
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
    /// <summary>How long a checked token is kept in memory before the store is asked again.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TokenRecord Token, long At)> cache = new(StringComparer.Ordinal);

    /// <summary>Counts revocations, so a check that read the store before one does not keep what it read.</summary>
    private long revocations;

    /// <summary>One revocation at a time, so two cannot each leave the other as the last admin (on this instance).</summary>
    private readonly SemaphoreSlim revoking = new(1, 1);

    /// <summary>What <see cref="RevokeAsync"/> did.</summary>
    public enum RevokeResult { Revoked, UnknownName, LastAdmin }

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
        TokenRecord? t = null;
        if (cache.TryGetValue(hash, out var hit) && System.Diagnostics.Stopwatch.GetElapsedTime(hit.At) < CacheFor) t = hit.Token;
        else
        {
            // A revocation between the read and the caching would leave a stale entry: it is taken out again.
            var generation = Interlocked.Read(ref revocations);
            if (secret.Length == 43 && (t = await store.FindTokenAsync(hash, ct)) is not null)
            {
                if (cache.Count > 10_000) cache.Clear();
                cache[hash] = (t, System.Diagnostics.Stopwatch.GetTimestamp());
                if (Interlocked.Read(ref revocations) != generation) cache.TryRemove(hash, out _);
            }
        }
        if (t is null || t.Revoked) return null;
        if (t.Expires is { } e && e <= clock.GetCurrentInstant()) return null;
        return t;
    }

    /// <summary>Every issued token, oldest first (for the admin's list: never show the hash).</summary>
    public Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken ct = default) => store.TokensAsync(ct);

    /// <summary>
    /// Revokes every token issued under <paramref name="name"/>, at once on this instance (their cached checks are
    /// dropped). Refused when it would leave no valid admin token: nobody could issue tokens any more.
    /// </summary>
    public async Task<RevokeResult> RevokeAsync(string name, CancellationToken ct = default)
    {
        await revoking.WaitAsync(ct);
        try
        {
            var all = await store.TokensAsync(ct);
            if (!all.Any(t => t.Name == name)) return RevokeResult.UnknownName;
            var now = clock.GetCurrentInstant();
            var admins = all.Where(t => t.Role == Role.Admin && !t.Revoked && (t.Expires is not { } e || e > now)).ToList();
            if (admins.Count > 0 && admins.All(t => t.Name == name)) return RevokeResult.LastAdmin;
            await store.RevokeTokensAsync(name, ct);
            Interlocked.Increment(ref revocations);
            foreach (var (hash, entry) in cache)
                if (entry.Token.Name == name) cache.TryRemove(hash, out _);
            return RevokeResult.Revoked;
        }
        finally { revoking.Release(); }
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
