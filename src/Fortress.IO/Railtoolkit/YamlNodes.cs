using System.Globalization;
using Fortress.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fortress.IO.Railtoolkit;

/// <summary>
/// Typed access to a YAML document with every problem recorded against "file:line:column" rather than thrown
/// at the first one.
/// </summary>
internal sealed class YamlNodes
{
    private readonly string file;

    public YamlNodes(string file, ProblemList problems)
    {
        this.file = file;
        Problems = problems;
    }

    public ProblemList Problems { get; }

    public string Where(YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

    /// <summary>The place of <paramref name="key"/>'s value in a mapping (or of the node itself).</summary>
    public string Where(YamlNode node, string key)
    {
        var at = node is YamlMappingNode m ? Get(m, key) ?? node : node;
        return $"{file}:{at.Start.Line}:{at.Start.Column} ({key})";
    }

    /// <summary>Parses the file; a syntax error becomes a problem and the result is null.</summary>
    public static YamlMappingNode? Load(string path, string displayName, ProblemList problems)
    {
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count == 0) { problems.Add(displayName, "the file is empty"); return null; }
            if (stream.Documents[0].RootNode is not YamlMappingNode root) { problems.Add(displayName, "the document is not a mapping of keys to values"); return null; }
            return root;
        }
        catch (YamlException ex)
        {
            problems.Add($"{displayName}:{ex.Start.Line}:{ex.Start.Column}", "not valid YAML: " + (ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        catch (IOException ex)
        {
            problems.Add(displayName, "cannot read the file: " + ex.Message);
            return null;
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    public YamlNode? Required(YamlMappingNode map, string key, string context)
    {
        var node = Get(map, key);
        if (node is null) Problems.Add(Where(map), $"{context}: the required key '{key}' is missing");
        return node;
    }

    public YamlSequenceNode? RequiredSequence(YamlMappingNode map, string key, string context)
    {
        var node = Required(map, key, context);
        if (node is null) return null;
        if (node is YamlSequenceNode seq) return seq;
        Problems.Add(Where(node, key), $"{context}: '{key}' must be a list (a YAML sequence), but it is a {Describe(node)}");
        return null;
    }

    public string? String(YamlMappingNode map, string key, string context, bool required)
    {
        var node = required ? Required(map, key, context) : Get(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode s) return s.Value;
        Problems.Add(Where(node, key), $"{context}: '{key}' must be a text value, but it is a {Describe(node)}");
        return null;
    }

    public double? Number(YamlMappingNode map, string key, string context, bool required)
    {
        var node = required ? Required(map, key, context) : Get(map, key);
        if (node is null) return null;
        return Number(node, $"{context}: '{key}'");
    }

    public double? Number(YamlNode node, string what)
    {
        if (node is YamlScalarNode s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return d;
        Problems.Add(Where(node), $"{what} must be a number, got {Show(node)}");
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "single value",
    };

    private static string Show(YamlNode node) => node is YamlScalarNode s ? $"'{s.Value}'" : "a " + Describe(node);
}
