using Fortress.Diagnostics;
using Fortress.Planning;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Security;

/// <summary>What a site to sweep is.</summary>
public enum SiteKind { Station, PassingLoop, Bridge, Tunnel, LevelCrossing, Other }

/// <summary>A place on the route that must be swept before the pilot train passes.</summary>
/// <param name="Position">Corridor position (used for road distances along the route).</param>
/// <param name="SweepTime">How long a team needs to sweep it.</param>
/// <param name="GuardUntilEscort">The team stays until the escort train has passed.</param>
/// <param name="Zone">The site's time zone, for showing its times.</param>
public sealed record SweepSite(string Name, SiteKind Kind, Position Position, Duration SweepTime, bool GuardUntilEscort, DateTimeZone? Zone = null);

/// <summary>The security force and its rules.</summary>
/// <param name="Agents">How many agents there are (default 100, public reporting on the state train's journeys).</param>
/// <param name="TeamSize">Agents per team.</param>
/// <param name="Bases">Corridor places where teams start, spread evenly over them.</param>
/// <param name="WindowOpen">A sweep may start this long before the pilot passes (default 3 h).</param>
/// <param name="WindowClose">It must end this long before the pilot passes (default 30 min).</param>
/// <param name="RoadSpeed">Average road speed of the teams' vehicles (Assumption: 50 km/h on the roads along the line).</param>
/// <param name="RoadDetour">Road distance over distance along the line (Assumption: 1.3).</param>
/// <param name="RidePilot">Teams may also ride the pilot train: board at a halt of the pilot (reached by road before it
/// leaves), get off at a later halt where it stops, and go on by road (default false: road only).</param>
/// <param name="MaxShift">The longest a team is on duty: from leaving its base to being released from its last site (the way
/// back is not counted). Null: <see cref="DefaultMaxShift"/>.</param>
public sealed record SecurityForce(int Agents, int TeamSize, IReadOnlyList<string> Bases, Duration WindowOpen, Duration WindowClose, Speed RoadSpeed, double RoadDetour = 1.3,
    bool RidePilot = false, Duration? MaxShift = null)
{
    public int Teams => Agents / TeamSize;

    /// <summary>
    /// 12 h. Assumption: the longest shift usual for police and protection details on an operation of more than a day
    /// (12-hour shifts are the common long pattern; no figure is published for this force); set it per scenario.
    /// </summary>
    public static Duration DefaultMaxShift { get; } = Duration.FromHours(12);

    /// <summary>The shift limit in force.</summary>
    public Duration Shift => MaxShift ?? DefaultMaxShift;

    /// <summary>
    /// The defaults a scenario's <c>security</c> section starts from. 100 agents: public reporting on the state train's
    /// journeys ("about 100 security agents sweep the stations", shared/docs/mission.md). Assumptions: teams of 5 (a
    /// search team of a leader and four searchers); a sweep window opening 3 h and closing 30 min before the pilot passes;
    /// 50 km/h by road with a detour factor of 1.3 over the distance along the line; shifts of <see cref="DefaultMaxShift"/>.
    /// No bases: the scenario names them.
    /// </summary>
    public static SecurityForce Default { get; } = new(100, 5, [], Duration.FromHours(3), Duration.FromMinutes(30), Speed.FromKilometersPerHour(50), 1.3);
}

/// <summary>What a journey asks of its security force: the force, sweep times per kind of site, extra sites (bridges, tunnels, level crossings) and whether stations stay guarded until the escort has passed.</summary>
public sealed record SecuritySettings(SecurityForce Force, IReadOnlyDictionary<SiteKind, Duration> SweepTimes, IReadOnlyList<SweepSite> ExtraSites, bool GuardStations);

/// <summary>One team's sweep of one site.</summary>
/// <param name="Via">How the team got there when not by road alone (e.g. "pilot train Hamhung - Chongjin").</param>
public sealed record SweepAssignment(SweepSite Site, Instant Arrive, Instant Start, Instant End, Instant ReleasedAt, string? Via = null);

