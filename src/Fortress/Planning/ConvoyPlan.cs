using Fortress.Running;
using Fortress.Units;
using NodaTime;

namespace Fortress.Planning;

/// <summary>What a train does at a place.</summary>
public enum CallKind { Origin, Stop, TractionChange, GaugeChange, Pass, Destination }

/// <summary>
/// A train at a place: arrival and departure instants (null at the origin / destination), or the passing time
/// for a place it runs through (both equal). Shown in <see cref="Zone"/>.
/// </summary>
public sealed record PlannedCall(string Place, Position Position, DateTimeZone Zone, CallKind Kind, Instant? Arrival, Instant? Departure)
{
    public Instant Time => Arrival ?? Departure!.Value;
}

/// <summary>A halt of a journey: where every convoy train stops, for at least <see cref="Dwell"/>.</summary>
public sealed record JourneyHalt(string Place, Position Position, Fortress.Units.Duration Dwell, CallKind Kind, PreciseStopSpec? Precise);

/// <summary>One leg of a train between two halts, with the run that timed it.</summary>
public sealed record PlannedLeg(string From, string To, Position Start, Position End, Instant Departure, RunResult Run, string ConsistName);

/// <summary>A convoy train's plan.</summary>
public sealed record PlannedTrain(TrainId Id, ConvoyRole Role, string Name, IReadOnlyList<PlannedCall> Calls, IReadOnlyList<PlannedLeg> Legs)
{
    public Instant Departure => Calls[0].Departure!.Value;
    public Instant Arrival => Calls[^1].Arrival!.Value;

    /// <summary>When the front of this train passes a corridor position (first passing; at a halt, the arrival).</summary>
    public Instant? TimeAt(Position x)
    {
        foreach (var leg in Legs)
        {
            if (x < leg.Start || x > leg.End) continue;
            var t = leg.Run.TimeAtFront(Position.Origin + (x - leg.Start));
            if (t is { } d) return leg.Departure + NodaTime.Duration.FromSeconds(d.Seconds);
        }
        return null;
    }

    /// <summary>Where the front of this train is at an instant (on a leg by its run, at a halt while it dwells); null before departure or after arrival.</summary>
    public Position? PositionAt(Instant t)
    {
        if (t < Departure || t > Arrival) return null;
        foreach (var leg in Legs)
        {
            if (t < leg.Departure) return leg.Start;
            var s = (t - leg.Departure).TotalSeconds;
            if (s > leg.Run.TotalTime.Seconds) continue;
            // Time along the run grows with position: bisect to a millimetre.
            double lo = 0, hi = (leg.End - leg.Start).Meters;
            while (hi - lo > 1e-3)
            {
                var mid = (lo + hi) / 2;
                if (leg.Run.TimeAtFront(Position.FromMeters(mid))!.Value.Seconds < s) lo = mid; else hi = mid;
            }
            return leg.Start + Length.FromMeters(lo);
        }
        return Legs[^1].End;
    }
}

/// <summary>A gauge change as planned for the convoy: the facility and when each train is in it.</summary>
public sealed record PlannedGaugeChange(GaugeChange Change, IReadOnlyList<(TrainId Train, Instant Start, Instant End)> Occupation);

/// <summary>A traction change as planned: the place, and when each train is held for it.</summary>
public sealed record PlannedTractionChange(TractionChange Change, IReadOnlyList<(TrainId Train, Instant Start, Instant End, string NewConsist)> Occupation);

/// <summary>The headline figures of a convoy's timing.</summary>
public sealed record PlanSummary(Length Distance, NodaTime.Duration MainTrainDuration, int GaugeChanges, int TractionChanges);

/// <summary>
/// The convoy's timing: every train's calls and legs, the breaks of gauge and traction changes, and the summary. What
/// later stages decide on it (line clearance, sweeps, logistics) is kept beside it, never in it.
/// </summary>
public sealed record ConvoyPlan(Journey Journey, IReadOnlyList<PlannedTrain> Trains, IReadOnlyList<PlannedGaugeChange> GaugeChanges,
    IReadOnlyList<PlannedTractionChange> TractionChanges, PlanSummary Summary)
{
    public PlannedTrain Main => Trains.Single(t => t.Role == ConvoyRole.Main);

    /// <summary>The planned train of that id.</summary>
    public PlannedTrain Train(TrainId id) => Trains.First(t => t.Id == id);

    /// <summary>The front train of the convoy (the first pilot, or the main train without one).</summary>
    public PlannedTrain Front => Trains[0];

    /// <summary>The last train of the convoy (the last escort, or the main train without one).</summary>
    public PlannedTrain Rear => Trains[^1];
}
