using System.Text.RegularExpressions;
using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO;
using Fortress.IO.Files;
using Fortress.IO.Json;
using Fortress.Planning;

namespace Fortress.Tests.Robustness;

/// <summary>The pieces every reader shares: exact enumerations, plausible ranges, work limits, strict JSON, files.</summary>
public sealed class ContractTests
{
    [Theory]
    [InlineData("pilot", true)]
    [InlineData("PILOT", true)]
    [InlineData("pilot, main", false)]
    [InlineData("pilot,main", false)]
    [InlineData("0", false)]
    [InlineData(" pilot", false)]
    [InlineData("", false)]
    public void EnumText_TryParse_OnlyOneMembersName(string text, bool ok)
    {
        EnumText.TryParse<ConvoyRole>(text, out var role).ShouldBe(ok);
        if (ok) role.ShouldBe(ConvoyRole.Pilot);
    }

    [Fact]
    public void Roles_TryParse_RefusesListsAndNumbers()
    {
        Fortress.Web.Access.Roles.TryParse("public, admin", out _).ShouldBeFalse();
        Fortress.Web.Access.Roles.TryParse("public,admin", out _).ShouldBeFalse();
        Fortress.Web.Access.Roles.TryParse("3", out _).ShouldBeFalse();
        Fortress.Web.Access.Roles.TryParse("admin", out var r).ShouldBeTrue();
        r.ShouldBe(Fortress.Web.Access.Role.Admin);
    }