/// <summary>A team and its day.</summary>
public sealed record SweepTeam(int Number, string Base, int Agents, IReadOnlyList<SweepAssignment> Assignments)
{
    /// <summary>Share of the team's working span (first sweep start to last release) spent sweeping or guarding.</summary>
    public double Utilisation
    {
        get
        {
            if (Assignments.Count == 0) return 0;
            var busy = Assignments.Sum(a => (a.ReleasedAt - a.Start).TotalSeconds);
            var span = (Assignments.Max(a => a.ReleasedAt) - Assignments[0].Start).TotalSeconds;
            return span <= 0 ? 1 : Math.Min(1, busy / span);
        }
    }
}

/// <summary>A site no team can sweep in time, and why.</summary>
public sealed record UncoveredSite(SweepSite Site, Instant WindowStart, Instant WindowEnd, string Reason);

/// <summary>The roster: teams used, their assignments, what cannot be covered and why, and how good it is.</summary>
/// <param name="LowerBound">Teams that any roster needs at least: sites whose compulsory sweep or guard times overlap, the work
/// that must fit into a stretch of time, or sites no one team can reach in time for both, or (the optimiser's) the fewest
/// chains of sites one team could do one after the other, whichever is largest.</param>
/// <param name="Quality">Objective (teams), bound, gap and method (optimal, bounded, greedy); null only for a roster made by hand.</param>
/// <param name="TravelHours">Road travel of all teams, hours (from their bases, between sites; riding the pilot not counted).</param>
public sealed record SweepRoster(IReadOnlyList<SweepTeam> Teams, IReadOnlyList<UncoveredSite> Uncovered, int TeamsAvailable, int TeamSize, int LowerBound,
    Fortress.Optimisation.Optimality? Quality = null, double TravelHours = 0)
{
    public int TeamsUsed => Teams.Count(t => t.Assignments.Count > 0);
    public int AgentsUsed => TeamsUsed * TeamSize;
    public bool Feasible => Uncovered.Count == 0;
    /// <summary>(teams used − lower bound) / lower bound.</summary>
    public double OptimalityGap => LowerBound == 0 ? 0 : (TeamsUsed - LowerBound) / (double)LowerBound;
    public double Utilisation => Teams.Where(t => t.Assignments.Count > 0).Select(t => t.Utilisation).DefaultIfEmpty(0).Average();
}

/// <summary>
/// Assigns sweep teams to sites so every site is swept inside its window before the pilot train passes (and guarded
/// until the escort has passed where asked), each team within its shift (<see cref="SecurityForce.Shift"/>), using as few
/// teams as it can. This greedy roster is the warm start of <see cref="SweepOptimizer"/>. Sites are taken by deadline; each goes to
/// the team that can reach it in time and would otherwise wait the least (best fit), a new team is opened only when
/// none can, from the base that reaches it soonest. This is the earliest-deadline best-fit heuristic for vehicle
/// scheduling with time windows; a lower bound from the sites whose compulsory times overlap gives the optimality gap.
/// Teams travel by road along the line at the force's road speed, or (when allowed) ride the pilot train between two of
/// its halts and go on by road, whichever arrives first.
/// </summary>
public static class SweepPlanner
{
    /// <summary>
    /// Minutes to sweep a site of each kind. Assumptions (no public figure): a station 30 min (platforms, buildings and
    /// the tracks alongside for a team of five), a passing loop 15 min, a bridge 20 min, a tunnel 25 min (walked through
    /// with lights), a level crossing 10 min.
    /// </summary>
    public static IReadOnlyDictionary<SiteKind, Duration> DefaultSweepTimes { get; } = new Dictionary<SiteKind, Duration>
    {
        [SiteKind.Station] = Duration.FromMinutes(30),
        [SiteKind.PassingLoop] = Duration.FromMinutes(15),
        [SiteKind.Bridge] = Duration.FromMinutes(20),
        [SiteKind.Tunnel] = Duration.FromMinutes(25),
        [SiteKind.LevelCrossing] = Duration.FromMinutes(10),
    };

