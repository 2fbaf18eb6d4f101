using System.Diagnostics;

namespace Fortress.Tests.Cli;

/// <summary>
/// The <c>./fortress</c> wrapper's up-to-date check (FORTRESS_WRAPPER_CHECK=1 prints what the wrapper would do), run
/// by bash on a small tree laid out like the checkout: what <c>dotnet build</c> and <c>./test.sh</c> leave in bin/ and
/// obj/ must not make it publish the CLI again; a changed source must.
/// </summary>
public sealed class WrapperScriptTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("fortress-wrapper-");
    private static readonly DateTime Published = new(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);

    public WrapperScriptTests()
    {
        File.Copy(Path.Combine(TestData.RepoRoot, "fortress"), Path.Combine(root.FullName, "fortress"));
        foreach (var f in new[] { "Directory.Build.props", "Directory.Packages.props", "src/Fortress/Units/Length.cs", "src/Fortress/Fortress.csproj", "src/Fortress.IO/Catalogue/vehicles.json" })
            Touch(f, Published.AddDays(-1));
        Touch("artifacts/cli/Fortress.Cli.dll", Published);
        Touch("artifacts/cli/.stamp", Published);
    }

    public void Dispose() => root.Delete(recursive: true);

    private void Touch(string relative, DateTime when)
    {
        var path = Path.Combine(root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, when);
    }

    private string Check()
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(root.FullName, "fortress")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["FORTRESS_WRAPPER_CHECK"] = "1";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, err);
        return output.Trim();
    }

    [Fact]
    public void Check_BuildOutputsNewerThanThePublish_UpToDate()
    {
        Assert.SkipUnless(File.Exists("/bin/bash") || File.Exists("/usr/bin/bash"), "bash is not installed");
        // What a build (./test.sh) writes after the CLI was published: JSON, assemblies and generated C# in bin/ and obj/.
        foreach (var f in new[] { "src/Fortress/obj/project.assets.json", "src/Fortress/obj/Release/net10.0/Fortress.AssemblyInfo.cs",
                     "src/Fortress.IO/bin/Release/net10.0/Fortress.IO.deps.json", "tests/Fortress.Tests/bin/Release/net10.0/x.json", "web/node_modules/vite/package.json" })
            Touch(f, Published.AddHours(2));
        Check().ShouldBe("up to date");
    }

    [Theory]
    [InlineData("src/Fortress/Units/Length.cs")]
    [InlineData("src/Fortress.IO/Catalogue/vehicles.json")]
    [InlineData("src/Fortress/Fortress.csproj")]
    [InlineData("Directory.Packages.props")]
    public void Check_SourceChangedAfterThePublish_Stale(string source)
    {
        Assert.SkipUnless(File.Exists("/bin/bash") || File.Exists("/usr/bin/bash"), "bash is not installed");
        Touch(source, Published.AddMinutes(5));
        Check().ShouldBe("stale: " + Path.Combine(root.FullName, source));
    }

    [Fact]
    public void Check_NothingPublished_Stale()
    {
        Assert.SkipUnless(File.Exists("/bin/bash") || File.Exists("/usr/bin/bash"), "bash is not installed");
        File.Delete(Path.Combine(root.FullName, "artifacts/cli/Fortress.Cli.dll"));
        Check().ShouldStartWith("stale: ");
    }
}
