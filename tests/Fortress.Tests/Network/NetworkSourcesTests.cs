using Fortress.Diagnostics;
using Fortress.IO.Osm;
using Fortress.Tests.Cli;

namespace Fortress.Tests.Network;

/// <summary>Tests that change the process's TMPDIR run alone: no other test may want a temporary folder meanwhile.</summary>
[CollectionDefinition(nameof(TempFolderCollection), DisableParallelization = true)]
public sealed class TempFolderCollection;

/// <summary>Networks sent as bytes (the service's <c>POST /api/networks</c>) and OSM read from streams: no temporary file.</summary>
[Collection(nameof(TempFolderCollection))]
public sealed class NetworkSourcesTests
{
    [Fact]
    public void Import_OsmBytesWithNoUsableTempFolder_ImportsWithoutATempFile()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(OutputContractTests.ChangesOsm);
        var expected = NetworkSources.Import(bytes, "changes", "body").Network;
        // TMPDIR names a file, not a folder: any temporary file or folder would fail to be created.
        var blocker = Path.GetTempFileName();
        var before = Environment.GetEnvironmentVariable("TMPDIR");
        try
        {
            Environment.SetEnvironmentVariable("TMPDIR", blocker);
            Should.Throw<IOException>(() => Directory.CreateTempSubdirectory("fortress-check-")); // the guard works
            var (net, report) = NetworkSources.Import(bytes, "changes", "body");
            (net.Name, net.Nodes.Count, net.Edges.Count, net.OperationalPoints.Count).ShouldBe(("changes", expected.Nodes.Count, expected.Edges.Count, 5));
            report.ShouldNotBeNull().Source.ShouldBe("changes");
            // Problems name the body, as the service reports them.
            var ex = Should.Throw<InvalidInputException>(() => NetworkSources.Import(System.Text.Encoding.UTF8.GetBytes("<osm version=\"0.6\"><node id=\"1\" lat=\"50\""), "x", "body"));
            ex.Problems.ShouldHaveSingleItem().Where.ShouldStartWith("body");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", before);
            File.Delete(blocker);
        }
    }

    [Fact]
    public void Import_PbfFromAStreamThatCannotSeek_SameNetworkAsFromTheFile()
    {
        var pbf = TestData.Require("osm/monaco.osm.pbf");
        var (fromFile, _) = OsmImporter.Import(pbf);
        using var stream = new ForwardOnly(File.ReadAllBytes(pbf));
        var (fromStream, _) = OsmImporter.Import(stream, "monaco.osm.pbf");
        fromStream.Name.ShouldBe(fromFile.Name);
        (fromStream.Nodes.Count, fromStream.Edges.Count, fromStream.OperationalPoints.Count).ShouldBe((fromFile.Nodes.Count, fromFile.Edges.Count, fromFile.OperationalPoints.Count));
        fromStream.TotalLength.Meters.ShouldBe(fromFile.TotalLength.Meters, 1e-6);
    }

    [Fact]
    public void Import_TruncatedPbfStream_NamesTheSourceAndItsLength()
    {
        var pbf = TestData.Require("osm/monaco.osm.pbf");
        var bytes = File.ReadAllBytes(pbf)[..20000];
        using var stream = new MemoryStream(bytes);
        var ex = Should.Throw<InvalidInputException>(() => OsmImporter.Import(stream, "cut.osm.pbf", where: "upload"));
        var p = ex.Problems.ShouldHaveSingleItem();
        p.Where.ShouldBe("upload");
        p.Message.ShouldContain("truncated OSM PBF");
        p.Message.ShouldContain("(20000 bytes)");
    }

    /// <summary>A stream read front to back only, like a request body.</summary>
    private sealed class ForwardOnly(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Length => throw new NotSupportedException();
    }
}