    /// <summary>The sweep time of a site whose kind has none in the settings. Assumption: 20 min.</summary>
    public static Duration DefaultSweepTime { get; } = Duration.FromMinutes(20);

    /// <summary>The sites of a plan: its stations, borders and gauge-change places, with the given sweep times, plus extra sites.</summary>
    public static IReadOnlyList<SweepSite> SitesOf(Corridor corridor, IReadOnlyDictionary<SiteKind, Duration> sweepTime, IEnumerable<SweepSite>? extra = null, bool guardStations = false)
    {
        var sites = corridor.Places.Select(p =>
        {
            var kind = p.Kind == PlaceKind.PassingLoop ? SiteKind.PassingLoop : SiteKind.Station;
            return new SweepSite(p.Name, kind, p.Position, sweepTime.TryGetValue(kind, out var d) ? d : DefaultSweepTimes[kind], guardStations && kind == SiteKind.Station, p.Zone);
        }).ToList();
        if (extra is not null) sites.AddRange(extra.Select(s => s.Zone is null ? s with { Zone = corridor.PlaceAt(s.Position).Zone } : s));
        return sites.OrderBy(s => s.Position).ToArray();
    }

    /// <summary>The earliest-deadline best-fit roster (the optimiser's warm start, <see cref="SweepOptimizer"/>), with its lower bound.</summary>
    public static SweepRoster Plan(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ctx = SweepContext.Of(plan, sites, force);
        var r = Greedy(ctx);
        var bound = Bound(ctx);
        return r with
        {
            LowerBound = bound,
            Quality = new Fortress.Optimisation.Optimality(r.TeamsUsed, Math.Min(bound, r.TeamsUsed), Fortress.Optimisation.SolveMethod.Greedy, "teams", clock.Elapsed),
        };
    }

