using Fortress.Conflicts;
using Fortress.Clearance;
using Fortress.Planning;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Simulation;

/// <summary>How a plan is turned into a simulation: station tracks and signalling (documented defaults).</summary>
/// <param name="LoopTracks">Tracks of a passing loop: the main track and one loop. Assumption: 2.</param>
/// <param name="StationTracks">
/// Tracks of a station where trains cross or stand. Assumption: 4 (two through tracks and two platform or refuge
/// tracks; the convoy's three trains stand together at its halts).
/// </param>
/// <param name="Signalling">Default: the signalling the plan's blocks were cut with.</param>
public sealed record PlanSimulationSettings(int LoopTracks = 2, int StationTracks = 4, Signalling? Signalling = null)
{
    public static PlanSimulationSettings Default { get; } = new();
}

/// <summary>
/// The one adapter from a plan to the simulation's input: the corridor's blocks as the plan derives them
/// (<see cref="CorridorBlocks"/>: single track between crossing places, cut at signals where the data has them; blocks
/// per direction on double track), the crossing places with their station zones and tracks, the convoy's trains with
/// their planned legs, and the regular traffic as cleared (orders applied: later starts, holds and waits to cross become
/// planned stops, cancelled trains do not run).
/// </summary>
public static class PlanSimulationInput
{
    /// <summary>
    /// The simulation input of a planned journey: the convoy's timing, and the regular traffic as cleared where there is
    /// some (<paramref name="clearance"/>, on the blocks of <paramref name="blocks"/>; without, the corridor's blocks with
    /// the default signalling).
    /// </summary>
    public static SimulationInput From(ConvoyPlan plan, CorridorBlocks? blocks, ClearanceResult? clearance, PlanSimulationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        settings ??= PlanSimulationSettings.Default;
        var corridor = plan.Journey.Corridor;
        blocks ??= CorridorBlocks.DeriveOnce(corridor);
        var infrastructure = Infrastructure(corridor, blocks, settings);
        var trains = new List<SimTrain>();
        trains.AddRange(Convoy(plan));
        if (clearance is not null)
            foreach (var t in clearance.Traffic) if (t.Legs is not null) trains.Add(Regular(corridor, t));
        return new SimulationInput(infrastructure, settings.Signalling ?? blocks.Signalling, trains);
    }

    /// <summary>Blocks, station zones of the crossing places, and the corridor's own signals where they stand at a block entry.</summary>
    public static SimInfrastructure Infrastructure(Corridor corridor, CorridorBlocks blocks, PlanSimulationSettings settings)
    {
        var list = new List<SimBlock>();
        string? section = null;
        double sectionEnd = double.NaN;
        foreach (var b in blocks.Blocks.OrderBy(b => b.Start.Meters).ThenBy(b => b.Direction))
        {
            var id = b.Id.ToString();
            if (b.SingleTrack)
            {
                // Consecutive single-track blocks between two crossing places are run one direction at a time.
                if (section is null || Math.Abs(b.Start.Meters - sectionEnd) > 1e-6) section = id;
                sectionEnd = b.End.Meters;
                list.Add(new SimBlock(id, b.Start, b.End, BlockUse.BothDirections, section));
                continue;
            }
            if (b.Direction is { } f) list.Add(new SimBlock(id, b.Start, b.End, f == Fortress.Conflicts.TravelDirection.Forward ? BlockUse.Forward : BlockUse.Reverse));
            else
            {
                // Double track with no signals in the data: each direction has its own track.
                list.Add(new SimBlock(id + ":F", b.Start, b.End, BlockUse.Forward));
                list.Add(new SimBlock(id + ":R", b.Start, b.End, BlockUse.Reverse));
            }
        }
        var places = new List<SimPlace>();
        foreach (var p in corridor.Places.Where(p => p.CanCross))
        {
            var x = p.Position.Meters;
            var before = list.Where(b => b.End.Meters <= x + 1e-6).Select(b => b.End.Meters).DefaultIfEmpty(0).Max();
            var after = list.Where(b => b.Start.Meters >= x - 1e-6).Select(b => b.Start.Meters).DefaultIfEmpty(corridor.Path.Length.Meters).Min();
            places.Add(new SimPlace(p.Key, p.Position, Position.FromMeters(before), Position.FromMeters(after),
                p.Kind == PlaceKind.PassingLoop ? settings.LoopTracks : settings.StationTracks, p.Zone));
        }
        // The corridor's own signals (RailJSON) name the block entries they stand at.
        var signals = new List<SimSignal>();
        foreach (var s in corridor.Signals)
        {
            var at = s.Position.Meters;
            var protects = s.Forward
                ? list.FirstOrDefault(b => b.Use != BlockUse.Reverse && Math.Abs(b.Start.Meters - at) < 1)
                : list.FirstOrDefault(b => b.Use != BlockUse.Forward && Math.Abs(b.End.Meters - at) < 1);
            if (protects is not null) signals.Add(new SimSignal(s.Id, s.Position, s.Forward, protects.Id));
        }
        return new SimInfrastructure(corridor.Path.Length, list, places, signals.GroupBy(s => (s.Protects, s.Forward)).Select(g => g.First()).ToArray());
    }

