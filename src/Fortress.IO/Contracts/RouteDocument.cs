using System.Text.Json.Serialization;
using Fortress.Network;
using Fortress.Routing;

namespace Fortress.IO.Contracts;

/// <summary>
/// A route as JSON (<c>fortress route --format json</c>; docs/network.md): the network, the request's ends, the train
/// and the gauge it starts on, the length (m) and running time from the engine (s, with the stops for changes) beside
/// the search's estimate, the stations passed with the engine's passing time, the breaks of gauge, traction changes and
/// reversals, the edges run (by their source reference) and the line. Metres and seconds to 1 decimal, WGS84 degrees
/// to 7.
/// </summary>
public sealed record RouteDocument(
    string Network,
    string From,
    string To,
    string Train,
    int GaugeMillimeters,
    double LengthMeters,
    double RunningTimeSeconds,
    double EstimatedTimeSeconds,
    IReadOnlyList<RouteStationDocument> Stations,
    IReadOnlyList<RouteGaugeChangeDocument> GaugeChanges,
    IReadOnlyList<RouteTractionChangeDocument> TractionChanges,
    IReadOnlyList<RouteReversalDocument> Reversals,
    IReadOnlyList<RouteEdgeDocument> Edges,
    LineStringDocument Geometry)
{
    /// <summary>The document of <paramref name="r"/> (not <c>From</c>: that is the request's start), found for <paramref name="train"/> on <paramref name="net"/>.</summary>
    public static RouteDocument FromRoute(Route r, RoutingTrain train, RailNetwork net)
    {
        var times = PassingTimes(r);
        return new RouteDocument(
            net.Name, r.From, r.To, train.Consist.Name, train.GaugeMillimeters,
            Math.Round(r.Length.Meters, 1),
            Math.Round(r.RunningTime.Seconds, 1),
            Math.Round(r.EstimatedTime.Seconds, 1),
            r.Stations.Select((s, i) => new RouteStationDocument(s.Name, s.Kind.ToString(), Math.Round(s.Position.Meters, 1),
                times.Count > i && times[i] is { } t ? Math.Round(t, 1) : null, Lat(s.Location), Lon(s.Location))).ToArray(),
            r.GaugeChanges.Select(g => new RouteGaugeChangeDocument(g.Facility, Math.Round(g.Position.Meters, 1), g.FromGauge, g.ToGauge, g.Duration.Seconds,
                Lat(g.Location), Lon(g.Location))).ToArray(),
            r.TractionChanges.Select(t => new RouteTractionChangeDocument(t.Place, Math.Round(t.Position.Meters, 1), t.From, t.To, t.Duration.Seconds,
                Lat(t.Location), Lon(t.Location))).ToArray(),
            r.Reversals.Select(v => new RouteReversalDocument(Math.Round(v.Position.Meters, 1), v.Duration.Seconds, Lat(v.Location), Lon(v.Location))).ToArray(),
            r.Legs.Select(l => new RouteEdgeDocument(net[l.Edge].SourceRef, l.Direction == EdgeDirection.Forward ? "forward" : "backward", Math.Round(l.Length.Meters, 1))).ToArray(),
            LineStringDocument.From(r.Geometry));
    }

    /// <summary>The engine's passing time (s) at each station, in order (the route's path has the stations as its points of interest); empty without a run.</summary>
    public static IReadOnlyList<double?> PassingTimes(Route r) =>
        r.Run is null ? [] : r.Run.PointsOfInterest.Select(p => p.Time?.Seconds).ToArray();

    internal static double Lat(GeoPoint p) => Math.Round(p.Latitude, 7);

    internal static double Lon(GeoPoint p) => Math.Round(p.Longitude, 7);
}

/// <summary>A station passed: name, kind (Station, Halt, StopPosition, Junction, BorderCrossing, Other), position from the start (m), the engine's passing time (s; null without one), where.</summary>
public sealed record RouteStationDocument(
    string Name,
    string Kind,
    double PositionMeters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TimeSeconds,
    double Lat,
    double Lon);

/// <summary>A break of gauge: the facility, where (m), from and to which gauge (mm), how long (s), where on the map.</summary>
public sealed record RouteGaugeChangeDocument(string Facility, double PositionMeters, int FromGaugeMillimeters, int ToGaugeMillimeters, double DurationSeconds, double Lat, double Lon);

