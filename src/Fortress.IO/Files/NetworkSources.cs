using Fortress.Diagnostics;
using Fortress.IO.NetworkFile;
using Fortress.IO.Osm;
using Fortress.IO.RailJson;
using Fortress.Network;

namespace Fortress.IO.Files;

/// <summary>Loads a network from any supported file: a Fortress network file, OpenStreetMap (.osm.pbf, .osm) or OSRD RailJSON.</summary>
public static class NetworkSources
{
    public enum Kind { NetworkFile, Osm, RailJson }

    public static (RailNetwork Network, ImportReport? Report) Load(string file, Kind kind, OsmImportOptions? osmOptions = null)
    {
        InputFile.Require(file, null, WorkLimits.Current.NetworkFileBytes, "networkFileBytes");
        return kind switch
        {
            Kind.NetworkFile => (NetworkFileFormat.Read(file), null),
            Kind.Osm => OsmImporter.Import(file, osmOptions),
            Kind.RailJson => RailJsonImporter.Import(file),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>
    /// Imports a network sent as bytes (the web service's <c>POST /api/networks</c>), recognised by content: a Fortress
    /// network file (its magic), otherwise OpenStreetMap (.osm XML or .osm.pbf, told apart by the OSM importer, which
    /// reads the bytes from memory: no temporary file). The network is named <paramref name="name"/>; problems name
    /// <paramref name="where"/> where the importers would name a file.
    /// </summary>
    public static (RailNetwork Network, ImportReport? Report) Import(byte[] content, string name, string where, OsmImportOptions? osmOptions = null)
    {
        if (content.Length == 0) throw new InvalidInputException(where, "empty: give an OpenStreetMap file (.osm XML or .osm.pbf) or a Fortress network file (.fnet)");
        if (NetworkFileFormat.IsNetworkFile(content)) return (Named(NetworkFileFormat.Read(content, where), name), null);
        using var stream = new MemoryStream(content, writable: false);
        return OsmImporter.Import(stream, name, osmOptions, where);
    }

    private static RailNetwork Named(RailNetwork n, string name) =>
        n.Name == name ? n : RailNetwork.Create(name, n.Nodes, n.Edges, n.OperationalPoints, n.GaugeChangeFacilities);
}
