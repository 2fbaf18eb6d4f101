using Fortress.Planning;
using Fortress.Rolling;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Logistics;

/// <summary>Short journeys built in code for the provisioning and evacuation tests.</summary>
internal static class LogisticsJourneys
{
    public static readonly DateTimeZone Pyongyang = DateTimeZoneProviders.Tzdb["Asia/Pyongyang"];
    public static readonly DateTimeZone Vladivostok = DateTimeZoneProviders.Tzdb["Asia/Vladivostok"];

    /// <summary>
    /// A flat line at <paramref name="kmh"/> with places at the given kilometres (the first at 0), a main train with one
    /// stores coach, halts at the given places (dwell in minutes), leaving at <paramref name="departure"/> local time.
    /// </summary>
    public static ConvoyPlan Plan(double kmh, IReadOnlyList<(string Name, double Km, DateTimeZone? Zone)> places, StoreCapacity stores,
        IReadOnlyList<(string Place, double DwellMinutes)> halts, LocalDateTime departure, StoreCapacity? locoStores = null)
    {
        var path = TestTrains.Flat(places[^1].Km * 1000, kmh);
        var corridor = Corridor.Create("test line", path,
            places.Select(p => new CorridorPlace(p.Name, Position.FromKilometers(p.Km), p.Zone ?? Pyongyang, "KP")).ToArray());
        var loco = TestTrains.Locomotive() with { Stores = locoStores ?? StoreCapacity.None };
        var consist = Consist.Create("test train", [loco, TestTrains.Coach("stores") with { Stores = stores }, TestTrains.Coach("sleeper")]);
        var journey = new Journey("test", corridor, [Planning.TestPlans.Train(ConvoyRole.Main, "main", consist)],
            halts.Select(h => new JourneyStop(h.Place, Duration.FromMinutes(h.DwellMinutes))).ToArray(),
            departure.InZoneLeniently(places[0].Zone ?? Pyongyang).ToInstant(), null, "");
        return ConvoyPlanner.Plan(journey);
    }
}
