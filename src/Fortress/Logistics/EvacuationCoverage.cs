using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Units;
using Duration = Fortress.Units.Duration;

namespace Fortress.Logistics;

/// <summary>What an evacuation point offers.</summary>
public enum EvacuationKind { Ramp, Helipad, Hospital }

/// <summary>How the last stretch from the line to the point is covered.</summary>
public enum AccessMode { Road, Air }

/// <summary>
/// A place the principal can be evacuated to: a station with a vehicle-unloading ramp for the armoured cars on board, a
/// helicopter landing site or a hospital. The train reaches it at <see cref="Position"/> on the line; the point itself is
/// <see cref="Access"/> away from there, by road or by air.
/// </summary>
public sealed record EvacuationPoint(string Name, EvacuationKind Kind, Position Position, Length Access, AccessMode Mode = AccessMode.Road);

/// <summary>
/// The evacuation model. Rail: forward at the main train's planned running times, back (the train reverses) at no more
/// than <see cref="ReverseSpeed"/> after <see cref="ReverseTime"/> to change ends. Then <see cref="UnloadTime"/> at a
/// ramp, or the access stretch by road (speed, detour factor) or by air (helicopter activation and cruise speed).
/// </summary>
/// <param name="Thresholds">Times whose share of the route within reach is reported (e.g. 30 and 60 min).</param>
/// <param name="Step">Sampling step along the route (at most 1 km; every point and halt is sampled exactly too).</param>
public sealed record EvacuationSettings(
    IReadOnlyList<EvacuationPoint> Points,
    Speed RoadSpeed,
    double RoadDetour,
    Speed HelicopterSpeed,
    Duration HelicopterActivation,
    Speed ReverseSpeed,
    Duration ReverseTime,
    Duration UnloadTime,
    IReadOnlyList<Duration> Thresholds,
    Length Step)
{
    /// <summary>
    /// Defaults: road 50 km/h with detour 1.3 (as the sweep teams, Assumption); Mi-8 helicopter cruise 225 km/h
    /// (Mil Mi-8 cruise speed, https://en.wikipedia.org/wiki/Mil_Mi-8) after 15 min to start up (Assumption);
    /// reversing at 30 km/h after 10 min to change ends (Assumption); 15 min to drive the armoured cars off the end
    /// ramp (Assumption); thresholds 30 and 60 min; 500 m steps.
    /// </summary>
    public static EvacuationSettings Default(IReadOnlyList<EvacuationPoint> points) => new(points,
        Speed.FromKilometersPerHour(50), 1.3, Speed.FromKilometersPerHour(225), Duration.FromMinutes(15),
        Speed.FromKilometersPerHour(30), Duration.FromMinutes(10), Duration.FromMinutes(15),
        [Duration.FromMinutes(30), Duration.FromMinutes(60)], Length.FromMeters(500));
}

/// <summary>The time from a point of the route to the nearest usable evacuation point, and which one.</summary>
public sealed record CoverageSample(Position Position, Duration Time, string Point);

/// <summary>Evacuation coverage along the route: the profile, the longest gap and where, and the share within each threshold.</summary>
/// <param name="WorstBetween">The named places either side of the worst point.</param>
public sealed record EvacuationCoverage(
    IReadOnlyList<EvacuationPoint> Points,
    IReadOnlyList<CoverageSample> Profile,
    CoverageSample Worst,
    string WorstBetween,
    IReadOnlyList<(Duration Threshold, double Share)> Within,
    Position Start,
    Position End);

