using Fortress.Application;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Network;
using Fortress.Rolling;
using Fortress.Timetable;

namespace Fortress.IO.Files;

/// <summary>
/// Scenarios read with their references resolved: built-in data (<c>builtin:NAME.json</c>), files beside the scenario
/// (for scenarios on this machine), and networks stored by the service (for scenarios sent to it).
/// </summary>
public static class Scenarios
{
    /// <summary>A scenario file; the files it names are found beside it.</summary>
    public static Scenario ReadFile(string path)
    {
        // A regular file within the document limit, strictly UTF-8 (InputFile): a folder, a device or a FIFO is a problem.
        return ScenarioReader.Read(InputFile.ReadText(path), Path.GetFileName(path), new ScenarioFiles(Path.GetDirectoryName(Path.GetFullPath(path)), true, null));
    }

    /// <summary>A built-in scenario (<see cref="ScenarioReader.Flagship"/> by default).</summary>
    public static Scenario ReadBuiltIn(string name = ScenarioReader.Flagship) =>
        ScenarioReader.Read(BuiltIn.Text(name), "built-in " + name, new ScenarioFiles(null, false, null));

    /// <summary>A scenario text with the files it names found in <paramref name="baseDirectory"/> (null: no files).</summary>
    public static Scenario Read(string text, string displayName, string? baseDirectory) =>
        ScenarioReader.Read(text, displayName, new ScenarioFiles(baseDirectory, baseDirectory is not null, null));

    /// <summary>
    /// A scenario sent over the network (the web service): a reference to a file on the server (train, timetable,
    /// network) is a problem, not a read; a routed corridor may name a network the service stores
    /// (<c>"network": {"stored": "ID"}</c>), found through <paramref name="storedNetworks"/> (null for an unknown id).
    /// </summary>
    public static Scenario ReadSubmitted(string text, string displayName, Func<string, RailNetwork?>? storedNetworks = null) =>
        ScenarioReader.Read(text, displayName, new ScenarioFiles(null, false, storedNetworks));
}

/// <summary>
/// The resources of a scenario: built-in data always; files relative to <paramref name="baseDirectory"/> when
/// <paramref name="filesAllowed"/>; stored networks through <paramref name="storedNetworks"/>.
/// </summary>
public sealed class ScenarioFiles(string? baseDirectory, bool filesAllowed, Func<string, RailNetwork?>? storedNetworks) : IScenarioResources
{
    private const string Prefix = "builtin:";

    public Consist Train(string reference, string where)
    {
        if (reference.StartsWith(Prefix, StringComparison.Ordinal)) return FortressTrainReader.Read(BuiltIn.Text(reference[Prefix.Length..]), reference);
        return RunInputs.LoadTrain(File(reference, where, "train"));
    }

    public RegularTimetable Timetable(string reference, string where)
    {
        if (reference.StartsWith(Prefix, StringComparison.Ordinal)) return FortressTimetableReader.Read(BuiltIn.Text(reference[Prefix.Length..]), reference);
        return FortressTimetableReader.ReadFile(File(reference, where, "timetable"));
    }

    public RailNetwork Network(NetworkReference reference, string where)
    {
        if (reference.Kind == NetworkSourceKind.Stored)
        {
            if (storedNetworks is null) throw new InvalidInputException(where, "a stored network is known only to the service (fortress serve); give a network file here");
            // The id is echoed only when it is short (a caller's typo, not a payload).
            var id = reference.Name;
            return storedNetworks(id) ?? throw new InvalidInputException(where, id.Length <= 64 && !id.Any(char.IsControl) ? $"no stored network '{id}'" : "no stored network with this id");
        }
        var file = File(reference.Name, where, "network");
        var kind = reference.Kind switch
        {
            NetworkSourceKind.Osm => NetworkSources.Kind.Osm,
            NetworkSourceKind.RailJson => NetworkSources.Kind.RailJson,
            _ => NetworkSources.Kind.NetworkFile,
        };
        return NetworkSources.Load(file, kind).Network;
    }

    private string File(string reference, string where, string what)
    {
        if (!filesAllowed)
            throw new InvalidInputException(where, $"a scenario sent to the service cannot name a file on the server ({what}); use a builtin: reference, an inline object or an authored corridor");
        return Path.IsPathRooted(reference) || baseDirectory is null ? reference : Path.GetFullPath(Path.Combine(baseDirectory, reference));
    }
}
