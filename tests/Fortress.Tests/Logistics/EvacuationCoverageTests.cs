using CsCheck;
using Fortress.Diagnostics;
using Fortress.IO.Json;
using Fortress.Logistics;
using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Logistics;

public class EvacuationCoverageTests
{
    private static readonly Lazy<ConvoyPlan> Line = new(() => LogisticsJourneys.Plan(100, [("A", 0, null), ("B", 100, null)], StoreCapacity.None, [("B", 0)], new LocalDateTime(2019, 4, 23, 7, 0)));

    private static EvacuationSettings Settings(params EvacuationPoint[] points) => EvacuationSettings.Default(points) with
    {
        ReverseSpeed = Speed.FromKilometersPerHour(50),
        ReverseTime = Duration.FromMinutes(10),
    };

    [Fact]
    public void SinglePointInTheMiddle_GapIsAtTheEnds_AsByHand()
    {
        var plan = Line.Value;
        var mid = new EvacuationPoint("Helipad km 50", EvacuationKind.Helipad, Position.FromKilometers(50), Length.Zero);
        var c = EvacuationPlanner.Cover(plan, Settings(mid));
        // From the start: forward to km 50 at the planned running time.
        var toMid = (plan.Main.TimeAt(Position.FromKilometers(50))!.Value - plan.Main.Departure).TotalSeconds;
        c.Profile[0].Position.ShouldBe(Position.Origin);
        c.Profile[0].Time.Seconds.ShouldBe(toMid, 1e-6);
        // From the end: reverse 50 km at 50 km/h (60 min) after 10 min to change ends = 70 min, the worst.
        c.Profile[^1].Time.Minutes.ShouldBe(70, 1e-6);
        c.Worst.Position.Meters.ShouldBe(100_000, 1);
        c.Worst.Time.Minutes.ShouldBe(70, 1e-6);
        c.WorstBetween.ShouldBe("B");
        c.Profile.Single(s => s.Position == Position.FromKilometers(50)).Time.ShouldBe(Duration.Zero);
        c.Within.Single(w => w.Threshold == Duration.FromMinutes(60)).Share.ShouldBeInRange(0.5, 1.0);
    }

    [Fact]
    public void AccessByRoadAndAir_AddTheirLegs()
    {
        var s = Settings();
        var road = new EvacuationPoint("Hospital", EvacuationKind.Hospital, Position.FromKilometers(50), Length.FromKilometers(10), AccessMode.Road);
        var air = road with { Mode = AccessMode.Air };
        var ramp = road with { Kind = EvacuationKind.Ramp, Access = Length.Zero };
        Func<double, double> none = _ => 0;
        EvacuationPlanner.TimeTo(50_000, road, s, none).ShouldBe(10_000 * 1.3 / (50 / 3.6), 1e-6);
        EvacuationPlanner.TimeTo(50_000, air, s, none).ShouldBe(15 * 60 + 10_000 / (225 / 3.6), 1e-6);
        EvacuationPlanner.TimeTo(50_000, ramp, s, none).ShouldBe(15 * 60, 1e-9);
    }

    [Fact]
    public void PointOffTheRoute_IsAProblem() =>
        Should.Throw<InvalidInputException>(() => EvacuationPlanner.Cover(Line.Value, Settings(new EvacuationPoint("Far", EvacuationKind.Hospital, Position.FromKilometers(150), Length.Zero))))
            .Message.ShouldContain("Far");

    /// <summary>Time to the nearest point is never negative, is zero at a point, and never more than going to any one point.</summary>
    [Fact]
    public void NearestTime_NonNegative_ZeroAtAPoint_NoMoreThanAnyPoint() =>
        Gen.Double[0, 100].Array[1, 6].Sample(kms =>
        {
            var points = kms.Select((km, i) => new EvacuationPoint($"P{i}", EvacuationKind.Helipad, Position.FromKilometers(km), Length.Zero)).ToArray();
            var s = Settings(points);
            var c = EvacuationPlanner.Cover(Line.Value, s);
            var running = EvacuationPlanner.RunningTime(Line.Value.Main);
            foreach (var sample in c.Profile)
            {
                sample.Time.Seconds.ShouldBeGreaterThanOrEqualTo(0);
                foreach (var p in points) sample.Time.Seconds.ShouldBeLessThanOrEqualTo(EvacuationPlanner.TimeTo(sample.Position.Meters, p, s, running) + 1e-9);
            }
            foreach (var p in points) c.Profile.Single(x => x.Position == p.Position).Time.Seconds.ShouldBe(0, 1e-9);
            c.Profile.ShouldAllBe(x => x.Time <= c.Worst.Time);
        }, iter: 40);

    [Fact]
    public void Flagship_ReportsTheLongestGapAndWhere()
    {
        var plan = Planning.TestPlans.Plan(Scenarios.ReadBuiltIn() with { Traffic = null });
        var e = plan.Evacuation.ShouldNotBeNull();
        e.Points.Count.ShouldBeGreaterThan(5);
        e.Worst.Time.Minutes.ShouldBeGreaterThan(30);
        e.Worst.Position.ShouldBeGreaterThan(e.Start);
        e.WorstBetween.ShouldContain(" - ");
        e.Within.Select(w => w.Threshold.Minutes).ShouldBe([30.0, 60.0]);
        e.Within[0].Share.ShouldBeLessThanOrEqualTo(e.Within[1].Share);
        // Sampled at least every kilometre.
        e.Profile.Zip(e.Profile.Skip(1)).ShouldAllBe(p => (p.Second.Position - p.First.Position).Meters <= 1000 + 1e-6);
    }
}
