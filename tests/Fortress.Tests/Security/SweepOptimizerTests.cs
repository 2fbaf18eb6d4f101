using CsCheck;
using Fortress.Diagnostics;
using Fortress.Optimisation;
using Fortress.Planning;
using Fortress.Security;
using Fortress.Units;
using NodaTime;
using Duration = Fortress.Units.Duration;

namespace Fortress.Tests.Security;

/// <summary>The sweep roster as an optimisation: proven on the flagship, never worse than greedy, always a valid roster, refusals by name.</summary>
public class SweepOptimizerTests
{
    private static readonly Lazy<(ConvoyPlan Plan, IReadOnlyList<SweepSite> Sites, SecurityForce Force)> Flagship = new(() =>
    {
        var scenario = Fortress.IO.Files.Scenarios.ReadBuiltIn();
        var sec = scenario.Security!;
        var plan = Fortress.Application.PlanPipeline.Default.Run(scenario with { Traffic = null, Security = null, Provisioning = null, Evacuation = null, Delegation = null }).Plan;
        return (plan, SweepPlanner.SitesOf(plan.Journey.Corridor, sec.SweepTimes, sec.ExtraSites, sec.GuardStations), sec.Force);
    });

    /// <summary>A deterministic search with time to finish (assertions on proofs, never on time).</summary>
    private static readonly SweepOptions Exact = new(TimeSpan.FromMinutes(3), Workers: 1);

    /// <summary>
    /// The built-in state visit, whatever the figures of its (changing) data: given the work to finish (a 3-minute limit,
    /// counted in work), the column generation's linear master converges and its bound meets the roster: proven optimal
    /// (issue 14 asks for a gap of at most 1 %). A valid roster, no worse than the greedy one, a bound at least the greedy
    /// method's. (On the data of 2026-12-05: 10 teams, bound 10, the linear optimum 9.155; greedy 11.)
    /// </summary>
    [Fact]
    public void Flagship_WithWorkToConverge_ProvenOptimal_NoWorseThanGreedy()
    {
        var (plan, sites, force) = Flagship.Value;
        var greedy = SweepPlanner.Plan(plan, sites, force);
        var roster = SweepOptimizer.Plan(plan, sites, force, Exact);
        roster.Quality!.Method.ShouldBe(SolveMethod.Optimal);
        roster.Quality.GapPercent.ShouldBe(0);
        roster.LowerBound.ShouldBe(roster.TeamsUsed);
        roster.TeamsUsed.ShouldBeLessThanOrEqualTo(greedy.TeamsUsed);
        roster.LowerBound.ShouldBeGreaterThanOrEqualTo(greedy.LowerBound);
        roster.Quality.Objective.ShouldBe(roster.TeamsUsed);
        Valid(plan, sites, force, roster);
    }

    /// <summary>
    /// The default limit on the state visit (counted in work, so the same on any machine): within 1 % of optimal, as issue
    /// 14 asks (on the data of 2026-12-05 proven: 10 teams, bound 10); a valid roster, no worse than greedy, never below
    /// its bound.
    /// </summary>
    [Fact]
    public void Flagship_DefaultLimit_WithinOnePercent_NoWorseThanGreedy_AValidRoster()
    {
        var (plan, sites, force) = Flagship.Value;
        var greedy = SweepPlanner.Plan(plan, sites, force);
        var roster = SweepOptimizer.Plan(plan, sites, force, SweepOptions.Default with { Workers = 1 });
        roster.Quality!.GapPercent!.Value.ShouldBeLessThanOrEqualTo(1.0);
        roster.TeamsUsed.ShouldBeLessThanOrEqualTo(greedy.TeamsUsed);
        roster.LowerBound.ShouldBeLessThanOrEqualTo(roster.TeamsUsed);
        Valid(plan, sites, force, roster);
    }

