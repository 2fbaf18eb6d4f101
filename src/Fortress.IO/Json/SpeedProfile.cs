using Fortress.IO.Contracts;
using Fortress.Planning;
using Fortress.Views;

namespace Fortress.IO.Json;

/// <summary>
/// Planned speed against distance: a train's run (the envelope of every leg, front position → speed, as the plan
/// report's speed-distance chart draws it) with the line speed limit at each point; written as the console's
/// <c>/speed</c> JSON (docs/api.md).
/// </summary>
public static class SpeedProfile
{
    /// <summary>
    /// The envelope points of a train's legs in corridor kilometres and km/h. Points closer than <paramref name="minStepKm"/>
    /// to the last kept one are dropped unless the speed moved by 1 km/h or more (the chart cannot show less).
    /// </summary>
    public static IReadOnlyList<(double Km, double Kmh)> Run(PlannedTrain train, double minStepKm = 0)
    {
        var points = new List<(double Km, double Kmh)>();
        foreach (var leg in train.Legs)
        {
            var e = leg.Run.Envelope;
            for (var i = 0; i < e.Count; i++)
            {
                var p = ((leg.Start.Meters + e.PositionAt(i).Meters) / 1000, e.SpeedAt(i).KilometersPerHour);
                var last = i == e.Count - 1 || i == 0;
                if (!last && points.Count > 0 && p.Item1 - points[^1].Km < minStepKm && Math.Abs(p.Item2 - points[^1].Kmh) < 1) continue;
                points.Add(p);
            }
        }
        return points;
    }

    /// <summary>The line speed limit in km/h at a corridor kilometre (the section starting at or before it).</summary>
    public static double LimitAt(Corridor corridor, double km)
    {
        var sections = corridor.Path.SpeedLimits;
        var limit = sections[0].Limit.KilometersPerHour;
        foreach (var s in sections)
        {
            if (s.Start.Meters / 1000 > km + 1e-9) break;
            limit = s.Limit.KilometersPerHour;
        }
        return limit;
    }

    /// <summary>
    /// Every convoy train's envelope with the line limit, under the ids of <paramref name="policy"/>'s view; empty for a
    /// view not granted <see cref="Disclosure.SpeedProfile"/> (it reveals the consist's performance).
    /// </summary>
    public static SpeedDocument Document(ConvoyPlan plan, ViewPolicy policy, double minStepKm = 0.2) =>
        new(!policy.May(Disclosure.SpeedProfile) ? [] : plan.Trains.OrderBy(t => t.Departure).ThenBy(t => t.Id).Select(t => new SpeedTrainDocument(
            PlanViewBuilder.TrainId(plan, t.Id, policy),
            Run(t, minStepKm).Select(p => new SpeedPointDocument(Math.Round(p.Km, 3), Math.Round(p.Kmh, 1), Math.Round(LimitAt(plan.Journey.Corridor, p.Km), 1))).ToArray())).ToArray());
}
