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

    /// <summary>
    /// Parses the file (a regular file within <see cref="WorkLimits.DocumentBytes"/>, UTF-8); a syntax error, or
    /// nesting deeper than <see cref="WorkLimits.NestingDepth"/> (checked on the event stream first, so the recursive
    /// loader never sees it), becomes a problem and the result is null.
    /// </summary>
    public static YamlMappingNode? Load(string path, string displayName, ProblemList problems)
    {
        string text;
        try { text = InputFile.ReadText(path, displayName); }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); return null; }
        try
        {
            if (!DepthWithin(text, displayName, problems)) return null;
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0) { problems.Add(displayName, "the file is empty"); return null; }
            if (stream.Documents[0].RootNode is not YamlMappingNode root) { problems.Add(displayName, "the document is not a mapping of keys to values"); return null; }
            return root;
        }
        catch (YamlException ex)
        {
            problems.Add($"{displayName}:{ex.Start.Line}:{ex.Start.Column}", "not valid YAML: " + (ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on some damaged input (found by the fuzz suite).
            problems.Add(displayName, "not valid YAML: the YAML scanner stopped on damaged text");
            return null;
        }
        catch (IOException ex)
        {
            problems.Add(displayName, "cannot read the file: " + ex.Message);
            return null;
        }
    }

    /// <summary>Walks the parser's events (no recursion) and records where nesting first goes deeper than the limit.</summary>
    private static bool DepthWithin(string text, string displayName, ProblemList problems)
    {
        var max = WorkLimits.Current.NestingDepth;
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > max)
                    {
                        var at = parser.Current!.Start;
                        problems.Add($"{displayName}:{at.Line}:{at.Column}",
                            $"nested deeper than {max} levels of mappings and lists ({string.Format(CultureInfo.InvariantCulture, WorkLimits.RaiseHint, "nestingDepth")})");
                        return false;
                    }
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
        return true;
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

    /// <summary>A number in <paramref name="range"/> (whole where the range says so); null with a problem otherwise.</summary>
    public double? Number(YamlMappingNode map, string key, string context, bool required, PlausibleRange range, double scale = 1)
    {
        var node = required ? Required(map, key, context) : Get(map, key);
        if (node is null) return null;
        return Number(node, $"{context}: '{key}'", range, scale);
    }

    /// <summary>A number in <paramref name="range"/> after multiplying by <paramref name="scale"/> (a force in N checked in kN: 0.001).</summary>
    public double? Number(YamlNode node, string what, PlausibleRange range, double scale = 1)
    {
        if (Number(node, what) is not { } d) return null;
        if (range.Problem(d * scale) is not { } p) return d;
        Problems.Add(Where(node), $"{what} {p}{(scale != 1 ? " (after conversion)" : "")}");
        return null;
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
