using Fortress.Planning;

namespace Fortress.Tests.Reports;

/// <summary>
/// Need-to-know in the HTML report: nothing that identifies the convoy (train names, consist and vehicle names and
/// ids, roles, the words of its purpose, the journey's name) appears in the public or dispatcher report, neither in
/// the text nor in attributes, titles or CSS.
/// </summary>
public class ReportLeakTests
{
    private static IEnumerable<string> Secrets(Journey j)
    {
        foreach (var t in j.Trains)
        {
            yield return t.Name;
            foreach (var (_, c) in t.Consists)
            {
                yield return c.Name;
                foreach (var v in c.Vehicles) { yield return v.Id; yield return v.Name; }
            }
        }
        var places = j.Corridor.Places.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var word in j.Purpose.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 6 && !places.Contains(w))) yield return word;
        yield return j.Name;
        foreach (var w in new[] { "pilot", "escort", "\"main\"", "armour", "armor", "fortress", "state train", "principal", "head of state", "convoy", "red carpet", "precise" })
            yield return w;
        foreach (var f in j.Corridor.GaugeChanges) yield return f.Facility;
        foreach (var t in j.Corridor.TractionChanges) yield return t.Reason;
    }

    [Theory]
    [InlineData(PlanView.Public)]
    [InlineData(PlanView.Dispatcher)]
    public void Write_RestrictedView_NamesNothingOfTheConvoy(PlanView view)
    {
        var html = ReportFixture.Html(view);
        html.Length.ShouldBeGreaterThan(500);
        foreach (var s in Secrets(ReportFixture.Journey).Distinct())
            html.Contains(s, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"the {view} report contains '{s}'");
    }

    [Fact]
    public void Write_SecurityView_NamesTheConvoy()
    {
        var html = ReportFixture.Html(PlanView.Security);
        foreach (var t in ReportFixture.Journey.Trains) html.ShouldContain(System.Net.WebUtility.HtmlEncode(t.Name));
        html.ShouldContain(System.Net.WebUtility.HtmlEncode(ReportFixture.Journey.Purpose));
    }
}
