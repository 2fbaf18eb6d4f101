using System.Globalization;
using System.Text;

namespace Fortress.IO;

/// <summary>
/// What a network import read, kept, skipped and defaulted. For each attribute (gauge, maxspeed, electrified, ...) it
/// counts the edges where the value was missing or unreadable and the documented default was used instead.
/// </summary>
public sealed class ImportReport
{
    private readonly SortedDictionary<string, (int Edges, double Meters)> defaulted = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly List<string> notes = [];

    public ImportReport(string source) => Source = source;

    public string Source { get; }

    /// <summary>Per attribute: how many edges (and metres of track) got the default.</summary>
    public IReadOnlyDictionary<string, (int Edges, double Meters)> Defaulted => defaulted;

    /// <summary>Counters: "rail ways", "edges", "operational points", "stations too far from track", ...</summary>
    public IReadOnlyDictionary<string, int> Counts => counts;

    /// <summary>Unreadable values and other remarks, each with where (at most 50 kept).</summary>
    public IReadOnlyList<string> Notes => notes;

    public int NotesDropped { get; private set; }

    public void Default(string attribute, double meters)
    {
        defaulted.TryGetValue(attribute, out var v);
        defaulted[attribute] = (v.Edges + 1, v.Meters + meters);
    }

    public void Count(string what, int n = 1)
    {
        counts.TryGetValue(what, out var v);
        counts[what] = v + n;
    }

    public void Note(string text)
    {
        if (notes.Count < 50) notes.Add(text);
        else NotesDropped++;
    }

    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"Import of {Source}");
        foreach (var (k, v) in counts) sb.AppendLine(string.Create(ci, $"  {k,-40} {v,10:N0}"));
        if (defaulted.Count > 0)
        {
            sb.AppendLine("  defaults used where a value was missing or unreadable:");
            foreach (var (k, v) in defaulted) sb.AppendLine(string.Create(ci, $"    {k,-38} {v.Edges,10:N0} edges {v.Meters / 1000,10:N1} km"));
        }
        foreach (var n in notes) sb.AppendLine("  note: " + n);
        if (NotesDropped > 0) sb.AppendLine($"  ({NotesDropped} more notes not shown)");
        return sb.ToString();
    }
}
