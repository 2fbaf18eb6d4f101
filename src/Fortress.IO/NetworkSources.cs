using Fortress.Diagnostics;
using Fortress.IO.NetworkFile;
using Fortress.IO.Osm;
using Fortress.IO.RailJson;
using Fortress.Network;

namespace Fortress.IO;

/// <summary>Loads a network from any supported file: a Fortress network file, OpenStreetMap (.osm.pbf, .osm) or OSRD RailJSON.</summary>
public static class NetworkSources
{
    public enum Kind { NetworkFile, Osm, RailJson }

    public static (RailNetwork Network, ImportReport? Report) Load(string file, Kind kind, OsmImportOptions? osmOptions = null)
    {
        if (!File.Exists(file)) throw new InvalidInputException(file, "file not found");
        return kind switch
        {
            Kind.NetworkFile => (NetworkFileFormat.Read(file), null),
            Kind.Osm => OsmImporter.Import(file, osmOptions),
            Kind.RailJson => RailJsonImporter.Import(file),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
