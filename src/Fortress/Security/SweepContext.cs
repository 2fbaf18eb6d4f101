using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;

namespace Fortress.Security;

/// <summary>A site to sweep with its window: start between <see cref="Earliest"/> and <see cref="LatestStart"/>, held until <see cref="Release"/> where guarded.</summary>
/// <param name="Pass">When the pilot train passes it.</param>
/// <param name="Release">When a guard may leave (the escort has passed); <see cref="Instant.MinValue"/> for a site not guarded.</param>
/// <param name="WindowEnd">When the sweep must be over.</param>
internal sealed record SweepJob(SweepSite Site, Instant Pass, Instant Earliest, Instant LatestStart, Instant Release, Instant WindowEnd)
{
    /// <summary>When a team that starts at <paramref name="start"/> is free again (the sweep done, the guard released).</summary>
    public Instant Finish(Instant start)
    {
        var end = start + NodaTime.Duration.FromSeconds(Site.SweepTime.Seconds);
        return Release > end ? Release : end;
    }
}

/// <summary>
/// What both roster methods work from: the force (validated), its bases and teams per base, the sites' windows on the
/// planned timetable, and how teams travel (by road along the line, or riding the pilot train between its halts).
/// </summary>
internal sealed class SweepContext
{
    private SweepContext(SecurityForce force, IReadOnlyList<CorridorPlace> bases, int[] perBase, List<SweepJob> jobs, Instant opsStart, (Position Position, Instant? Arrival, Instant? Departure, string Place)[] pilotHalts)
    {
        Force = force;
        Bases = bases;
        PerBase = perBase;
        Jobs = jobs;
        OpsStart = opsStart;
        this.pilotHalts = pilotHalts;
    }

    public SecurityForce Force { get; }
    public IReadOnlyList<CorridorPlace> Bases { get; }
    /// <summary>Teams per base: the force's teams spread evenly over the bases.</summary>
    public int[] PerBase { get; }
    public List<SweepJob> Jobs { get; }
    /// <summary>The earliest a team leaves its base: 12 h before the first window opens.</summary>
    public Instant OpsStart { get; }

    private readonly (Position Position, Instant? Arrival, Instant? Departure, string Place)[] pilotHalts;

    public static SweepContext Of(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force)
    {
        var problems = new ProblemList();
        if (force.Agents <= 0 || force.TeamSize <= 0) problems.Add("security", "agents and team size must be positive");
        if (force.TeamSize > force.Agents) problems.Add("security", $"a team of {force.TeamSize} is more than the {force.Agents} agents");
        if (!(force.RoadSpeed.MetersPerSecond > 0)) problems.Add("security", "road speed must be positive");
        if (force.Bases.Count == 0) problems.Add("security.bases", "at least one base is needed");
        if (!(force.Shift.Seconds > 0)) problems.Add("security.shiftHours", "a shift must last more than zero");
        var corridor = plan.Journey.Corridor;
        var bases = new List<CorridorPlace>();
        foreach (var b in force.Bases)
        {
            try { bases.Add(corridor.Find(b, "security.bases")); }
            catch (InvalidInputException ex) { problems.AddRange(ex.Problems); }
        }
        problems.ThrowIfAny();

        // Sites are swept before the front train of the convoy and guarded until its last train has passed.
        var pilot = plan.Front;
        var escort = plan.Rear;
        // Riding the pilot: board at a halt before it leaves, get off at a later halt (only where it stops), then road.
        var halts = force.RidePilot ? pilot.Calls.Where(c => c.Kind != CallKind.Pass).Select(c => (c.Position, c.Arrival, c.Departure, c.Place)).ToArray() : [];
        // Windows per site: [pass − open, pass − close − sweep] for the start of the sweep.
        var jobs = new List<SweepJob>();
        foreach (var s in sites)
        {
            var pass = pilot.TimeAt(s.Position) ?? pilot.TimeAt(Position.Min(s.Position, pilot.Calls[^1].Position));
            if (pass is null) continue;
            var earliest = pass.Value - NodaTime.Duration.FromSeconds(force.WindowOpen.Seconds);
            var latest = pass.Value - NodaTime.Duration.FromSeconds(force.WindowClose.Seconds + s.SweepTime.Seconds);
            var release = s.GuardUntilEscort ? (escort.TimeAt(s.Position) ?? pass.Value) + NodaTime.Duration.FromMinutes(1) : Instant.MinValue;
            jobs.Add(new SweepJob(s, pass.Value, earliest, latest, release, pass.Value - NodaTime.Duration.FromSeconds(force.WindowClose.Seconds)));
        }
        // Teams leave their bases no earlier than the first window opens, minus the longest drive to a site.
        var opsStart = jobs.Count == 0 ? plan.Main.Departure : jobs.Min(j => j.Earliest) - NodaTime.Duration.FromHours(12);
        var perBase = Enumerable.Range(0, bases.Count).Select(i => force.Teams / bases.Count + (i < force.Teams % bases.Count ? 1 : 0)).ToArray();
        return new SweepContext(force, bases, perBase, jobs, opsStart, halts);
    }

