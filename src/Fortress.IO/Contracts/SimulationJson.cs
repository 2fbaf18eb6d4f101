using System.Text.Json;
using System.Text.Json.Serialization;
using Fortress.Views;

namespace Fortress.IO.Contracts;

/// <summary>
/// A simulation view as JSON (<c>fortress simulate --format json</c>): the view model serialised as it is, camelCase, compact (a run of
/// the state visit has a million samples),
/// by System.Text.Json's source generator (a typed contract: the records are the schema). Need-to-know lives in
/// <see cref="SimulationViews"/> alone.
/// </summary>
public static class SimulationJson
{
    private static readonly SimulationJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Write(SimulationViewModel model) => JsonSerializer.Serialize(model, Context.SimulationViewModel) + "\n";
}

/// <summary>The source-generated serialiser of the simulation's view model.</summary>
[JsonSerializable(typeof(SimulationViewModel))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
