using Fortress.Network;
using Fortress.Running;
using Fortress.Units;

namespace Fortress.Routing;

/// <summary>A piece of an edge that the route runs over, from one offset to another (FromOffset &gt; ToOffset when backwards).</summary>
public sealed record RouteLeg(EdgeId Edge, EdgeDirection Direction, Length FromOffset, Length ToOffset)
{
    public Length Length => (ToOffset - FromOffset).Abs();
}

/// <summary>An operational point the route passes, at a position from the route's start.</summary>
public sealed record PassedStation(string Name, OperationalPointKind Kind, Position Position, GeoPoint Location);

/// <summary>A change of gauge at a facility: where, from which gauge to which, how long.</summary>
public sealed record GaugeChange(string Facility, NodeId Node, GeoPoint Location, Position Position, int FromGauge, int ToGauge, Duration Duration);

/// <summary>A change of traction (locomotive change) at a station.</summary>
public sealed record TractionChange(string Place, NodeId Node, GeoPoint Location, Position Position, string From, string To, Duration Duration);

/// <summary>A reversal of the train's direction (only when allowed).</summary>
public sealed record Reversal(NodeId Node, GeoPoint Location, Position Position, Duration Duration);

/// <summary>A route found by <see cref="Router"/>, with its running time from the engine. Immutable.</summary>
public sealed record Route
{
    public required string From { get; init; }
    public required string To { get; init; }
    public required IReadOnlyList<RouteLeg> Legs { get; init; }
    public required Length Length { get; init; }

    /// <summary>The search's own estimate: edge lengths over min(line, train) speed plus change durations.</summary>
    public required Duration EstimatedTime { get; init; }

    public required IReadOnlyList<PassedStation> Stations { get; init; }
    public required IReadOnlyList<GaugeChange> GaugeChanges { get; init; }
    public required IReadOnlyList<TractionChange> TractionChanges { get; init; }
    public required IReadOnlyList<Reversal> Reversals { get; init; }

    /// <summary>The route's line, start to end.</summary>
    public required IReadOnlyList<GeoPoint> Geometry { get; init; }

    /// <summary>The path handed to the running-time engine (stops at gauge changes, traction changes and reversals).</summary>
    public RunningPath? Path { get; init; }

    /// <summary>The engine's result, when computed.</summary>
    public RunResult? Run { get; init; }

    /// <summary>Running time start to end from the engine, including the stops for changes; else the estimate.</summary>
    public Duration RunningTime => Run?.TotalTime ?? EstimatedTime;

    /// <summary>How many search states were settled (for benchmarks).</summary>
    public int SettledStates { get; init; }
}