    [Fact]
    public void PlausibleRange_NeverContainsNaNOrInfinities_AndWholeRangesRefuseFractions()
    {
        foreach (var range in Plausible.All)
        {
            foreach (var v in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308 })
                range.Contains(v).ShouldBeFalse($"{range.Field} {v}");
            range.Contains(range.Max).ShouldBeTrue(range.Field);
            range.Contains(range.Min).ShouldBe(!range.MinExclusive, range.Field);
            if (range.Whole) range.Contains(Math.Floor(range.Min) + 0.5).ShouldBeFalse(range.Field);
            range.Reason.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void PlausibleRange_Problem_IsNullExactlyInRange() =>
        Gen.Double.Sample(v => (Plausible.TareMass.Problem(v) is null) == (double.IsFinite(v) && v is >= 0.1 and <= 1000));

    [Fact]
    public void PlausibleRange_Problem_SaysRangeReasonAndValue()
    {
        var p = Plausible.Axles.Problem(1e12)!;
        p.ShouldContain("from 1 to 40");
        p.ShouldContain("Schnabel");
        p.ShouldContain("1e12");
        Plausible.Axles.Problem(2.5)!.ShouldContain("whole number");
    }

    [Fact]
    public void Docs_FormatsMd_ListsEveryPlausibleRangeWithItsBounds()
    {
        var doc = File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "formats.md"));
        foreach (var r in Plausible.All)
        {
            var row = $"| {r.Field} |";
            doc.ShouldContain(row, Case.Sensitive, $"docs/formats.md has no row for {r.Field}");
            var line = doc.Split('\n').First(l => l.StartsWith(row, StringComparison.Ordinal));
            foreach (var bound in new[] { r.Min, r.Max })
                (line.Contains(PlausibleRange.Show(bound), StringComparison.Ordinal) || line.Contains(bound.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    .ShouldBeTrue($"{r.Field}: {bound} not in \"{line}\"");
        }
    }

    [Fact]
    public void Docs_DecisionRecord_NamesEveryLimitWithItsDefault()
    {
        var doc = File.ReadAllText(Directory.GetFiles(Path.Combine(TestData.RepoRoot, "docs", "decisions"), "*work-limits*.md").Single());
        var d = WorkLimits.Default;
        foreach (var name in WorkLimits.Names)
        {
            doc.ShouldContain($"`{name}`");
            var value = typeof(WorkLimits).GetProperty(char.ToUpperInvariant(name[0]) + name[1..])!.GetValue(d)!;
            var line = doc.Split('\n').First(l => l.StartsWith($"| `{name}`", StringComparison.Ordinal));
            line.Replace(",", "", StringComparison.Ordinal).ShouldContain(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, Case.Sensitive, name);
        }
    }

    [Fact]
    public void WorkLimits_Check_RefusesAboveNamingLimitAndHint()
    {
        WorkLimits.Check("x", "generatedTrains", "trains", 10, 10); // at the limit: fine
        var ex = Should.Throw<WorkLimitExceededException>(() => WorkLimits.Check("x", "generatedTrains", "trains", 11, 10));
        ex.Cause.ShouldBe(ErrorCause.User);
        ex.Message.ShouldContain("--limit generatedTrains=VALUE");
        using (WorkLimits.Use(WorkLimits.Default, TestContext.Current.CancellationToken, "ask the operator about {0}"))
            Should.Throw<WorkLimitExceededException>(() => WorkLimits.Check("x", "generatedTrains", "trains", 11, 10)).Message.ShouldContain("ask the operator about generatedTrains");
    }

    [Fact]
    public async Task WorkLimits_Use_FlowsIntoTasksAndEndsWithTheScope()
    {
        var small = WorkLimits.Default with { GeneratedTrains = 3 };
        using (WorkLimits.Use(small, TestContext.Current.CancellationToken))
            (await Task.Run(() => WorkLimits.Current.GeneratedTrains, TestContext.Current.CancellationToken)).ShouldBe(3);
        WorkLimits.Current.GeneratedTrains.ShouldBe(WorkLimits.Default.GeneratedTrains);
    }

    [Fact]
    public void WorkLimits_Checkpoint_StopsWorkWhoseDeadlinePassed()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using (WorkLimits.Use(WorkLimits.Default, cts.Token))
            Should.Throw<OperationCanceledException>(() => Fortress.Running.RunningTimeCalculator.Run(TestTrains.Train(), TestTrains.Flat(2000, 80)));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "twice")]
    [InlineData("{\"a\":\"\\ud800\"}", "surrogate")]
    [InlineData("{\"\\udc00\":1}", "key is not valid text")]
    [InlineData("[[[[[[[[[[1]]]]]]]]]]", "nested deeper than 8")]
    public void StrictJson_Parse_RefusesWithPlace(string json, string expected)
    {
        var problems = new ProblemList();
        StrictJson.Parse(json, "doc.json", problems, maxDepth: 8).ShouldBeNull();
        problems.Items.ShouldHaveSingleItem().ToString().ShouldContain(expected);
        problems.Items[0].Where.ShouldStartWith("doc.json");
    }

    [Fact]
    public void InputFile_KindOf_TellsFilesFoldersDevicesAndMissing()
    {
        using var s = new Scratch();
        InputFile.KindOf(s.File("a.txt", "x")).ShouldBe(InputFile.Kind.Regular);
        InputFile.KindOf(s.Path).ShouldBe(InputFile.Kind.Directory);
        InputFile.KindOf(s["none"]).ShouldBe(InputFile.Kind.Missing);
        if (OperatingSystem.IsLinux() && File.Exists("/dev/null")) InputFile.KindOf("/dev/null").ShouldBe(InputFile.Kind.Other);
    }

    [Fact]
    public void InputFile_ReadText_RefusesInvalidUtf8AndOversize()
    {
        using var s = new Scratch();
        Should.Throw<InvalidInputException>(() => InputFile.ReadText(s.File("bad.txt", [0x41, 0xC3, 0x28]))).Message.ShouldContain("not UTF-8");
        InputFile.ReadText(s.File("bom.txt", [0xEF, 0xBB, 0xBF, 0x41])).ShouldBe("A");
        Should.Throw<WorkLimitExceededException>(() => InputFile.ReadText(s.File("big.txt", new string('x', 2000)), maxBytes: 1000)).Limit.ShouldBe("documentBytes");
    }

    [Fact]
    public void Consist_Validate_AppliesTheRangesToAnySource()
    {
        var heavy = TestTrains.Coach() with { TareMass = Fortress.Units.Mass.FromTonnes(5000) };
        Should.Throw<InvalidInputException>(() => Fortress.Rolling.Consist.Create("t", [TestTrains.Locomotive(), heavy])).Message.ShouldContain("tare mass must be from 0.1 to 1000 t");
        var many = Enumerable.Repeat(TestTrains.Coach(), 1200).Prepend(TestTrains.Locomotive()).ToList();
        Should.Throw<WorkLimitExceededException>(() => Fortress.Rolling.Consist.Create("t", many)).Limit.ShouldBe("trainVehicles");
    }

    [Fact]
    public void Scenario_SemanticProblem_NamesTheFile()
    {
        var scenario = Hostile.Flagship();
        scenario["journey"]!["stops"]![0]!["place"] = "Nowhere";
        var read = Scenarios.Read(scenario.ToJsonString(), "mine.json", null);
        var ex = Should.Throw<InvalidInputException>(() => ProblemPlaces.InDocument("mine.json", () => Fortress.Application.PlanPipeline.Default.Run(read, TestContext.Current.CancellationToken)));
        ex.Problems.ShouldAllBe(p => p.Where.StartsWith("mine.json", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportChecks_WindowAndDistance()
    {
        var plan = Planning.TestPlans.Flagship.Plan;
        var (from, to) = Fortress.Operations.ReportChecks.Window(plan);
        from.ShouldBe(plan.Trains.Min(t => t.Departure) - NodaTime.Duration.FromHours(24));
        to.ShouldBe(plan.Trains.Max(t => t.Arrival) + NodaTime.Duration.FromHours(24));
        var at = plan.Main.Departure + NodaTime.Duration.FromMinutes(10);
        var on = Fortress.Operations.RouteGeometry.FromCorridor(plan.Journey.Corridor).PointAt(plan.Main.PositionAt(at)!.Value);
        Fortress.Operations.ReportChecks.Check(plan, new(Planning.Ids.Main, at, on.Latitude, on.Longitude), "$").ShouldBeEmpty();
        Fortress.Operations.ReportChecks.Check(plan, new(Planning.Ids.Main, to + NodaTime.Duration.FromSeconds(1), on.Latitude, on.Longitude), "$").ShouldHaveSingleItem().Where.ShouldBe("$.time");
        Fortress.Operations.ReportChecks.Check(plan, new(Planning.Ids.Main, at, on.Latitude - 10, on.Longitude), "$").ShouldHaveSingleItem().Message.ShouldContain("from the route");
    }
}