    /// <summary>The greedy roster without its bound.</summary>
    internal static SweepRoster Greedy(SweepContext ctx)
    {
        var force = ctx.Force;
        var bases = ctx.Bases;
        var teams = new List<(int Number, CorridorPlace Base, Position At, Instant Free, Instant LeftBase, List<SweepAssignment> Work)>();
        var uncovered = new List<UncoveredSite>();
        var opened = new int[bases.Count];
        var shift = NodaTime.Duration.FromSeconds(force.Shift.Seconds);
        foreach (var job in ctx.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position))
        {
            if (ctx.Unreachable(job) is { } why)
            {
                uncovered.Add(new UncoveredSite(job.Site, job.Earliest, job.WindowEnd, why));
                continue;
            }
            // Best fit among teams already out: the one that can start latest but still in time (least idle), within its shift.
            var best = -1;
            var bestStart = Instant.MinValue;
            var bestIdle = double.MaxValue;
            (Instant At, string? Via) bestReach = default;
            for (var i = 0; i < teams.Count; i++)
            {
                var t = teams[i];
                var reach = ctx.Reach(t.At, t.Free, job.Site.Position);
                var arrive = reach.At;
                if (arrive > job.LatestStart) continue;
                var start = arrive > job.Earliest ? arrive : job.Earliest;
                if (job.Finish(start) - t.LeftBase > shift) continue;
                var idle = (start - arrive).TotalSeconds;
                if (best < 0 || idle < bestIdle) { best = i; bestStart = start; bestIdle = idle; bestReach = reach; }
            }
            if (best < 0)
            {
                // Open a team from the base that reaches the site soonest among bases with teams left.
                var candidates = Enumerable.Range(0, bases.Count).Where(b => opened[b] < ctx.PerBase[b])
                    .OrderBy(b => ctx.Travel(bases[b].Position, job.Site.Position)).ToList();
                var inTime = candidates.Where(b => ctx.OpsStart + NodaTime.Duration.FromSeconds(ctx.Travel(bases[b].Position, job.Site.Position)) <= job.LatestStart).ToList();
                // Within the shift too: the drive out counts (a far base's team may reach the site in time but not be
                // released from it within its shift).
                var reachable = inTime.Where(b =>
                {
                    var drive = NodaTime.Duration.FromSeconds(ctx.Travel(bases[b].Position, job.Site.Position));
                    var start = ctx.OpsStart + drive > job.Earliest ? ctx.OpsStart + drive : job.Earliest;
                    return job.Finish(start) - (start - drive) <= shift;
                }).ToList();
                if (reachable.Count == 0)
                {
                    var reason = candidates.Count == 0
                        ? $"too few agents: all {force.Teams} teams of {force.TeamSize} are busy or too far when it must be swept"
                        : inTime.Count > 0
                            ? $"longer than a shift ({force.Shift.Seconds / 3600:0.#} h) from the nearest base with a free team ({bases[inTime[0]].Name}, {ctx.Travel(bases[inTime[0]].Position, job.Site.Position) / 3600:0.0} h away by road)"
                            : $"too far: the nearest base with a free team is {ctx.Travel(bases[candidates[0]].Position, job.Site.Position) / 3600:0.0} h away by road";
                    uncovered.Add(new UncoveredSite(job.Site, job.Earliest, job.WindowEnd, reason));
                    continue;
                }
                var bi = reachable[0];
                opened[bi]++;
                // A new team leaves its base so as to arrive when the window opens (or as soon as it can).
                var drive = NodaTime.Duration.FromSeconds(ctx.Travel(bases[bi].Position, job.Site.Position));
                var arrive0 = ctx.OpsStart + drive;
                if (arrive0 < job.Earliest) arrive0 = job.Earliest;
                teams.Add((teams.Count + 1, bases[bi], bases[bi].Position, ctx.OpsStart, arrive0 - drive, []));
                best = teams.Count - 1;
                bestStart = arrive0;
                bestReach = (arrive0, null);
            }
            var team = teams[best];
            var end = bestStart + NodaTime.Duration.FromSeconds(job.Site.SweepTime.Seconds);
            var released = job.Finish(bestStart);
            team.Work.Add(new SweepAssignment(job.Site, bestReach.At, bestStart, end, released, bestReach.Via));
            teams[best] = (team.Number, team.Base, job.Site.Position, released, team.LeftBase, team.Work);
        }
        var roster = teams.Select(t => new SweepTeam(t.Number, t.Base.Name, force.TeamSize, t.Work.OrderBy(a => a.Start).ToArray())).ToArray();
        return new SweepRoster(roster, uncovered, force.Teams, force.TeamSize, 0, TravelHours: ctx.RoadHours(roster));
    }

    /// <summary>The lower bound of the greedy method: compulsory overlap, energy, incompatible sites.</summary>
    internal static int Bound(SweepContext ctx)
    {
        var feasible = ctx.Jobs.Where(j => ctx.Unreachable(j) is null).ToList();
        return Math.Max(
            LowerBound(feasible.Select(j => (j.Earliest, j.LatestStart, j.Site.SweepTime.Seconds, j.Release)).ToList()),
            // Riding the pilot can beat the road, so with it the bound takes travel as free (still valid, weaker).
            IncompatibilityBound(feasible.Select(j => (j.Earliest, j.LatestStart, j.Site.SweepTime.Seconds, j.Release, j.Site.Position)).ToList(),
                (a, b) => ctx.Force.RidePilot ? 0 : ctx.Travel(a, b)));
    }

    /// <summary>
    /// Teams every roster needs because of travel: two sites are incompatible when one team cannot do both in either
    /// order (the earliest it can finish one, or be released from guarding it, plus the shortest travel to the other, is
    /// after the latest start of the other). Sites that are pairwise incompatible each need their own team, so the size
    /// of any such set (a clique, grown greedily from the 64 most constrained sites) bounds the roster from below.
    /// </summary>
    internal static int IncompatibilityBound(List<(Instant Earliest, Instant LatestStart, double Sweep, Instant Release, Position At)> jobs,
        Func<Position, Position, double> travelSeconds)
    {
        var n = jobs.Count;
        if (n == 0) return 0;
        var finish = jobs.Select(j =>
        {
            var end = j.Earliest.ToUnixTimeTicks() / 1e7 + j.Sweep;
            return j.Release == Instant.MinValue ? end : Math.Max(end, j.Release.ToUnixTimeTicks() / 1e7);
        }).ToArray();
        var latest = jobs.Select(j => j.LatestStart.ToUnixTimeTicks() / 1e7).ToArray();
        var clash = new bool[n, n];
        var degree = new int[n];
        for (var i = 0; i < n; i++)
            for (var k = i + 1; k < n; k++)
            {
                var t = travelSeconds(jobs[i].At, jobs[k].At);
                if (finish[i] + t > latest[k] && finish[k] + t > latest[i])
                {
                    clash[i, k] = clash[k, i] = true;
                    degree[i]++;
                    degree[k]++;
                }
            }
        var order = Enumerable.Range(0, n).OrderByDescending(i => degree[i]).ToArray();
        var best = 1;
        var clique = new List<int>();
        foreach (var seed in order.Take(64))
        {
            clique.Clear();
            clique.Add(seed);
            foreach (var v in order)
                if (v != seed && clique.TrueForAll(c => clash[c, v])) clique.Add(v);
            best = Math.Max(best, clique.Count);
        }
        return best;
    }

    /// <summary>
    /// Teams every roster needs, the larger of two bounds. Compulsory parts: a sweep that may start no later than L and
    /// no earlier than E, taking d, surely runs during [L, E + d] when L &lt; E + d (a guarded site is held at least from
    /// L to its release); the most of these that overlap at one moment. Energy: for any stretch of time [t1, t2], the
    /// work of every site whose whole window lies inside it must fit into it, so at least that work over (t2 − t1)
    /// teams are needed (travel ignored, so the bound is optimistic).
    /// </summary>
    internal static int LowerBound(List<(Instant Earliest, Instant LatestStart, double Sweep, Instant Release)> jobs)
    {
        var events = new List<(Instant At, int Delta)>();
        foreach (var j in jobs)
        {
            var from = j.LatestStart;
            var to = j.Earliest + NodaTime.Duration.FromSeconds(j.Sweep);
            if (j.Release > to) to = j.Release;
            if (from < to) { events.Add((from, 1)); events.Add((to, -1)); }
        }
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int cur = 0, compulsory = jobs.Count > 0 ? 1 : 0;
        foreach (var e in events) { cur += e.Delta; compulsory = Math.Max(compulsory, cur); }

        // Energetic bound over windows [start, end] with work w: for each t1 (a window start), add windows by end time.
        var windows = jobs.Select(j =>
        {
            var start = j.Earliest.ToUnixTimeTicks() / 1e7;
            var latestStart = j.LatestStart.ToUnixTimeTicks() / 1e7;
            var release = j.Release == Instant.MinValue ? double.NegativeInfinity : j.Release.ToUnixTimeTicks() / 1e7;
            var end = Math.Max(latestStart + j.Sweep, release);
            var work = Math.Max(j.Sweep, release - latestStart);
            return (Start: start, End: end, Work: work);
        }).OrderBy(w => w.End).ToArray();
        var energetic = 0;
        foreach (var t1 in windows.Select(w => w.Start).Distinct())
        {
            double work = 0;
            foreach (var w in windows)
            {
                if (w.Start < t1) continue;
                work += w.Work;
                var span = w.End - t1;
                if (span > 0) energetic = Math.Max(energetic, (int)Math.Ceiling(work / span - 1e-9));
            }
        }
        return Math.Max(compulsory, energetic);
    }
}