    /// <summary>The problem written out (force, bases, every site's window, the pilot's halts where teams may ride it), hashed.</summary>
    public string Fingerprint(SweepOptions options)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(options.TimeLimit.Ticks).Append('|').Append(options.Workers).Append('|').Append(Force.Agents).Append('|').Append(Force.TeamSize).Append('|')
          .Append(Force.WindowOpen.Seconds).Append('|').Append(Force.WindowClose.Seconds).Append('|').Append(Force.RoadSpeed.MetersPerSecond).Append('|')
          .Append(Force.RoadDetour).Append('|').Append(Force.RidePilot).Append('|').Append(Force.Shift.Seconds).Append('|').Append(OpsStart.ToUnixTimeTicks()).Append('\n');
        foreach (var b in Bases) sb.Append(b.Name).Append('@').Append(b.Position.Meters).Append(';');
        sb.Append('\n');
        foreach (var h in pilotHalts) sb.Append(h.Place).Append(' ').Append(h.Position.Meters).Append(' ').Append(h.Arrival?.ToUnixTimeTicks()).Append(' ').Append(h.Departure?.ToUnixTimeTicks()).Append('\n');
        foreach (var j in Jobs)
            sb.Append(j.Site.Name).Append(' ').Append(j.Site.Kind).Append(' ').Append(j.Site.Position.Meters).Append(' ').Append(j.Site.SweepTime.Seconds).Append(' ')
              .Append(j.Site.Zone?.Id).Append(' ').Append(j.Pass.ToUnixTimeTicks()).Append(' ').Append(j.Release.ToUnixTimeTicks()).Append('\n');
        return Fortress.Optimisation.SolveCache<SweepRoster>.Fingerprint(sb);
    }

    /// <summary>Road time between two corridor positions, seconds (distance along the line × detour ÷ road speed).</summary>
    public double Travel(Position a, Position b) => Math.Abs((a - b).Meters) * Force.RoadDetour / Force.RoadSpeed.MetersPerSecond;

    /// <summary>The earliest arrival at <paramref name="to"/> for a team free at <paramref name="from"/> from <paramref name="free"/>: by road, or riding the pilot where that is sooner.</summary>
    public (Instant At, string? Via) Reach(Position from, Instant free, Position to)
    {
        var best = free + NodaTime.Duration.FromSeconds(Travel(from, to));
        string? via = null;
        for (var i = 0; i < pilotHalts.Length; i++)
        {
            var board = pilotHalts[i];
            if (board.Departure is not { } leaves || free + NodaTime.Duration.FromSeconds(Travel(from, board.Position)) > leaves) continue;
            for (var k = i + 1; k < pilotHalts.Length; k++)
            {
                var off = pilotHalts[k];
                var at = off.Arrival!.Value + NodaTime.Duration.FromSeconds(Travel(off.Position, to));
                if (at < best) { best = at; via = $"pilot train {board.Place} - {off.Place}"; }
            }
        }
        return (best, via);
    }

    /// <summary>Why no roster can cover a site, whatever the others do: its window is too short, or no base reaches it in time; null otherwise.</summary>
    public string? Unreachable(SweepJob job)
    {
        if (job.LatestStart < job.Earliest) return $"the window is shorter than the {job.Site.SweepTime.Minutes:0} min sweep";
        if (Bases.Count > 0 && Bases.All(b => OpsStart + NodaTime.Duration.FromSeconds(Travel(b.Position, job.Site.Position)) > job.LatestStart))
            return $"too far: the nearest base is {Bases.Min(b => Travel(b.Position, job.Site.Position)) / 3600:0.0} h away by road";
        // On duty from leaving the nearest base until released there, starting as late as the window allows.
        if (job.Finish(job.LatestStart) - job.LatestStart + NodaTime.Duration.FromSeconds(Bases.Min(b => Travel(b.Position, job.Site.Position))) > NodaTime.Duration.FromSeconds(Force.Shift.Seconds))
            return $"longer than a shift ({Force.Shift.Hours:0.#} h) from the nearest base, with the guard until the escort has passed";
        return null;
    }

    /// <summary>Road hours of a roster: each team from its base to its first site, then between its sites (legs ridden on the pilot not counted).</summary>
    public double RoadHours(IEnumerable<SweepTeam> teams)
    {
        var seconds = 0.0;
        var byName = Bases.ToDictionary(b => b.Name, b => b.Position, StringComparer.OrdinalIgnoreCase);
        foreach (var t in teams)
        {
            var at = byName.TryGetValue(t.Base, out var p) ? p : (t.Assignments.Count > 0 ? t.Assignments[0].Site.Position : Position.Origin);
            foreach (var a in t.Assignments)
            {
                if (a.Via is null) seconds += Travel(at, a.Site.Position);
                at = a.Site.Position;
            }
        }
        return seconds / 3600;
    }
}
