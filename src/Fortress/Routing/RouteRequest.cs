using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Rolling;
using Fortress.Units;

namespace Fortress.Routing;

/// <summary>
/// A consist as the router sees it: the formation plus the track gauge its wheelsets are set to at the start.
/// <see cref="Consist"/> has no gauge of its own (it is a property of the running gear on the day, changed at a
/// bogie exchange), so the router keeps it here.
/// </summary>
public sealed record RoutingTrain(Consist Consist, int GaugeMillimeters)
{
    /// <summary>True when some traction unit of the consist is electric (it then needs matching catenary).</summary>
    public bool IsElectric => Consist.TractionUnits.Any(v => v.Traction?.Kind == TractionKind.Electric);

    /// <summary>True when every electric traction unit of the consist can draw from <paramref name="line"/> (or none is electric).</summary>
    public bool CanRunUnder(Electrification? line) =>
        Consist.TractionUnits.All(v => v.Traction is null || v.Traction.CanRunOn(line));
}

/// <summary>Where a route starts, ends or passes: a named operational point or coordinates.</summary>
public abstract record RouteEndpoint
{
    /// <summary>"lat,lon" becomes coordinates; anything else is a station name.</summary>
    public static RouteEndpoint Parse(string text) =>
        GeoPoint.TryParse(text) is { } p ? new CoordinateEndpoint(p) : new NamedEndpoint(text.Trim());
}

/// <summary>A station, halt or junction by any of its names (any language, case- and accent-insensitive).</summary>
public sealed record NamedEndpoint(string Name) : RouteEndpoint
{
    public override string ToString() => Name;
}

/// <summary>The nearest track to a point.</summary>
public sealed record CoordinateEndpoint(GeoPoint Point) : RouteEndpoint
{
    public override string ToString() => Point.ToString();
}

/// <summary>A place on the network: an offset along an edge, and what to call it.</summary>
public readonly record struct NetworkPlace(EdgeId Edge, Length Offset, string Label);

/// <summary>Options of a route search. Defaults suit a heavy special train.</summary>
public sealed record RouteOptions
{
    /// <summary>Whether the train may reverse (change direction) at a node; each reversal costs <see cref="ReversalTime"/>.</summary>
    public bool AllowReversal { get; init; }

    /// <summary>Time to reverse a train (driver changes ends, brake test). Default 10 min.</summary>
    public Duration ReversalTime { get; init; } = Duration.FromMinutes(10);

    /// <summary>Whether a diesel locomotive may replace electric traction at a station where the catenary ends or changes.</summary>
    public bool AllowLocomotiveChange { get; init; }

    /// <summary>Time to change locomotives (uncouple, couple, brake test). Default 30 min.</summary>
    public Duration LocomotiveChangeTime { get; init; } = Duration.FromMinutes(30);

    /// <summary>
    /// Top speed of a train hauled by a substitute diesel locomotive (Assumption: 100 km/h, a main-line diesel such as the
    /// 2TE116 with a heavy train). Makes a change back to the train's own electric traction worth its time on long
    /// electrified stretches, and caps the running time while the diesel hauls.
    /// </summary>
    public Speed SubstituteLocomotiveMaxSpeed { get; init; } = Speed.FromKilometersPerHour(100);

    /// <summary>
    /// The largest change of direction at a node that is still running through (degrees). A switch's acute angle (a
    /// change of 150° to 180°) is a reversal. Default 100°, loose enough for imprecise OSM geometry at junctions.
    /// </summary>
    public double MaxDeflectionDegrees { get; init; } = 100;

    /// <summary>How far a coordinate endpoint may be from track. Default 1 km.</summary>
    public Length SnapDistance { get; init; } = Length.FromKilometers(1);

    /// <summary>Use the landmark (ALT) lower bounds when the router has them; false = plain Dijkstra (the baseline).</summary>
    public bool UseLandmarks { get; init; } = true;

    /// <summary>Work out the running time with the engine (false for pure search benchmarks).</summary>
    public bool ComputeRunningTime { get; init; } = true;

    public static RouteOptions Default { get; } = new();
}

/// <summary>No route exists for this train; <see cref="Exception.Message"/> says which constraint blocks it and where.</summary>
public sealed class NoRouteException : FortressException
{
    public NoRouteException(string message, IReadOnlyList<string> blockingConstraints) : base("route.none", ErrorCause.User, message) =>
        BlockingConstraints = blockingConstraints;

    /// <summary>The constraints that, relaxed, let a route through: "gauge", "axle load", "electrification", "reversal"; empty when the places are not connected at all.</summary>
    public IReadOnlyList<string> BlockingConstraints { get; }
}