/// <summary>
/// For every point of the main train's route, the time to reach the nearest usable evacuation point: by rail to the
/// point's station in either direction, then unloading at a ramp or the road or air stretch to the point. The profile
/// is sampled at the step and exactly at every evacuation point and halt; the longest gap is refined between samples.
/// </summary>
public static class EvacuationPlanner
{
    public static EvacuationCoverage Cover(ConvoyPlan plan, EvacuationSettings s)
    {
        var problems = new ProblemList();
        if (s.Points.Count == 0) problems.Add("evacuation.points", "give at least one evacuation point");
        if (!(s.RoadSpeed.MetersPerSecond > 0) || !(s.HelicopterSpeed.MetersPerSecond > 0) || !(s.ReverseSpeed.MetersPerSecond > 0)) problems.Add("evacuation", "speeds must be positive");
        if (!(s.Step.Meters > 0)) problems.Add("evacuation", "the sampling step must be positive");
        if (s.RoadDetour < 1) problems.Add("evacuation.roadDetour", "must be at least 1");
        var main = plan.Main;
        var start = main.Calls[0].Position;
        var end = main.Calls[^1].Position;
        foreach (var p in s.Points)
            if (p.Position < start || p.Position > end) problems.Add($"evacuation.points ({p.Name})", $"at {p.Position.Meters / 1000:0.#} km it is off the route ({start.Meters / 1000:0.#} to {end.Meters / 1000:0.#} km)");
        problems.ThrowIfAny();
        WorkLimits.Check("evacuation.stepMeters", "evacuationSamples", "evacuation samples along the route (route length / step)",
            (end - start).Meters / Math.Min(s.Step.Meters, 1000), WorkLimits.Current.EvacuationSamples);

        var running = RunningTime(main);
        double Time(double x, EvacuationPoint p) => TimeTo(x, p, s, running);

        var xs = new SortedSet<double>();
        var step = Math.Min(s.Step.Meters, 1000);
        for (var x = start.Meters; x < end.Meters; x += step) { xs.Add(x); if ((xs.Count & 0xFFF) == 0) WorkLimits.Checkpoint(); }
        xs.Add(end.Meters);
        foreach (var p in s.Points) xs.Add(p.Position.Meters);
        foreach (var c in main.Calls.Where(c => c.Kind != CallKind.Pass)) xs.Add(c.Position.Meters);
        var profile = xs.Select(x => Best(x)).ToList();

        // Refine the worst gap between its neighbouring samples (golden-section search on the nearest-point time).
        var wi = Enumerable.Range(0, profile.Count).MaxBy(i => profile[i].Time.Seconds);
        var worst = profile[wi];
        var lo = profile[Math.Max(0, wi - 1)].Position.Meters;
        var hi = profile[Math.Min(profile.Count - 1, wi + 1)].Position.Meters;
        var g = (Math.Sqrt(5) - 1) / 2;
        for (var it = 0; it < 60 && hi - lo > 0.01; it++)
        {
            var a = hi - g * (hi - lo);
            var b = lo + g * (hi - lo);
            if (Best(a).Time.Seconds >= Best(b).Time.Seconds) hi = b; else lo = a;
        }
        var refined = Best((lo + hi) / 2);
        if (refined.Time > worst.Time)
        {
            worst = refined;
            profile.Insert(profile.FindIndex(p => p.Position.Meters > refined.Position.Meters), refined);
        }

        var named = plan.Journey.Corridor.Places.Where(p => p.Kind != PlaceKind.PassingLoop).ToList();
        var before = named.LastOrDefault(p => p.Position <= worst.Position) ?? named[0];
        var after = named.FirstOrDefault(p => p.Position > worst.Position);
        var between = after is null || before.Position == worst.Position ? before.Name : $"{before.Name} - {after.Name}";
        var within = s.Thresholds.Select(t => (t, Share(profile, t.Seconds))).ToArray();
        return new EvacuationCoverage(s.Points, profile, worst, between, within, start, end);

        CoverageSample Best(double x)
        {
            var best = s.Points[0];
            var bt = double.MaxValue;
            foreach (var p in s.Points)
            {
                var t = Time(x, p);
                if (t < bt) { bt = t; best = p; }
            }
            return new CoverageSample(Position.FromMeters(x), Duration.FromSeconds(bt), best.Name);
        }
    }

    /// <summary>Time from route position <paramref name="x"/> (m) to point <paramref name="p"/>, in seconds.</summary>
    public static double TimeTo(double x, EvacuationPoint p, EvacuationSettings s, Func<double, double> running)
    {
        var xp = p.Position.Meters;
        double rail;
        if (xp >= x) rail = running(xp) - running(x);
        else rail = Math.Max(running(x) - running(xp), (x - xp) / s.ReverseSpeed.MetersPerSecond) + s.ReverseTime.Seconds;
        var access = p.Kind == EvacuationKind.Ramp ? s.UnloadTime.Seconds : 0;
        if (p.Access.Meters > 0)
            access += p.Mode == AccessMode.Air
                ? s.HelicopterActivation.Seconds + p.Access.Meters / s.HelicopterSpeed.MetersPerSecond
                : p.Access.Meters * s.RoadDetour / s.RoadSpeed.MetersPerSecond;
        return Math.Max(0, rail) + access;
    }

    /// <summary>
    /// Pure running time of the main train from its origin to a position (halts left out), from the legs' runs; a
    /// non-decreasing function of position.
    /// </summary>
    public static Func<double, double> RunningTime(PlannedTrain main)
    {
        var legs = main.Legs;
        var offsets = new double[legs.Count];
        for (var k = 1; k < legs.Count; k++) offsets[k] = offsets[k - 1] + legs[k - 1].Run.TotalTime.Seconds;
        return x =>
        {
            for (var k = 0; k < legs.Count; k++)
            {
                if (x > legs[k].End.Meters && k < legs.Count - 1) continue;
                var local = Math.Clamp(x - legs[k].Start.Meters, 0, (legs[k].End - legs[k].Start).Meters);
                return offsets[k] + (legs[k].Run.TimeAtFront(Position.FromMeters(local))?.Seconds ?? legs[k].Run.TotalTime.Seconds);
            }
            return 0;
        };
    }

    /// <summary>Share of the route length whose time is within <paramref name="limit"/> s (linear between samples).</summary>
    private static double Share(IReadOnlyList<CoverageSample> profile, double limit)
    {
        double total = 0, inside = 0;
        for (var i = 1; i < profile.Count; i++)
        {
            var len = (profile[i].Position - profile[i - 1].Position).Meters;
            if (len <= 0) continue;
            total += len;
            double a = profile[i - 1].Time.Seconds, b = profile[i].Time.Seconds;
            if (a <= limit && b <= limit) inside += len;
            else if (a <= limit || b <= limit) inside += len * (limit - Math.Min(a, b)) / Math.Abs(b - a);
        }
        return total <= 0 ? 1 : inside / total;
    }
}
