using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Clearance;

/// <summary>
/// A regular service to generate on a corridor: trains from one place to another calling at the listed places,
/// the first leaving at a local time, then one every <see cref="Interval"/>, in one or both directions.
/// </summary>
public sealed record TrafficPattern(string From, string To, string Category, IReadOnlyList<string> StopsAt, LocalTime FirstDeparture,
    NodaTime.Duration Interval, int TrainsPerDay, bool BothDirections, string NumberPrefix, Duration Dwell);

/// <summary>
/// Generates a representative regular timetable where no real one is available (the flagship corridor has no public
/// timetable): each train's times come from the running-time engine with the category's typical consist, plus the
/// dwell at each stop and a 5 % running-time allowance (an assumption in line with common timetable practice).
/// </summary>
public static class RepresentativeTraffic
{
    public static RegularTimetable Generate(Corridor corridor, LocalDate firstDay, int days, IReadOnlyList<TrafficPattern> patterns, Func<string, Consist> consistFor)
    {
        var problems = new ProblemList();
        if (days < 0) throw new ArgumentOutOfRangeException(nameof(days), "must not be negative");
        // The size is known before any train is made: refused here, never half-generated.
        WorkLimits.Check("traffic.generate", "generatedTrains", "regular trains to generate (trains per day x directions x days)",
            (double)days * patterns.Sum(p => (double)Math.Max(0, p.TrainsPerDay) * (p.BothDirections ? 2 : 1)), WorkLimits.Current.GeneratedTrains);
        var trains = new List<RegularTrain>();
        var reversed = corridor.Path.Reversed();
        var L = corridor.Path.Length;
        var allowance = RunOptions.Default with { Allowance = new Allowance(5, Duration.Zero) };
        var n = 0;
        foreach (var pat in patterns)
        {
            // The service's places in running order from `From` to `To`, at the occurrences that make one run along the
            // corridor (a place passed twice resolves to the pass between the service's ends).
            List<CorridorPlace> stops;
            try { stops = PlaceOccurrences.ResolveService(corridor, pat.From, pat.To, pat.StopsAt, $"traffic pattern {pat.NumberPrefix}").Places.ToList(); }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); continue; }
            var consist = consistFor(pat.Category);
            foreach (var dir in pat.BothDirections ? new[] { true, false } : [true])
            {
                // Each direction at the occurrences its own trains are placed on later (TrafficPlacement resolves them the same way).
                var names = (dir ? stops : Enumerable.Reverse(stops)).Select(p => p.Name).ToArray();
                var seq = PlaceOccurrences.Resolve(corridor, names)?.Places.ToList() ?? (dir ? stops : Enumerable.Reverse(stops)).ToList();
                var forward = seq[^1].Position > seq[0].Position;
                // Running time of each leg, computed once per direction.
                var legTimes = new List<double>();
                try
                {
                    for (var i = 0; i + 1 < seq.Count; i++)
                    {
                        var basePath = forward ? corridor.Path : reversed;
                        var from = forward ? seq[i].Position : Position.Origin + (L - (seq[i].Position - Position.Origin));
                        var to = forward ? seq[i + 1].Position : Position.Origin + (L - (seq[i + 1].Position - Position.Origin));
                        var run = RunningTimeCalculator.Run(consist, basePath.Slice(from, to, [new RunStop(seq[i + 1].Name, Position.Origin + (to - from), Duration.Zero)]), allowance);
                        legTimes.Add(Math.Ceiling(run.TotalTime.Seconds / 60) * 60); // timetables are in whole minutes
                    }
                }
                catch (FortressException ex) when (ex.Cause == ErrorCause.User) { problems.Add($"traffic pattern {pat.NumberPrefix}", ex.Message); continue; }
                for (var day = 0; day < days; day++)
                    for (var k = 0; k < pat.TrainsPerDay; k++)
                    {
                        WorkLimits.Checkpoint();
                        var local = (firstDay.PlusDays(day) + pat.FirstDeparture).PlusSeconds((long)(pat.Interval.TotalSeconds * k));
                        var t = local.InZoneLeniently(seq[0].Zone).ToInstant();
                        var ts = new List<TimetableStop>();
                        for (var i = 0; i < seq.Count; i++)
                        {
                            Instant? arr = i == 0 ? null : t;
                            Instant? dep = i == seq.Count - 1 ? null : (i == 0 ? t : t + NodaTime.Duration.FromSeconds(pat.Dwell.Seconds));
                            ts.Add(new TimetableStop(new StationRef(seq[i].Name, seq[i].Name), arr, dep, seq[i].Zone));
                            if (i + 1 < seq.Count) t = (dep ?? t) + NodaTime.Duration.FromSeconds(legTimes[i]);
                        }
                        var number = $"{pat.NumberPrefix}{(forward ? 2 * (k + 1) - 1 : 2 * (k + 1)) + 100 * day}";
                        trains.Add(new RegularTrain($"{number}-{n++}", number, $"{seq[0].Name} - {seq[^1].Name}", null, pat.Category, firstDay.PlusDays(day), null, ts));
                    }
            }
        }
        problems.ThrowIfAny();
        var stations = corridor.Places.Select(p => new StationRef(p.Name, p.Name)).ToArray();
        return new RegularTimetable(trains, stations, $"representative timetable generated for {corridor.Name} ({days} day(s) from {firstDay:uuuu-MM-dd})");
    }
}
