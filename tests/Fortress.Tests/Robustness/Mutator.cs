using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fortress.Tests.Robustness;

/// <summary>
/// Seeded mutations of real inputs for the fuzz suite: the same seed gives the same mutation, so a failing case is
/// replayed exactly from its seed. JSON is mutated structurally (keys deleted or given twice, extreme numbers, NaN,
/// wrong types, deep nesting, huge counts, lone surrogates); YAML, XML and binary files as text or bytes (truncation,
/// bit flips, extreme numbers, deep nesting).
/// </summary>
internal sealed partial class Mutator(int seed)
{
    private readonly Random rng = new(seed);

    /// <summary>What the last mutation did, for the failure message.</summary>
    public string Did { get; private set; } = "";

    public int Next(int max) => rng.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>Numbers that break code written for ordinary ones.</summary>
    public static readonly string[] Extremes =
        ["0", "-1", "-0.0", "2.5", "1e-300", "1e-9", "1e9", "1e12", "1e308", "-1e308", "4294967296", "9007199254740993", "123456789012345678901234567890", "1e400"];

    /// <summary>Values of the wrong kind.</summary>
    private static readonly string[] WrongTypes = ["\"text\"", "\"\"", "true", "null", "[]", "{}", "[1,2,3]", "{\"a\":1}", "\"NaN\"", "\"1e308\""];

    /// <summary>A JSON document mutated one way, chosen by the seed.</summary>
    public string Json(string text)
    {
        switch (rng.Next(16))
        {
            case 15:
            {
                // A key that is no text (a lone surrogate), as a caller could send it.
                var compact = JsonNode.Parse(text)!.ToJsonString();
                var keys = KeyToken().Matches(compact);
                if (keys.Count == 0) return text;
                var k = keys[rng.Next(keys.Count)];
                Did = $"key {k.Value.TrimEnd(':')} renamed to a lone surrogate";
                return compact[..k.Index] + "\"\\udc00\":" + compact[(k.Index + k.Length)..];
            }
            // Gentle changes that keep the document readable, so the cases reach the planning and the engine too.
            case 12: return ScaleNumber(text, Pick([0.5, 2, 10, 0.1, -1, 1.01]));
            case 13: return OnArray(text, "remove item", (a, i) => a.RemoveAt(i));
            case 14: return OnArray(text, "swap with the next item", (a, i) =>
            {
                if (i + 1 >= a.Count) return;
                var x = a[i]!.DeepClone();
                a[i] = a[i + 1]!.DeepClone();
                a[i + 1] = x;
            });
            case 0: return Truncate(text);
            case 1: return Encoding.UTF8.GetString(BitFlips(Encoding.UTF8.GetBytes(text)));
            case 2: return OnNode(text, "delete a key", (parent, key) => ((JsonObject)parent).Remove(key));
            case 3: return DuplicateKey(text);
            case 4: return ReplaceNumber(text, Pick(Extremes));
            case 5: return ReplaceNumberToken(text, Pick(["NaN", "Infinity", "-Infinity", "1e99999", "0x10", "01", "+1", ".5"]));
            case 6: return ReplaceValue(text, Pick(WrongTypes), "wrong type");
            case 7: return ReplaceValue(text, Deep(Pick([63, 65, 1000, 100_000])), "deep nesting");
            case 8: return ReplaceNumber(text, "1" + new string('0', rng.Next(6, 16)));
            case 9: return ReplaceString(text, Pick(["\\ud800", "\\udfff", "x\\ud800y", "\\u0000", "\\u202e", new string('A', 20_000)]));
            case 10: return DuplicateArrayItem(text);
            default: return Encoding.UTF8.GetString(BitFlips(Encoding.UTF8.GetBytes(Truncate(text))));
        }
    }

