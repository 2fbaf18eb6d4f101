using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fortress.IO.Contracts;

/// <summary>
/// The JSON contracts of Fortress's outputs, serialised by System.Text.Json's source generator: one definition for the
/// command line and the service (whose OpenAPI description is generated from the same records). Names in camelCase;
/// null members left out unless a record keeps them (<c>arrival: null</c> at an origin); non-ASCII text and '+' as they are.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlanDocument))]
[JsonSerializable(typeof(LiveDocument))]
[JsonSerializable(typeof(AlertDocument))]
[JsonSerializable(typeof(SpeedDocument))]
[JsonSerializable(typeof(TrafficDocument))]
[JsonSerializable(typeof(RobustnessDocument))]
[JsonSerializable(typeof(MapDocument))]
[JsonSerializable(typeof(PositionReportDocument))]
[JsonSerializable(typeof(IReadOnlyList<PositionReportDocument>))]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(RouteDocument))]
[JsonSerializable(typeof(RouteGeoJsonDocument))]
public sealed partial class FortressJsonContext : JsonSerializerContext;

/// <summary>Writes the contracts: indented for people (the CLI, stored plan views), compact for the wire (live state, events).</summary>
public static class FortressJson
{
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Relaxed = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The context with compact output.</summary>
    public static FortressJsonContext Compact { get; } = new(new JsonSerializerOptions(FortressJsonContext.Default.Options) { Encoder = Relaxed, WriteIndented = false });

    /// <summary>The context with indented output.</summary>
    public static FortressJsonContext Indented { get; } = new(new JsonSerializerOptions(FortressJsonContext.Default.Options) { Encoder = Relaxed, WriteIndented = true });

    /// <summary>A plan view, indented, ending with a newline (as <c>fortress plan --format json</c> prints it).</summary>
    public static string Write(PlanDocument d) => JsonSerializer.Serialize(d, Indented.PlanDocument) + "\n";

    /// <summary>A running-time calculation, indented, ending with a newline (as <c>fortress run --format json</c> prints it).</summary>
    public static string Write(RunDocument d) => JsonSerializer.Serialize(d, Indented.RunDocument) + "\n";

    /// <summary>A route, indented, ending with a newline (as <c>fortress route --format json</c> prints it).</summary>
    public static string Write(RouteDocument d) => JsonSerializer.Serialize(d, Indented.RouteDocument) + "\n";

    /// <summary>A route as GeoJSON, indented, ending with a newline (as <c>fortress route --format geojson</c> prints it).</summary>
    public static string Write(RouteGeoJsonDocument d) => JsonSerializer.Serialize(d, Indented.RouteGeoJsonDocument) + "\n";

    public static string Write(LiveDocument d) => JsonSerializer.Serialize(d, Compact.LiveDocument);

    public static string Write(AlertDocument d) => JsonSerializer.Serialize(d, Compact.AlertDocument);

    public static string Write(SpeedDocument d) => JsonSerializer.Serialize(d, Compact.SpeedDocument);

    public static string Write(TrafficDocument d) => JsonSerializer.Serialize(d, Compact.TrafficDocument);

    public static string Write(RobustnessDocument d) => JsonSerializer.Serialize(d, Compact.RobustnessDocument);

    public static string Write(MapDocument d) => JsonSerializer.Serialize(d, Compact.MapDocument);
}
