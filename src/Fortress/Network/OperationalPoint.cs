using System.Globalization;
using System.Text;
using Fortress.Units;

namespace Fortress.Network;

/// <summary>What kind of place an operational point is.</summary>
public enum OperationalPointKind : byte { Station, Halt, StopPosition, Junction, BorderCrossing, Other }

/// <summary>
/// A named place on the network (station, halt, junction, border crossing) and where it sits: an offset along an edge.
/// </summary>
/// <param name="SourceId">The id in the source data (OSM "node/123", a RailJSON id).</param>
/// <param name="Names">Names by key as in OSM: "name", "name:en", "name:ru", "name:ko", "short_name", "alt_name" (may hold several, separated by ';'), "railway:ref" (a code such as DS 100 "KK"), ... (at least one).</param>
public sealed record OperationalPoint(
    string SourceId,
    OperationalPointKind Kind,
    IReadOnlyDictionary<string, string> Names,
    EdgeId Edge,
    Length Offset,
    GeoPoint Location)
{
    /// <summary>The main name (the "name" key), else any name, else the source id.</summary>
    public string Name => Names.TryGetValue("name", out var n) ? n : Names.Values.FirstOrDefault() ?? SourceId;

    /// <summary>Every name it answers to: each value of <see cref="Names"/>, a list of names (OSM's ';') split into its names.</summary>
    public IEnumerable<string> AllNames =>
        Names.Values.SelectMany(v => v.Contains(';', StringComparison.Ordinal) ? v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [v]);

    /// <summary>True when any of the names matches <paramref name="query"/> as <see cref="NameText.Normalize"/> compares them.</summary>
    public bool IsNamed(string query)
    {
        var q = NameText.Normalize(query);
        return AllNames.Any(n => NameText.Normalize(n) == q);
    }
}

/// <summary>
/// Name comparison for people: case-, accent- and spacing-insensitive, the usual station abbreviations written out;
/// edit distance for suggestions.
/// </summary>
public static class NameText
{
    /// <summary>
    /// Station-name abbreviations and what they stand for, as whole words. German railway usage (Ril 100 / DS 100
    /// station names: "Köln Hbf" is Köln Hauptbahnhof; https://de.wikipedia.org/wiki/Bahnhof#Bahnhofsbezeichnungen):
    /// Hbf Hauptbahnhof, Bf/Bhf Bahnhof, Pbf Personenbahnhof, Gbf Güterbahnhof, Rbf Rangierbahnhof, Bbf
    /// Betriebsbahnhof, Hp Haltepunkt; British usage: Stn station, Jn/Jct junction. Written normalised (no accents).
    /// </summary>
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["hbf"] = "hauptbahnhof", ["bf"] = "bahnhof", ["bhf"] = "bahnhof", ["pbf"] = "personenbahnhof", ["gbf"] = "guterbahnhof",
        ["rbf"] = "rangierbahnhof", ["bbf"] = "betriebsbahnhof", ["hp"] = "haltepunkt", ["stn"] = "station", ["jn"] = "junction", ["jct"] = "junction",
    };

    /// <summary>
    /// Lower case, diacritics removed (Unicode FormD, non-spacing marks dropped), ß as ss, runs of spaces, '-', '_',
    /// '.', '/' and brackets as one space, and in a name of two words or more each abbreviation of
    /// <see cref="Abbreviations"/> written out: "Köln Hbf." and "KÖLN Hauptbahnhof" are both "koln hauptbahnhof". A
    /// one-word name (a code such as "BF") is left as it is.
    /// </summary>
    public static string Normalize(string text)
    {
        var folded = Fold(text);
        if (!folded.Contains(' ', StringComparison.Ordinal)) return folded;
        var words = folded.Split(' ');
        var changed = false;
        for (var i = 0; i < words.Length; i++)
            if (Abbreviations.TryGetValue(words[i], out var full)) { words[i] = full; changed = true; }
        return changed ? string.Join(' ', words) : folded;
    }

    private static string Fold(string text)
    {
        var d = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        var space = false;
        foreach (var ch in d)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(ch) || ch is '-' or '_' or '.' or '(' or ')' or '/')
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) { sb.Append(' '); space = false; }
            if (Folded.TryGetValue(ch, out var folded)) sb.Append(folded);
            else sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Letters with diacritics and their base letters. FormD decomposition does this where ICU is present, but Fortress
    /// runs with invariant globalization (no ICU), where <see cref="string.Normalize(NormalizationForm)"/> leaves text
    /// unchanged; this table covers Latin-1, Latin Extended-A, Vietnamese and the Cyrillic ё/й.
    /// </summary>
    private static readonly Dictionary<char, string> Folded = BuildFolded();

    private static Dictionary<char, string> BuildFolded()
    {
        var map = new Dictionary<char, string>();
        void Add(string letters, string baseLetters)
        {
            foreach (var c in letters) { map[c] = baseLetters; map[char.ToLowerInvariant(c)] = baseLetters; map[char.ToUpperInvariant(c)] = baseLetters; }
        }
        Add("ÀÁÂÃÄÅĀĂĄẠẢẤẦẨẪẬẮẰẲẴẶ", "a"); Add("Æ", "ae"); Add("ÇĆĈĊČ", "c"); Add("ÐĎĐ", "d");
        Add("ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ", "e"); Add("ĜĞĠĢ", "g"); Add("ĤĦ", "h"); Add("ÌÍÎÏĨĪĬĮİıỈỊ", "i"); Add("Ĳ", "ij");
        Add("Ĵ", "j"); Add("Ķĸ", "k"); Add("ĹĻĽĿŁ", "l"); Add("ÑŃŅŇŉŊ", "n"); Add("ÒÓÔÕÖØŌŎŐƠỌỎỐỒỔỖỘỚỜỞỠỢ", "o"); Add("Œ", "oe");
        Add("ŔŖŘ", "r"); Add("ŚŜŞŠſȘ", "s"); Add("ß", "ss"); Add("ŢŤŦȚ", "t"); Add("Þ", "th"); Add("ÙÚÛÜŨŪŬŮŰŲƯỤỦỨỪỬỮỰ", "u");
        Add("Ŵ", "w"); Add("ÝŸŶỲỴỶỸ", "y"); Add("ŹŻŽ", "z"); Add("Ёё", "е"); Add("Йй", "и");
        map['ß'] = "ss";
        return map;
    }

    /// <summary>Levenshtein edit distance.</summary>
    public static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

/// <summary>
/// Where a train can change gauge (bogie exchange shed, variable-gauge installation), at a node, and how long it takes.
/// A train arriving on one gauge may leave on any gauge of the tracks at that node.
/// </summary>
/// <param name="Origin">"data" when tagged in the source, "user" when given on the command line or in code.</param>
public sealed record GaugeChangeFacility(string Name, NodeId Node, Duration Duration, string Origin = "user");
