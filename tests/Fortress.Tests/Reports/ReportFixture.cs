using Fortress.IO.Json;
using Fortress.IO.Reports;
using Fortress.Planning;

namespace Fortress.Tests.Reports;

/// <summary>The flagship plan and its reports, computed once for all report tests (planning takes a few seconds).</summary>
internal static class ReportFixture
{
    private static readonly Lazy<Journey> journey = new(() => ScenarioReader.ReadBuiltIn());
    private static readonly Lazy<ConvoyPlan> plan = new(() => ConvoyPlanner.Plan(journey.Value));
    private static readonly Lazy<IReadOnlyDictionary<string, (double Lat, double Lon)>> coordinates = new(() => journey.Value.Corridor.Coordinates());
    private static readonly Dictionary<PlanView, Lazy<string>> html = Enum.GetValues<PlanView>().ToDictionary(v => v, v => new Lazy<string>(() =>
    {
        var w = new StringWriter();
        PlanReport.Write(plan.Value, v, w, coordinates.Value);
        return w.ToString();
    }));

    public static Journey Journey => journey.Value;
    public static ConvoyPlan Plan => plan.Value;
    public static IReadOnlyDictionary<string, (double Lat, double Lon)> Coordinates => coordinates.Value;
    public static string Html(PlanView view) => html[view].Value;
}
