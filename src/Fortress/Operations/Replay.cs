using Fortress.Planning;
using Fortress.Running;
using Fortress.Units;
using NodaTime;

namespace Fortress.Operations;

/// <summary>An unplanned stop for a simulated run: <see cref="Train"/> stands at <see cref="At"/> for <see cref="Hold"/>.</summary>
public sealed record ReplayDisturbance(TrainId Train, Position At, NodaTime.Duration Hold);

/// <summary>
/// Position reports of a simulated run of a plan, for demonstrations, tests and `fortress replay`: every train runs
/// its planned legs (the engine's runs), an unplanned stop is run by the engine as an extra stop on its leg (braking
/// to it and starting again), and a train leaves each halt at its planned departure or after its full dwell when late,
/// the same rule <see cref="LiveTracker"/> forecasts with.
/// </summary>
public static class Replay
{
    /// <param name="interval">Time between two reports of one train.</param>
    /// <param name="before">How long before its departure a train starts reporting (at rest at the origin).</param>
    public static IReadOnlyList<PositionReport> Simulate(ConvoyPlan plan, NodaTime.Duration interval, IReadOnlyList<ReplayDisturbance>? disturbances = null,
        RouteGeometry? geometry = null, NodaTime.Duration? before = null)
    {
        if (interval <= NodaTime.Duration.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "must be positive");
        geometry ??= RouteGeometry.FromCorridor(plan.Journey.Corridor);
        var lead = before ?? NodaTime.Duration.FromMinutes(5);
        var halts = ConvoyPlanner.Halts(plan.Journey);
        var reports = new List<(PositionReport Report, int Order)>();
        var order = 0;
        foreach (var train in plan.Trains.OrderBy(t => t.Departure))
        {
            var trajectory = Trajectory(plan, train, halts, disturbances ?? []);
            var t = train.Departure - lead;
            var end = trajectory.End + NodaTime.Duration.FromMinutes(2);
            while (t <= end)
            {
                var (x, v) = trajectory.At(t);
                var p = geometry.PointAt(x);
                reports.Add((new PositionReport(train.Id, t, Math.Round(p.Latitude, 7), Math.Round(p.Longitude, 7), Speed.FromMetersPerSecond(Math.Round(v, 2))), order));
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

    private static TrainTrajectory Trajectory(ConvoyPlan plan, PlannedTrain train, IReadOnlyList<JourneyHalt> halts, IReadOnlyList<ReplayDisturbance> disturbances)
    {
        var convoy = plan.Journey.Train(train.Id);
        var haltCalls = train.Calls.Where(c => c.Kind != CallKind.Pass).ToArray();
        var legs = new List<(Instant Departure, Position From, RunResult Run)>();
        var dep = train.Departure;
        for (var k = 0; k < train.Legs.Count; k++)
        {
            var leg = train.Legs[k];
            var extra = disturbances.Where(d => d.Train == train.Id && d.At > leg.Start && d.At < leg.End).OrderBy(d => d.At).ToArray();
            var run = leg.Run;
            if (extra.Length > 0)
            {
                var path = ConvoyPlanner.LegPath(plan.Journey.Corridor, train.Role, halts[k], halts[k + 1]);
                var stops = extra.Select(d => new RunStop("unplanned stop", Position.Origin + (d.At - leg.Start), Fortress.Units.Duration.FromSeconds(d.Hold.TotalSeconds)))
                    .Append(path.Stops[^1]).ToArray();
                run = RunningTimeCalculator.Run(convoy.ConsistAt(leg.Start), path.WithStops(stops), plan.Journey.RunOptions);
            }
            legs.Add((dep, leg.Start, run));
            var arrival = dep + NodaTime.Duration.FromSeconds(run.TotalTime.Seconds);
            if (k + 1 < train.Legs.Count)
            {
                var ready = arrival + NodaTime.Duration.FromSeconds(halts[k + 1].Dwell.Seconds);
                var planned = haltCalls[k + 1].Departure!.Value;
                dep = ready > planned ? ready : planned;
            }
        }
        return new TrainTrajectory(legs);
    }

    /// <summary>Position and speed of a train's front at any instant, from its leg runs (constant acceleration within each envelope part).</summary>
    private sealed class TrainTrajectory
    {
        private readonly (Instant Departure, Position From, double[] T, double[] X, double[] V, double[] A)[] legs;

        public TrainTrajectory(IReadOnlyList<(Instant Departure, Position From, RunResult Run)> runs)
        {
            legs = runs.Select(r =>
            {
                var s = r.Run.Samples.ToArray();
                return (r.Departure, r.From, s.Select(x => x.Time.Seconds).ToArray(), s.Select(x => x.Position.Meters).ToArray(),
                    s.Select(x => x.Speed.MetersPerSecond).ToArray(), s.Select(x => x.Acceleration.MetersPerSecondSquared).ToArray());
            }).ToArray();
        }

        public Instant End => legs[^1].Departure + NodaTime.Duration.FromSeconds(legs[^1].T[^1]);

        public (Position X, double V) At(Instant t)
        {
            if (t <= legs[0].Departure) return (legs[0].From, 0);
            for (var k = legs.Length - 1; k >= 0; k--)
            {
                var l = legs[k];
                if (t < l.Departure) continue;
                var tau = (t - l.Departure).TotalSeconds;
                if (tau >= l.T[^1]) return (l.From + Length.FromMeters(l.X[^1]), 0);
                var i = Array.BinarySearch(l.T, tau);
                if (i < 0) i = ~i - 1;
                while (i + 1 < l.T.Length && l.T[i + 1] <= tau) i++;
                var dt = tau - l.T[i];
                var x = l.X[i] + l.V[i] * dt + l.A[i] * dt * dt / 2;
                x = Math.Clamp(x, l.X[i], i + 1 < l.X.Length ? l.X[i + 1] : l.X[i]);
                var v = Math.Max(0, l.V[i] + l.A[i] * dt);
                return (l.From + Length.FromMeters(x), v);
            }
            return (legs[0].From, 0);
        }
    }
}
