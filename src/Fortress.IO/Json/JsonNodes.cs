using System.Text.Json;
using Fortress.Diagnostics;

namespace Fortress.IO.Json;

/// <summary>Typed access to a JSON document, recording every problem against "file: json.path" instead of throwing.</summary>
internal sealed class JsonNodes
{
    private readonly string file;

    public JsonNodes(string file, ProblemList problems)
    {
        this.file = file;
        Problems = problems;
    }

    public ProblemList Problems { get; }

    public string Where(string path) => $"{file}: {path}";

    /// <summary>Parses the text; a syntax error becomes a problem (with line and byte position) and the result is null.</summary>
    public static JsonDocument? Parse(string text, string displayName, ProblemList problems)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            problems.Add($"{displayName}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}", "not valid JSON: " + ex.Message.Split(" Path:")[0]);
            return null;
        }
    }

    /// <summary>
    /// Opens a Fortress document: parses it (a syntax error is thrown at once), requires a JSON object, and checks its
    /// <c>format</c> key against <paramref name="format"/> (a wrong one is recorded with the other problems).
    /// </summary>
    /// <param name="what">What the document is, for the message ("a path document").</param>
    public static (JsonDocument Doc, JsonNodes J) Open(string text, string displayName, string format, string what, ProblemList problems)
    {
        var doc = Parse(text, displayName, problems);
        if (doc is null) { problems.ThrowIfAny(); throw new InvalidOperationException(); }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            problems.Add(displayName, "the document must be a JSON object");
            problems.ThrowIfAny();
        }
        var j = new JsonNodes(displayName, problems);
        var found = j.String(doc.RootElement, "format", "$", true);
        if (found is not null && found != format) problems.Add(j.Where("$.format"), $"'{found}' is not {what} (expected '{format}')");
        return (doc, j);
    }

    public JsonElement? Get(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public JsonElement? Required(JsonElement obj, string key, string path)
    {
        var v = Get(obj, key);
        if (v is null) Problems.Add(Where(path), $"the required key '{key}' is missing");
        return v;
    }

    public string? String(JsonElement obj, string key, string path, bool required)
    {
        var v = required ? Required(obj, key, path) : Get(obj, key);
        if (v is null) return null;
        if (v.Value.ValueKind == JsonValueKind.String) return v.Value.GetString();
        Problems.Add(Where($"{path}.{key}"), $"must be text, got {v.Value.ValueKind.ToString().ToLowerInvariant()}");
        return null;
    }

    public double? Number(JsonElement obj, string key, string path, bool required, double? min = null, bool exclusiveMin = false)
    {
        var v = required ? Required(obj, key, path) : Get(obj, key);
        if (v is null) return null;
        return Number(v.Value, $"{path}.{key}", min, exclusiveMin);
    }

    public double? Number(JsonElement v, string path, double? min = null, bool exclusiveMin = false)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            Problems.Add(Where(path), $"must be a number, got {Show(v)}");
            return null;
        }
        if (min is { } m && (exclusiveMin ? d <= m : d < m))
        {
            Problems.Add(Where(path), exclusiveMin ? $"must be greater than {m}, got {d}" : $"must be at least {m}, got {d}");
            return null;
        }
        return d;
    }

    public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string key, string path, bool required)
    {
        var v = required ? Required(obj, key, path) : Get(obj, key);
        if (v is null) yield break;
        if (v.Value.ValueKind != JsonValueKind.Array)
        {
            Problems.Add(Where($"{path}.{key}"), $"must be a list, got {v.Value.ValueKind.ToString().ToLowerInvariant()}");
            yield break;
        }
        var i = 0;
        foreach (var item in v.Value.EnumerateArray()) yield return (item, $"{path}.{key}[{i++}]");
    }

    private static string Show(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"\"{v.GetString()}\"",
        _ => v.ValueKind.ToString().ToLowerInvariant(),
    };
}