    /// <summary>
    /// A known answer: two 10-minute sites 10 km apart on a stretch the pilot runs in under 18 minutes, each to be swept in
    /// the 5 minutes its window leaves (opening 45 min before the pilot, closing 30 min before). A team done with the first
    /// needs 15.6 min by road (10 km × 1.3 at 50 km/h) to the second, which is too late; the other way round is later
    /// still. So two teams are needed, the bound says two, and the roster has two: proven optimal.
    /// </summary>
    [Fact]
    public void Plan_TwoSitesNoOneTeamCanJoin_TwoTeams_ProvenOptimal()
    {
        var (plan, _, force) = Flagship.Value;
        var corridor = plan.Journey.Corridor;
        var pilot = plan.Front;
        var ten = Length.FromKilometers(10);
        var at = Enumerable.Range(1, 40).Select(k => Position.FromKilometers(25 * k)).FirstOrDefault(x =>
            x + ten < corridor.Path.End && pilot.TimeAt(x) is { } a && pilot.TimeAt(x + ten) is { } b && (b - a) < NodaTime.Duration.FromMinutes(18));
        at.ShouldNotBe(default, "a 10 km stretch the pilot runs in under 18 min");
        var sites = new[]
        {
            new SweepSite("site X", SiteKind.Bridge, at, Duration.FromMinutes(10), false),
            new SweepSite("site Y", SiteKind.Bridge, at + ten, Duration.FromMinutes(10), false),
        };
        var tight = force with { WindowOpen = Duration.FromMinutes(45), WindowClose = Duration.FromMinutes(30) };
        var roster = SweepOptimizer.Plan(plan, sites, tight, Exact);
        roster.TeamsUsed.ShouldBe(2);
        roster.LowerBound.ShouldBe(2);
        roster.Quality!.Method.ShouldBe(SolveMethod.Optimal);
        roster.Quality.GapPercent.ShouldBe(0);
        Valid(plan, sites, tight, roster);
    }

    /// <summary>
    /// A known answer for the clique bound: five sites, links 0 → 1, 1 → 2 and 0 → 2 (one team can do 0, 1 and 2 in a
    /// day), 3 and 4 linked to nothing. No day holds two of {0, 3, 4} (nor of {1, 3, 4}, {2, 3, 4}), and any four sites
    /// include two of 0, 1, 2, which are linked: the largest such set has 3 sites, so at least 3 teams.
    /// </summary>
    [Fact]
    public void CliqueBound_ChainOfThreeAndTwoLoneSites_Three()
    {
        var links = new List<int>[] { [1, 2], [2], [], [], [] };
        SweepOptimizer.CliqueBound(links, TimeSpan.FromSeconds(1), 1).ShouldBe(3);
        SweepOptimizer.CliqueBound([], TimeSpan.FromSeconds(1), 1).ShouldBe(0);
    }

    /// <summary>
    /// The greedy start of the clique bound on random link graphs: no two of its sites linked (either way), no site left
    /// out that could join it (maximal), and the clique bound never below it. On the chain of three and two lone sites
    /// it takes a lone site first (the fewest links) and finds the largest set, 3.
    /// </summary>
    [Fact]
    public void GreedyIndependent_IndependentMaximal_AndNeverAboveTheCliqueBound()
    {
        SweepOptimizer.GreedyIndependent([[1, 2], [2], [], [], []]).Count.ShouldBe(3);
        Gen.Int[1, 14].SelectMany(n => Gen.Bool.Array[n * n].Select(bits => (n, bits))).Sample(g =>
        {
            var (n, bits) = g;
            var links = Enumerable.Range(0, n).Select(a => Enumerable.Range(0, n).Where(b => a != b && bits[a * n + b]).ToList()).ToArray();
            bool Linked(int a, int b) => links[a].Contains(b) || links[b].Contains(a);
            var set = SweepOptimizer.GreedyIndependent(links);
            foreach (var a in set)
                foreach (var b in set)
                    if (a != b) Linked(a, b).ShouldBeFalse($"{a} and {b} are linked");
            foreach (var c in Enumerable.Range(0, n).Except(set))
                set.Any(a => Linked(a, c)).ShouldBeTrue($"site {c} could join the set");
            SweepOptimizer.CliqueBound(links, TimeSpan.FromSeconds(1), 1).ShouldBeGreaterThanOrEqualTo(set.Count);
        }, iter: 60);
    }