    /// <summary>A text file (YAML, XML) mutated as text.</summary>
    public string Text(string text)
    {
        switch (rng.Next(8))
        {
            case 0: return Truncate(text);
            case 1: return Encoding.UTF8.GetString(BitFlips(Encoding.UTF8.GetBytes(text)));
            case 2: return RegexNumber(text, Pick(Extremes.Concat(["NaN", ".nan", ".inf", "-.inf", "abc"]).ToArray()));
            case 3:
            {
                var lines = text.Split('\n').ToList();
                var i = rng.Next(lines.Count);
                Did = $"delete line {i + 1}";
                lines.RemoveAt(i);
                return string.Join('\n', lines);
            }
            case 4:
            {
                var lines = text.Split('\n').ToList();
                var i = rng.Next(lines.Count);
                Did = $"duplicate line {i + 1}";
                lines.Insert(i, lines[i]);
                return string.Join('\n', lines);
            }
            case 5:
            {
                var depth = Pick([63, 65, 1000, 30_000]);
                var i = text.LastIndexOf('\n', Math.Max(0, text.Length - 2)) + 1;
                Did = $"append a value nested {depth} deep";
                return text[..i] + "deep: " + new string('[', depth) + new string(']', depth) + "\n" + text[i..];
            }
            case 6:
            {
                Did = "leading white space";
                return new string(' ', rng.Next(1, 500)) + text;
            }
            default: return RegexNumber(text, "1" + new string('0', rng.Next(6, 16)));
        }
    }

    /// <summary>OSM XML mutated: coordinates outside WGS84 often, as text otherwise.</summary>
    public string Osm(string xml)
    {
        if (rng.Next(3) != 0) return Text(xml);
        var matches = CoordinateAttribute().Matches(xml);
        if (matches.Count == 0) return Text(xml);
        var m = matches[rng.Next(matches.Count)];
        var v = Pick(["NaN", "1e308", "999", "-91", "", "abc", "Infinity"]);
        Did = $"{m.Groups[1].Value} of one node = '{v}'";
        return xml[..m.Groups[2].Index] + v + xml[(m.Groups[2].Index + m.Groups[2].Length)..];
    }

    /// <summary>A binary file mutated: truncated or bits flipped.</summary>
    public byte[] Bytes(byte[] bytes)
    {
        if (rng.Next(2) == 0) return BitFlips(bytes);
        var at = rng.Next(bytes.Length);
        Did = $"truncate at {at} of {bytes.Length}";
        return bytes[..at];
    }

    private string Truncate(string text)
    {
        var at = rng.Next(text.Length);
        Did = $"truncate at {at} of {text.Length}";
        return text[..at];
    }

    private byte[] BitFlips(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var n = rng.Next(1, 9);
        var at = new List<int>();
        for (var i = 0; i < n && copy.Length > 0; i++)
        {
            var p = rng.Next(copy.Length);
            copy[p] ^= (byte)(1 << rng.Next(8));
            at.Add(p);
        }
        Did = $"flip bits at {string.Join(",", at)}";
        return copy;
    }

    private static string Deep(int depth) => new string('[', depth) + "1" + new string(']', depth);

