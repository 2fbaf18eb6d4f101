using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.IO.Json;

namespace Fortress.IO.Reports;

/// <summary>
/// Reads the optional <c>"lat"</c> / <c>"lon"</c> (WGS84 degrees) of the corridor places of a scenario file
/// (<c>fortress.scenario/1</c>), for drawing the route map of a plan report. The core model has no coordinates:
/// they are a presentation concern, so they are read here from the raw scenario text and nowhere else.
/// </summary>
public static class PlaceCoordinates
{
    /// <summary>The coordinates of the built-in flagship scenario's places.</summary>
    public static IReadOnlyDictionary<string, (double Lat, double Lon)> ReadBuiltIn(string name = ScenarioReader.Flagship) =>
        Read(BuiltIn.Text(name), "built-in " + name);

    /// <summary>The coordinates of a scenario file's places.</summary>
    public static IReadOnlyDictionary<string, (double Lat, double Lon)> ReadFile(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>
    /// Place name (case-insensitive) → (latitude, longitude) for every place that has both; places without either are
    /// left out. A place with only one of them, a value that is not a number or is out of range is a problem; every
    /// problem is reported at once (<see cref="InvalidInputException"/>). Text that is not JSON, or has no
    /// <c>corridor.places</c> array, gives an empty map: the scenario reader reports those.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Lat, double Lon)> Read(string scenarioJson, string displayName = "scenario")
    {
        ArgumentNullException.ThrowIfNull(scenarioJson);
        var result = new Dictionary<string, (double Lat, double Lon)>(StringComparer.OrdinalIgnoreCase);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(scenarioJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { return result; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("corridor", out var corridor) || corridor.ValueKind != JsonValueKind.Object
                || !corridor.TryGetProperty("places", out var places) || places.ValueKind != JsonValueKind.Array)
                return result;
            var problems = new ProblemList();
            var i = 0;
            foreach (var place in places.EnumerateArray())
            {
                var where = $"{displayName} $.corridor.places[{i++}]";
                if (place.ValueKind != JsonValueKind.Object || !place.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String) continue;
                var name = n.GetString()!;
                var lat = Number(place, "lat", -90, 90, where, problems);
                var lon = Number(place, "lon", -180, 180, where, problems);
                if (lat.Present != lon.Present) problems.Add(where, $"'{name}' has {(lat.Present ? "lat" : "lon")} but not {(lat.Present ? "lon" : "lat")}: give both or neither");
                else if (lat.Value is { } la && lon.Value is { } lo) result[name] = (la, lo);
            }
            problems.ThrowIfAny();
        }
        return result;
    }

    private static (bool Present, double? Value) Number(JsonElement place, string key, double min, double max, string where, ProblemList problems)
    {
        if (!place.TryGetProperty(key, out var e) || e.ValueKind == JsonValueKind.Null) return (false, null);
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            problems.Add($"{where}.{key}", $"must be a number of degrees, got {e.GetRawText()}");
            return (true, null);
        }
        if (d < min || d > max)
        {
            problems.Add($"{where}.{key}", $"{d} is outside {min} to {max} degrees");
            return (true, null);
        }
        return (true, d);
    }
}