    /// <summary>Stations guarded until the escort has passed and teams riding the pilot: still a valid roster (guards released only after the escort), no worse than greedy.</summary>
    [Fact]
    public void Plan_GuardedStationsAndRidingThePilot_AValidRoster_NoWorseThanGreedy()
    {
        var (plan, _, force) = Flagship.Value;
        var corridor = plan.Journey.Corridor;
        // The first 20 places: a smaller problem, so the test stays quick whatever the machine.
        var sites = SweepPlanner.SitesOf(corridor, SweepPlanner.DefaultSweepTimes, guardStations: true).Take(20).ToList();
        var riding = force with { RidePilot = true };
        var greedy = SweepPlanner.Plan(plan, sites, riding);
        var roster = SweepOptimizer.Plan(plan, sites, riding, new SweepOptions(TimeSpan.FromSeconds(20), Workers: 1));
        sites.ShouldContain(s => s.GuardUntilEscort);
        roster.TeamsUsed.ShouldBeLessThanOrEqualTo(greedy.TeamsUsed);
        roster.LowerBound.ShouldBeLessThanOrEqualTo(roster.TeamsUsed);
        Valid(plan, sites, riding, roster);
    }

    [Fact]
    public void Roster_AlwaysValid_NeverWorseThanGreedy_NeverBelowItsBound() =>
        Gen.Select(Gen.Int[40, 120], Gen.Int[3, 6], Gen.Double[2, 4], Gen.Double[20, 60], Gen.Double[8, 16])
            .Sample((agents, teamSize, openH, roadKmh, shiftH) =>
            {
                var (plan, sites, _) = Flagship.Value;
                var force = new SecurityForce(agents, teamSize, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var greedy = SweepPlanner.Plan(plan, sites, force);
                SweepRoster roster;
                try { roster = SweepOptimizer.Plan(plan, sites, force, new SweepOptions(TimeSpan.FromSeconds(2), Workers: 1)); }
                catch (InfeasibleException) { return !greedy.Feasible; } // refused only where greedy could not cover either
                Valid(plan, sites, force, roster);
                return roster.TeamsUsed >= roster.LowerBound && (!greedy.Feasible || roster.TeamsUsed <= greedy.TeamsUsed);
            }, iter: 6);

    /// <summary>
    /// The roster built from the ends of days: on the state visit a valid roster in which every guarded site ends its
    /// team's day (the team is held there until the escort passes); on random forces, shifts, windows and road speeds,
    /// valid whenever it finds one.
    /// </summary>
    [Fact]
    public void Backwards_GuardedSitesEndTheirDays_AlwaysAValidRoster()
    {
        var (plan, sites, force) = Flagship.Value;
        var ctx = SweepContext.Of(plan, sites, force);
        var roster = SweepOptimizer.Backwards(ctx, [.. ctx.Jobs.OrderBy(j => j.LatestStart)]);
        roster.ShouldNotBeNull();
        Valid(plan, sites, force, roster);
        sites.ShouldContain(s => s.GuardUntilEscort);
        foreach (var t in roster.Teams)
            t.Assignments.Take(t.Assignments.Count - 1).ShouldAllBe(a => !a.Site.GuardUntilEscort);
        var found = 0;
        Gen.Select(Gen.Int[40, 120], Gen.Int[3, 6], Gen.Double[2, 4], Gen.Double[20, 60], Gen.Double[8, 16])
            .Sample((agents, teamSize, openH, roadKmh, shiftH) =>
            {
                var f = new SecurityForce(agents, teamSize, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var c = SweepContext.Of(plan, sites, f);
                if (c.Jobs.Any(j => c.Unreachable(j) is not null)) return;
                // Built the plain way (the latest start first) and paced (decision 0014, "The capacity bound and a local search").
                foreach (var pace in new double?[] { null, 0.25, 1 })
                {
                    if (SweepOptimizer.Backwards(c, [.. c.Jobs.OrderBy(j => j.LatestStart)], pace) is not { } r) continue;
                    Valid(plan, sites, f, r);
                    found++;
                }
            }, iter: 20);
        found.ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// The one-pass check of a day (<see cref="SweepOptimizer.Holds"/>) says what timing it does: on random chains of the
    /// state visit's sites (some guarded), from random bases, with random windows, road speeds and shifts, it holds exactly
    /// when <see cref="SweepOptimizer.Time(SweepContext, IReadOnlyList{SweepJob}, Fortress.Planning.CorridorPlace)"/> times it.
    /// </summary>
    [Fact]
    public void Holds_AgreesWithTiming()
    {
        var (plan, all, _) = Flagship.Value;
        var ordered = all.OrderBy(x => x.Position).ToList();
        var agreedHolding = 0;
        Gen.Select(Gen.Int[0, 65], Gen.Int[1, 8], Gen.Int[0, 255], Gen.Double[1, 4], Gen.Double[20, 60], Gen.Double[4, 14], Gen.Int[0, 3])
            .Sample((first, count, pick, openH, roadKmh, shiftH, home) =>
            {
                var sites = ordered.Skip(first).Take(count + 4).Where((_, i) => i < 2 || (pick >> (i % 8) & 1) == 1).Take(count)
                    .Select((x, i) => x with { GuardUntilEscort = x.GuardUntilEscort || (pick >> i & 3) == 3 }).ToList();
                var force = new SecurityForce(60, 3, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var ctx = SweepContext.Of(plan, sites, force);
                var chain = ctx.Jobs.OrderBy(j => j.Pass).ToList();
                if (chain.Count == 0) return true;
                var timed = SweepOptimizer.Time(ctx, chain, ctx.Bases[home]) is not null;
                if (timed) agreedHolding++;
                return SweepOptimizer.Holds(ctx, chain, ctx.Bases[home]) == timed;
            }, iter: 2000);
        agreedHolding.ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// The local search (<see cref="SweepOptimizer.Improve"/>) on the backwards roster: on random forces, shifts, windows
    /// and road speeds over the state visit's sites, always a valid roster (every site once in its window, the guards held,
    /// shifts, roads and bases' teams kept) with never more teams; on the state visit's places with eight bases of 25 teams
    /// (the 500-site benchmark's force) it takes the paced roster's 10 teams to 9.
    /// </summary>
    [Fact]
    public void Improve_AlwaysAValidRoster_NeverMoreTeams_FewerOnAKnownCase()
    {
        var (plan, sites, _) = Flagship.Value;
        Gen.Select(Gen.Int[40, 120], Gen.Int[3, 6], Gen.Double[2, 4], Gen.Double[20, 60], Gen.Double[8, 16])
            .Sample((agents, teamSize, openH, roadKmh, shiftH) =>
            {
                var f = new SecurityForce(agents, teamSize, ["Pyongyang", "Hamhung", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var c = SweepContext.Of(plan, sites, f);
                if (c.Jobs.Any(j => c.Unreachable(j) is not null)) return;
                var jobs = c.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position).ToList();
                if (SweepOptimizer.Backwards(c, jobs) is not { } r) return;
                var (better, _) = SweepOptimizer.Improve(c, jobs, SweepOptimizer.Links(c, jobs), r, 200_000);
                Valid(plan, sites, f, better);
                better.TeamsUsed.ShouldBeLessThanOrEqualTo(r.TeamsUsed);
            }, iter: 20);

        var places = SweepPlanner.SitesOf(plan.Journey.Corridor, new Dictionary<SiteKind, Duration> { [SiteKind.Station] = Duration.FromMinutes(30), [SiteKind.PassingLoop] = Duration.FromMinutes(15) }, []);
        var eight = new SecurityForce(1000, 5, ["Pyongyang", "Hamhung", "Kimchaek", "Chongjin", "Rajin", "Khasan", "Baranovsky", "Ussuriysk"],
            Duration.FromHours(3), Duration.FromMinutes(30), Speed.FromKilometersPerHour(50));
        var ctx = SweepContext.Of(plan, places, eight);
        var ordered = ctx.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position).ToList();
        var paced = SweepOptimizer.Backwards(ctx, ordered, 0.25)!;
        var (improved, spent) = SweepOptimizer.Improve(ctx, ordered, SweepOptimizer.Links(ctx, ordered), paced, 200_000);
        Valid(plan, places, eight, improved);
        improved.TeamsUsed.ShouldBeLessThan(paced.TeamsUsed);
        spent.ShouldBeLessThanOrEqualTo(200_000 + 2 * (ctx.Bases.Count + 1));
    }

    /// <summary>
    /// The stated bound is a bound: on six neighbouring sites of the state visit, with random shifts, windows and road
    /// speeds, the fewest teams found by trying every way of splitting the sites into team days (every order of each day,
    /// from every base, timed as the roster is, within each base's teams) is never below the optimiser's bound nor above
    /// its roster; where the optimiser says optimal, it is that number.
    /// </summary>
    [Fact]
    public void Bound_NeverAboveTheFewestTeamsFoundByTryingEverySplit() =>
        Gen.Select(Gen.Int[0, 60], Gen.Double[1, 4], Gen.Double[20, 60], Gen.Double[2, 10], Gen.Int[2, 6])
            .Sample((first, openH, roadKmh, shiftH, teams) =>
            {
                var (plan, all, _) = Flagship.Value;
                var ordered = all.OrderBy(x => x.Position).ToList();
                var sites = ordered.Skip(Math.Min(first, ordered.Count - 6)).Take(6).ToList();
                var force = new SecurityForce(teams * 3, 3, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), MaxShift: Duration.FromHours(shiftH));
                var fewest = FewestTeams(SweepContext.Of(plan, sites, force));
                SweepRoster roster;
                try { roster = SweepOptimizer.Plan(plan, sites, force, new SweepOptions(TimeSpan.FromSeconds(2), Workers: 1), cache: false); }
                catch (InfeasibleException) { return fewest is null; }
                Valid(plan, sites, force, roster);
                if (fewest is not { } f) return false;
                return roster.LowerBound <= f && f <= roster.TeamsUsed && (roster.Quality!.Method != SolveMethod.Optimal || roster.TeamsUsed == f);
            }, iter: 100);

    /// <summary>
    /// The capacity bound (<see cref="SweepCapacity"/>) is a bound: on six neighbouring sites of the state visit, some of
    /// them guarded, with random shifts, windows, road speeds and riding the pilot or not, it is never above the fewest
    /// teams found by trying every split, order and base.
    /// </summary>
    [Fact]
    public void CapacityBound_NeverAboveTheFewestTeamsFoundByTryingEverySplit() =>
        Gen.Select(Gen.Int[0, 60], Gen.Double[1, 4], Gen.Double[20, 60], Gen.Double[2, 10], Gen.Int[0, 63], Gen.Bool)
            .Sample((first, openH, roadKmh, shiftH, guards, ride) =>
            {
                var (plan, all, _) = Flagship.Value;
                var ordered = all.OrderBy(x => x.Position).ToList();
                var sites = ordered.Skip(Math.Min(first, ordered.Count - 6)).Take(6).Select((x, i) => x with { GuardUntilEscort = (guards >> i & 1) == 1 }).ToList();
                var force = new SecurityForce(72, 3, ["Pyongyang", "Chongjin", "Khasan", "Ussuriysk"], Duration.FromHours(openH), Duration.FromMinutes(30),
                    Speed.FromKilometersPerHour(roadKmh), RidePilot: ride, MaxShift: Duration.FromHours(shiftH));
                var ctx = SweepContext.Of(plan, sites, force);
                if (ctx.Jobs.Any(j => ctx.Unreachable(j) is not null)) return true;
                var jobs = ctx.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position).ToList();
                var bound = SweepCapacity.Bound(ctx, jobs, SweepOptimizer.Links(ctx, jobs));
                return FewestTeams(ctx) is not { } fewest || bound <= fewest;
            }, iter: 300);

    /// <summary>
    /// The capacity bound sees what the clique and matching bounds do not (time held guarding, the drive out, the window a
    /// day keeps to): on the state visit it is above both, and never above the roster proven optimal.
    /// </summary>
    [Fact]
    public void CapacityBound_OnTheStateVisit_AboveTheCliqueAndMatching_NeverAboveTheRoster()
    {
        var (plan, sites, force) = Flagship.Value;
        var ctx = SweepContext.Of(plan, sites, force);
        var jobs = ctx.Jobs.OrderBy(j => j.LatestStart).ThenBy(j => j.Site.Position).ToList();
        var links = SweepOptimizer.Links(ctx, jobs);
        var bound = SweepCapacity.Bound(ctx, jobs, links);
        bound.ShouldBeGreaterThan(SweepOptimizer.CliqueBound(links, TimeSpan.FromSeconds(5), 1));
        bound.ShouldBeGreaterThan(jobs.Count - SweepOptimizer.HopcroftKarp(jobs.Count, links).Count(x => x >= 0));
        bound.ShouldBeLessThanOrEqualTo(SweepOptimizer.Plan(plan, sites, force, Exact).TeamsUsed);
    }

    /// <summary>The fewest team days that sweep every site once (null: none), by trying every split, order and base.</summary>
    private static int? FewestTeams(SweepContext ctx)
    {
        var jobs = ctx.Jobs;
        var n = jobs.Count;
        // Per subset of sites: the bases from which some order of them makes a day.
        var from = new List<int>[1 << n];
        for (var mask = 1; mask < 1 << n; mask++)
        {
            from[mask] = [];
            var members = Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1).Select(i => jobs[i]).ToList();
            for (var b = 0; b < ctx.Bases.Count; b++)
                if (Orders(members).Any(o => SweepOptimizer.Time(ctx, o, ctx.Bases[b]) is not null)) from[mask].Add(b);
        }
        int? best = null;
        void Split(int left, List<int> blocks)
        {
            if (best is { } known && blocks.Count >= known) return;
            if (left == 0)
            {
                if (Assign(blocks, 0, (int[])ctx.PerBase.Clone())) best = blocks.Count;
                return;
            }
            var low = left & -left; // the lowest site left goes into the next block
            for (var sub = left; sub > 0; sub = (sub - 1) & left)
            {
                if ((sub & low) == 0 || from[sub].Count == 0) continue;
                blocks.Add(sub);
                Split(left & ~sub, blocks);
                blocks.RemoveAt(blocks.Count - 1);
            }
        }
        bool Assign(List<int> blocks, int k, int[] left)
        {
            if (k == blocks.Count) return true;
            foreach (var b in from[blocks[k]])
            {
                if (left[b] == 0) continue;
                left[b]--;
                if (Assign(blocks, k + 1, left)) return true;
                left[b]++;
            }
            return false;
        }
        Split((1 << n) - 1, []);
        return best;
    }

    private static IEnumerable<List<SweepJob>> Orders(List<SweepJob> items)
    {
        if (items.Count <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Count; i++)
            foreach (var rest in Orders([.. items.Take(i), .. items.Skip(i + 1)]))
                yield return [items[i], .. rest];
    }

    [Fact]
    public void ASiteNoTeamCanSweepInItsWindow_IsRefusedByName()
    {
        var (plan, sites, force) = Flagship.Value;
        // Ten minutes to sweep what takes thirty.
        var ex = Should.Throw<InfeasibleException>(() => SweepOptimizer.Plan(plan, sites, force with { WindowOpen = Duration.FromMinutes(15), WindowClose = Duration.FromMinutes(5) }, Exact));
        ex.Message.ShouldContain("site Vladivostok");
        ex.Message.ShouldContain("shorter than the 30 min sweep");
    }

    [Fact]
    public void TooFewAgents_IsRefused_SayingHowManyTeamsAreNeeded()
    {
        var (plan, sites, force) = Flagship.Value;
        var ex = Should.Throw<InfeasibleException>(() => SweepOptimizer.Plan(plan, sites, force with { Agents = 10 }, Exact));
        ex.Message.ShouldContain("too few agents");
    }

    [Fact]
    public void AShorterShift_NeverNeedsFewerTeams()
    {
        var (plan, sites, force) = Flagship.Value;
        var twelve = SweepOptimizer.Plan(plan, sites, force, Exact);
        var eight = SweepOptimizer.Plan(plan, sites, force with { MaxShift = Duration.FromHours(8) }, Exact);
        // A roster within 8-hour shifts is one within 12-hour shifts too, so it cannot need fewer teams than any proven
        // bound of the 12-hour problem (nor than the 12-hour optimum, where that is proven).
        eight.TeamsUsed.ShouldBeGreaterThanOrEqualTo(twelve.LowerBound);
        if (twelve.Quality!.Method == SolveMethod.Optimal) eight.TeamsUsed.ShouldBeGreaterThanOrEqualTo(twelve.TeamsUsed);
        Valid(plan, sites, force with { MaxShift = Duration.FromHours(8) }, eight);
    }

    /// <summary>
    /// Every site swept once, inside its window; a team never at two sites at once and never faster than the road (or
    /// the pilot, where it rides); every team within its shift from leaving its base; no base sends more teams than it has.
    /// </summary>
    private static void Valid(ConvoyPlan plan, IReadOnlyList<SweepSite> sites, SecurityForce force, SweepRoster roster)
    {
        roster.Feasible.ShouldBeTrue();
        var pilot = plan.Front;
        var escort = plan.Rear;
        roster.Teams.SelectMany(t => t.Assignments).Select(a => a.Site).ShouldBe(sites, ignoreOrder: true);
        var corridor = plan.Journey.Corridor;
        double Road(Position a, Position b) => Math.Abs((a - b).Meters) * force.RoadDetour / force.RoadSpeed.MetersPerSecond;
        var perBase = force.Bases.ToDictionary(b => b, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var team in roster.Teams.Where(t => t.Assignments.Count > 0))
        {
            perBase[team.Base]++;
            var home = corridor.Find(team.Base, "test").Position;
            for (var i = 0; i < team.Assignments.Count; i++)
            {
                var a = team.Assignments[i];
                var pass = pilot.TimeAt(a.Site.Position)!.Value;
                a.Start.ShouldBeGreaterThanOrEqualTo(pass - NodaTime.Duration.FromSeconds(force.WindowOpen.Seconds) - NodaTime.Duration.FromMilliseconds(1));
                a.End.ShouldBeLessThanOrEqualTo(pass - NodaTime.Duration.FromSeconds(force.WindowClose.Seconds) + NodaTime.Duration.FromMilliseconds(1));
                a.Start.ShouldBeGreaterThanOrEqualTo(a.Arrive);
                // A guarded site is held until the last train of the convoy has passed.
                if (a.Site.GuardUntilEscort) a.ReleasedAt.ShouldBeGreaterThanOrEqualTo(escort.TimeAt(a.Site.Position) ?? pass);
                if (i == 0) continue;
                var prev = team.Assignments[i - 1];
                a.Start.ShouldBeGreaterThanOrEqualTo(prev.ReleasedAt);
                if (a.Via is null) (a.Arrive - prev.ReleasedAt).TotalSeconds.ShouldBeGreaterThanOrEqualTo(Road(prev.Site.Position, a.Site.Position) - 1e-3);
            }
            var left = team.Assignments[0].Start - NodaTime.Duration.FromSeconds(Road(home, team.Assignments[0].Site.Position));
            (team.Assignments[^1].ReleasedAt - left).TotalSeconds.ShouldBeLessThanOrEqualTo(force.Shift.Seconds + 1e-3);
        }
        var teams = force.Teams;
        for (var i = 0; i < force.Bases.Count; i++)
            perBase[force.Bases[i]].ShouldBeLessThanOrEqualTo(teams / force.Bases.Count + (i < teams % force.Bases.Count ? 1 : 0));
    }
}