    /// <summary>Every value of the document with its parent and key (object key or array index).</summary>
    private static List<(JsonNode Parent, string Key, JsonNode? Value)> Values(JsonNode root)
    {
        var all = new List<(JsonNode, string, JsonNode?)>();
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n is JsonObject o)
                foreach (var (k, v) in o.ToList())
                {
                    all.Add((o, k, v));
                    if (v is not null) stack.Push(v);
                }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    all.Add((a, i.ToString(CultureInfo.InvariantCulture), a[i]));
                    if (a[i] is { } c) stack.Push(c);
                }
        }
        return all;
    }

    private string OnNode(string text, string what, Action<JsonNode, string> change)
    {
        var root = JsonNode.Parse(text)!;
        var keys = Values(root).Where(v => v.Parent is JsonObject).ToList();
        if (keys.Count == 0) return text;
        var (parent, key, _) = keys[rng.Next(keys.Count)];
        Did = $"{what} '{key}'";
        change(parent, key);
        return root.ToJsonString();
    }

    private string Set(string text, Func<JsonNode?, bool> eligible, Func<JsonNode?, string> replacement, string what)
    {
        var root = JsonNode.Parse(text)!;
        var candidates = Values(root).Where(v => eligible(v.Value)).ToList();
        if (candidates.Count == 0) return text;
        var (parent, key, value) = candidates[rng.Next(candidates.Count)];
        // Replaced through a marker, so any text (even invalid JSON such as NaN) can stand in the value's place.
        const string marker = "\"__fortress_fuzz_marker__\"";
        if (parent is JsonObject o) o[key] = JsonValue.Create("__fortress_fuzz_marker__");
        else ((JsonArray)parent)[int.Parse(key, CultureInfo.InvariantCulture)] = JsonValue.Create("__fortress_fuzz_marker__");
        var r = replacement(value);
        Did = $"{what} at '{key}' = {(r.Length > 40 ? r[..40] + "..." : r)}";
        return root.ToJsonString().Replace(marker, r, StringComparison.Ordinal);
    }

    private string ReplaceNumber(string text, string number) =>
        Set(text, v => v is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.Number, _ => number, "number");

    private string ReplaceNumberToken(string text, string token) =>
        Set(text, v => v is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.Number, _ => token, "number token");

    private string ReplaceValue(string text, string value, string what) => Set(text, _ => true, _ => value, what);

    private string ReplaceString(string text, string escaped) =>
        Set(text, v => v is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.String, _ => "\"" + escaped + "\"", "string");

    private string ScaleNumber(string text, double factor)
    {
        var root = JsonNode.Parse(text)!;
        var numbers = Values(root).Where(v => v.Value is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList();
        if (numbers.Count == 0) return text;
        var (parent, key, value) = numbers[rng.Next(numbers.Count)];
        var scaled = JsonValue.Create(value!.GetValue<double>() * factor);
        Did = $"number at '{key}' x {factor.ToString(CultureInfo.InvariantCulture)}";
        if (parent is JsonObject o) o[key] = scaled; else ((JsonArray)parent)[int.Parse(key, CultureInfo.InvariantCulture)] = scaled;
        return root.ToJsonString();
    }

    private string OnArray(string text, string what, Action<JsonArray, int> change)
    {
        var root = JsonNode.Parse(text)!;
        var arrays = Values(root).Select(v => v.Value).OfType<JsonArray>().Where(a => a.Count > 0 && a.All(x => x is not null)).ToList();
        if (arrays.Count == 0) return text;
        var a = arrays[rng.Next(arrays.Count)];
        var i = rng.Next(a.Count);
        Did = $"{what} {i} of a list of {a.Count}";
        change(a, i);
        return root.ToJsonString();
    }

    private string DuplicateKey(string text)
    {
        var compact = JsonNode.Parse(text)!.ToJsonString();
        var keys = KeyToken().Matches(compact);
        if (keys.Count == 0) return text;
        var m = keys[rng.Next(keys.Count)];
        var value = Pick(["null", "1", "\"x\"", "[]", "{}"]);
        Did = $"key {m.Value.TrimEnd(':')} given twice";
        return compact[..m.Index] + m.Value + value + "," + compact[m.Index..];
    }

    private string DuplicateArrayItem(string text)
    {
        var root = JsonNode.Parse(text)!;
        var arrays = Values(root).Select(v => v.Value).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
        if (root is JsonArray ra && ra.Count > 0) arrays.Add(ra);
        if (arrays.Count == 0) return text;
        var a = arrays[rng.Next(arrays.Count)];
        var i = rng.Next(a.Count);
        var times = Pick([1, 2, 50]);
        Did = $"repeat array item {i} {times} times";
        for (var k = 0; k < times; k++) a.Insert(i, a[i]?.DeepClone());
        return root.ToJsonString();
    }

    private string RegexNumber(string text, string replacement)
    {
        var numbers = NumberToken().Matches(text);
        if (numbers.Count == 0) return text;
        var m = numbers[rng.Next(numbers.Count)];
        Did = $"number '{m.Value}' at {m.Index} = {replacement}";
        return text[..m.Index] + replacement + text[(m.Index + m.Length)..];
    }

    [GeneratedRegex("\"[^\"\\\\]{1,64}\":")]
    private static partial Regex KeyToken();

    [GeneratedRegex(@"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])")]
    private static partial Regex NumberToken();

    [GeneratedRegex("\\b(lat|lon)=\"([^\"]*)\"")]
    private static partial Regex CoordinateAttribute();
}
