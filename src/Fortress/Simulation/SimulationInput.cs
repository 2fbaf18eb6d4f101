using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Simulation;

/// <summary>What a simulated train is: one of the convoy's trains or a train of the regular traffic.</summary>
public enum SimulationRole { Pilot, Main, Escort, Regular }

/// <summary>Which trains use a block: both directions on one track (single track), or one direction's own track.</summary>
public enum BlockUse
{
    /// <summary>Single track: trains of both directions use it, one direction at a time (the route must be set for it).</summary>
    BothDirections,
    /// <summary>The track of trains running with the corridor (increasing positions).</summary>
    Forward,
    /// <summary>The track of trains running against the corridor.</summary>
    Reverse,
}

/// <summary>
/// A block section of the corridor: the stretch between two main signals that one train at a time may occupy.
/// Positions are the corridor's own (metres from its origin).
/// </summary>
/// <param name="Id">Unique among blocks and places.</param>
/// <param name="Start">Lower end; the entry signal of trains running forward.</param>
/// <param name="End">Upper end; the entry signal of trains running in reverse.</param>
/// <param name="Use">Which direction(s) use it.</param>
/// <param name="Section">
/// For single track: the stretch between two crossing places it belongs to. Every block of a section is run in one
/// direction at a time (the route is set for a direction over the whole section, as a single-track line block does).
/// Null: the block is a section by itself.
/// </param>
public sealed record SimBlock(string Id, Position Start, Position End, BlockUse Use, string? Section = null);

/// <summary>
/// A place where trains stand and cross or overtake: its station tracks between <see cref="ZoneStart"/> and
/// <see cref="ZoneEnd"/>, <see cref="Tracks"/> trains at a time. A train occupies a track from the moment its route into
/// the place is set until its rear has left the zone. A train starting or ending its run here comes from or goes to a
/// siding: it does not count against the tracks.
/// </summary>
/// <param name="Name">The place's name (as the stops give it).</param>
/// <param name="Position">Where a train stopping here stands with its front.</param>
/// <param name="Zone">Its time zone, for local times.</param>
public sealed record SimPlace(string Name, Position Position, Position ZoneStart, Position ZoneEnd, int Tracks, DateTimeZone Zone);

/// <summary>A main signal: where it stands, the direction it faces and the block or place whose entry it protects.</summary>
public sealed record SimSignal(string Id, Position Position, bool Forward, string Protects);

/// <summary>
/// The corridor as the simulation sees it: its length, its blocks (which, with the places' station zones, cover the
/// line) and its signals. Where no signal is given for a block or place entry, one is made up named after what it
/// protects ("entry S3.0 fwd").
/// </summary>
public sealed record SimInfrastructure(Length Length, IReadOnlyList<SimBlock> Blocks, IReadOnlyList<SimPlace> Places, IReadOnlyList<SimSignal>? Signals = null)
{
    /// <summary>Every problem at once: blocks or zones outside the corridor or empty, ids repeated, places without tracks, overlapping blocks of one track.</summary>
    public IEnumerable<Problem> Check(string where)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in Blocks)
        {
            var w = $"{where}.blocks ({b.Id})";
            if (!ids.Add(b.Id)) yield return new Problem(w, "the id is used twice");
            if (!(b.End > b.Start)) yield return new Problem(w, $"ends at {b.End.Meters} m, not after its start {b.Start.Meters} m");
            if (b.Start.Meters < -1e-6 || b.End.Meters > Length.Meters + 1e-6) yield return new Problem(w, $"lies outside the corridor (0 to {Length.Meters} m)");
        }
        foreach (var p in Places)
        {
            var w = $"{where}.places ({p.Name})";
            if (!ids.Add(p.Name)) yield return new Problem(w, "the name is used twice (or is also a block id)");
            if (p.Tracks < 1) yield return new Problem(w, $"needs at least one track, has {p.Tracks}");
            if (!(p.ZoneStart <= p.Position && p.Position <= p.ZoneEnd)) yield return new Problem(w, "the place must lie within its station zone");
        }
        foreach (var use in new[] { BlockUse.Forward, BlockUse.Reverse })
        {
            var track = Blocks.Where(b => b.Use == use || b.Use == BlockUse.BothDirections).OrderBy(b => b.Start.Meters).ToArray();
            for (var i = 1; i < track.Length; i++)
                if (track[i].Start.Meters < track[i - 1].End.Meters - 1e-6)
                    yield return new Problem($"{where}.blocks ({track[i].Id})", $"overlaps block {track[i - 1].Id} on the {(use == BlockUse.Forward ? "forward" : "reverse")} track");
        }
        foreach (var s in Signals ?? [])
            if (!ids.Contains(s.Protects)) yield return new Problem($"{where}.signals ({s.Id})", $"protects '{s.Protects}', which is no block or place");
    }
}

/// <summary>
/// One leg of a train's run: the part of a computed run between two of its stops. The run's path is in its own
/// coordinates (0 at <see cref="PathOrigin"/>, growing in the train's direction); the leg covers <see cref="From"/> to
/// <see cref="To"/> of it, both stops of the run (or its start).
/// </summary>
/// <param name="Consist">The train on this leg.</param>
/// <param name="Path">The running path the run was computed on.</param>
/// <param name="Options">The options it was computed with (the simulation recomputes it with other performance factors).</param>
/// <param name="PlannedRun">The planned run over <paramref name="Path"/>.</param>
/// <param name="PathOrigin">Corridor position of the path's 0.</param>
/// <param name="From">Where the leg starts along the path (0 or a stop of the run).</param>
/// <param name="To">Where it ends along the path (a stop of the run, where the train stands).</param>
public sealed record SimLeg(Consist Consist, RunningPath Path, RunOptions Options, RunResult PlannedRun, Position PathOrigin, Length From, Length To);

