using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.IO.NetworkFile;
using Fortress.Network;
using Fortress.Web.Storage;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;

namespace Fortress.Web.Networks;

/// <summary>
/// Networks stored by id (<c>POST /api/networks</c>): imported with the importers the CLI uses, stored as the bytes of a
/// Fortress network file, and read back for scenarios that route on them (<c>"network": {"stored": "ID"}</c>, through
/// <see cref="Resolve"/>, which <see cref="Plans.PlanCatalog"/> passes to the scenario reader). A stored network is never
/// changed or deleted, so a plan made on one plans the same again after a restart.
/// </summary>
public sealed class NetworkCatalog(IFortressStore store, IClock clock)
{
    /// <summary>
    /// Parsed networks kept in memory. Assumption: a handful are in use at a time; a network of a country is hundreds
    /// of megabytes in memory, so at most this many are kept (all are dropped when it is reached; the store has them).
    /// </summary>
    private const int KeepParsed = 4;

    private readonly ConcurrentDictionary<string, RailNetwork> parsed = new(StringComparer.Ordinal);

    /// <summary>Longest accepted name of a stored network.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Imports the bytes (a Fortress network file, or OpenStreetMap .osm XML or .osm.pbf, recognised by content) and
    /// stores the network in one transaction. Bad content: <see cref="Fortress.Diagnostics.InvalidInputException"/> with
    /// every problem the importer found, and nothing is stored.
    /// </summary>
    public async Task<(NetworkRecord Record, RailNetwork Network)> ImportAsync(byte[] content, string name, CancellationToken ct = default)
    {
        var (network, _) = await Task.Run(() => NetworkSources.Import(content, name, "body"), ct);
        var bytes = NetworkFileFormat.ToBytes(network);
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        var record = new NetworkRecord(id, name, clock.GetCurrentInstant(), network.Nodes.Count, network.Edges.Count, network.OperationalPoints.Count);
        await store.AddNetworkAsync(record, bytes, ct);
        Keep(id, network);
        return (record, network);
    }

    public Task<IReadOnlyList<NetworkRecord>> ListAsync(CancellationToken ct = default) => store.NetworksAsync(ct);

    /// <summary>
    /// The stored network with this id, or null: the resolver given to <c>ScenarioReader.ReadSubmitted</c>. It reads the
    /// store synchronously (the reader is synchronous); scenarios are read on the thread pool, and each network is read
    /// once while it is kept.
    /// </summary>
    public RailNetwork? Resolve(string id)
    {
        if (!IsId(id)) return null;
        if (parsed.TryGetValue(id, out var n)) return n;
        var bytes = store.NetworkBytesAsync(id).GetAwaiter().GetResult();
        if (bytes is null) return null;
        n = NetworkFileFormat.Read(bytes, $"stored network {id}");
        Keep(id, n);
        return n;
    }

    /// <summary>Ids are 16 base64url characters; anything else is unknown without asking the store.</summary>
    private static bool IsId(string id) => id.Length == 16 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    private void Keep(string id, RailNetwork n)
    {
        if (parsed.Count >= KeepParsed) parsed.Clear();
        parsed[id] = n;
    }
}
