using System.Globalization;
using Fortress.IO.Railtoolkit;
using Fortress.Running;

namespace Fortress.Tests.Running;

/// <summary>
/// The three railtoolkit trains on the const, slope and speed paths against the published TrainRuns.jl results
/// (../shared/data/trainruns/expected). Fortress's accurate integrator must land within 1 % of every total; with the
/// reference's own numerical scheme (20 m explicit steps) the total and every point of interest must be within 1 %
/// (in fact they agree to about 0.002 %, which shows every convention is read the same way).
/// </summary>
public class TrainRunsReferenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var d = new TheoryData<string, string>();
        foreach (var t in new[] { "longdistance", "local", "freight" })
            foreach (var p in new[] { "const", "slope", "speed" })
                d.Add(t, p);
        return d;
    }

    private static RunResult RunCase(string train, string path, IntegrationScheme scheme)
    {
        var consist = RailtoolkitReader.ReadTrain(TestData.Require($"trainruns/trains/{train}.yaml"));
        var runningPath = RailtoolkitReader.ReadPath(TestData.Require($"trainruns/paths/{path}.yaml"));
        return RunningTimeCalculator.Run(consist, runningPath, RunOptions.Default with { GradientModel = GradientModel.MassPoint, Integration = scheme });
    }

    private static double ExpectedTotal(string train, string path) =>
        File.ReadLines(TestData.Require("trainruns/expected/totals.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(c => c[0] == train && c[1] == path)
            .Select(c => double.Parse(c[2], CultureInfo.InvariantCulture))
            .Single();

    private static List<(string Label, double T, double V)> ExpectedPoints(string train, string path)
    {
        var lines = File.ReadAllLines(TestData.Require($"trainruns/expected/{train}_{path}.csv"));
        var head = lines[0].Split(',');
        int it = Array.IndexOf(head, "t"), iv = Array.IndexOf(head, "v"), il = Array.IndexOf(head, "label");
        return lines.Skip(1).Select(l => l.Split(',')).Select(c => (c[il], double.Parse(c[it], CultureInfo.InvariantCulture), double.Parse(c[iv], CultureInfo.InvariantCulture))).ToList();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_Accurate_TotalWithinOnePercentOfTrainRuns(string train, string path)
    {
        var r = RunCase(train, path, IntegrationScheme.Accurate);
        var expected = ExpectedTotal(train, path);
        var error = Math.Abs(r.TotalTime.Seconds - expected) / expected;
        TestContext.Current.SendDiagnosticMessage($"{train}/{path}: {r.TotalTime.Seconds:0.000} s vs {expected:0.000} s ({error * 100:0.000} %)");
        error.ShouldBeLessThan(0.01);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_ReferenceScheme_TotalAndEveryPointWithinOnePercent(string train, string path)
    {
        var r = RunCase(train, path, IntegrationScheme.Reference);
        var expected = ExpectedTotal(train, path);
        (Math.Abs(r.TotalTime.Seconds - expected) / expected).ShouldBeLessThan(0.01);
        var points = ExpectedPoints(train, path);
        r.PointsOfInterest.Count.ShouldBe(points.Count);
        foreach (var (got, exp) in r.PointsOfInterest.Zip(points))
        {
            got.Name.ShouldBe(exp.Label);
            got.Time.ShouldNotBeNull();
            (Math.Abs(got.Time!.Value.Seconds - exp.T) / exp.T).ShouldBeLessThan(0.01, $"{got.Name}: {got.Time.Value.Seconds} s vs {exp.T} s");
            got.Speed!.Value.MetersPerSecond.ShouldBe(exp.V, Math.Max(0.01 * exp.V, 0.05), got.Name);
        }
    }

    [Fact]
    public void Run_Accurate_IsSlowerThanReferenceSchemeEarlyInTheRun_BecauseEulerOverestimatesFallingEffort()
    {
        // The diesel multiple unit's effort falls 35 % in the first 20 km/h; holding the start-of-step acceleration
        // over 20 m makes the reference reach 999 m several per cent too early. The accurate scheme must not.
        var accurate = RunCase("local", "const", IntegrationScheme.Accurate).PointsOfInterest[0].Time!.Value.Seconds;
        var reference = RunCase("local", "const", IntegrationScheme.Reference).PointsOfInterest[0].Time!.Value.Seconds;
        accurate.ShouldBeGreaterThan(reference * 1.02);
        // Converged value of the same motion computed with 0.1 m steps: 69.215 s (see docs/decisions/0001).
        accurate.ShouldBe(69.215, 0.05);
    }
}
