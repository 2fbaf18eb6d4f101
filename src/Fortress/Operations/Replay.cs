using Fortress.Planning;
using Fortress.Simulation;
using Fortress.Units;
using NodaTime;

namespace Fortress.Operations;

/// <summary>An unplanned stop for a simulated run: <see cref="Train"/> stands at <see cref="At"/> for <see cref="Hold"/>.</summary>
public sealed record ReplayDisturbance(TrainId Train, Position At, NodaTime.Duration Hold);

/// <summary>
/// Position reports of a simulated run of a plan, for demonstrations, tests and `fortress replay`: the plan's multi-train
/// simulation (every convoy and regular train at once on the corridor's blocks and signals, decision 0013) run with the
/// given unplanned stops, so a train stopped on the line holds the trains behind it at their signals, as on the day.
/// Only the convoy's trains report (the regular traffic is in the simulation but carries no tracker).
/// </summary>
public static class Replay
{
    /// <summary>The convoy's trains alone on the plan's blocks (no regular traffic): for a plan made without its traffic.</summary>
    public static IReadOnlyList<PositionReport> Simulate(ConvoyPlan plan, NodaTime.Duration interval, IReadOnlyList<ReplayDisturbance>? disturbances = null,
        RouteGeometry? geometry = null, NodaTime.Duration? before = null) =>
        Simulate(plan, SimulationModel.Compile(PlanSimulationInput.From(plan, plan.Journey.Blocks, null)), interval, disturbances, geometry, before);

    /// <param name="model">The plan's compiled simulation (the Simulation stage's model).</param>
    /// <param name="interval">Time between two reports of one train.</param>
    /// <param name="before">How long before its departure a train starts reporting (at rest at the origin).</param>
    public static IReadOnlyList<PositionReport> Simulate(ConvoyPlan plan, SimulationModel model, NodaTime.Duration interval,
        IReadOnlyList<ReplayDisturbance>? disturbances = null, RouteGeometry? geometry = null, NodaTime.Duration? before = null)
    {
        if (interval <= NodaTime.Duration.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "must be positive");
        geometry ??= RouteGeometry.FromCorridor(plan.Journey.Corridor);
        var lead = before ?? NodaTime.Duration.FromMinutes(5);
        var holds = (disturbances ?? []).Select(d => (Disturbance)new UnplannedHold(d.Train.Value, d.At, Units.Duration.FromSeconds(d.Hold.TotalSeconds))).ToArray();
        var result = model.Run(holds, new SimulationOptions(Samples: true));
        var traces = result.Trains.Where(t => t.Trace is not null).ToDictionary(t => t.Id, t => t.Trace!, StringComparer.Ordinal);
        var reports = new List<(PositionReport Report, int Order)>();
        var order = 0;
        foreach (var train in plan.Trains.OrderBy(t => t.Departure))
        {
            if (!traces.TryGetValue(train.Id.Value, out var trace)) continue; // never left (a deadlock before its departure)
            var t = train.Departure - lead;
            var end = trace.End + NodaTime.Duration.FromMinutes(2);
            while (t <= end)
            {
                var (x, v) = trace.At(t);
                var p = geometry.PointAt(x);
                reports.Add((new PositionReport(train.Id, t, Math.Round(p.Latitude, 7), Math.Round(p.Longitude, 7), Speed.FromMetersPerSecond(Math.Round(v.MetersPerSecond, 2))), order));
                t += interval;
            }
            order++;
        }
        return reports.OrderBy(r => r.Report.Time).ThenBy(r => r.Order).Select(r => r.Report).ToArray();
    }

    /// <summary>
    /// An unplanned stop for demonstrations and tests: <paramref name="train"/> stands for <paramref name="hold"/> half way
    /// along its longest leg, moved on until it is at least 3 km from every place (so it is "outside a station").
    /// </summary>
    public static ReplayDisturbance StopHalfWay(ConvoyPlan plan, TrainId train, NodaTime.Duration hold)
    {
        var t = plan.Train(train);
        var leg = t.Legs.OrderByDescending(l => (l.End - l.Start).Meters).First();
        var places = plan.Journey.Corridor.Places;
        var x = leg.Start + (leg.End - leg.Start) * 0.5;
        while (x < leg.End && places.Any(p => Math.Abs((p.Position - x).Meters) < 3000)) x += Length.FromMeters(2500);
        return new ReplayDisturbance(train, x, hold);
    }
}
