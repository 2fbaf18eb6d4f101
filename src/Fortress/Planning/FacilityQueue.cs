using Fortress.Rolling;

namespace Fortress.Planning;

/// <summary>
/// Trains at a halt whose facility takes a limited number of trains at once (a bogie-exchange shed,
/// <see cref="GaugeChange.Capacity"/>): they go in first come, first served, and each is ready to leave when its own
/// work is done and its halt's dwell (a ceremony, a locomotive change going on at the same time) is over. Without such
/// a facility every train is ready after the halt's dwell. Times are seconds on any common clock.
/// </summary>
public static class FacilityQueue
{
    /// <summary>One train at the halt: when it enters the facility, when its work there ends, and when it may leave.</summary>
    public readonly record struct Slot(double Start, double End, double Ready);

    /// <summary>
    /// Start and end of each train in a facility with <paramref name="capacity"/> places (null: unlimited), trains taken
    /// in the order they arrive (ties in the order given).
    /// </summary>
    public static (double Start, double End)[] Schedule(IReadOnlyList<(double Arrival, double Duration)> trains, int? capacity)
    {
        var result = new (double Start, double End)[trains.Count];
        var order = Enumerable.Range(0, trains.Count).OrderBy(i => trains[i].Arrival).ThenBy(i => i).ToArray();
        // End times of the places in use; a train takes the place that frees first.
        var places = new List<double>();
        foreach (var i in order)
        {
            var (arrival, duration) = trains[i];
            double start;
            if (capacity is not { } c || places.Count < c) { start = arrival; places.Add(0); }
            else
            {
                var first = places.IndexOf(places.Min());
                start = Math.Max(arrival, places[first]);
                places.RemoveAt(first);
                places.Add(0);
            }
            result[i] = (start, start + duration);
            places[^1] = start + duration;
        }
        return result;
    }

    /// <summary>
    /// The trains at halt <paramref name="halt"/> of <paramref name="corridor"/>, each with its arrival (s) and its consist:
    /// at a break of gauge, queued through its facility (<see cref="GaugeChange.DurationFor"/> each); elsewhere ready after
    /// the halt's dwell.
    /// </summary>
    public static Dictionary<TKey, Slot> AtHalt<TKey>(Corridor corridor, JourneyHalt halt, IReadOnlyList<(TKey Key, double Arrival, Consist Consist)> trains)
        where TKey : notnull
    {
        var dwell = halt.Dwell.Seconds;
        var change = corridor.GaugeChanges.FirstOrDefault(g => g.Position == halt.Position);
        if (change is null) return trains.ToDictionary(t => t.Key, t => new Slot(t.Arrival, t.Arrival + dwell, t.Arrival + dwell));
        var slots = Schedule(trains.Select(t => (t.Arrival, change.DurationFor(t.Consist).Seconds)).ToArray(), change.Capacity);
        return trains.Select((t, i) => (t.Key, Slot: new Slot(slots[i].Start, slots[i].End, Math.Max(slots[i].End, t.Arrival + dwell))))
            .ToDictionary(x => x.Key, x => x.Slot);
    }
}
