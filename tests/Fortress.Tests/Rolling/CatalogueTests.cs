using Fortress.IO;
using Fortress.IO.Json;
using Fortress.Rolling;

namespace Fortress.Tests.Rolling;

/// <summary>The bundled catalogue and example trains: every figure sourced, every formation buildable.</summary>
public class CatalogueTests
{
    [Fact]
    public void Catalogue_Loads_AndEveryNumericFigureHasASource()
    {
        // ReadCatalogue refuses a vehicle whose numeric key lacks a source; loading is the check.
        var cat = FortressTrainReader.Catalogue;
        cat.Count.ShouldBeGreaterThanOrEqualTo(15);
        foreach (var v in cat.Values)
        {
            v.Sources.ShouldContainKey("tareMassTonnes", v.Id);
            v.Sources.ShouldContainKey("lengthMeters", v.Id);
            v.Sources.Values.ShouldAllBe(s => s.Length > 10);
        }
    }

    [Fact]
    public void Catalogue_MissingSource_IsRefused()
    {
        const string text = """
            {"format": "fortress.catalogue/1", "vehicles": [{"id": "x", "name": "X", "kind": "carriage", "lengthMeters": 24, "tareMassTonnes": 50,
              "axles": 4, "maxSpeedKmh": 120, "resistance": {"perMille": {"f0": 1.5, "f2": 4}}, "sources": {"lengthMeters": "a book, p. 1"}}]}
            """;
        var ex = Should.Throw<Fortress.Diagnostics.InvalidInputException>(() => FortressTrainReader.ReadCatalogue(text, "cat.json"));
        ex.Problems.Select(p => p.Message).ShouldContain(m => m.Contains("'tareMassTonnes' has no source"));
        ex.Problems.Select(p => p.Message).ShouldContain(m => m.Contains("'axles' has no source"));
    }

    [Theory]
    [InlineData("state-train.json", 21)]
    [InlineData("state-train-ussuriysk.json", 21)]
    [InlineData("pilot-train.json", 0)]
    [InlineData("escort-train.json", 0)]
    public void BuiltInTrains_Build_WithPlausibleFigures(string file, int carriages)
    {
        var c = FortressTrainReader.Read(BuiltIn.Text(file), file);
        if (carriages > 0) c.Vehicles.Count(v => !v.IsTractionUnit).ShouldBe(carriages);
        c.MaxAxleLoad.Tonnes.ShouldBeLessThanOrEqualTo(23.5);
        c.TractionUnits.ShouldNotBeEmpty();
        c.Braking.Deceleration.MetersPerSecondSquared.ShouldBeInRange(0.3, 1.2);
    }

    [Fact]
    public void StateTrain_IsArmoured_AndHasTheAmenitiesReported()
    {
        var c = FortressTrainReader.Read(BuiltIn.Text("state-train.json"), "state-train.json");
        var cars = c.Vehicles.Where(v => !v.IsTractionUnit).ToList();
        cars.ShouldAllBe(v => v.Amenities.HasFlag(Amenities.Armoured) && v.ArmourMass.Tonnes > 0);
        var all = cars.Aggregate(Amenities.None, (a, v) => a | v.Amenities);
        foreach (var a in new[] { Amenities.Conference, Amenities.AudienceHall, Amenities.Berths, Amenities.Office, Amenities.Communications, Amenities.Dining, Amenities.Kitchen, Amenities.VehicleTransport })
            all.HasFlag(a).ShouldBeTrue(a.ToString());
    }

    [Fact]
    public void DefaultRun_BuiltInExample_StopsTheSaloonDoorAtTheRedCarpet()
    {
        var input = RunInputs.Load(null, null);
        var r = Fortress.Running.RunningTimeCalculator.Run(input.Consist, input.Path);
        var stop = r.PreciseStops.ShouldHaveSingleItem();
        input.Consist.Vehicles[stop.Car - 1].Id.ShouldBe("kp-armoured-saloon");
        Math.Abs(stop.Error.Meters).ShouldBeLessThan(0.3);
        stop.WithinTolerance.ShouldBeTrue();
    }
}
