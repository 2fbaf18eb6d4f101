using Fortress.IO.Json;
using Fortress.IO.Reports;
using Fortress.Planning;

namespace Fortress.Tests.Reports;

/// <summary>The flagship plan and its reports, computed once for all report tests (planning takes a few seconds).</summary>
internal static class ReportFixture
{
    private static readonly Lazy<PlanState> state = new(() => Planning.TestPlans.Flagship);
    private static readonly Lazy<IReadOnlyDictionary<string, (double Lat, double Lon)>> coordinates = new(() => state.Value.Plan.Journey.Corridor.Coordinates());
    private static readonly Dictionary<PlanView, Lazy<string>> html = PlanView.Known.ToDictionary(v => v, v => new Lazy<string>(() =>
    {
        var w = new StringWriter();
        PlanReport.Write(state.Value, ViewPolicy.For(v), w, coordinates.Value);
        return w.ToString();
    }));

    public static Scenario Scenario => state.Value.Scenario;
    public static Journey Journey => state.Value.Plan.Journey;
    public static PlanState State => state.Value;
    public static ConvoyPlan Plan => state.Value.Plan;
    public static IReadOnlyDictionary<string, (double Lat, double Lon)> Coordinates => coordinates.Value;
    public static string Html(PlanView view) => html[view].Value;
}
