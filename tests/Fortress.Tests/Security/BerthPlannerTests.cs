using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Rolling;
using Fortress.Security;
using NodaTime;

namespace Fortress.Tests.Security;

public class BerthPlannerTests
{
    private static readonly Consist StateTrain = FortressTrainReader.Read(BuiltIn.Text("state-train.json"), "state-train.json");

    private static Dictionary<PassengerRole, int> Counts(int family, int ministers, int officers, int security, int staff, int crew, int guests) => new()
    {
        [PassengerRole.Principal] = 1, [PassengerRole.Family] = family, [PassengerRole.Minister] = ministers, [PassengerRole.Officer] = officers,
        [PassengerRole.Security] = security, [PassengerRole.Staff] = staff, [PassengerRole.Crew] = crew, [PassengerRole.Guest] = guests,
    };

    [Fact]
    public void Flagship_PrincipalInTheSaloon_NextToSecurity_AwayFromTheEnds()
    {
        var plan = BerthPlanner.Allocate(StateTrain, BerthPlanner.FromCounts(Counts(2, 8, 16, 60, 40, 12, 6)));
        plan.Passengers.ShouldBe(145);
        var car = plan.Cars[plan.PrincipalCar - 1];
        car.VehicleId.ShouldBe("kp-armoured-saloon");
        car.Occupants.ShouldContain(p => p.Role == PassengerRole.Principal);
        (StateTrain.Vehicles[plan.PrincipalCar - 2].Amenities.HasFlag(Amenities.Security) || StateTrain.Vehicles[plan.PrincipalCar].Amenities.HasFlag(Amenities.Security)).ShouldBeTrue();
        // Security is spread: agents in more than half of the occupied cars.
        var occupied = plan.Cars.Where(c => c.Occupants.Count > 0).ToList();
        occupied.Count(c => c.Occupants.Any(p => p.Role == PassengerRole.Security)).ShouldBeGreaterThan(occupied.Count / 2);
        // Ministers only in armoured berth cars, never in a security car.
        foreach (var c in plan.Cars.Where(c => c.Occupants.Any(p => p.Role == PassengerRole.Minister)))
            StateTrain.Vehicles[c.Index - 1].Amenities.HasFlag(Amenities.Security).ShouldBeFalse();
    }

    [Fact]
    public void Allocate_Properties_NoCarOverCapacity_PrincipalNeverAtAnEnd() =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 20], Gen.Int[0, 30], Gen.Int[0, 90], Gen.Int[0, 60], Gen.Int[0, 20], Gen.Int[0, 10])
            .Sample((family, ministers, officers, security, staff, crew, guests) =>
            {
                var people = BerthPlanner.FromCounts(Counts(family, ministers, officers, security, staff, crew, guests));
                BerthPlan plan;
                try { plan = BerthPlanner.Allocate(StateTrain, people); }
                catch (InvalidInputException ex) { return ex.Message.Contains("have no berth"); } // over capacity: said, not hidden
                if (plan.Cars.Any(c => c.Occupants.Count > c.Berths)) return false;
                if (plan.PrincipalCar == 1 || plan.PrincipalCar == plan.Cars.Count) return false;
                if (plan.Cars[plan.PrincipalCar - 1].Occupants.All(p => p.Role != PassengerRole.Principal)) return false;
                return plan.Passengers == people.Count;
            }, iter: 200);

    [Fact]
    public void Allocate_TooManyPeople_SaysWhoHasNoBerth()
    {
        var ex = Should.Throw<InvalidInputException>(() => BerthPlanner.Allocate(StateTrain, BerthPlanner.FromCounts(Counts(2, 8, 16, 60, 80, 12, 6))));
        ex.Message.ShouldContain("have no berth");
        ex.Message.ShouldContain("168 berths");
    }

    [Fact]
    public void Allocate_NoSuitableCarForThePrincipal_IsRefused()
    {
        // The saloon at the very front of the train: an end car.
        var saloon = FortressTrainReader.Catalogue["kp-armoured-saloon"];
        var loco = FortressTrainReader.Catalogue["kp-red-flag-1"];
        var coach = FortressTrainReader.Catalogue["kp-armoured-sleeper"];
        var train = Consist.Create("bad", [saloon, loco, coach]);
        Should.Throw<InvalidInputException>(() => BerthPlanner.Allocate(train, BerthPlanner.FromCounts(Counts(0, 1, 0, 0, 0, 0, 0))))
            .Message.ShouldContain("no car can take the principal");
    }

    [Fact]
    public void Meetings_OverlappingInTheConferenceCar_AreRefused()
    {
        var t = Instant.FromUtc(2019, 4, 23, 0, 0);
        var meetings = new[] { new Meeting("A", t, t + NodaTime.Duration.FromHours(2)), new Meeting("B", t + NodaTime.Duration.FromHours(1), t + NodaTime.Duration.FromHours(3)) };
        Should.Throw<InvalidInputException>(() => BerthPlanner.Allocate(StateTrain, BerthPlanner.FromCounts(Counts(0, 1, 0, 0, 0, 0, 0)), meetings))
            .Message.ShouldContain("overlaps 'A'");
        var ok = BerthPlanner.Allocate(StateTrain, BerthPlanner.FromCounts(Counts(0, 1, 0, 0, 0, 0, 0)), [meetings[0]]);
        ok.Bookings.ShouldHaveSingleItem().Car.ShouldBe(StateTrain.Vehicles.Select((v, i) => (v, i)).First(x => x.v.Amenities.HasFlag(Amenities.Conference)).i + 1);
    }
}
