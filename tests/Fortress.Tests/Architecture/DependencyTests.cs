using Shouldly;
using Xunit;

namespace Fortress.Tests.Architecture;

/// <summary>
/// The structure docs/architecture.md describes, checked on the compiled assemblies: no namespace depends on one that
/// depends back on it, and the core's folders follow the data path in one direction.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] Assemblies = ["Fortress.dll", "Fortress.IO.dll", "Fortress.Web.dll", "Fortress.Cli.dll"];

    /// <summary>The core's folders in the order data flows through them: each may use only those before it.</summary>
    internal static readonly string[] CoreOrder =
    [
        "Units", "Diagnostics", "Rolling", "Running", "Network", "Routing", "Timetable", "Conflicts", "Planning", "Clearance",
        "Simulation", "Security", "Logistics", "Operations", "Application", "Views",
    ];

    private static NamespaceGraph Graph() =>
        NamespaceGraph.Of(Assemblies.Select(a => Path.Combine(AppContext.BaseDirectory, a)));

    [Fact]
    public void Namespaces_OfEveryAssembly_HaveNoCycle()
    {
        var g = Graph();
        var cycles = g.Cycles();
        var detail = cycles.Select(c => string.Join(" <-> ", c) + ": " + string.Join("; ",
            c.SelectMany(a => g.Edges[a].Where(e => c.Contains(e.Key)).Select(e => e.Value))));
        cycles.ShouldBeEmpty(string.Join("\n", detail));
    }

    [Fact]
    public void CoreFolders_UseOnlyFoldersBeforeThemOnTheDataPath()
    {
        var g = Graph();
        var wrong = new List<string>();
        foreach (var (from, edges) in g.Edges)
        {
            var a = CoreFolder(from);
            if (a < 0) continue;
            foreach (var (to, example) in edges)
            {
                var b = CoreFolder(to);
                if (b > a) wrong.Add(example);
            }
        }
        wrong.ShouldBeEmpty(string.Join("\n", wrong));
    }

    [Fact]
    public void CoreFolders_AreAllKnown()
    {
        // A new folder of the core takes its place on the data path here (and in docs/architecture.md).
        var unknown = Graph().Edges.Keys.Where(n => n.StartsWith("Fortress.", StringComparison.Ordinal) && n.Split('.').Length == 2
            && !Assemblies.Any(a => a[..^4] == n) && CoreFolder(n) < 0).ToList();
        unknown.ShouldBeEmpty();
    }

    [Fact]
    public void Graph_SeesDependenciesThroughEnclosingNamespaces()
    {
        // A type of an enclosing namespace is used without a using line or a full name: the graph still sees it.
        var g = Graph();
        g.Edges.ShouldContainKey("Fortress.Cli.Commands");
        g.Edges["Fortress.Cli.Commands"].Keys.ShouldContain("Fortress.Diagnostics");
    }

    private static int CoreFolder(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "Fortress" ? Array.IndexOf(CoreOrder, parts[1]) : -1;
    }
}
