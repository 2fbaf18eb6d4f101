using Fortress.Logistics;
using Fortress.Security;
using Fortress.Timetable;
using Fortress.Units;
using NodaTime;

namespace Fortress.IO.Contracts;

/// <summary>
/// The sweep roster (security view), with how good it is: <c>objective</c> (teams used), <c>bound</c>, <c>gapPercent</c>,
/// <c>method</c>, <c>unit</c>, <c>inWords</c> as in <see cref="QualityDocument"/> (absent for a roster
/// made by hand), and the teams' road travel in hours.
/// </summary>
public sealed record SweepsDocument(bool Feasible, int TeamsAvailable, int TeamSize, int TeamsUsed, int AgentsUsed, int LowerBoundTeams, double OptimalityGap,
    double Utilisation, IReadOnlyList<SweepTeamDocument> Teams, IReadOnlyList<UncoveredSiteDocument> Uncovered,
    double? Objective = null, double? Bound = null, double? GapPercent = null, string? Method = null, string? Unit = null, string? InWords = null,
    double? TravelHours = null)
{
    public static SweepsDocument From(SweepRoster r)
    {
        var q = r.Quality is { } quality ? QualityDocument.From(quality) : null;
        return Roster(r) with
        {
            Objective = q?.Objective, Bound = q?.Bound, GapPercent = q?.GapPercent, Method = q?.Method, Unit = q?.Unit, InWords = q?.InWords,
            TravelHours = Math.Round(r.TravelHours, 1),
        };
    }

    private static SweepsDocument Roster(SweepRoster r) => new(r.Feasible, r.TeamsAvailable, r.TeamSize, r.TeamsUsed, r.AgentsUsed, r.LowerBound,
        Math.Round(r.OptimalityGap, 3), Math.Round(r.Utilisation, 3),
        r.Teams.Select(t => new SweepTeamDocument(t.Number, t.Base, t.Agents, Math.Round(t.Utilisation, 3), t.Assignments.Select(a =>
        {
            var z = a.Site.Zone ?? DateTimeZone.Utc;
            return new SweepAssignmentDocument(a.Site.Name, a.Site.Kind.ToString(), TimeText.Iso(a.Arrive, z), TimeText.Iso(a.Start, z), TimeText.Iso(a.End, z),
                TimeText.Iso(a.ReleasedAt, z), a.Via);
        }).ToArray())).ToArray(),
        r.Uncovered.Select(u =>
        {
            var z = u.Site.Zone ?? DateTimeZone.Utc;
            return new UncoveredSiteDocument(u.Site.Name, TimeText.Iso(u.WindowStart, z), TimeText.Iso(u.WindowEnd, z), u.Reason);
        }).ToArray());
}

public sealed record SweepTeamDocument(int Team, string Base, int Agents, double Utilisation, IReadOnlyList<SweepAssignmentDocument> Assignments);

public sealed record SweepAssignmentDocument(string Site, string Kind, string Arrive, string Start, string End, string ReleasedAt, string? Via);

public sealed record UncoveredSiteDocument(string Site, string WindowStart, string WindowEnd, string Reason);

/// <summary>The berth plan (security view); booking times in the origin's local time.</summary>
public sealed record BerthsDocument(int PrincipalCar, int Passengers, IReadOnlyList<CarDocument> Cars, IReadOnlyList<BookingDocument> ConferenceBookings)
{
    public static BerthsDocument From(BerthPlan b, DateTimeZone zone) => new(b.PrincipalCar, b.Passengers,
        b.Cars.Select(c => new CarDocument(c.Index, c.VehicleId, c.Berths, c.Occupants.Select(p => new OccupantDocument(p.Name, p.Role.ToString().ToLowerInvariant())).ToArray())).ToArray(),
        b.Bookings.Select(x => new BookingDocument(x.Meeting.Title, x.Car, TimeText.Iso(x.Meeting.Start, zone), TimeText.Iso(x.Meeting.End, zone))).ToArray());
}

public sealed record CarDocument(int Car, string Vehicle, int Berths, IReadOnlyList<OccupantDocument> Occupants);

public sealed record OccupantDocument(string Name, string Role);

public sealed record BookingDocument(string Meeting, int Car, string Start, string End);