    /// <summary>The convoy's trains as planned: one leg per pair of halts, each with its consist and run.</summary>
    public static IReadOnlyList<SimTrain> Convoy(ConvoyPlan plan)
    {
        var journey = plan.Journey;
        var corridor = journey.Corridor;
        var halts = ConvoyPlanner.Halts(journey);
        var list = new List<SimTrain>();
        // The convoy in running order: each train follows the one ahead of it at the headway the planner kept between them.
        var order = journey.Trains;
        var mainIndex = order.Select((x, i) => (x, i)).Single(x => x.x.Role == ConvoyRole.Main).i;
        for (var n = 0; n < order.Count; n++)
        {
            var convoy = order[n];
            var t = plan.Train(convoy.Id);
            var legs = new List<SimLeg>();
            for (var k = 0; k < t.Legs.Count; k++)
            {
                var leg = t.Legs[k];
                var path = ConvoyPlanner.LegPath(corridor, t.Role, halts[k], halts[k + 1]);
                legs.Add(new SimLeg(convoy.ConsistAt(leg.Start), path, journey.RunOptions, leg.Run, leg.Start, Length.Zero, leg.Run.Distance));
            }
            var calls = t.Calls.Where(c => c.Kind != CallKind.Pass).ToArray();
            var stops = calls.Select((c, i) => new SimStop(c.Place, c.Position, c.Zone, c.Arrival, c.Departure, halts[i].Dwell)).ToArray();
            // The headway between the train ahead (n - 1) and this one is the one of the train farther from the main train.
            string? follows = n == 0 ? null : order[n - 1].Id.Value;
            Duration? headway = n == 0 ? null : journey.HeadwayOf(order[n - 1 < mainIndex ? n - 1 : n]);
            var role = t.Role switch { ConvoyRole.Pilot => SimulationRole.Pilot, ConvoyRole.Main => SimulationRole.Main, _ => SimulationRole.Escort };
            list.Add(new SimTrain(t.Id.Value, t.Name, role, Forward: true, legs, stops, follows, headway));
        }
        return list;
    }

    /// <summary>
    /// A regular train as it will run after the clearance: its legs between calls, a leg split where an order holds it at
    /// a place it would have passed (the leg re-run with the stop, as the clearance timed it), its departures as ordered.
    /// </summary>
    public static SimTrain Regular(Corridor corridor, PlacedTrain t)
    {
        var placed = t.Legs ?? throw new ArgumentException($"train {t.Train.Number} was placed without its runs", nameof(t));
        var dir = t.Forward ? 1 : -1;
        Position At(Position along) => t.From + Length.FromMeters(dir * along.Meters);
        // Where the cleared movement stands (its stops), and when it leaves: the origin's departure may have moved (run later).
        var departs = t.Movement.Stops.ToDictionary(s => Math.Round(s.Position.Meters, 1), s => s.Departure.Seconds);
        Instant Abs(double seconds) => t.Departure + NodaTime.Duration.FromSeconds(seconds);
        var originDeparture = t.Movement.TimeAtFront(Position.Origin)?.Seconds ?? 0;
        var legs = new List<SimLeg>();
        var stops = new List<SimStop>();
        stops.Add(new SimStop(t.Calls[0].Place.Name, t.From, t.Calls[0].Place.Zone, null, Abs(originDeparture), Duration.Zero));
        var departed = originDeparture;
        for (var i = 0; i < placed.Count; i++)
        {
            var leg = placed[i];
            var legEnd = leg.Start + leg.Run.Distance;
            // Holds ordered at places inside the leg (stops of the cleared movement that are no calls).
            var splits = t.Movement.Stops.Where(s => s.Position.Meters > leg.Start.Meters + 0.5 && s.Position.Meters < legEnd.Meters - 0.5)
                .Select(s => s.Position).OrderBy(p => p).ToArray();
            var run = leg.Run;
            var path = leg.Path;
            if (splits.Length > 0)
            {
                // The path with the ordered stops, as the clearance timed it (PlacedTrain.WithStopAt); a re-run at another performance needs them too.
                path = leg.Path.WithStops([.. splits.Select(q => new RunStop("hold", Position.Origin + (q - leg.Start), Duration.Zero)), .. leg.Path.Stops]);
                run = RunningTimeCalculator.Run(leg.Consist, path);
            }
            var bounds = new[] { leg.Start }.Concat(splits).Append(legEnd).ToArray();
            for (var b = 0; b + 1 < bounds.Length; b++)
            {
                var from = bounds[b] - leg.Start;
                var to = bounds[b + 1] - leg.Start;
                legs.Add(new SimLeg(leg.Consist, path, RunOptions.Default, run, At(leg.Start), from, to));
                var end = bounds[b + 1];
                var x = At(end);
                var isLast = i == placed.Count - 1 && b + 1 == bounds.Length - 1;
                var place = b + 1 < bounds.Length - 1
                    ? corridor.Places.OrderBy(p => Math.Abs((p.Position - x).Meters)).First()
                    : t.Calls[i + 1].Place;
                // Arrival: the departure from where this leg starts, plus the run's time over it.
                var leaves = run.Stops.FirstOrDefault(st => Math.Abs(st.Position.Meters - from.Meters) < 1e-3)?.Departure.Seconds ?? 0;
                var arrival = departed + run.TimeAtFront(Position.Origin + to)!.Value.Seconds - leaves;
                double? departure = isLast ? null : departs.TryGetValue(Math.Round(end.Meters, 1), out var d) ? d : arrival;
                stops.Add(new SimStop(place.Name, x, place.Zone, Abs(arrival), departure is { } dd ? Abs(dd) : null,
                    b + 1 < bounds.Length - 1 ? Duration.Zero : leg.DwellAtEnd));
                departed = departure ?? arrival;
            }
        }
        return new SimTrain(t.Train.Id, t.Train.Number, SimulationRole.Regular, t.Forward, legs, stops);
    }
}
