using Fortress.IO;
using Fortress.IO.Osm;
using Fortress.IO.RailJson;
using Fortress.Network;

namespace Fortress.Tests.Network;

/// <summary>Networks parsed once for the whole test run (the Cologne PBF takes about a second).</summary>
public static class SharedNetworks
{
    private static readonly Lazy<(RailNetwork, ImportReport)> cologne = new(() => OsmImporter.Import(TestData.Require("osm/cologne-railway.osm.pbf")));
    private static readonly Lazy<(RailNetwork, ImportReport)> moscow = new(() => OsmImporter.Import(TestData.Require("osm/moscow-1520.osm")));
    private static readonly Lazy<(RailNetwork, ImportReport)> vde82 = new(() => OsmImporter.Import(TestData.Require("osm/vde8.2-rail.osm.pbf")));
    private static readonly Lazy<(RailNetwork, ImportReport)> smallInfra = new(() => RailJsonImporter.Import(TestData.Require("osrd/infras/small_infra/infra.json")));

    /// <summary>The Cologne extract; skips the test when the shared data is absent.</summary>
    public static (RailNetwork Network, ImportReport Report) Cologne
    {
        get { TestData.Require("osm/cologne-railway.osm.pbf"); return cologne.Value; }
    }

    public static (RailNetwork Network, ImportReport Report) Moscow
    {
        get { TestData.Require("osm/moscow-1520.osm"); return moscow.Value; }
    }

    public static (RailNetwork Network, ImportReport Report) Vde82
    {
        get { TestData.Require("osm/vde8.2-rail.osm.pbf"); return vde82.Value; }
    }

    public static (RailNetwork Network, ImportReport Report) SmallInfra
    {
        get { TestData.Require("osrd/infras/small_infra/infra.json"); return smallInfra.Value; }
    }
}
