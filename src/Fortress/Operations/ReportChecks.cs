using System.Runtime.CompilerServices;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Operations;

/// <summary>
/// What makes a position report plausible for a plan, checked before the report is stored (so one absurd report
/// can never poison a plan) and again when stored reports are replayed (rows from older versions that fail are
/// skipped, never fatal).
/// </summary>
public sealed record ReportRules
{
    /// <summary>
    /// How far before the first planned departure and after the last planned arrival a report may be. Default 24 h.
    /// Assumption: trains report from shortly before departure (the replay starts 5 min before); a convoy more than a
    /// day late is planned again, so a report outside that window belongs to another journey or a broken clock.
    /// </summary>
    public NodaTime.Duration TimeMargin { get; init; } = NodaTime.Duration.FromHours(24);

    /// <summary>
    /// Farthest a report may be from the route line. Default 500 km. Assumption: GNSS errors are metres and the
    /// off-route alert fires at a few hundred metres (<see cref="RouteGeometry.TrackTolerance"/>, chords of 15 %); a train
    /// sent down a wrong line may be a couple of hundred kilometres off before it is stopped, and that is what the alert
    /// is for; a report 500 km from the line is not the train's (a wrong token, a test feed, a corrupt message).
    /// </summary>
    public Length MaxOffRoute { get; init; } = Length.FromKilometers(500);

    /// <summary>Highest reported speed: the tracker's own bound (540 km/h, above any train's service speed).</summary>
    public Speed MaxSpeed { get; init; } = Speed.FromKilometersPerHour(540);

    public static ReportRules Default { get; } = new();
}

/// <summary>The checks of <see cref="ReportRules"/> against one plan.</summary>
public static class ReportChecks
{
    private static readonly ConditionalWeakTable<ConvoyPlan, RouteGeometry> geometries = new();

    /// <summary>The window of time in which reports of <paramref name="plan"/> are taken.</summary>
    public static (Instant From, Instant To) Window(ConvoyPlan plan, ReportRules? rules = null)
    {
        rules ??= ReportRules.Default;
        return (plan.Trains.Min(t => t.Departure) - rules.TimeMargin, plan.Trains.Max(t => t.Arrival) + rules.TimeMargin);
    }

    /// <summary>
    /// Every problem with <paramref name="report"/> for <paramref name="plan"/> (none: plausible): the train is one
    /// of the plan's, the coordinates are WGS84, the speed is in range, the time lies in the plan's window
    /// (<see cref="Window"/>) and the position within <see cref="ReportRules.MaxOffRoute"/> of the route.
    /// Problems are placed at <paramref name="where"/> (e.g. "$[3]") and never echo the values sent.
    /// </summary>
    public static IReadOnlyList<Problem> Check(ConvoyPlan plan, PositionReport report, string where, ReportRules? rules = null, RouteGeometry? geometry = null)
    {
        rules ??= ReportRules.Default;
        var p = new List<Problem>();
        if (!plan.Trains.Any(t => t.Id == report.Train)) p.Add(new Problem($"{where}.train", "not a train of this plan"));
        var coordinatesOk = true;
        if (Plausible.Latitude.Problem(report.Latitude) is { } la) { p.Add(new Problem($"{where}.lat", la)); coordinatesOk = false; }
        if (Plausible.Longitude.Problem(report.Longitude) is { } lo) { p.Add(new Problem($"{where}.lon", lo)); coordinatesOk = false; }
        if (report.Speed is { } s && !(s.MetersPerSecond >= 0 && s <= rules.MaxSpeed))
            p.Add(new Problem($"{where}.speedKmh", $"must be from 0 to {rules.MaxSpeed.KilometersPerHour:0} km/h"));
        var (from, to) = Window(plan, rules);
        if (report.Time < from || report.Time > to)
            p.Add(new Problem($"{where}.time", $"outside this plan's window ({from} to {to}: the planned journey with {rules.TimeMargin.TotalHours:0} h either side)"));
        if (coordinatesOk)
        {
            geometry ??= geometries.GetValue(plan, x => RouteGeometry.FromCorridor(x.Journey.Corridor));
            var m = geometry.Match(new GeoPoint(report.Latitude, report.Longitude));
            if (m.Offset > rules.MaxOffRoute)
                p.Add(new Problem(where, $"the position is {m.Offset.Kilometers:0} km from the route; reports farther than {rules.MaxOffRoute.Kilometers:0} km are not taken"));
        }
        return p;
    }
}
