using Fortress.Diagnostics;
using Fortress.Logistics;
using Fortress.Network;
using Fortress.Planning;
using Fortress.Units;

namespace Fortress.Application;

/// <summary>Provisioning (meals, stores, resupply, fuel) and evacuation coverage along the planned route.</summary>
public sealed class LogisticsStage : IPlanStage
{
    public string Name => "logistics";

    public PlanState Run(PlanState state, CancellationToken cancel)
    {
        var s = state.Scenario;
        if (s.Provisioning is { } pv) state = state with { Provisioning = ProvisioningPlanner.Plan(state.Plan, pv) };
        if (s.Evacuation is { } ev) state = state with { Evacuation = EvacuationPlanner.Cover(state.Plan, Points(ev, state.Plan.Journey.Corridor)) };
        return state;
    }

    /// <summary>
    /// The evacuation points on the corridor. A point given by coordinates has its rail access at the place it names, or
    /// at the nearest place with coordinates; its access stretch is the great-circle distance from there unless
    /// <c>accessKm</c> is given.
    /// </summary>
    internal static EvacuationSettings Points(EvacuationSpec spec, Corridor corridor)
    {
        var p = new ProblemList();
        var points = new List<EvacuationPoint>();
        var known = corridor.Places.Where(c => c.Coordinates is not null).ToList();
        foreach (var e in spec.Points)
        {
            var place = e.Place;
            var access = e.AccessKm;
            if (e.At is { } at)
            {
                var target = new GeoPoint(at.Lat, at.Lon);
                double Dist(CorridorPlace c) => GeoPoint.Meters(new GeoPoint(c.Coordinates!.Value.Lat, c.Coordinates.Value.Lon), target);
                var chosen = place is not null ? known.FirstOrDefault(c => NameText.Normalize(c.Name) == NameText.Normalize(place))
                    : e.PositionMeters is null && known.Count > 0 ? known.MinBy(Dist) : null;
                if (chosen is null && e.PositionMeters is null)
                {
                    p.Add(e.Where, place is null ? "no corridor place has coordinates to find the nearest to" : $"'{place}' has no coordinates (lat, lon) to measure the access from");
                    continue;
                }
                if (chosen is not null)
                {
                    access ??= Dist(chosen) / 1000;
                    place ??= chosen.Name;
                }
            }
            Position? x = null;
            if (place is not null)
            {
                try { x = corridor.Find(place, e.Where + ".place").Position; }
                catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
            }
            else if (e.PositionMeters > corridor.Path.Length.Meters) p.Add(e.Where + ".positionMeters", $"{e.PositionMeters} m is beyond the corridor ({corridor.Path.Length.Meters} m)");
            else x = Position.FromMeters(e.PositionMeters!.Value);
            if (x is not null) points.Add(new EvacuationPoint(e.Name, e.Kind, x.Value, Length.FromKilometers(access ?? 0), e.Mode));
        }
        p.ThrowIfAny();
        if (spec.RampsAtStations)
            foreach (var station in corridor.Places.Where(c => c.Kind == PlaceKind.Station && !points.Any(x => x.Kind == EvacuationKind.Ramp && x.Position == c.Position)))
                points.Add(new EvacuationPoint($"{station.Name} station ramp", EvacuationKind.Ramp, station.Position, Length.Zero));
        return spec.Settings with { Points = points };
    }
}
