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

/// <summary>One leg of a train between two halts, with the run that timed it.</summary>
/// <summary>A halt of a journey: where every convoy train stops, for at least <see cref="Dwell"/>.</summary>
public sealed record JourneyHalt(string Place, Position Position, Fortress.Units.Duration Dwell, CallKind Kind, PreciseStopSpec? Precise);

public sealed record PlannedLeg(string From, string To, Position Start, Position End, Instant Departure, RunResult Run, string ConsistName);

/// <summary>A convoy train's plan.</summary>
public sealed record PlannedTrain(ConvoyRole Role, string Name, IReadOnlyList<PlannedCall> Calls, IReadOnlyList<PlannedLeg> Legs)
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
}

/// <summary>A gauge change as planned for the convoy: the facility and when each train is in it.</summary>
public sealed record PlannedGaugeChange(GaugeChange Change, IReadOnlyList<(ConvoyRole Role, Instant Start, Instant End)> Occupation);

/// <summary>A traction change as planned: the place, and when each train is held for it.</summary>
public sealed record PlannedTractionChange(TractionChange Change, IReadOnlyList<(ConvoyRole Role, Instant Start, Instant End, string NewConsist)> Occupation);

/// <summary>The headline figures of a plan.</summary>
public sealed record PlanSummary(Length Distance, NodaTime.Duration MainTrainDuration, int GaugeChanges, int TractionChanges, int TrainsHeld, NodaTime.Duration TotalDelayImposed);

/// <summary>The convoy's plan: every train's calls, the breaks of gauge and traction changes, and the summary.</summary>
public sealed record ConvoyPlan(Journey Journey, IReadOnlyList<PlannedTrain> Trains, IReadOnlyList<PlannedGaugeChange> GaugeChanges,
    IReadOnlyList<PlannedTractionChange> TractionChanges, PlanSummary Summary, Fortress.Clearance.ClearanceResult? Clearance = null,
    Fortress.Security.SweepRoster? Sweeps = null,
    Fortress.Security.BerthPlan? Berths = null)
{
    public PlannedTrain Main => Trains.Single(t => t.Role == ConvoyRole.Main);
}
