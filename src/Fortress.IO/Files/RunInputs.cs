using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.IO.Railtoolkit;
using Fortress.Rolling;
using Fortress.Running;

namespace Fortress.IO.Files;

/// <summary>A train and a path ready to run, and the gradient convention their files imply.</summary>
public sealed record RunInputs(Consist Consist, RunningPath Path, GradientModel Convention)
{
    /// <summary>The built-in example: the armoured state train arriving at Vladivostok with a red-carpet stop.</summary>
    public const string DefaultTrain = "state-train-ussuriysk.json";
    public const string DefaultPath = "vladivostok-arrival.json";

    /// <summary>
    /// Loads a train file and a path file, each railtoolkit YAML or Fortress JSON (told apart by content), or the
    /// built-in example where a file is not given. Problems in both files are reported together.
    /// </summary>
    public static RunInputs Load(string? trainFile, string? pathFile)
    {
        var problems = new ProblemList();
        Consist? consist = null;
        RunningPath? path = null;
        var railtoolkitPath = false;
        try
        {
            consist = trainFile is null ? FortressTrainReader.Read(BuiltIn.Text(DefaultTrain), "built-in " + DefaultTrain) : LoadTrain(trainFile);
        }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        try
        {
            if (pathFile is null) path = FortressPathReader.Read(BuiltIn.Text(DefaultPath), "built-in " + DefaultPath);
            else
            {
                railtoolkitPath = IsYaml(pathFile);
                path = railtoolkitPath ? RailtoolkitReader.ReadPath(pathFile) : FortressPathReader.ReadFile(pathFile);
            }
        }
        catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        problems.ThrowIfAny();
        return new RunInputs(consist!, path!, railtoolkitPath ? GradientModel.MassPoint : GradientModel.TrainLength);
    }

    public static Consist LoadTrain(string file)
    {
        Exists(file);
        return IsYaml(file) ? RailtoolkitReader.ReadTrain(file) : FortressTrainReader.ReadFile(file);
    }

    private static bool IsYaml(string file)
    {
        Exists(file);
        var ext = System.IO.Path.GetExtension(file).ToLowerInvariant();
        return ext is ".yaml" or ".yml" || (ext != ".json" && RailtoolkitReader.Sniff(file));
    }

    private static void Exists(string file) => InputFile.Require(file, null, WorkLimits.Current.DocumentBytes);
}
