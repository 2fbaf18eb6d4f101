using System.Text;
using System.Text.Json;
using Fortress.Diagnostics;

namespace Fortress.IO.Json;

/// <summary>
/// Parses JSON the one way every Fortress reader and the service do: nesting bounded by
/// <see cref="WorkLimits.NestingDepth"/>, a key given twice in one object refused, and every string and key checked
/// for lone UTF-16 surrogates (<c>"\ud800"</c>), which .NET cannot turn into text. Each problem names the place.
/// </summary>
public static class StrictJson
{
    /// <summary>Options for <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/>; comments and trailing commas are allowed in files only.</summary>
    public static JsonDocumentOptions Options(bool lenient, int? maxDepth = null) => new()
    {
        AllowTrailingCommas = lenient,
        CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        MaxDepth = maxDepth ?? WorkLimits.Current.NestingDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Parses <paramref name="text"/>; a syntax error, a duplicate key, too deep a nesting or a lone surrogate is
    /// recorded in <paramref name="problems"/> as "<paramref name="displayName"/>:line:column" or
    /// "<paramref name="displayName"/>: $.path", and the result is null.
    /// </summary>
    /// <param name="lenient">Allow comments and trailing commas (files people write), not in request bodies.</param>
    public static JsonDocument? Parse(string text, string displayName, ProblemList problems, bool lenient = true, int? maxDepth = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, Options(lenient, maxDepth)); }
        catch (JsonException ex) { problems.Add(Place(displayName, ex), Describe(ex, maxDepth)); return null; }
        catch (InvalidOperationException) { problems.Add(displayName, KeyNotText); return null; }
        return Checked(doc, displayName, problems);
    }

    /// <summary>Like <see cref="Parse(string, string, ProblemList, bool, int?)"/> from UTF-8 bytes (a stream); invalid UTF-8 is a problem too.</summary>
    public static JsonDocument? Parse(Stream utf8, string displayName, ProblemList problems, bool lenient = true, int? maxDepth = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8, Options(lenient, maxDepth)); }
        catch (JsonException ex) { problems.Add(Place(displayName, ex), Describe(ex, maxDepth)); return null; }
        catch (InvalidOperationException) { problems.Add(displayName, KeyNotText); return null; }
        catch (ArgumentException ex) { problems.Add(displayName, "not valid UTF-8 text: " + ex.Message); return null; }
        return Checked(doc, displayName, problems);
    }

    /// <summary>
    /// The duplicate-key check of System.Text.Json reads every key and throws <see cref="InvalidOperationException"/>
    /// (not a <see cref="JsonException"/>) on a key that is no text, so that case has no line or path.
    /// </summary>
    private const string KeyNotText = "a key is not valid text: invalid UTF-8 or a lone UTF-16 surrogate (such as \\ud800)";

    private static JsonDocument? Checked(JsonDocument doc, string displayName, ProblemList problems)
    {
        var before = problems.Count;
        CheckStrings(doc.RootElement, "$", displayName, problems);
        if (problems.Count == before) return doc;
        doc.Dispose();
        return null;
    }

    /// <summary>Records every string and key under <paramref name="e"/> that is not valid text (a lone surrogate); true when there is none.</summary>
    public static bool CheckStrings(JsonElement e, string path, string displayName, ProblemList problems)
    {
        var before = problems.Count;
        Walk(e, path, displayName, problems);
        return problems.Count == before;
    }

    private static void Walk(JsonElement e, string path, string displayName, ProblemList problems)
    {
        // Depth is bounded by the parser's MaxDepth, so recursion here is bounded too.
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    string name;
                    try { name = p.Name; }
                    catch (InvalidOperationException) { problems.Add($"{displayName}: {path}", KeyNotText); continue; }
                    Walk(p.Value, $"{path}.{Shorten(name)}", displayName, problems);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, $"{path}[{i++}]", displayName, problems);
                break;
            case JsonValueKind.String:
                try { _ = e.GetString(); }
                catch (InvalidOperationException) { problems.Add($"{displayName}: {path}", "not valid text: invalid UTF-8 or a lone UTF-16 surrogate (such as \\ud800), which is no character"); }
                break;
        }
    }

    /// <summary>A key as it appears in a path: short keys as they are, long ones cut (a key may be anything a caller sent).</summary>
    private static string Shorten(string key) => key.Length <= 64 && !key.Any(char.IsControl) ? key : key[..Math.Min(32, key.Length)].Where(c => !char.IsControl(c)).Aggregate(new StringBuilder(), (b, c) => b.Append(c)) + "...";

    private static string Place(string displayName, JsonException ex) => $"{displayName}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}";

    private static string Describe(JsonException ex, int? maxDepth)
    {
        var message = ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return $"nested deeper than {maxDepth ?? WorkLimits.Current.NestingDepth} levels of objects and lists ({string.Format(System.Globalization.CultureInfo.InvariantCulture, WorkLimits.RaiseHint, "nestingDepth")})";
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return message.Length <= 160 && !message.Any(char.IsControl) ? "a key is given twice in one object: " + message : "a key is given twice in one object";
        return "not valid JSON: " + message;
    }
}