/// <summary>The provisioning plan (security view): meals, loads per stop, stock per item (times in the zone of the place), fuel per diesel stretch.</summary>
public sealed record ProvisioningDocument(int People, int Meals, int Portions, IReadOnlyList<MealDocument> MealsServed, IReadOnlyList<LoadDocument> Loads,
    IReadOnlyList<ItemDocument> Items, IReadOnlyList<FuelDocument> Fuel)
{
    public static ProvisioningDocument From(ProvisioningPlan p, Func<Position, DateTimeZone> zoneAt) => new(p.People, p.Meals.Count, p.Portions,
        p.Meals.Select(m => new MealDocument(m.Kind.ToString().ToLowerInvariant(), TimeText.Iso(m.At, m.Zone), m.Near, R(m.Position.Meters / 1000), m.Portions)).ToArray(),
        p.Loads.Select(l => new LoadDocument(l.Place, TimeText.Iso(l.At, l.Zone), l.Loads.Select(x => new LoadLineDocument(x.Item, R(x.Amount), x.Unit)).ToArray())).ToArray(),
        p.Items.Select(it => new ItemDocument(it.Item.Name, it.Item.Storage.ToString().ToLowerInvariant(), it.Item.Unit, it.Item.ShelfLife is { } life ? R(life.Hours) : null,
            R(it.Capacity), R(it.Loaded), R(it.Consumed), R(it.Discarded), R(it.Minimum),
            it.Levels.Select(l => new StockDocument(TimeText.Iso(l.At, zoneAt(l.Position)), R(l.Position.Meters / 1000), R(l.Level), l.Event)).ToArray())).ToArray(),
        p.Fuel.Select(f => new FuelDocument(f.Train, f.From, f.To, f.Locomotives, R(f.TractionEnergy.KilowattHours, 0), R(f.Idle.Hours, 2), R(f.LitresNeeded, 0),
            f.Checked ? R(f.TankLitres, 0) : null, f.Checked ? R(f.UsableLitres, 0) : null, f.Checked, f.Checked ? R(f.Margin, 3) : null)).ToArray());

    internal static double R(double x, int digits = 1) => Math.Round(x, digits);
}

public sealed record MealDocument(string Meal, string At, string Near, double Km, IReadOnlyDictionary<string, int> Portions);

public sealed record LoadDocument(string Place, string At, IReadOnlyList<LoadLineDocument> Items);

public sealed record LoadLineDocument(string Item, double Amount, string Unit);

public sealed record ItemDocument(string Item, string Storage, string Unit,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? ShelfLifeHours,
    double Capacity, double Loaded, double Consumed, double Discarded, double Minimum, IReadOnlyList<StockDocument> Stock);

public sealed record StockDocument(string At, double Km, double Level, string Event);

/// <summary>Fuel over a diesel stretch; the tank figures only where the locomotive's tank size is known (<c>checked</c>).</summary>
public sealed record FuelDocument(string Train, string From, string To, string Locomotives, double TractionEnergyKwh, double IdleHours, double LitresNeeded,
    double? TankLitres, double? UsableLitres, bool Checked, double? Margin);

/// <summary>Evacuation coverage (security view): the longest gap, shares within thresholds, points and the profile [km, minutes].</summary>
public sealed record EvacuationDocument(GapDocument LongestGap, IReadOnlyList<WithinDocument> Within, IReadOnlyList<EvacuationPointDocument> Points, IReadOnlyList<double[]> Profile)
{
    public static EvacuationDocument From(EvacuationCoverage e) => new(
        new GapDocument(Math.Round(e.Worst.Position.Meters / 1000, 2), Math.Round(e.Worst.Time.Minutes, 1), e.WorstBetween, e.Worst.Point),
        e.Within.Select(w => new WithinDocument(Math.Round(w.Threshold.Minutes, 1), Math.Round(w.Share, 3))).ToArray(),
        e.Points.Select(p => new EvacuationPointDocument(p.Name, p.Kind.ToString().ToLowerInvariant(), Math.Round(p.Position.Meters / 1000, 2), Math.Round(p.Access.Kilometers, 2),
            p.Mode.ToString().ToLowerInvariant())).ToArray(),
        e.Profile.Select(s => new[] { Math.Round(s.Position.Meters / 1000, 2), Math.Round(s.Time.Minutes, 1) }).ToArray());
}

public sealed record GapDocument(double Km, double Minutes, string Between, string NearestPoint);

public sealed record WithinDocument(double Minutes, double Share);

public sealed record EvacuationPointDocument(string Name, string Kind, double Km, double AccessKm, string Access);
