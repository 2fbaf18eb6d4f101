using Fortress.Diagnostics;
using Fortress.Rolling;

namespace Fortress.Security;

/// <summary>Who travels, in the order of precedence used to allocate berths.</summary>
public enum PassengerRole { Principal, Family, Minister, Officer, Security, Staff, Crew, Guest }

/// <summary>A member of the delegation. Lower <see cref="Rank"/> comes first within a role.</summary>
public sealed record Passenger(string Name, PassengerRole Role, int Rank = 0);

/// <summary>One car and the people given a berth in it.</summary>
/// <param name="Index">Position in the formation, 1 = the leading vehicle.</param>
public sealed record CarAllocation(int Index, string VehicleId, string VehicleName, int Berths, IReadOnlyList<Passenger> Occupants);

/// <summary>A meeting to hold in the conference car.</summary>
public sealed record Meeting(string Title, NodaTime.Instant Start, NodaTime.Instant End);

/// <summary>The berth plan: every car with its occupants, and the conference car's bookings.</summary>
public sealed record BerthPlan(IReadOnlyList<CarAllocation> Cars, int PrincipalCar, IReadOnlyList<(Meeting Meeting, int Car)> Bookings)
{
    public int Passengers => Cars.Sum(c => c.Occupants.Count);
}

/// <summary>
/// Allocates the delegation to berths by the rules of a state train: the principal's car has an office and berths,
/// is never at either end of the train and is next to a security car; family share it (then the nearest car);
/// ministers take the armoured berth cars nearest the principal; the security detail is spread through the train
/// (one agent in every occupied passenger car, the rest over the security cars in turn); officers, staff, crew and
/// guests fill the remaining berths, nearest the principal first by precedence. No car takes more than its berths.
/// Where the train cannot take everyone, every shortfall is reported at once.
/// </summary>
public static class BerthPlanner
{
    public static BerthPlan Allocate(Consist consist, IReadOnlyList<Passenger> passengers, IReadOnlyList<Meeting>? meetings = null)
    {
        var cars = consist.Vehicles;
        var n = cars.Count;
        bool IsSecurity(int i) => cars[i].Amenities.HasFlag(Amenities.Security);
        var problems = new ProblemList();

        // The principal's car: office and berths, not at an end, next to a security car; the most central such car.
        var candidates = Enumerable.Range(0, n)
            .Where(i => cars[i].Amenities.HasFlag(Amenities.Office) && cars[i].Capacity.Berths > 0 && i > 0 && i < n - 1
                        && (IsSecurity(i - 1) || IsSecurity(i + 1)))
            .OrderBy(i => Math.Abs(i - (n - 1) / 2.0)).ToList();
        if (passengers.Any(p => p.Role == PassengerRole.Principal) && candidates.Count == 0)
        {
            problems.Add(consist.Name, "no car can take the principal: it needs an office and berths, away from both ends of the train and next to a security car");
            problems.ThrowIfAny();
        }
        var principalCar = candidates.Count > 0 ? candidates[0] : n / 2;
        var free = cars.Select(c => c.Capacity.Berths).ToArray();
        var occupants = Enumerable.Range(0, n).Select(_ => new List<Passenger>()).ToArray();
        // Cars by distance from the principal's car (ties: towards the rear).
        var byDistance = Enumerable.Range(0, n).OrderBy(i => Math.Abs(i - principalCar)).ThenBy(i => -i).ToArray();
        var unplaced = new List<Passenger>();

        bool Place(Passenger p, IEnumerable<int> order)
        {
            foreach (var i in order)
                if (free[i] > 0) { free[i]--; occupants[i].Add(p); return true; }
            return false;
        }
        IEnumerable<Passenger> Of(PassengerRole r) => passengers.Where(p => p.Role == r).OrderBy(p => p.Rank).ThenBy(p => p.Name, StringComparer.Ordinal);

        // One berth in every non-security berth car is kept for a security agent, nearest the principal first, while
        // there are agents for it: the detail is spread through the train, not only in its own coaches.
        var agents = passengers.Count(p => p.Role == PassengerRole.Security);
        var reserved = new bool[n];
        foreach (var i in byDistance.Where(i => !IsSecurity(i) && cars[i].Capacity.Berths > 0).Take(agents)) { reserved[i] = true; free[i]--; }

        foreach (var p in Of(PassengerRole.Principal).Concat(Of(PassengerRole.Family)))
            if (!Place(p, byDistance.Where(i => !IsSecurity(i) && cars[i].Capacity.Berths > 0))) unplaced.Add(p);
        // Ministers: armoured berth cars other than security cars, nearest the principal.
        foreach (var p in Of(PassengerRole.Minister))
            if (!Place(p, byDistance.Where(i => !IsSecurity(i) && cars[i].Amenities.HasFlag(Amenities.Armoured) && cars[i].Amenities.HasFlag(Amenities.Berths)))) unplaced.Add(p);
        foreach (var role in new[] { PassengerRole.Officer, PassengerRole.Staff, PassengerRole.Crew, PassengerRole.Guest })
            foreach (var p in Of(role))
                if (!Place(p, role is PassengerRole.Officer or PassengerRole.Guest ? byDistance : byDistance.Reverse())) unplaced.Add(p);

        // Security: the kept berth of every car that has people, then the security cars in turn, then any berth left.
        var security = new Queue<Passenger>(Of(PassengerRole.Security));
        for (var i = 0; i < n; i++)
        {
            if (!reserved[i]) continue;
            reserved[i] = false;
            if (occupants[i].Count > 0 && security.Count > 0) occupants[i].Add(security.Dequeue());
            else free[i]++; // nobody to guard there: the berth goes back
        }
        var securityCars = Enumerable.Range(0, n).Where(IsSecurity).ToArray();
        var turn = 0;
        while (security.Count > 0)
        {
            var open = securityCars.Where(i => free[i] > 0).ToArray();
            if (open.Length == 0) break;
            var i = open[turn++ % open.Length];
            free[i]--;
            occupants[i].Add(security.Dequeue());
        }
        foreach (var p in security.ToArray())
            if (!Place(p, byDistance)) unplaced.Add(p);
        // Berths given back may take who did not fit before.
        foreach (var p in unplaced.ToArray())
            if (Place(p, p.Role is PassengerRole.Principal or PassengerRole.Family or PassengerRole.Minister
                    ? byDistance.Where(i => !IsSecurity(i) && cars[i].Capacity.Berths > 0) : byDistance))
                unplaced.Remove(p);

        foreach (var g in unplaced.GroupBy(p => p.Role))
            problems.Add(consist.Name, $"{g.Count()} {g.Key.ToString().ToLowerInvariant()} passenger(s) have no berth ({string.Join(", ", g.Take(3).Select(p => p.Name))}{(g.Count() > 3 ? ", ..." : "")}): the train has {cars.Sum(c => c.Capacity.Berths)} berths for {passengers.Count} people");

        // Meetings in the conference car: no two at once.
        var bookings = new List<(Meeting, int)>();
        if (meetings is { Count: > 0 })
        {
            var conference = Enumerable.Range(0, n).Where(i => cars[i].Amenities.HasFlag(Amenities.Conference)).OrderBy(i => Math.Abs(i - principalCar)).ToList();
            if (conference.Count == 0) problems.Add(consist.Name, "meetings are planned but the train has no conference car");
            else
            {
                var sorted = meetings.OrderBy(m => m.Start).ToList();
                for (var k = 0; k < sorted.Count; k++)
                {
                    if (sorted[k].End <= sorted[k].Start) problems.Add($"meeting {sorted[k].Title}", "ends before it starts");
                    if (k > 0 && sorted[k].Start < sorted[k - 1].End)
                        problems.Add($"meeting {sorted[k].Title}", $"overlaps '{sorted[k - 1].Title}' in the conference car");
                    bookings.Add((sorted[k], conference[0] + 1));
                }
            }
        }
        problems.ThrowIfAny();
        var allocation = Enumerable.Range(0, n).Select(i => new CarAllocation(i + 1, cars[i].Id, cars[i].Name, cars[i].Capacity.Berths, occupants[i])).ToArray();
        return new BerthPlan(allocation, principalCar + 1, bookings);
    }

    /// <summary>A delegation from head counts, named by role and number (for scenarios that give only the numbers).</summary>
    public static IReadOnlyList<Passenger> FromCounts(IReadOnlyDictionary<PassengerRole, int> counts)
    {
        if (counts.Values.Any(c => c < 0)) throw new InvalidInputException("delegation.counts", "a count must not be negative");
        WorkLimits.Check("delegation.counts", "delegationPeople", "people in the delegation", counts.Values.Sum(c => (double)c), WorkLimits.Current.DelegationPeople);
        return counts.SelectMany(kv => Enumerable.Range(1, kv.Value).Select(i => new Passenger($"{kv.Key} {i}", kv.Key, i))).ToArray();
    }
}
