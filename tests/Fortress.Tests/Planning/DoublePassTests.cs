using System.Text.Json.Nodes;
using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Planning;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Planning;

/// <summary>
/// A corridor that passes a junction twice with a reversal between (docs/decisions/0011), and a facility that takes a
/// limited number of trains at once.
/// </summary>
public class DoublePassTests
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    /// <summary>A (0) - J (10) - R (20, reversal) - J again (30) - B (50): J is passed twice, on each side of R.</summary>
    private static Corridor Loop()
    {
        var path = RunningPath.Create("loop", Length.FromKilometers(50), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(80))]);
        return Corridor.Create("loop", path,
        [
            new CorridorPlace("A", Position.Origin, Utc, "XX"),
            new CorridorPlace("J", Position.FromKilometers(10), Utc, "XX", PlaceKind.Junction),
            new CorridorPlace("R", Position.FromKilometers(20), Utc, "XX"),
            new CorridorPlace("J", Position.FromKilometers(30), Utc, "XX", PlaceKind.Junction, Id: "J-2"),
            new CorridorPlace("B", Position.FromKilometers(50), Utc, "XX"),
        ], tractions: [new TractionChange("R", Position.FromKilometers(20), Duration.FromMinutes(30), "run round", Reversal: true)]);
    }

    private static double[] Km(IReadOnlyList<CorridorPlace> places) => places.Select(p => p.Position.Meters / 1000).ToArray();

    [Fact]
    public void Create_SameNameTwiceWithoutId_AsksForAnId()
    {
        var path = RunningPath.Create("p", Length.FromKilometers(20), [new SpeedSection(Position.Origin, Speed.FromKilometersPerHour(80))]);
        var ex = Should.Throw<InvalidInputException>(() => Corridor.Create("c", path,
            [new CorridorPlace("A", Position.Origin, Utc, "XX"), new CorridorPlace("J", Position.FromKilometers(5), Utc, "XX"),
             new CorridorPlace("J", Position.FromKilometers(15), Utc, "XX")]));
        ex.Problems.ShouldContain(p => p.Message.Contains("give each further occurrence its own id"));
    }

    [Fact]
    public void Find_ByNameIsTheFirstPass_ByIdTheSecond()
    {
        var c = Loop();
        c.Find("J", "t").Position.ShouldBe(Position.FromKilometers(10));
        c.Find("j-2", "t").Position.ShouldBe(Position.FromKilometers(30));
        Km(c.Occurrences("J")).ShouldBe([10.0, 30.0]);
        Km(c.Occurrences("J-2")).ShouldBe([30.0]);
    }

    [Theory]
    // Calls in running order -> the occurrences (km) and the direction along the corridor.
    [InlineData("R J B", "20 30 50", true)]   // from the reversal station on: the second pass
    [InlineData("B J R", "50 30 20", false)]  // the same track the other way
    [InlineData("A J R", "0 10 20", true)]    // to the reversal station: the first pass
    [InlineData("R J A", "20 10 0", false)]
    [InlineData("J A", "10 0", false)]        // starting at the junction towards A: the pass next to A
    [InlineData("J B", "30 50", true)]        // ... and towards B: the pass next to B
    [InlineData("R J", "20 30", true)]        // both fit: the train is taken to run with the corridor
    [InlineData("J R", "10 20", true)]
    public void Resolve_CallsInRunningOrder_OccurrencesConsistentWithOneDirection(string calls, string km, bool forward)
    {
        var r = PlaceOccurrences.Resolve(Loop(), calls.Split(' ')).ShouldNotBeNull();
        Km(r.Places).ShouldBe(km.Split(' ').Select(double.Parse).ToArray());
        r.Forward.ShouldBe(forward);
    }

    [Fact]
    public void Resolve_NoDirectionFits_IsNull() => PlaceOccurrences.Resolve(Loop(), ["A", "B", "R"]).ShouldBeNull();

    [Fact]
    public void ResolveService_StopsInAnyOrder_ShortestRunBetweenTheEnds()
    {
        var (places, forward) = PlaceOccurrences.ResolveService(Loop(), "B", "R", ["J"], "t");
        Km(places).ShouldBe([50.0, 30.0, 20.0]);
        forward.ShouldBeFalse();
        var ex = Should.Throw<InvalidInputException>(() => PlaceOccurrences.ResolveService(Loop(), "J", "R", ["B"], "pattern X"));
        ex.Problems.ShouldContain(p => p.Where == "pattern X");
    }

    [Fact]
    // A key names one occurrence unless it is the name of a place passed twice (then it is resolved by direction, above).
    public void Resolve_ByUnambiguousKeys_ExactlyThoseOccurrences() =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4]).Where(t => t.Item1 != t.Item2).Sample(t =>
        {
            var c = Loop();
            var (a, b) = (c.Places[t.Item1], c.Places[t.Item2]);
            if (c.Occurrences(a.Key).Count > 1 || c.Occurrences(b.Key).Count > 1) return true;
            var r = PlaceOccurrences.Resolve(c, [a.Key, b.Key]);
            return r is { } x && x.Places[0] == a && x.Places[1] == b && x.Forward == b.Position > a.Position;
        });

    [Fact]
    public void Schedule_NeverMoreThanTheCapacity_FirstComeFirstServed_NoIdleWait() =>
        Gen.Select(Gen.Select(Gen.Double[0, 600], Gen.Double[1, 300]).Array[1, 8], Gen.Int[1, 3]).Sample(t =>
        {
            var (trains, capacity) = t;
            var slots = FacilityQueue.Schedule(trains, capacity);
            for (var i = 0; i < trains.Length; i++)
            {
                if (slots[i].Start < trains[i].Item1 - 1e-9 || Math.Abs(slots[i].End - slots[i].Start - trains[i].Item2) > 1e-9) return false;
                // At its start, fewer than `capacity` others are in the facility.
                var inside = Enumerable.Range(0, trains.Length).Count(j => j != i && slots[j].Start <= slots[i].Start + 1e-9 && slots[j].End > slots[i].Start + 1e-9);
                if (inside >= capacity) return false;
                // A train that waits does so because the facility is full just before it starts.
                if (slots[i].Start > trains[i].Item1 + 1e-9)
                {
                    var busy = Enumerable.Range(0, trains.Length).Count(j => j != i && slots[j].Start < slots[i].Start - 1e-9 && slots[j].End >= slots[i].Start - 1e-9);
                    if (busy < capacity) return false;
                }
                // First come, first served.
                for (var j = 0; j < trains.Length; j++)
                    if (trains[j].Item1 < trains[i].Item1 && slots[j].Start > slots[i].Start + 1e-9) return false;
            }
            return true;
        });

    [Fact]
    public void Schedule_Unlimited_EveryTrainStartsOnArrival()
    {
        var slots = FacilityQueue.Schedule([(0, 100), (10, 100), (20, 100)], null);
        slots.Select(s => s.Start).ShouldBe([0.0, 10.0, 20.0]);
    }

    [Fact]
    public void ReadScenario_IdsReversalCapacityAndReversedConsist()
    {
        var o = JsonNode.Parse(BuiltIn.Text(ScenarioReader.Flagship))!.AsObject();
        var j = TestPlans.Journey(Scenarios.Read(o.ToJsonString(), "flagship copy", null));
        var g = j.Corridor.GaugeChanges.ShouldHaveSingleItem();
        (g.Capacity, g.PerCar.Seconds).ShouldBe((1, 600.0));
        j.Corridor.TractionChanges.Single(t => t.Place == "Ussuriysk").Reversal.ShouldBeTrue();
        j.Corridor.Find("Baranovsky-2", "t").Name.ShouldBe("Baranovsky");
        // "reversed": the escort's cars from Ussuriysk are its first consist's cars in the other order.
        var escort = j.Trains.Single(t => t.Role == ConvoyRole.Escort);
        var before = escort.Consists[0].Consist.Vehicles.Where(v => !v.IsTractionUnit).Select(v => v.Id).ToArray();
        var after = escort.ConsistAt(j.Corridor.Find("Ussuriysk", "t").Position).Vehicles.Where(v => !v.IsTractionUnit).Select(v => v.Id).ToArray();
        after.ShouldBe(before.Reverse().ToArray());
        // A bad capacity is named where it stands.
        o["corridor"]!["gaugeChanges"]![0]!["capacityTrains"] = 0;
        var ex = Should.Throw<InvalidInputException>(() => Scenarios.Read(o.ToJsonString(), "flagship copy", null));
        ex.Problems.ShouldContain(p => p.Where.Contains("capacityTrains"));
    }
}
