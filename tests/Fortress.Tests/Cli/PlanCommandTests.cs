namespace Fortress.Tests.Cli;

/// <summary><c>fortress plan</c> as people read it: the first line says which view the output is.</summary>
public class PlanCommandTests
{
    [Theory]
    [InlineData(new string[0], "View: security, the default (everything")]
    [InlineData(new[] { "--view", "security" }, "View: security (everything")]
    [InlineData(new[] { "--view", "dispatcher" }, "View: dispatcher (")]
    [InlineData(new[] { "--view", "public" }, "View: public (")]
    public void Plan_Table_FirstLineNamesTheView(string[] view, string first)
    {
        var report = Path.Combine(Path.GetTempPath(), $"fortress-plan-{Guid.NewGuid():N}.html");
        try
        {
            var (code, output, err) = RunCommandTests.Fortress(["plan", .. view, "--report", report]);
            code.ShouldBe(0, err);
            output.Split('\n')[0].ShouldStartWith(first);
        }
        finally { File.Delete(report); }
    }
}