/// <summary>A stop of a simulated train: where the train stands between two legs (or starts, or ends), and when as planned.</summary>
/// <param name="Place">Name for reports.</param>
/// <param name="Position">Corridor position of the place.</param>
/// <param name="Zone">Local time zone.</param>
/// <param name="PlannedArrival">Null at the origin.</param>
/// <param name="PlannedDeparture">Null at the destination.</param>
/// <param name="MinimumDwell">The shortest stand here when the train arrives late (the planned departure is never advanced).</param>
public sealed record SimStop(string Place, Position Position, DateTimeZone Zone, Instant? PlannedArrival, Instant? PlannedDeparture, Duration MinimumDwell);

/// <summary>
/// A train to simulate: its legs (each ending standing at a stop) and its stops (one more than the legs: origin,
/// every stop between two legs, destination), all in one direction along the corridor.
/// </summary>
/// <param name="Id">Unique; what disturbances name.</param>
/// <param name="Number">Public number or name for reports (the id where there is none).</param>
/// <param name="Forward">Runs with the corridor (increasing positions).</param>
/// <param name="Follows">For a convoy train: the id of the convoy train ahead of it (the pilot ahead of the main, the main ahead of the escort).</param>
/// <param name="MinimumHeadway">For a convoy train: the least time it must keep behind <paramref name="Follows"/> (the convoy's headway).</param>
public sealed record SimTrain(string Id, string Number, SimulationRole Role, bool Forward, IReadOnlyList<SimLeg> Legs, IReadOnlyList<SimStop> Stops,
    string? Follows = null, Duration? MinimumHeadway = null)
{
    /// <summary>Whether it is one of the convoy's trains.</summary>
    public bool IsConvoy => Role != SimulationRole.Regular;

    /// <summary>Corridor position where the train's front starts.</summary>
    public Position StartPosition => Legs[0].PathOrigin + (Forward ? Legs[0].From : -Legs[0].From);

    /// <summary>Corridor position where the train's front ends.</summary>
    public Position EndPosition => Legs[^1].PathOrigin + (Forward ? Legs[^1].To : -Legs[^1].To);
}

/// <summary>The simulation's input: the corridor's blocks and places, the signalling, the trains.</summary>
public sealed record SimulationInput(SimInfrastructure Infrastructure, Signalling Signalling, IReadOnlyList<SimTrain> Trains)
{
    /// <summary>Every problem with the input at once.</summary>
    /// <exception cref="InvalidInputException">Ids repeated, legs and stops that do not match, a train running backwards or outside the corridor.</exception>
    public void Validate()
    {
        var p = new ProblemList();
        p.AddRange(Infrastructure.Check("infrastructure"));
        p.AddRange(Signalling.Problems().Select(x => new Problem($"signalling.{x.Key}", x.Message)));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Trains)
        {
            var w = $"trains ({t.Id})";
            if (!ids.Add(t.Id)) p.Add(w, "the id is used twice");
            if (t.Legs.Count == 0) { p.Add(w, "has no legs"); continue; }
            if (t.Stops.Count != t.Legs.Count + 1) p.Add(w, $"has {t.Legs.Count} legs and {t.Stops.Count} stops: it needs one stop more than legs");
            for (var k = 0; k < t.Legs.Count; k++)
            {
                var l = t.Legs[k];
                if (!(l.To > l.From)) p.Add($"{w}.legs[{k}]", "ends before it starts");
                if (l.To.Meters > l.PlannedRun.Distance.Meters + 1e-6) p.Add($"{w}.legs[{k}]", "ends beyond its run");
                if (k < t.Stops.Count && t.Stops[k].PlannedDeparture is null) p.Add($"{w}.stops[{k}] ({t.Stops[k].Place})", "has no planned departure");
            }
            for (var k = 0; k + 1 < t.Legs.Count; k++)
            {
                var end = t.Legs[k].PathOrigin + (t.Forward ? t.Legs[k].To : -t.Legs[k].To);
                var next = t.Legs[k + 1].PathOrigin + (t.Forward ? t.Legs[k + 1].From : -t.Legs[k + 1].From);
                if (Math.Abs((end - next).Meters) > 1) p.Add($"{w}.legs[{k + 1}]", $"starts at {next.Meters:0} m, not where the leg before ends ({end.Meters:0} m)");
            }
            if (t.StartPosition.Meters < -1 || t.EndPosition.Meters > Infrastructure.Length.Meters + 1 || t.EndPosition.Meters < -1 || t.StartPosition.Meters > Infrastructure.Length.Meters + 1)
                p.Add(w, "runs outside the corridor");
            foreach (var s in t.Stops)
                if (s.MinimumDwell.Seconds < 0) p.Add($"{w} stop {s.Place}", "the minimum dwell must not be negative");
        }
        foreach (var t in Trains)
            if (t.Follows is { } f && !ids.Contains(f)) p.Add($"trains ({t.Id})", $"follows '{f}', which is not one of the trains");
        p.ThrowIfAny();
    }
}