/// <summary>A change of traction: the place, where (m), from and to which traction, how long (s), where on the map.</summary>
public sealed record RouteTractionChangeDocument(string Place, double PositionMeters, string From, string To, double DurationSeconds, double Lat, double Lon);

/// <summary>A reversal: where (m), how long (s), where on the map.</summary>
public sealed record RouteReversalDocument(double PositionMeters, double DurationSeconds, double Lat, double Lon);

/// <summary>An edge run: its source reference (OSM way, RailJSON track section), the direction run (forward, backward), the length run (m).</summary>
public sealed record RouteEdgeDocument(string Source, string Direction, double LengthMeters);

/// <summary>A GeoJSON LineString (RFC 7946): <c>type</c> then <c>coordinates</c>, each [longitude, latitude] in WGS84 degrees to 7 decimals.</summary>
public sealed record LineStringDocument(string Type, IReadOnlyList<double[]> Coordinates)
{
    public static LineStringDocument From(IReadOnlyList<GeoPoint> points) =>
        new("LineString", points.Select(p => new[] { RouteDocument.Lon(p), RouteDocument.Lat(p) }).ToArray());
}

/// <summary>A GeoJSON Point (RFC 7946): [longitude, latitude] in WGS84 degrees to 7 decimals.</summary>
public sealed record PointDocument(string Type, double[] Coordinates)
{
    public static PointDocument From(GeoPoint p) => new("Point", [RouteDocument.Lon(p), RouteDocument.Lat(p)]);
}

/// <summary>
/// A route as GeoJSON (<c>fortress route --format geojson</c>): a FeatureCollection of the route's line (with from, to,
/// train, length in m and running time in s) and a point for each station, break of gauge and traction change (with
/// kind, a name in words and the position from the start in m).
/// </summary>
public sealed record RouteGeoJsonDocument(string Type, IReadOnlyList<RouteFeatureDocument> Features)
{
    public static RouteGeoJsonDocument From(Route r, RoutingTrain train)
    {
        var features = new List<RouteFeatureDocument>
        {
            new RouteLineFeatureDocument("Feature", LineStringDocument.From(r.Geometry),
                new RouteLinePropertiesDocument(r.From, r.To, train.Consist.Name, Math.Round(r.Length.Meters, 1), Math.Round(r.RunningTime.Seconds, 1))),
        };
        features.AddRange(r.Stations.Select(s => Point(s.Location, "station", s.Name, s.Position.Meters)));
        features.AddRange(r.GaugeChanges.Select(g => Point(g.Location, "gaugeChange", $"{g.Facility}: {g.FromGauge} -> {g.ToGauge} mm, {g.Duration.Minutes:0} min", g.Position.Meters)));
        features.AddRange(r.TractionChanges.Select(t => Point(t.Location, "tractionChange", $"{t.Place}: {t.From} -> {t.To}", t.Position.Meters)));
        return new RouteGeoJsonDocument("FeatureCollection", features);
    }

    private static RoutePointFeatureDocument Point(GeoPoint p, string kind, string name, double positionMeters) =>
        new("Feature", PointDocument.From(p), new RoutePointPropertiesDocument(kind, name, Math.Round(positionMeters, 1)));
}

/// <summary>A feature of the route's GeoJSON: its line or one of its points.</summary>
[JsonDerivedType(typeof(RouteLineFeatureDocument))]
[JsonDerivedType(typeof(RoutePointFeatureDocument))]
public abstract record RouteFeatureDocument;

/// <summary>The route's line with what it is.</summary>
public sealed record RouteLineFeatureDocument(string Type, LineStringDocument Geometry, RouteLinePropertiesDocument Properties) : RouteFeatureDocument;

/// <summary>The line's properties: the request's ends, the train, length (m) and running time (s).</summary>
public sealed record RouteLinePropertiesDocument(string From, string To, string Train, double LengthMeters, double RunningTimeSeconds);

/// <summary>A station, break of gauge or traction change on the route.</summary>
public sealed record RoutePointFeatureDocument(string Type, PointDocument Geometry, RoutePointPropertiesDocument Properties) : RouteFeatureDocument;

/// <summary>A point's properties: kind (station, gaugeChange, tractionChange), name in words, position from the start (m).</summary>
public sealed record RoutePointPropertiesDocument(string Kind, string Name, double PositionMeters);
