using System.Diagnostics;
using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Optimisation;
using Fortress.Planning;
using Fortress.Units;
using Google.OrTools.Sat;
using NodaTime;

namespace Fortress.Clearance;

/// <summary>
/// The line clearance as an optimisation (decision 0014), solved by Google OR-Tools CP-SAT and warm-started with the
/// greedy dispatcher's answer (<see cref="LineClearance"/>).
/// <para>
/// <b>Decisions.</b> For every regular train: how many whole minutes it waits at each place on its way where it can stand
/// (its origin: it runs later; a station or passing loop with a holding track, <see cref="ClearanceSettings.HoldTracks"/>;
/// a stop of its own), or that it is cancelled. Several waits per train are allowed (a train on single track may have to
/// cross two late trains at two loops). Where the train would only pass, a wait is a stop: braking to it and starting
/// again cost the time the running-time engine gives for that stop (<see cref="PlacedTrain.WithStopsAt"/>).
/// </para>
/// <para>
/// <b>Constraints.</b> The convoy's blocking times are fixed; no regular blocking time may overlap one of them on the
/// same block (opposing trains on single track, same direction on double track). No two regular trains may overlap on a
/// block unless they already did in their own timetable (<see cref="LineClearance.TrafficBaseline.Conflicted"/>): the
/// knock-on conflicts of the orders are solved, not counted. No more trains stand held at a place at once than it has
/// holding tracks. A train waits at most <see cref="ClearanceOptions.MaxHold"/> in all.
/// </para>
/// <para>
/// <b>Objective.</b> Σ weight × delay at the destination + Σ weight × cancellation cost (<see cref="ClearanceSettings"/>),
/// in weighted minutes.
/// </para>
/// <para>
/// <b>Model.</b> Per train and place, three delays (seconds): on arrival (braking for a stop included), on departure
/// (the wait added) and beyond (starting again included). Every blocking time starts no earlier than its timetabled start
/// plus the departure delay of the last place before it that moves it, and ends no later than its timetabled end plus the
/// delay of the last place that touches it (the three delays bound the true delay on either side, rounded outwards to the
/// second), so a solution of the model is conflict-free as the engine times it; it is re-checked to be sure.
/// Conflicts become no-overlap constraints per block (pairwise where two trains already overlapped in their timetable);
/// holding tracks cumulative constraints per place. Only trains that can matter are modelled (lazy expansion): first
/// those in the convoy's way; a solution that collides with a train left out brings that train in, and the model is
/// solved again. A solution colliding with no train left out solves the whole problem, and a bound over fewer trains
/// bounds the whole problem (leaving trains out only relaxes it), so "optimal" is proven for the whole traffic.
/// </para>
/// <para>
/// <b>Search.</b> Within the limit (counted in work, <see cref="CpSat"/>): first the dispatcher's answer is improved by
/// large-neighbourhood search (<see cref="Context.Improve"/>: a costly train and the trains it may meet solved again with
/// every other train fixed as it runs, each neighbourhood's delays capped by what it costs now; every step an answer);
/// then the lazy expansion above proves what it can with that answer as cut-off; if the limit ends it first, each
/// component's best answer is searched further the same way. The bound is the larger of the expansion's and the sum of
/// each train's own cheapest way out of the convoy's way, and of pairs where they cost more together
/// (<see cref="Packing"/>). Without a proof the answer is "bounded", with its gap.
/// </para>
/// </summary>
public static class ClearanceOptimizer
{
    /// <summary>What the objective counts.</summary>
    public const string Unit = "weighted minutes of delay";

    private const long Minute = 60; // model time unit: the second
    private const long Probe = 10; // minutes: the second wait at which blocking times are computed to see which ones move
    private const int WeightScale = 100; // weights to integers: 0.01 resolution; the objective counts weighted seconds × 100
    private const double ObjectivePerMinute = 60.0 * WeightScale;

    /// <summary>
    /// The share of the limit the lazy expansion may use before the rest goes to answers that hold whatever the trains left
    /// out do (the expansion proves; the rest makes sure a search cut short still returns its best, not the dispatcher's).
    /// </summary>
    private const double ExpansionShare = 0.8;

    /// <summary>The share of the limit the first improvement of the dispatcher's answer may use (<see cref="Context.Improve"/>).</summary>
    private const double ImproveShare = 0.6;

    /// <summary>
    /// A lower bound from bounds of small sets of trains: the best found partition of the trains into sets with a bound
    /// (each train alone, or a pair), summed. Valid because each set's own problem keeps only the convoy and its trains, so
    /// any answer restricted to a set costs at least that set's bound, and the costs of disjoint sets add up.
    /// </summary>
    private static double Packing(IReadOnlyList<(string[] Set, double Bound)> small)
    {
        var alone = small.Where(x => x.Set.Length == 1).ToDictionary(x => x.Set[0], x => x.Bound, StringComparer.Ordinal);
        var total = alone.Values.Sum();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (set, b) in small.Where(x => x.Set.Length == 2)
                     .Select(x => (x.Set, Gain: x.Bound - x.Set.Sum(id => alone.GetValueOrDefault(id))))
                     .OrderByDescending(x => x.Gain).ThenBy(x => string.Join("|", x.Set), StringComparer.Ordinal))
        {
            if (b <= 1e-9 || set.Any(used.Contains)) continue;
            total += b;
            foreach (var id in set) used.Add(id);
        }
        return total;
    }

    /// <summary>What a combination of choices costs in the model (weighted minutes; the cost of each stop rounded to the second).</summary>
    private static double Objective(Context ctx, Dictionary<string, Choice> choices) => choices.Sum(x => ctx.ModelCost(x.Key, x.Value)) / ObjectivePerMinute;

    /// <summary>The optimal (or bounded, when the time limit ends the search) clearance; see the class summary.</summary>
    /// <exception cref="InfeasibleException">A train that can be neither held nor cancelled, or no combination of orders works (named).</exception>
    /// <param name="cache">Reuse an answer found earlier in this process for the same problem (default); false: solve again (benchmarks).</param>
    public static ClearanceResult Solve(ClearanceProblem problem, ClearanceSettings settings, bool cache = true)
    {
        var key = Fingerprint(problem, settings);
        if (cache && Cache.TryGet(key, out var hit))
        {
            var c = new Context(problem, settings, problem.Baseline);
            if (hit.Choices is null) return LineClearance.SolveGreedy(problem, settings) with { Quality = hit.Quality };
            var before0 = new List<Conflict>();
            foreach (var t in problem.Traffic) before0.AddRange(LineClearance.ConvoyConflicts(problem.Baseline.Occupations[t.Train.Id], problem.ConvoyByBlock));
            before0.Sort(ConflictDetector.Order);
            return Assemble(c, hit.Choices, before0, null) with { Quality = hit.Quality };
        }
        var solved = SolveUncached(problem, settings, out var choices);
        if (solved.Quality is { } q) Cache.Put(key, new Cached(choices, q));
        return solved;
    }

    private sealed record Cached(Dictionary<string, Choice>? Choices, Optimality Quality);

    /// <summary>Answers already found in this process, by the fingerprint of their problem (<see cref="SolveCache{T}"/>).</summary>
    private static readonly SolveCache<Cached> Cache = new();

    /// <summary>The problem written out: settings, the convoy's blocking times, every regular train's identity and run.</summary>
    private static string Fingerprint(ClearanceProblem p, ClearanceSettings s)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(s.Method).Append('|').Append(s.Workers).Append('|').Append(s.TimeLimit.Ticks).Append('|').Append(s.CancellationCost.TotalSeconds).Append('|')
          .Append(s.Options).Append('|').Append(p.Parameters).Append('|').Append(p.Corridor.Name).Append('|').Append(p.ConvoyForward).Append('\n');
        foreach (var (k, v) in s.Categories.OrderBy(x => x.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(v).Append(';');
        foreach (var (k, v) in s.HoldTracks.OrderBy(x => x.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(v).Append(';');
        sb.Append('\n');
        foreach (var o in p.Convoy) sb.Append(o.TrainId).Append(' ').Append(o.InfrastructureId).Append(' ').Append(o.Start.ToUnixTimeTicks()).Append(' ').Append(o.End.ToUnixTimeTicks()).Append('\n');
        foreach (var t in p.Traffic)
            sb.Append(t.Train.Id).Append(' ').Append(t.Train.Category).Append(' ').Append(t.Departure.ToUnixTimeTicks()).Append(' ').Append(t.From.Meters).Append(' ').Append(t.To.Meters)
              .Append(' ').Append(Math.Round(t.Movement.EndTime.Seconds, 3)).Append(' ').Append(t.Length.Meters).Append(' ').Append(t.WithStopAt is not null).Append('\n');
        return SolveCache<Cached>.Fingerprint(sb);
    }

    private static ClearanceResult SolveUncached(ClearanceProblem problem, ClearanceSettings settings, out Dictionary<string, Choice>? choices)
    {
        choices = null;
        var clock = Stopwatch.StartNew();
        var baseline = problem.Baseline;
        var ctx = new Context(problem, settings, baseline);
        var inTheWay = LineClearance.InTheWay(problem, baseline);
        var before = new List<Conflict>();
        foreach (var t in problem.Traffic) before.AddRange(LineClearance.ConvoyConflicts(baseline.Occupations[t.Train.Id], problem.ConvoyByBlock));
        before.Sort(ConflictDetector.Order);
        if (inTheWay.Count == 0)
            return Assemble(ctx, [], before, new Optimality(0, 0, SolveMethod.Optimal, Unit, clock.Elapsed) { FirstFeasible = clock.Elapsed });

        ClearanceResult? greedy = null;
        try { greedy = LineClearance.SolveGreedy(problem, settings); }
        catch (InfeasibleException) { /* the dispatcher fails where a combination may still exist: the model decides */ }
        var greedyTime = clock.Elapsed;
        var greedyFeasible = greedy is not null && greedy.KnockOnConflicts == 0 && greedy.ConflictsAfter.Count == 0;
        var greedyCost = greedy is null ? (double?)null : Objective(problem, settings, greedy);

        var members = new HashSet<string>(inTheWay, StringComparer.Ordinal);
        // The dispatcher's re-timed trains are where knock-on conflicts arise: model them from the start.
        if (greedy is not null) foreach (var id in greedy.DelayByTrain.Keys.Concat(greedy.Cancelled)) members.Add(id);
        var hint = greedy is null ? new Dictionary<string, Choice>(StringComparer.Ordinal) : ctx.ChoicesOf(greedy);
        (List<List<string>> Components, Dictionary<string, Choice> Combined)? last = null;
        // The dispatcher's cost per train: a component's share of it bounds the component's optimum from above.
        var greedyShare = greedy is null || !greedyFeasible ? null : CostByTrain(problem, settings, greedy);
        double bound = 0;
        Dictionary<string, Choice>? incumbent = null;
        double? incumbentCost = null;
        var proven = false;
        var cuts = new List<(string Train, Choice A, string? Other, Choice? B)>();
        TimeSpan? firstFeasible = greedyFeasible ? greedyTime : null;
        var deadline = settings.TimeLimit;
        // The expansion's share of the limit: what is left then goes to making each component's answer feasible
        // with the trains left out held as timetabled, so that a search cut short still improves on the dispatcher.
        var expansion = deadline * ExpansionShare;
        // The best answer known, per train (every train not in it runs as timetabled), and what each train costs in it.
        var known = new Dictionary<string, Choice>(hint, StringComparer.Ordinal);
        var knownShare = greedyShare;
        Dictionary<string, Choice>? improvedAnswer = null;
        if (greedyFeasible && greedyShare is not null)
        {
            // First the dispatcher's answer improved neighbourhood by neighbourhood (every step an answer): a good answer
            // early, whatever the proof below achieves, and a cut-off for it.
            var improveEnd = deadline * ImproveShare;
            var comps = ctx.Components(members);
            var all = new Dictionary<string, Choice>(hint, StringComparer.Ordinal);
            for (var c = 0; c < comps.Count; c++)
            {
                var left = improveEnd - ctx.Work.Elapsed;
                if (left <= TimeSpan.FromMilliseconds(20)) break;
                var comp = comps[c];
                var share = left * comp.Count / comps.Skip(c).Sum(x => x.Count);
                var from = comp.ToDictionary(id => id, id => hint.GetValueOrDefault(id) ?? new Choice(ChoiceKind.Unchanged), StringComparer.Ordinal);
                var (better, _) = ctx.Improve(comp, from, cuts, share, settings.Workers);
                foreach (var (id, ch) in better) all[id] = ch;
            }
            var wrongA = ctx.Verify(all);
            if (wrongA.Count == 0)
            {
                improvedAnswer = all;
                foreach (var (id, ch) in all) known[id] = hint[id] = ch;
                knownShare = all.ToDictionary(x => x.Key, x => ctx.ModelCost(x.Key, x.Value) / ObjectivePerMinute, StringComparer.Ordinal);
            }
        }
        // Components solved so far, by their trains (and the cuts known when they were solved).
        var solved = new Dictionary<string, (CpSolverStatus Status, Dictionary<string, Choice>? Solution, double Objective, double Bound)>(StringComparer.Ordinal);

        // Lazy expansion on the relaxation (trains left out ignored), component by component: trains that cannot meet
        // (directly or through others) are independent problems, their optima and bounds add up. If time runs out first,
        // one solve with the trains left out held as timetabled (every solution of it feasible).
        for (var round = 0; ; round++)
        {
            if (expansion - ctx.Work.Elapsed <= TimeSpan.FromMilliseconds(50)) break;
            if (clock.Elapsed > deadline * CpSat.Backstop) break; // the wall-clock backstop (CpSat): a machine far slower than the reference
            var components = ctx.Components(members);
            var combined = new Dictionary<string, Choice>(StringComparer.Ordinal);
            double objectiveSum = 0, boundSum = 0;
            var allProven = true;
            var complete = true;
            for (var c = 0; c < components.Count; c++)
            {
                var comp = components[c];
                var key = string.Join("|", comp) + "#" + cuts.Count;
                if (!solved.TryGetValue(key, out var r))
                {
                    var left = expansion - ctx.Work.Elapsed;
                    if (left <= TimeSpan.FromMilliseconds(20)) { complete = false; boundSum += ctx.AloneBound(comp, settings.Workers); continue; }
                    var share = left * 0.8 * comp.Count / components.Skip(c).Sum(x => x.Count);
                    double? cutoff = knownShare is null ? null : comp.Sum(id => knownShare.GetValueOrDefault(id));
                    var small = comp.Count > 1 ? ctx.SmallBounds(comp, share * 0.2, settings.Workers) : null;
                    var end = ctx.Work.Elapsed + share;
                    TimeSpan Rest() => end - ctx.Work.Elapsed;
                    var model = ctx.Build(comp, hint, restricted: false, cuts, cutoff, bounds: small);
                    r = model.Solve(Rest() * (small is null ? 1 : 0.4), settings.Workers);
                    if (r.Status == CpSolverStatus.Infeasible && cutoff is not null)
                        r = ctx.Build(comp, hint, restricted: false, cuts, null, bounds: small).Solve(Rest() * 0.5, settings.Workers);
                    if (r.Solution is not null && r.Status != CpSolverStatus.Optimal && small is not null)
                    {
                        // No better answer lets a train lose more than the best found less what the others must lose at
                        // least: cap every train's delay so, and search again in the much smaller space.
                        var alone = small.Where(x => x.Set.Length == 1).ToDictionary(x => x.Set[0], x => x.Bound, StringComparer.Ordinal);
                        var total = alone.Values.Sum();
                        var caps = new Dictionary<string, long>(StringComparer.Ordinal);
                        foreach (var id in comp)
                        {
                            var info = ctx.Info(id);
                            if (info.Weight <= 0) continue;
                            var spare = r.Objective + 0.01 - (total - alone.GetValueOrDefault(id));
                            caps[id] = (long)Math.Floor(Math.Max(0, spare) * ObjectivePerMinute / info.Weight);
                        }
                        var tight = ctx.Build(comp, r.Solution, restricted: false, cuts, r.Objective, bounds: small, caps: caps);
                        var r2 = tight.Solve(Rest(), settings.Workers);
                        if (r2.Solution is not null && r2.Objective <= r.Objective + 1e-9) r = r2 with { Bound = Math.Max(r.Bound, r2.Bound) };
                        else r = r with { Bound = Math.Max(r.Bound, Math.Min(r.Objective, r2.Status == CpSolverStatus.Infeasible ? r.Objective : r2.Bound)) };
                    }
                    // Trains of different sets of a partition are kept apart by nothing in the sets' own problems: the
                    // best partition of the small bounds bounds the component too (often above the solver's own bound).
                    if (small is not null && r.Status != CpSolverStatus.Optimal) r = r with { Bound = Math.Max(r.Bound, Packing(small)) };
                    else if (small is null && comp.Count == 1 && r.Status != CpSolverStatus.Optimal) r = r with { Bound = Math.Max(r.Bound, ctx.AloneBound(comp, settings.Workers)) };
                    if (r.Status == CpSolverStatus.Infeasible)
                        throw new InfeasibleException("clearance.impossible", "no combination of holds and cancellations clears the line: "
                            + string.Join(", ", comp.Select(ctx.Info).Where(i => !i.MayCancel).Select(i => $"train {i.Train.Train.Number}").DefaultIfEmpty("the holding tracks are too few")) + " may not be cancelled");
                    solved[key] = r;
                }
                boundSum += r.Bound;
                if (r.Solution is null) { complete = false; allProven = false; continue; }
                foreach (var (id, ch) in r.Solution) combined[id] = ch;
                objectiveSum += r.Objective;
                allProven &= r.Status == CpSolverStatus.Optimal;
            }
            // Every component's bound holds whether or not the round finished (a relaxation: trains left out ignored).
            bound = Math.Max(bound, boundSum);
            last = (components, combined);
            if (!complete || combined.Count < members.Count) break;
            // Collisions with trains left out bring them in.
            var newcomers = ctx.Collisions(members, combined);
            if (newcomers.Count > 0)
            {
                foreach (var n in newcomers) members.Add(n);
                foreach (var (id, ch) in combined) hint[id] = ch;
                continue;
            }
            // Every blocking time re-checked as the running-time engine gives it.
            var wrong = ctx.Verify(combined);
            if (wrong.Count > 0) { cuts.AddRange(wrong); foreach (var (id, ch) in combined) hint[id] = ch; continue; }
            incumbent = combined;
            incumbentCost = objectiveSum;
            firstFeasible ??= clock.Elapsed;
            proven = allProven;
            if (proven) bound = objectiveSum;
            break;
        }

        if (incumbent is null && !proven)
        {
            // Out of time before the relaxation closed: per component, the best of its last answer (where it collides with
            // no train left out), an answer with the trains left out held as timetabled (respected), and the dispatcher's
            // orders for its trains (they leave every other train as timetabled). Components cannot meet, so the best of
            // each together is an answer.
            var components = ctx.Components(members);
            var combined = new Dictionary<string, Choice>(StringComparer.Ordinal);
            double sum = 0;
            var whole = true;
            for (var c = 0; c < components.Count && whole; c++)
            {
                var comp = components[c];
                Dictionary<string, Choice>? best = null;
                var bestCost = double.PositiveInfinity;
                if (knownShare is not null) { best = comp.ToDictionary(id => id, id => known.GetValueOrDefault(id) ?? new Choice(ChoiceKind.Unchanged), StringComparer.Ordinal); bestCost = comp.Sum(id => knownShare.GetValueOrDefault(id)); }
                var mine = last?.Combined is { } lc && comp.All(lc.ContainsKey) ? comp.ToDictionary(id => id, id => lc[id], StringComparer.Ordinal) : null;
                var mineCost = mine is null ? double.NaN : Objective(ctx, mine);
                if (mine is not null && mineCost < bestCost && ctx.Collisions(members, mine).Count == 0) (best, bestCost) = (mine, mineCost);
                var left = deadline - ctx.Work.Elapsed;
                var share = left * comp.Count / components.Skip(c).Sum(x => x.Count);
                var end = ctx.Work.Elapsed + share;
                if (share > TimeSpan.FromMilliseconds(20) && best is null)
                {
                    // No answer yet: one search over the whole component, from the relaxation's answer.
                    var from = new Dictionary<string, Choice>(hint, StringComparer.Ordinal);
                    if (mine is not null) foreach (var (id, ch) in mine) from[id] = ch;
                    var r = ctx.Build(comp, from, restricted: true, cuts, null).Solve(share, settings.Workers);
                    if (r.Solution is not null) (best, bestCost) = (r.Solution, r.Objective);
                }
                if (best is not null && bestCost > 1e-9 && end - ctx.Work.Elapsed > TimeSpan.FromMilliseconds(20))
                {
                    // Then neighbourhood by neighbourhood.
                    var (improved, cost) = ctx.Improve(comp, best, cuts, end - ctx.Work.Elapsed, settings.Workers);
                    if (cost / ObjectivePerMinute < bestCost - 1e-9) (best, bestCost) = (improved, cost / ObjectivePerMinute);
                }
                if (best is null) { whole = false; break; }
                foreach (var (id, ch) in best) combined[id] = ch;
                sum += bestCost;
            }
            if (whole && combined.Count > 0 && ctx.Verify(combined).Count == 0)
            {
                incumbent = combined;
                incumbentCost = sum;
                firstFeasible ??= clock.Elapsed;
            }
            else if (improvedAnswer is not null)
            {
                incumbent = improvedAnswer;
                incumbentCost = improvedAnswer.Sum(x => ctx.ModelCost(x.Key, x.Value)) / ObjectivePerMinute;
            }
        }
        // No answer can beat each train's own cheapest way out of the convoy's way.
        bound = Math.Max(bound, ctx.AloneBound([.. inTheWay], settings.Workers));

        if (incumbent is null)
        {
            // Nothing better than the dispatcher's answer (or none at all within the limit).
            if (greedy is null) throw new InfeasibleException("clearance.timeout", $"no clearance found within {settings.TimeLimit.TotalSeconds:0.#} s; give the solver more time (clearance.timeLimitSeconds)");
            var cost = greedyCost!.Value;
            var method = !greedyFeasible ? SolveMethod.Greedy : proven || bound >= cost - 1e-6 ? SolveMethod.Optimal : SolveMethod.Bounded;
            choices = null;
            return greedy with { Quality = new Optimality(cost, Math.Min(bound, cost), method, Unit, clock.Elapsed) { FirstFeasible = firstFeasible } };
        }
        var result = Assemble(ctx, incumbent, before, null);
        choices = incumbent;
        // The objective as the engine times the orders (the model rounds the cost of each stop to the second).
        var objective = Objective(problem, settings, result);
        var optimal = proven || bound >= incumbentCost!.Value - 1e-6;
        if (greedyFeasible && greedyCost < objective - 1e-6)
        {
            choices = null;
            return greedy! with { Quality = new Optimality(greedyCost.Value, Math.Min(bound, greedyCost.Value), optimal ? SolveMethod.Optimal : SolveMethod.Bounded, Unit, clock.Elapsed) { FirstFeasible = firstFeasible } };
        }
        return result with
        {
            Quality = new Optimality(objective, Math.Min(optimal ? objective : bound, objective), optimal ? SolveMethod.Optimal : SolveMethod.Bounded, Unit, clock.Elapsed) { FirstFeasible = firstFeasible },
        };
    }

    /// <summary>
    /// A lower bound of the objective (weighted minutes) that no clearance can beat: each train in the convoy's way must at
    /// least take its own cheapest way out of the convoy's way (ignoring every other regular train and the holding
    /// tracks), each found exactly by CP-SAT on that train alone.
    /// </summary>
    public static double LowerBound(ClearanceProblem problem, ClearanceSettings settings)
    {
        var ctx = new Context(problem, settings, problem.Baseline);
        var ids = LineClearance.InTheWay(problem, ctx.Baseline).Order(StringComparer.Ordinal).ToArray();
        if (ids.Any(id => ctx.Alone(id, settings.Workers).Infeasible)) return double.PositiveInfinity;
        return Math.Round(ctx.AloneBound(ids, settings.Workers), 6);
    }

    /// <summary>The objective of a clearance's answer: Σ weight × delay minutes + Σ weight × cancellation minutes.</summary>
    public static double Objective(ClearanceProblem problem, ClearanceSettings settings, ClearanceResult result) =>
        Math.Round(CostByTrain(problem, settings, result).Values.Sum(), 6);

    /// <summary>Each re-timed or cancelled train's share of the objective (weighted minutes).</summary>
    private static Dictionary<string, double> CostByTrain(ClearanceProblem problem, ClearanceSettings settings, ClearanceResult result)
    {
        var byId = problem.Traffic.ToDictionary(t => t.Train.Id, StringComparer.Ordinal);
        var cost = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, d) in result.DelayByTrain) cost[id] = Scaled(settings.RuleFor(byId[id].Train).Weight) * Math.Round(d.TotalSeconds) / ObjectivePerMinute;
        foreach (var id in result.Cancelled) cost[id] = CancelCost(settings, Scaled(settings.RuleFor(byId[id].Train).Weight)) / ObjectivePerMinute;
        return cost;
    }

    private static long Scaled(double weight) => (long)Math.Round(Math.Max(0, weight) * WeightScale);
    private static long CancelCost(ClearanceSettings s, long weight) => (long)Math.Round(weight * s.CancellationCost.TotalSeconds);

    /// <summary>The result of a solution: orders, the traffic as it will run, and the re-check of every blocking time.</summary>
    private static ClearanceResult Assemble(Context ctx, Dictionary<string, Choice> solution, List<Conflict> before, Optimality? quality)
    {
        var problem = ctx.Problem;
        var orders = new List<ClearanceOrder>();
        var delays = new Dictionary<string, NodaTime.Duration>(StringComparer.Ordinal);
        var cancelled = new HashSet<string>(StringComparer.Ordinal);
        var traffic = new List<PlacedTrain>();
        var final = new List<BlockOccupation>(problem.Convoy);
        foreach (var t in problem.Traffic.OrderBy(t => t.Departure))
        {
            if (!solution.TryGetValue(t.Train.Id, out var ch) || ch.Kind == ChoiceKind.Unchanged)
            {
                traffic.Add(t);
                final.AddRange(ctx.Baseline.Occupations[t.Train.Id]);
                continue;
            }
            if (ch.Kind == ChoiceKind.Cancel)
            {
                cancelled.Add(t.Train.Id);
                orders.Add(new ClearanceOrder(t.Train.Id, t.Train.Number, OrderKind.Cancel, problem.Corridor.PlaceAt(t.From).Name, problem.Corridor.PlaceAt(t.From).Zone, t.Departure, null, NodaTime.Duration.Zero));
                continue;
            }
            var info = ctx.Info(t.Train.Id);
            var moved = ctx.Moved(info, ch);
            var delay = NodaTime.Duration.FromSeconds(moved.Movement.EndTime.Seconds - t.Movement.EndTime.Seconds);
            delays[t.Train.Id] = delay;
            orders.AddRange(ctx.OrdersFor(info, ch, moved));
            traffic.Add(moved);
            final.AddRange(ctx.Occupations(info, ch));
        }
        // The re-check: every blocking time, convoy and regular, through the conflict detector.
        var (convoyLeft, knockOn) = ctx.Recheck(final);
        return new ClearanceResult(orders, before, convoyLeft, traffic, delays, cancelled, knockOn, quality);
    }

    internal enum ChoiceKind { Unchanged, Cancel, Hold }

    /// <summary>What a train is told: nothing, cancel, or wait <see cref="Waits"/>[k] whole minutes at its k-th hold point.</summary>
    internal sealed record Choice(ChoiceKind Kind, int[]? Waits = null)
    {
        public bool Same(Choice other) => Kind == other.Kind && (Kind != ChoiceKind.Hold || Waits!.SequenceEqual(other.Waits!));
    }

    /// <summary>How a delay variable of a train is referred to: none, or the arrival/departure/beyond delay at hold point k.</summary>
    internal readonly record struct DelayRef(int Point, DelayAt At)
    {
        public static DelayRef None => new(-1, DelayAt.Arrival);
        public bool IsNone => Point < 0;
    }

    internal enum DelayAt { Arrival, Departure, Beyond }

    /// <summary>A place where a train may wait, with what stopping there costs it.</summary>
    internal sealed class HoldPoint
    {
        public required (CorridorPlace Place, Position Along, bool Stops) Call { get; init; }
        /// <summary>Whether the train would only pass (a wait there is a stop that costs braking and starting).</summary>
        public required bool Pass { get; init; }
        /// <summary>Seconds lost arriving (braking), standing (the fixed stand-in where the engine cannot re-time) and starting again (rounded up).</summary>
        public required long Brake { get; init; }
        public required long Stand { get; init; }
        public required long Accel { get; init; }
        /// <summary>Whole seconds the stop costs by itself (objective).</summary>
        public required long PenaltySeconds { get; init; }
        /// <summary>Whether waiting here takes a holding track (not at the origin).</summary>
        public required bool Stands { get; init; }
        /// <summary>As timetabled: arrival and departure at the place (seconds from the reference).</summary>
        public required long Arrive { get; init; }
        public required long Leave { get; init; }
    }

    /// <summary>A regular train as the model sees it.</summary>
    internal sealed class TrainInfo
    {
        public required PlacedTrain Train { get; init; }
        public required IReadOnlyList<BlockSection> Path { get; init; }
        public required IReadOnlyList<BlockOccupation> Baseline { get; init; }
        public required long Weight { get; init; }
        public required long CancelCost { get; init; }
        public required bool MayCancel { get; init; }
        public required bool UnchangedOk { get; init; }
        public required long[] S0 { get; init; }
        public required long[] E0 { get; init; }
        public required DelayRef[] SRef { get; init; }
        public required DelayRef[] ERef { get; init; }
        public required List<HoldPoint> Points { get; init; }
    }

    /// <summary>Everything the model needs, computed once per train and kept across the expansion rounds.</summary>
    internal sealed class Context(ClearanceProblem problem, ClearanceSettings settings, LineClearance.TrafficBaseline baseline)
    {
        /// <summary>The work of this clearance's solves (deterministic seconds): its time limit is counted on it, so the same problem gives the same plan on any machine.</summary>
        public WorkClock Work { get; } = new();

        public ClearanceProblem Problem { get; } = problem;
        public ClearanceSettings Settings { get; } = settings;
        public LineClearance.TrafficBaseline Baseline { get; } = baseline;
        private readonly Dictionary<string, TrainInfo> infos = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PlacedTrain> byId = problem.Traffic.ToDictionary(t => t.Train.Id, StringComparer.Ordinal);

        /// <summary>The reference instant of the model's times (seconds): two days before the convoy's first blocking time.</summary>
        private readonly Instant reference = (problem.Convoy.Count > 0 ? problem.Convoy.Min(o => o.Start) : problem.Traffic.Select(t => t.Departure).DefaultIfEmpty(Instant.FromUnixTimeSeconds(0)).Min())
            - NodaTime.Duration.FromDays(2);

        public long Floor(Instant t) => (long)Math.Floor((t - reference).TotalSeconds);
        public long Ceil(Instant t) => (long)Math.Ceiling((t - reference).TotalSeconds);
        public long MaxWaitMinutes => (long)Math.Floor(Settings.Options.MaxHold.TotalMinutes + 1e-9);

        /// <summary>The most a train can be delayed (seconds): every wait it may make and every stop's cost, or less under a cap.</summary>
        public long ReachOf(string id, IReadOnlyDictionary<string, long>? caps = null)
        {
            var info = Info(id);
            var most = MaxWaitMinutes * Minute + info.Points.Sum(x => x.Brake + x.Stand + x.Accel);
            return caps is not null && caps.TryGetValue(id, out var c) ? Math.Min(most, Math.Max(0, c)) : most;
        }

        public TrainInfo Info(string id)
        {
            if (infos.TryGetValue(id, out var hit)) return hit;
            return infos[id] = Build(byId[id]);
        }

        private TrainInfo Build(PlacedTrain t)
        {
            var p = Problem.Parameters;
            var path = Baseline.Blocks[t.Train.Id];
            var occ = Baseline.Occupations[t.Train.Id];
            var rule = Settings.RuleFor(t.Train);
            var weight = Scaled(rule.Weight);
            var n = path.Count;
            var sRef = Enumerable.Repeat(DelayRef.None, n).ToArray();
            var eRef = Enumerable.Repeat(DelayRef.None, n).ToArray();
            var points = new List<HoldPoint>();
            foreach (var call in LineClearance.HoldPlaces(Problem.Corridor, t, Settings))
            {
                var pass = !(call.Stops || call.Along == Position.Origin);
                // Stopped there without waiting: re-timed by the engine where the train allows, otherwise the fixed stand-in.
                PlacedTrain stopped = t;
                long brake = 0, stand = 0, accel = 0;
                if (pass && t.WithStopAt is { } stopAt)
                {
                    stopped = t with { Movement = stopAt(call.Along) };
                    var lost = Math.Max(0, stopped.Movement.EndTime.Seconds - t.Movement.EndTime.Seconds);
                    var late = Math.Max(0, stopped.Movement.TimeAtFront(call.Along)!.Value.Seconds - t.Movement.TimeAtFront(call.Along)!.Value.Seconds);
                    brake = (long)Math.Ceiling(Math.Min(late, lost));
                    accel = (long)Math.Ceiling(lost) - brake;
                }
                else if (pass) stand = (long)Math.Round(Settings.Options.StopPenalty.TotalSeconds);
                var penalty = brake + stand + accel;
                var a = LineClearance.Occupations(stopped, path, p, call.Along, stand);
                var b = LineClearance.Occupations(stopped, path, p, call.Along, stand + Probe * 60);
                for (var i = 0; i < n; i++)
                {
                    var k = points.Count;
                    var moveS = (b[i].Start - a[i].Start).TotalSeconds > 1;
                    var moveE = (b[i].End - a[i].End).TotalSeconds > 1;
                    var lostS = (a[i].Start - occ[i].Start).TotalSeconds;
                    var lostE = (a[i].End - occ[i].End).TotalSeconds;
                    // Start: moved by the wait here: at least the departure delay (beyond, when all of stopping's cost is already in).
                    if (moveS) sRef[i] = new DelayRef(k, lostS >= brake + stand + accel - 1 ? DelayAt.Beyond : DelayAt.Departure);
                    // End: at most the delay beyond this place when the wait moves it; the arrival delay when only braking touches it.
                    if (moveE) eRef[i] = new DelayRef(k, DelayAt.Beyond);
                    else if (lostE > 0.0005) eRef[i] = new DelayRef(k, DelayAt.Arrival);
                }
                // As timetabled: when it reaches the place and leaves it (the same where it passes).
                var (from, until) = LineClearance.Standing(t, t, call.Along, 0);
                points.Add(new HoldPoint
                {
                    Call = call, Pass = pass, Brake = brake, Stand = stand, Accel = accel, PenaltySeconds = penalty,
                    Stands = call.Along != Position.Origin, Arrive = Floor(from), Leave = Ceil(until),
                });
            }
            return new TrainInfo
            {
                Train = t, Path = path, Baseline = occ, Weight = weight, CancelCost = CancelCost(Settings, weight), MayCancel = rule.MayCancel,
                UnchangedOk = LineClearance.ConvoyConflicts(occ, Problem.ConvoyByBlock).Count == 0,
                S0 = occ.Select(o => Floor(o.Start)).ToArray(), E0 = occ.Select(o => Ceil(o.End)).ToArray(), SRef = sRef, ERef = eRef, Points = points,
            };
        }

        /// <summary>A train as it will run under a choice: stops inserted where it only passes, then each wait.</summary>
        public PlacedTrain Moved(TrainInfo info, Choice ch)
        {
            var t = info.Train;
            if (ch.Kind != ChoiceKind.Hold) return t;
            var movement = t.Movement;
            var stopsAt = info.Points.Where((pt, k) => ch.Waits![k] > 0 && pt.Pass && pt.Stand == 0).Select(pt => pt.Call.Along).ToArray();
            if (stopsAt.Length > 0)
                // One stop as the hold points were timed (and as the dispatcher times it); several through the many-stop run.
                movement = stopsAt.Length == 1 && t.WithStopAt is { } one ? one(stopsAt[0]) : t.WithStopsAt is { } many ? many(stopsAt) : movement;
            for (var k = info.Points.Count - 1; k >= 0; k--)
                if (ch.Waits![k] > 0) movement = LineClearance.Delay(movement, info.Points[k].Call.Along, ch.Waits[k] * 60.0 + info.Points[k].Stand);
            return t with { Movement = movement };
        }

        /// <summary>The blocking times of a train under a choice, as the running-time engine gives them.</summary>
        public IReadOnlyList<BlockOccupation> Occupations(TrainInfo info, Choice ch) =>
            ch.Kind != ChoiceKind.Hold ? info.Baseline : LineClearance.Occupations(Moved(info, ch), info.Path, Problem.Parameters, null, 0);

        /// <summary>
        /// The orders of a held train: one per place it waits at, each with the train's delay from there on (its last: the
        /// delay at its destination; an earlier one: its departure delay there plus what starting again costs).
        /// </summary>
        public IEnumerable<ClearanceOrder> OrdersFor(TrainInfo info, Choice ch, PlacedTrain moved)
        {
            var t = info.Train;
            var held = Enumerable.Range(0, info.Points.Count).Where(k => ch.Waits![k] > 0).ToList();
            foreach (var k in held)
            {
                var pt = info.Points[k];
                var q = pt.Call.Along;
                var kind = q == Position.Origin ? OrderKind.RunLater
                    : Problem.Corridor.TracksAt(pt.Call.Place.Position) == 1 && t.Forward != Problem.ConvoyForward ? OrderKind.CrossAt
                    : OrderKind.Hold;
                var arrive = t.Departure + NodaTime.Duration.FromSeconds(moved.Movement.TimeAtFront(q)!.Value.Seconds);
                var stop = moved.Movement.Stops.LastOrDefault(s => s.Position == q);
                var leave = q == Position.Origin ? arrive : stop is not null ? t.Departure + NodaTime.Duration.FromSeconds(stop.Departure.Seconds) : arrive;
                var planned = t.Departure + NodaTime.Duration.FromSeconds((t.Movement.Stops.FirstOrDefault(s => s.Position == q)?.Departure ?? t.Movement.TimeAtFront(q)!.Value).Seconds);
                var delay = k == held[^1]
                    ? NodaTime.Duration.FromSeconds(moved.Movement.EndTime.Seconds - t.Movement.EndTime.Seconds)
                    : leave - planned + NodaTime.Duration.FromSeconds(pt.Accel);
                yield return kind == OrderKind.RunLater
                    ? new ClearanceOrder(t.Train.Id, t.Train.Number, kind, pt.Call.Place.Name, pt.Call.Place.Zone, t.Departure, leave, delay)
                    : new ClearanceOrder(t.Train.Id, t.Train.Number, kind, pt.Call.Place.Name, pt.Call.Place.Zone, arrive, leave, delay);
            }
        }

        /// <summary>The trains left out of the model that a solution's trains collide with (in the timetable's index by block).</summary>
        public HashSet<string> Collisions(HashSet<string> members, Dictionary<string, Choice> solution)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (id, ch) in solution)
            {
                if (ch.Kind != ChoiceKind.Hold) continue;
                foreach (var mine in Occupations(Info(id), ch))
                {
                    if (!Baseline.ByBlock.TryGetValue(mine.InfrastructureId, out var index)) continue;
                    for (var k = index.FirstStartingFrom(mine.Start - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < mine.End; k++)
                    {
                        var other = index.Items[k];
                        if (members.Contains(other.TrainId) || !mine.ConflictsWith(other) || Baseline.Conflicted(id, other.TrainId, mine.InfrastructureId)) continue;
                        found.Add(other.TrainId);
                    }
                }
            }
            return found;
        }

        /// <summary>
        /// A solution's conflicts that the model did not see (its outward rounding should make this empty), each as a
        /// combination to forbid.
        /// </summary>
        public List<(string Train, Choice A, string? Other, Choice? B)> Verify(Dictionary<string, Choice> solution)
        {
            var wrong = new List<(string, Choice, string?, Choice?)>();
            var occ = new List<BlockOccupation>(Problem.Convoy);
            foreach (var (id, ch) in solution) if (ch.Kind != ChoiceKind.Cancel) occ.AddRange(Occupations(Info(id), ch));
            foreach (var c in ConflictDetector.Detect(occ))
            {
                var a = c.First.TrainId;
                var b = c.Second.TrainId;
                var aRegular = solution.ContainsKey(a);
                var bRegular = solution.ContainsKey(b);
                if (aRegular && bRegular)
                {
                    if (Baseline.Conflicted(a, b, c.InfrastructureId)) continue;
                    wrong.Add((a, solution[a], b, solution[b]));
                }
                else if (aRegular) wrong.Add((a, solution[a], null, null));
                else if (bRegular) wrong.Add((b, solution[b], null, null));
            }
            return wrong;
        }

        /// <summary>Convoy conflicts left and knock-on conflicts (regular pairs not conflicting in the timetable) among all final blocking times.</summary>
        public (List<Conflict> Convoy, int KnockOn) Recheck(List<BlockOccupation> final)
        {
            var convoyLeft = new List<Conflict>();
            var knockOn = 0;
            foreach (var c in ConflictDetector.Detect(final))
            {
                var a = byId.ContainsKey(c.First.TrainId);
                var b = byId.ContainsKey(c.Second.TrainId);
                if (a && b) { if (!Baseline.Conflicted(c.First.TrainId, c.Second.TrainId, c.InfrastructureId)) knockOn++; }
                else if (a || b) convoyLeft.Add(c);
            }
            return (convoyLeft, knockOn);
        }

        /// <summary>A result's orders as choices (for the hint).</summary>
        public Dictionary<string, Choice> ChoicesOf(ClearanceResult r)
        {
            var map = new Dictionary<string, Choice>(StringComparer.Ordinal);
            foreach (var o in r.Orders)
            {
                if (o.Kind == OrderKind.Cancel) { map[o.TrainId] = new Choice(ChoiceKind.Cancel); continue; }
                var info = Info(o.TrainId);
                var k = info.Points.FindIndex(x => string.Equals(x.Call.Place.Name, o.Place, StringComparison.OrdinalIgnoreCase));
                if (k < 0) continue;
                var waits = map.TryGetValue(o.TrainId, out var had) && had.Waits is { } w ? w : new int[info.Points.Count];
                var pt = info.Points[k];
                var seconds = (o.Until!.Value - o.From!.Value).TotalSeconds - pt.Stand - (pt.Leave - pt.Arrive);
                waits[k] = Math.Max(1, (int)Math.Ceiling(seconds / 60 - 1e-6)); // whole minutes, never shorter than the dispatcher held it
                map[o.TrainId] = new Choice(ChoiceKind.Hold, waits);
            }
            return map;
        }

        /// <summary>
        /// Per member, the hold points worth a wait. A wait at a point moves every later blocking time; two points between
        /// which the train has no blocking time that anything else could meet (the convoy, another member, a train held
        /// fixed) move the same ones that matter, so only the cheaper of them (no stop to make; then the later one) is
        /// kept, and any point where another member might stand at the same time (the holding tracks). This loses no
        /// answer: a wait at a point left out is never better than the same wait at the point kept in its stead.
        /// </summary>
        public Dictionary<string, bool[]> UsefulPoints(string[] ids, bool restricted, bool alone, IReadOnlyDictionary<string, long>? caps, Frozen? others = null)
        {
            var members = new HashSet<string>(ids, StringComparer.Ordinal);
            var potential = ids.ToDictionary(id => id, id => new bool[Info(id).Path.Count], StringComparer.Ordinal);
            var extents = new Dictionary<(string, TravelDirection?), List<(long Lo, long Hi, string Id, int Index)>>();
            foreach (var id in ids)
            {
                var info = Info(id);
                var reach = ReachOf(id, caps);
                for (var i = 0; i < info.Path.Count; i++)
                {
                    var o = info.Baseline[i];
                    var key = (o.InfrastructureId, o.SingleTrack ? (TravelDirection?)null : o.Direction);
                    if (!extents.TryGetValue(key, out var l)) extents[key] = l = [];
                    l.Add((info.S0[i], info.E0[i] + (info.ERef[i].IsNone ? 0 : reach), id, i));
                }
            }
            foreach (var ((block, dir), list) in extents)
            {
                var lo = list.Min(x => x.Lo);
                var hi = list.Max(x => x.Hi);
                var fixedTimes = new List<(long Lo, long Hi, string? Train)>();
                if (Problem.ConvoyByBlock.TryGetValue(block, out var cs))
                    foreach (var c in cs)
                        if (dir is null || c.SingleTrack || c.Direction == dir) fixedTimes.Add((Floor(c.Start), Ceil(c.End), null));
                if (restricted)
                    foreach (var (train, s, e) in LeftOut(block, dir, lo, hi, members, others)) fixedTimes.Add((s, e, train));
                foreach (var x in list)
                {
                    if (fixedTimes.Any(f => f.Lo < x.Hi && x.Lo < f.Hi && (f.Train is null || !Baseline.Conflicted(x.Id, f.Train, block)))) { potential[x.Id][x.Index] = true; continue; }
                    if (!alone && list.Any(y => y.Id != x.Id && y.Lo < x.Hi && x.Lo < y.Hi && !Baseline.Conflicted(x.Id, y.Id, block))) potential[x.Id][x.Index] = true;
                }
            }
            // Places where two members might stand at once.
            var contested = new HashSet<(string Id, int Point)>();
            if (!alone)
            {
                var stands = ids.SelectMany(id => Info(id).Points.Select((pt, k) => (id, k, pt))).Where(x => x.pt.Stands)
                    .GroupBy(x => x.pt.Call.Place.Name, StringComparer.OrdinalIgnoreCase);
                foreach (var g in stands)
                {
                    var l = g.ToList();
                    foreach (var a in l)
                        foreach (var b in l)
                            if (a.id != b.id && a.pt.Arrive < b.pt.Leave + ReachOf(b.id, caps) && b.pt.Arrive < a.pt.Leave + ReachOf(a.id, caps)) contested.Add((a.id, a.k));
                }
            }
            var result = new Dictionary<string, bool[]>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var info = Info(id);
                var n = info.Points.Count;
                // The levels at which the blocking times that matter depend on the waits: Arrival(k) sits just before point k.
                var levels = new List<double>();
                for (var i = 0; i < info.Path.Count; i++)
                {
                    if (!potential[id][i]) continue;
                    foreach (var r in new[] { info.SRef[i], info.ERef[i] })
                        if (!r.IsNone) levels.Add(r.At == DelayAt.Arrival ? r.Point - 0.5 : r.Point);
                }
                levels.Sort();
                // Points in one class (no level between them) are interchangeable but for the cost of stopping there.
                var keep = new bool[n];
                var best = new Dictionary<int, int>();
                for (var k = 0; k < n; k++)
                {
                    var cls = levels.Count(l => l < k - 0.5);
                    if (contested.Contains((id, k))) keep[k] = true;
                    var pen = info.Points[k].Brake + info.Points[k].Stand + info.Points[k].Accel;
                    if (!best.TryGetValue(cls, out var b)) { best[cls] = k; continue; }
                    var bpen = info.Points[b].Brake + info.Points[b].Stand + info.Points[b].Accel;
                    if (pen <= bpen) best[cls] = k;
                }
                // A class after every level that matters moves nothing that matters: no wait there is of use.
                foreach (var (cls, k) in best) if (cls < levels.Count) keep[k] = true;
                result[id] = keep;
            }
            return result;
        }

        /// <summary>
        /// The members split into groups that cannot meet, directly or through one another: on no block can their blocking
        /// times overlap however long they are held (up to the longest hold), and at no place can they stand at once.
        /// Sorted, smallest first.
        /// </summary>
        /// <summary>
        /// Every train's possible extent (its timetabled blocking time, stretched by the longest it can be delayed) per block
        /// and direction, and per place where it may stand held; <c>Who</c> indexes <paramref name="ids"/>.
        /// </summary>
        private Dictionary<(string, TravelDirection?), List<(long Lo, long Hi, int Who)>> Extents(string[] ids)
        {
            var extents = new Dictionary<(string, TravelDirection?), List<(long Lo, long Hi, int Who)>>();
            for (var k = 0; k < ids.Length; k++)
            {
                var info = Info(ids[k]);
                var reach = ReachOf(ids[k]);
                for (var i = 0; i < info.Path.Count; i++)
                {
                    var o = info.Baseline[i];
                    var key = (o.InfrastructureId, o.SingleTrack ? (TravelDirection?)null : o.Direction);
                    if (!extents.TryGetValue(key, out var l)) extents[key] = l = [];
                    l.Add((info.S0[i], info.E0[i] + (info.ERef[i].IsNone ? 0 : reach), k));
                }
                foreach (var pt in info.Points.Where(x => x.Stands))
                {
                    var key = ("\u0001place:" + pt.Call.Place.Name, (TravelDirection?)null);
                    if (!extents.TryGetValue(key, out var l)) extents[key] = l = [];
                    l.Add((pt.Arrive, pt.Leave + reach, k));
                }
            }
            return extents;
        }

        public List<List<string>> Components(HashSet<string> members)
        {
            var ids = members.Order(StringComparer.Ordinal).ToArray();
            var parent = Enumerable.Range(0, ids.Length).ToArray();
            int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
            void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
            // Every member's possible extent per block (and per place it may stand at), swept in time order.
            var extents = Extents(ids);
            foreach (var l in extents.Values)
            {
                l.Sort((x, y) => x.Lo.CompareTo(y.Lo));
                long end = long.MinValue;
                var last = -1;
                foreach (var (lo, hi, who) in l)
                {
                    if (last >= 0 && lo < end) Union(last, who);
                    if (hi > end || last < 0) { end = Math.Max(end, hi); last = who; }
                }
            }
            return Enumerable.Range(0, ids.Length).GroupBy(Find).Select(g => g.Select(k => ids[k]).ToList()).OrderBy(g => g.Count).ThenBy(g => g[0], StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Per member, the others it may meet (on a block, or standing at a place), however long either is held: the
        /// graph the neighbourhoods of <see cref="Improve"/> are grown in.
        /// </summary>
        public Dictionary<string, SortedSet<string>> Neighbours(IReadOnlyCollection<string> members)
        {
            var ids = members.Order(StringComparer.Ordinal).ToArray();
            var near = ids.ToDictionary(id => id, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var l in Extents(ids).Values)
                for (var a = 0; a < l.Count; a++)
                    for (var b = a + 1; b < l.Count; b++)
                        if (l[a].Who != l[b].Who && l[a].Lo < l[b].Hi && l[b].Lo < l[a].Hi) { near[ids[l[a].Who]].Add(ids[l[b].Who]); near[ids[l[b].Who]].Add(ids[l[a].Who]); }
            return near;
        }

        /// <summary>
        /// Large-neighbourhood search on one component's answer (every solution of it feasible: the trains left out held as
        /// they run in <paramref name="start"/> or as timetabled): a train and the trains nearest it (first those standing in
        /// its way as it was timetabled, <see cref="Blockers"/>) are solved again with every other train fixed, and the result kept where it costs less; seeds in order of what their trains cost,
        /// neighbourhoods growing when a whole pass finds nothing, until <paramref name="budget"/> of work is spent. The
        /// order is fixed, so the same problem gives the same answer.
        /// </summary>
        public (Dictionary<string, Choice> Choices, long Cost) Improve(List<string> comp, Dictionary<string, Choice> start, List<(string Train, Choice A, string? Other, Choice? B)> cuts, TimeSpan budget, int workers)
        {
            var current = new Dictionary<string, Choice>(start, StringComparer.Ordinal);
            foreach (var id in comp) current.TryAdd(id, new Choice(ChoiceKind.Unchanged));
            var end = Work.Elapsed + budget;
            var near = Neighbours(comp);
            var inComp = new HashSet<string>(comp, StringComparer.Ordinal);
            List<string> Hood(string seed, int size, Frozen? frozen = null)
            {
                // The seed and the trains nearest it (breadth first over the meeting graph, costly trains first); with an
                // answer, first the trains that stand in the seed's way as timetabled (a train held or cancelled cannot run
                // better unless they move: a cancelled train's neighbours are often cancelled too, and move nothing).
                var hood = new List<string> { seed };
                if (frozen is not null)
                    foreach (var b in Blockers(seed, frozen, inComp))
                    {
                        if (hood.Count >= size) return hood;
                        hood.Add(b);
                    }
                var queue = new Queue<string>([seed]);
                while (queue.Count > 0 && hood.Count < size)
                    foreach (var n in near[queue.Dequeue()].OrderByDescending(x => ModelCost(x, current[x])).ThenBy(x => x, StringComparer.Ordinal))
                    {
                        if (hood.Count >= size) break;
                        if (hood.Contains(n)) continue;
                        hood.Add(n);
                        queue.Enqueue(n);
                    }
                return hood;
            }
            // Repair first: a start that is not quite an answer (the dispatcher's holds, in seconds, made whole minutes, can
            // meet a train that follows closely) has the trains of each conflict solved again, whatever the cost.
            for (var pass = 0; pass < 3 && Work.Elapsed < end; pass++)
            {
                var wrong = Verify(comp.ToDictionary(id => id, id => current[id], StringComparer.Ordinal));
                if (wrong.Count == 0) break;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (a, _, b, _) in wrong)
                {
                    if (Work.Elapsed >= end) break;
                    if (!seen.Add(a) || (b is not null && !seen.Add(b))) continue;
                    var hood = Hood(a, 4);
                    if (b is not null && !hood.Contains(b)) hood.Add(b);
                    var r = Build(hood, current, restricted: true, cuts, null, others: Freeze(current)).Solve(NeighbourhoodLimit, workers);
                    if (r.Solution is not null) foreach (var (id, ch) in r.Solution) current[id] = ch;
                }
            }
            var cost = comp.Sum(id => ModelCost(id, current[id]));
            // Neighbourhoods solved without gain, with what the trains that can meet them were told then: the same solve
            // again would give the same answer (the search is deterministic), so its work goes to another one.
            var tried = new HashSet<string>(StringComparer.Ordinal);
            string Key(List<string> hood) => string.Join("|", hood.Order(StringComparer.Ordinal)) + "#" + string.Join(";",
                hood.SelectMany(id => near[id]).Concat(hood).Distinct().Order(StringComparer.Ordinal).Select(id => id + "=" + Describe(current[id])));
            // The answer held fixed around a neighbourhood, made again only when the answer changes (not for every seed).
            Frozen? frozen = null;
            for (var size = Math.Min(4, comp.Count); ; size = Math.Min(comp.Count, size + 2))
            {
                var improved = false;
                var seeds = comp.Where(id => ModelCost(id, current[id]) > 0).OrderByDescending(id => ModelCost(id, current[id])).ThenBy(id => id, StringComparer.Ordinal).ToList();
                foreach (var seed in seeds)
                {
                    if (Work.Elapsed >= end) return (current, cost);
                    frozen ??= Freeze(current);
                    var hood = Hood(seed, size, frozen);
                    var before = hood.Sum(id => ModelCost(id, current[id]));
                    if (before == 0) continue;
                    var key = Key(hood);
                    if (tried.Contains(key)) continue;
                    // No better answer lets a train of the neighbourhood lose more than it costs now less what the others
                    // must lose at least (each alone): its delay capped so, the search space is far smaller.
                    var floor = hood.ToDictionary(id => id, id => AloneBound([id], workers), StringComparer.Ordinal);
                    var caps = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var id in hood)
                    {
                        var w = Info(id).Weight;
                        if (w <= 0) continue;
                        var spare = before / ObjectivePerMinute + 0.01 - (floor.Values.Sum() - floor[id]);
                        caps[id] = (long)Math.Floor(Math.Max(0, spare) * ObjectivePerMinute / w);
                    }
                    var model = Build(hood, current, restricted: true, cuts, before / ObjectivePerMinute, caps: caps, others: frozen);
                    var left = end - Work.Elapsed;
                    var limit = left < NeighbourhoodLimit ? left : NeighbourhoodLimit;
                    var r = model.Solve(limit, workers);
                    var after = r.Solution?.Sum(x => ModelCost(x.Key, x.Value));
                    if (after is null || after >= before)
                    {
                        if (limit == NeighbourhoodLimit) tried.Add(key); // (one cut short by the budget's end may do better with more)
                        continue;
                    }
                    var previous = hood.ToDictionary(id => id, id => current[id], StringComparer.Ordinal);
                    foreach (var (id, ch) in r.Solution!) current[id] = ch;
                    frozen = null;
                    // Re-checked as the engine times it, against every train its trains can meet (a change can make a
                    // conflict with no other): a mismatch with the model is undone and forbidden from then on, so that
                    // the answer stays an answer (one such conflict used to void the whole search's answer).
                    var wrong = Verify(hood.SelectMany(id => near[id]).Concat(hood).Distinct().ToDictionary(id => id, id => current[id], StringComparer.Ordinal));
                    if (wrong.Count > 0)
                    {
                        foreach (var (id, ch) in previous) current[id] = ch;
                        cuts.AddRange(wrong);
                        continue;
                    }
                    cost += after.Value - before;
                    improved = true;
                }
                if (!improved && size >= comp.Count) return (current, cost);
                if (improved) size -= 2; // the same size again while it pays
            }
        }

        /// <summary>
        /// The trains of <paramref name="within"/> whose blocking times, as they run under <paramref name="frozen"/>, overlap
        /// the seed's as timetabled (pairs that overlapped in the timetable excepted), most overlap first.
        /// </summary>
        private List<string> Blockers(string seed, Frozen frozen, HashSet<string> within)
        {
            var info = Info(seed);
            var self = new HashSet<string>(StringComparer.Ordinal) { seed };
            var overlap = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < info.Path.Count; i++)
            {
                var o = info.Baseline[i];
                var (lo, hi) = (info.S0[i], info.E0[i]);
                foreach (var (train, s, e) in LeftOut(o.InfrastructureId, o.SingleTrack ? null : o.Direction, lo, hi, self, frozen))
                    if (s < hi && lo < e && within.Contains(train) && !Baseline.Conflicted(seed, train, o.InfrastructureId))
                        overlap[train] = overlap.GetValueOrDefault(train) + Math.Min(hi, e) - Math.Max(lo, s);
            }
            return overlap.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Key).ToList();
        }

        private static string Describe(Choice ch) => ch.Kind == ChoiceKind.Hold ? string.Join(",", ch.Waits!) : ch.Kind.ToString();

        /// <summary>The work one neighbourhood may take.</summary>
        private static readonly TimeSpan NeighbourhoodLimit = TimeSpan.FromSeconds(0.5);

        public Model Build(IEnumerable<string> members, Dictionary<string, Choice> hint, bool restricted, List<(string Train, Choice A, string? Other, Choice? B)> cuts, double? cutoff,
            bool alone = false, IReadOnlyList<(string[] Set, double Bound)>? bounds = null, IReadOnlyDictionary<string, long>? caps = null, Frozen? others = null) =>
            new(this, members.Order(StringComparer.Ordinal).ToArray(), hint, restricted || others is not null, cuts, cutoff, alone, bounds, caps, others);

        private readonly Dictionary<string, double> setBounds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (double Bound, bool Infeasible)> aloneBounds = new(StringComparer.Ordinal);

        /// <summary>
        /// Lower bounds of the cost of each member alone and of each pair that can meet, each solved on its own (the
        /// convoy and those trains only: a relaxation, so its bound is valid for the whole), within <paramref name="limit"/> in all.
        /// </summary>
        public List<(string[] Set, double Bound)> SmallBounds(List<string> comp, TimeSpan limit, int workers)
        {
            var start = Work.Elapsed;
            var sets = comp.Select(x => new[] { x }).ToList();
            if (comp.Count > 2)
                foreach (var pair in Pairs(comp)) sets.Add(pair);
            var list = new List<(string[], double)>();
            var share = limit / Math.Max(1, sets.Count);
            foreach (var set in sets)
            {
                if (set.Length == 1) { list.Add((set, AloneBound(set, workers))); continue; }
                var key = string.Join("|", set);
                if (!setBounds.TryGetValue(key, out var b))
                {
                    if (Work.Elapsed - start > limit) break;
                    // Each train's own bound as a cut: the pair's bound is then never below their sum, and proven sooner.
                    var singles = set.Select(x => (new[] { x }, AloneBound([x], workers))).ToList();
                    var r = Build(set, [], restricted: false, [], null, bounds: singles).Solve(share, workers);
                    b = r.Status == CpSolverStatus.Infeasible ? 0 : r.Bound;
                    setBounds[key] = b;
                }
                list.Add((set, b));
            }
            return list;
        }

        /// <summary>The pairs of members whose blocking times could overlap on some block.</summary>
        private IEnumerable<string[]> Pairs(List<string> comp)
        {
            for (var a = 0; a < comp.Count; a++)
                for (var b = a + 1; b < comp.Count; b++)
                {
                    var x = Info(comp[a]);
                    var y = Info(comp[b]);
                    var meet = false;
                    for (var i = 0; i < x.Path.Count && !meet; i++)
                        for (var k = 0; k < y.Path.Count && !meet; k++)
                        {
                            var (o, p) = (x.Baseline[i], y.Baseline[k]);
                            if (o.InfrastructureId != p.InfrastructureId || !(o.SingleTrack || p.SingleTrack || o.Direction == p.Direction)) continue;
                            meet = x.S0[i] < y.E0[k] + ReachOf(comp[b]) && y.S0[k] < x.E0[i] + ReachOf(comp[a]);
                        }
                    if (meet) yield return [comp[a], comp[b]];
                }
        }

        /// <summary>
        /// The blocking times on a block (direction <paramref name="dir"/>, null: either) of the trains left out of a
        /// restricted model, between <paramref name="lo"/> and <paramref name="hi"/>: as timetabled, or as they run under
        /// their answer in <paramref name="others"/> (a neighbourhood search keeps the rest of an answer fixed).
        /// </summary>
        public IEnumerable<(string Train, long Start, long End)> LeftOut(string block, TravelDirection? dir, long lo, long hi, HashSet<string> members, Frozen? others)
        {
            if (Baseline.ByBlock.TryGetValue(block, out var index))
                for (var k = index.FirstStartingFrom(At(lo) - index.LongestOccupation); k < index.Items.Length && index.Items[k].Start < At(hi); k++)
                {
                    var o = index.Items[k];
                    if (members.Contains(o.TrainId) || !(dir is null || o.SingleTrack || o.Direction == dir)) continue;
                    if (others is not null && others.Choices.TryGetValue(o.TrainId, out var ch) && ch.Kind != ChoiceKind.Unchanged) continue;
                    yield return (o.TrainId, Floor(o.Start), Ceil(o.End));
                }
            if (others is not null && others.ByBlock.TryGetValue(block, out var moved))
                foreach (var o in moved)
                    if (!members.Contains(o.TrainId) && (dir is null || o.SingleTrack || o.Direction == dir) && Ceil(o.End) > lo && Floor(o.Start) < hi)
                        yield return (o.TrainId, Floor(o.Start), Ceil(o.End));
        }

        /// <summary>An answer held fixed around a neighbourhood: the choices, the moved trains' blocking times by block, and where held trains stand.</summary>
        internal sealed record Frozen(Dictionary<string, Choice> Choices, Dictionary<string, List<BlockOccupation>> ByBlock, List<(string Id, string Place, long From, long Until)> Stands);

        private readonly Dictionary<(string, string), IReadOnlyList<BlockOccupation>> movedCache = [];

        /// <summary>An answer to hold fixed (<see cref="Frozen"/>); the blocking times of each train's choice computed once per choice.</summary>
        public Frozen Freeze(Dictionary<string, Choice> choices)
        {
            var byBlock = new Dictionary<string, List<BlockOccupation>>(StringComparer.Ordinal);
            var stands = new List<(string, string, long, long)>();
            foreach (var (id, ch) in choices)
            {
                if (ch.Kind != ChoiceKind.Hold) continue;
                var info = Info(id);
                var key = (id, string.Join(",", ch.Waits!));
                if (!movedCache.TryGetValue(key, out var occ)) movedCache[key] = occ = Occupations(info, ch);
                foreach (var o in occ)
                {
                    if (!byBlock.TryGetValue(o.InfrastructureId, out var l)) byBlock[o.InfrastructureId] = l = [];
                    l.Add(o);
                }
                // Where it stands held, as the model times it (arrival and departure delays at each point).
                long previous = 0;
                for (var k = 0; k < info.Points.Count; k++)
                {
                    var pt = info.Points[k];
                    var held = ch.Waits![k] > 0 ? 1 : 0;
                    var arr = previous + pt.Brake * held;
                    var dep = arr + pt.Stand * held + Minute * ch.Waits[k];
                    previous = dep + pt.Accel * held;
                    if (held == 1 && pt.Stands) stands.Add((id, pt.Call.Place.Name, pt.Arrive + arr, pt.Leave + dep));
                }
            }
            return new Frozen(choices, byBlock, stands);
        }

        /// <summary>A train's share of the model's objective under a choice (weighted seconds × 100).</summary>
        public long ModelCost(string id, Choice ch)
        {
            var info = Info(id);
            if (ch.Kind == ChoiceKind.Cancel) return info.CancelCost;
            if (ch.Kind != ChoiceKind.Hold) return 0;
            var seconds = 0L;
            for (var k = 0; k < info.Points.Count; k++)
                if (ch.Waits![k] > 0) seconds += Minute * ch.Waits[k] + info.Points[k].PenaltySeconds;
            return info.Weight * seconds;
        }

        /// <summary>
        /// Σ over the trains of each one's own cheapest way out of the convoy's way (ignoring every other regular train and
        /// the holding tracks; solved once per train and kept): a lower bound of any answer for these trains.
        /// </summary>
        public double AloneBound(IEnumerable<string> ids, int workers)
        {
            var sum = 0.0;
            foreach (var id in ids)
            {
                var (bound, infeasible) = Alone(id, workers);
                if (!infeasible) sum += bound;
            }
            return sum;
        }

        /// <summary>A train alone against the convoy, solved once and kept: its bound, and whether it can neither be held out of the way nor cancelled.</summary>
        public (double Bound, bool Infeasible) Alone(string id, int workers)
        {
            if (aloneBounds.TryGetValue(id, out var hit)) return hit;
            var r = Build([id], [], restricted: false, [], null, alone: true).Solve(AloneLimit, workers);
            return aloneBounds[id] = (r.Status == CpSolverStatus.Infeasible ? 0 : r.Bound, r.Status == CpSolverStatus.Infeasible);
        }

        /// <summary>The work one train alone may take (they are solved in milliseconds; this only caps a pathological one).</summary>
        private static readonly TimeSpan AloneLimit = TimeSpan.FromSeconds(0.5);

        public long MsOf(Instant t) => Floor(t);
        public Instant At(long seconds) => reference + NodaTime.Duration.FromSeconds(seconds);
    }

    /// <summary>The CP-SAT model over a set of trains.</summary>
    internal sealed class Model
    {
        private readonly Context ctx;
        private readonly string[] ids;
        private readonly CpModel m = new();
        private readonly Dictionary<string, TrainVars> vars = new(StringComparer.Ordinal);

        private readonly IReadOnlyDictionary<string, long>? caps;

        private sealed record TrainVars(BoolVar Cancel, IntVar[] Wait, BoolVar[] Held, IntVar[] Arrival, IntVar[] Departure, IntVar[] Beyond, LinearExpr Cost);

        public Model(Context ctx, string[] ids, Dictionary<string, Choice> hint, bool restricted, List<(string Train, Choice A, string? Other, Choice? B)> cuts, double? cutoff, bool alone,
            IReadOnlyList<(string[] Set, double Bound)>? bounds = null, IReadOnlyDictionary<string, long>? caps = null, Context.Frozen? others = null)
        {
            this.ctx = ctx;
            this.ids = ids;
            var members = new HashSet<string>(ids, StringComparer.Ordinal);
            var objective = new List<LinearExpr>();
            this.caps = caps;
            var useful = ctx.UsefulPoints(ids, restricted, alone, caps, others);
            foreach (var id in ids)
            {
                var info = ctx.Info(id);
                var n = info.Points.Count;
                var maxDelay = ctx.ReachOf(id, caps);
                var maxWait = Math.Min(ctx.MaxWaitMinutes, maxDelay / Minute);
                var cancel = m.NewBoolVar("");
                if (!info.MayCancel) m.Add(cancel == 0);
                var wait = new IntVar[n];
                var held = new BoolVar[n];
                var arr = new IntVar[n];
                var dep = new IntVar[n];
                var beyond = new IntVar[n];
                const long maxPen = 0;
                LinearExpr previous = LinearExpr.Constant(0);
                var penalties = new List<LinearExpr>();
                for (var k = 0; k < n; k++)
                {
                    var pt = info.Points[k];
                    wait[k] = m.NewIntVar(0, useful[id][k] ? maxWait : 0, "");
                    held[k] = m.NewBoolVar("");
                    m.Add(wait[k] >= 1).OnlyEnforceIf(held[k]);
                    m.Add(wait[k] == 0).OnlyEnforceIf(held[k].Not());
                    arr[k] = m.NewIntVar(0, maxDelay + maxPen, "");
                    dep[k] = m.NewIntVar(0, maxDelay + maxPen, "");
                    beyond[k] = m.NewIntVar(0, maxDelay + maxPen, "");
                    m.Add(arr[k] == previous + pt.Brake * held[k]);
                    m.Add(dep[k] == arr[k] + pt.Stand * held[k] + Minute * wait[k]);
                    m.Add(beyond[k] == dep[k] + pt.Accel * held[k]);
                    previous = beyond[k];
                    if (pt.PenaltySeconds > 0) penalties.Add(pt.PenaltySeconds * held[k]);
                }
                // A train waits at most the longest hold in all; a cancelled one does not run (its waits are 0).
                m.Add(LinearExpr.Sum(wait) <= maxWait);
                foreach (var w in wait) m.Add(w == 0).OnlyEnforceIf(cancel);
                // Delay at the destination in seconds: the waits and what the stops cost.
                var delay = 60 * LinearExpr.Sum(wait) + LinearExpr.Sum(penalties);
                m.Add(delay <= maxDelay);
                if (!info.UnchangedOk && !info.MayCancel) m.AddBoolOr(held);
                var cost = info.MayCancel ? info.Weight * delay + info.CancelCost * cancel : info.Weight * delay;
                objective.Add(cost);
                // Ties broken towards fewer orders: one unit (1/6,000 of a weighted minute, below any real difference of
                // delay, which comes in whole seconds times a weight) per place a train waits at. Of two plans with the
                // same delays the dispatcher gets the one with fewer orders, and the same one on every run.
                objective.Add(LinearExpr.Sum(held));
                vars[id] = new TrainVars(cancel, wait, held, arr, dep, beyond, cost);
                // The hint: the warm start's choice, else unchanged.
                var h = hint.TryGetValue(id, out var hc) ? hc : new Choice(ChoiceKind.Unchanged);
                m.AddHint(cancel, h.Kind == ChoiceKind.Cancel);
                for (var k = 0; k < n; k++)
                {
                    var w = h.Kind == ChoiceKind.Hold && k < h.Waits!.Length ? h.Waits[k] : 0;
                    m.AddHint(wait[k], w);
                    m.AddHint(held[k], w > 0);
                }
            }

            // Blocking times per block: the convoy's (fixed), the trains left out (fixed, restricted model only), the members'.
            var groups = new Dictionary<(string Block, TravelDirection? Dir), Group>();
            Group G(BlockOccupation o)
            {
                var key = (o.InfrastructureId, o.SingleTrack ? (TravelDirection?)null : o.Direction);
                if (!groups.TryGetValue(key, out var g)) groups[key] = g = new Group(o.InfrastructureId);
                return g;
            }
            foreach (var id in ids)
            {
                var info = ctx.Info(id);
                for (var i = 0; i < info.Path.Count; i++)
                {
                    var o = info.Baseline[i];
                    var lo = info.S0[i];
                    var hi = info.E0[i] + (info.ERef[i].IsNone ? 0 : ctx.ReachOf(id, caps));
                    G(o).Members.Add((id, i, lo, hi));
                }
            }
            foreach (var (key, g) in groups)
            {
                // Only the fixed blocking times within reach of a member matter.
                var lo = g.Members.Min(x => x.Lo);
                var hi = g.Members.Max(x => x.Hi);
                if (ctx.Problem.ConvoyByBlock.TryGetValue(key.Block, out var cs))
                    foreach (var c in cs)
                        if (key.Dir is null || c.SingleTrack || c.Direction == key.Dir)
                            if (ctx.Ceil(c.End) > lo && ctx.Floor(c.Start) < hi) g.Fixed.Add((null, ctx.Floor(c.Start), ctx.Ceil(c.End)));
                if (restricted)
                    foreach (var (train, s, e) in ctx.LeftOut(key.Block, key.Dir, lo, hi, members, others)) g.Fixed.Add((train, s, e));
                AddGroup(g);
                Unary(g);
            }

            // Holding tracks: trains held at a place at once.
            var stands = new Dictionary<string, List<IntervalVar>>(StringComparer.OrdinalIgnoreCase);
            if (!alone)
                foreach (var id in ids)
                {
                    var info = ctx.Info(id);
                    var v = vars[id];
                    for (var k = 0; k < info.Points.Count; k++)
                    {
                        var pt = info.Points[k];
                        if (!pt.Stands) continue;
                        var size = m.NewIntVar(0, pt.Leave - pt.Arrive + 2 * ctx.ReachOf(id, caps), "");
                        var iv = m.NewOptionalIntervalVar(v.Arrival[k] + pt.Arrive, size, v.Departure[k] + pt.Leave, v.Held[k], "");
                        if (!stands.TryGetValue(pt.Call.Place.Name, out var l)) stands[pt.Call.Place.Name] = l = [];
                        l.Add(iv);
                    }
                }
            // Trains held fixed around a neighbourhood keep their holding tracks.
            if (!alone && others is not null)
                foreach (var (id, place, from, until) in others.Stands)
                    if (!members.Contains(id) && stands.TryGetValue(place, out var l) && until > from)
                        l.Add(m.NewFixedSizeIntervalVar(from, until - from, ""));
            foreach (var (place, list) in stands)
            {
                var cap = ctx.Settings.HoldTracksAt(ctx.Problem.Corridor.Find(place, "clearance"));
                if (list.Count <= cap) continue;
                if (cap == 1) m.AddNoOverlap(list);
                else
                {
                    var cum = m.AddCumulative(cap);
                    foreach (var iv in list) cum.AddDemand(iv, 1);
                }
            }

            // Combinations found wrong by the re-check.
            foreach (var (train, a, other, b) in cuts)
            {
                if (!vars.ContainsKey(train) || (other is not null && !vars.ContainsKey(other))) continue;
                var lits = new List<ILiteral> { Is(train, a).Not() };
                if (other is not null) lits.Add(Is(other, b!).Not());
                m.AddBoolOr(lits);
            }

            // Proven lower bounds of the cost of small sets of these trains (each solved alone): valid cuts that lift the bound.
            if (bounds is not null)
                foreach (var (set, lb) in bounds)
                    if (set.All(vars.ContainsKey) && lb > 0) m.Add(LinearExpr.Sum(set.Select(x => vars[x].Cost)) >= (long)Math.Floor(lb * ObjectivePerMinute - 1e-6));
            var total = LinearExpr.Sum(objective);
            // Only answers no worse than the best known are of interest.
            // (One weighted minute of slack: the model rounds the cost of stopping to whole seconds.)
            if (cutoff is { } cut) m.Add(total <= (long)Math.Floor((cut + 1) * ObjectivePerMinute));
            m.Minimize(total);
        }

        private sealed class Group(string block)
        {
            public string Block { get; } = block;
            public List<(string Id, int Index, long Lo, long Hi)> Members { get; } = [];
            public List<(string? Train, long Start, long End)> Fixed { get; } = [];
        }

        /// <summary>A member's blocking time on its i-th block: start and end as expressions of its delays.</summary>
        private (LinearExpr S, LinearExpr E, bool SameVar) Times(string id, int i)
        {
            var info = ctx.Info(id);
            var v = vars[id];
            LinearExpr Ref(DelayRef r) => r.At switch { DelayAt.Arrival => v.Arrival[r.Point], DelayAt.Departure => v.Departure[r.Point], _ => v.Beyond[r.Point] };
            var sr = info.SRef[i];
            var er = info.ERef[i];
            var s = sr.IsNone ? LinearExpr.Constant(info.S0[i]) : Ref(sr) + info.S0[i];
            var e = er.IsNone ? LinearExpr.Constant(info.E0[i]) : Ref(er) + info.E0[i];
            return (s, e, sr == er || (sr.IsNone && er.IsNone));
        }

        private IntervalVar Interval(string id, int i)
        {
            var info = ctx.Info(id);
            var v = vars[id];
            var (s, e, same) = Times(id, i);
            LinearExpr size;
            if (same) size = LinearExpr.Constant(info.E0[i] - info.S0[i]);
            else if (info.SRef[i].IsNone) size = e - info.S0[i];
            else size = m.NewIntVar(0, info.E0[i] - info.S0[i] + ctx.ReachOf(id, caps) + 1, "");
            return info.MayCancel ? m.NewOptionalIntervalVar(s, size, e, v.Cancel.Not(), "") : m.NewIntervalVar(s, size, e, "");
        }

        /// <summary>
        /// Where a member's blocking time on a block starts and ends with the same delay (most blocks: nothing stops or
        /// starts inside it), keeping clear of a fixed blocking time forbids an interval of that delay: stated on the
        /// delay's domain as well, which the solver propagates far better than the no-overlap alone.
        /// </summary>
        private void Unary(Group g)
        {
            if (g.Fixed.Count == 0) return;
            foreach (var (id, i, lo, hi) in g.Members)
            {
                var info = ctx.Info(id);
                if (info.SRef[i] != info.ERef[i]) continue;
                var forbidden = new List<(long Lo, long Hi)>();
                foreach (var f in g.Fixed)
                {
                    if (!(f.Start < hi && lo < f.End) || (f.Train is { } ft && ctx.Baseline.Conflicted(id, ft, g.Block))) continue;
                    // S0 + x < f.End and f.Start < E0 + x.
                    forbidden.Add((f.Start - info.E0[i] + 1, f.End - info.S0[i] - 1));
                }
                if (forbidden.Count == 0) continue;
                var v = vars[id];
                var present = v.Cancel.Not();
                if (info.SRef[i].IsNone)
                {
                    // Nothing it can do moves this blocking time: it must not run.
                    if (forbidden.Any(f => f.Lo <= 0 && 0 <= f.Hi)) m.Add(v.Cancel == 1);
                    continue;
                }
                var x = Ref(id, info.SRef[i]);
                var allowed = Google.OrTools.Util.Domain.FromIntervals([.. forbidden.Select(f => new[] { f.Lo, f.Hi })]).Complement();
                if (info.MayCancel) m.AddLinearExpressionInDomain(x, allowed).OnlyEnforceIf(present);
                else m.AddLinearExpressionInDomain(x, allowed);
            }
        }

        private LinearExpr Ref(string id, DelayRef r)
        {
            var v = vars[id];
            return r.At switch { DelayAt.Arrival => v.Arrival[r.Point], DelayAt.Departure => v.Departure[r.Point], _ => v.Beyond[r.Point] };
        }

        /// <summary>No overlap on one block: one constraint when no pair on it is exempt, pair by pair otherwise.</summary>
        private void AddGroup(Group g)
        {
            var members = g.Members;
            if (members.Count == 0 || (members.Count == 1 && g.Fixed.Count == 0)) return;
            // Pairs that may meet (their possible extents overlap), and whether any is exempt (overlapped in the timetable).
            var exempt = false;
            var anyPair = g.Fixed.Count > 0 && members.Any(x => g.Fixed.Any(f => f.Start < x.Hi && x.Lo < f.End));
            for (var a = 0; a < members.Count && !exempt; a++)
            {
                foreach (var f in g.Fixed)
                    if (f.Train is { } ft && f.Start < members[a].Hi && members[a].Lo < f.End && ctx.Baseline.Conflicted(members[a].Id, ft, g.Block)) { exempt = true; break; }
                for (var b = a + 1; b < members.Count && !exempt; b++)
                {
                    if (members[a].Id == members[b].Id || !(members[a].Lo < members[b].Hi && members[b].Lo < members[a].Hi)) continue;
                    anyPair = true;
                    if (ctx.Baseline.Conflicted(members[a].Id, members[b].Id, g.Block)) exempt = true;
                }
            }
            if (!anyPair && !exempt) return;
            if (!exempt)
            {
                var intervals = members.Select(x => Interval(x.Id, x.Index)).ToList();
                // The fixed blocking times may overlap one another (the convoy's trains follow closely; a timetable's own
                // conflicts): a member must keep clear of their union.
                long? from = null, to = null;
                foreach (var f in g.Fixed.OrderBy(f => f.Start))
                {
                    if (from is not null && f.Start < to) { to = Math.Max(to.Value, f.End); continue; }
                    if (from is not null) intervals.Add(m.NewFixedSizeIntervalVar(from.Value, to!.Value - from.Value, ""));
                    (from, to) = (f.Start, f.End);
                }
                if (from is not null) intervals.Add(m.NewFixedSizeIntervalVar(from.Value, to!.Value - from.Value, ""));
                m.AddNoOverlap(intervals);
                return;
            }
            // Pair by pair: each member against every fixed blocking time and every other member it may meet.
            for (var a = 0; a < members.Count; a++)
            {
                var (ia, xa) = (members[a].Id, members[a].Index);
                var (sa, ea, _) = Times(ia, xa);
                var pa = vars[ia].Cancel.Not();
                foreach (var f in g.Fixed)
                {
                    if (!(f.Start < members[a].Hi && members[a].Lo < f.End) || (f.Train is { } ft && ctx.Baseline.Conflicted(ia, ft, g.Block))) continue;
                    var after = m.NewBoolVar("");
                    m.Add(sa >= f.End).OnlyEnforceIf([after, pa]);
                    m.Add(ea <= f.Start).OnlyEnforceIf([after.Not(), pa]);
                }
                for (var b = a + 1; b < members.Count; b++)
                {
                    var (ib, xb) = (members[b].Id, members[b].Index);
                    if (ia == ib || !(members[a].Lo < members[b].Hi && members[b].Lo < members[a].Hi) || ctx.Baseline.Conflicted(ia, ib, g.Block)) continue;
                    var (sb, eb, _) = Times(ib, xb);
                    var pb = vars[ib].Cancel.Not();
                    var first = m.NewBoolVar("");
                    m.Add(ea <= sb).OnlyEnforceIf([first, pa, pb]);
                    m.Add(eb <= sa).OnlyEnforceIf([first.Not(), pa, pb]);
                }
            }
        }

        /// <summary>A literal true exactly when a train takes a choice.</summary>
        private ILiteral Is(string id, Choice ch)
        {
            var v = vars[id];
            if (ch.Kind == ChoiceKind.Cancel) return v.Cancel;
            var lits = new List<ILiteral> { v.Cancel.Not() };
            for (var k = 0; k < v.Wait.Length; k++)
            {
                var w = ch.Kind == ChoiceKind.Hold ? ch.Waits![k] : 0;
                var b = m.NewBoolVar("");
                m.Add(v.Wait[k] == w).OnlyEnforceIf(b);
                m.Add(v.Wait[k] != w).OnlyEnforceIf(b.Not());
                lits.Add(b);
            }
            var all = m.NewBoolVar("");
            m.AddBoolAnd(lits).OnlyEnforceIf(all);
            m.AddBoolOr(lits.Select(l => l.Not())).OnlyEnforceIf(all.Not());
            return all;
        }


        /// <summary>Solves within <paramref name="limit"/>: the status, the choices (null without a solution), the objective and the proven bound (weighted minutes).</summary>
        public (CpSolverStatus Status, Dictionary<string, Choice>? Solution, double Objective, double Bound) Solve(TimeSpan limit, int workers)
        {
            using var solver = CpSat.Solver(limit, workers);
            var status = CpSat.Solve(solver, m, ctx.Work);
            var bound = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible or CpSolverStatus.Unknown ? Math.Max(0, solver.BestObjectiveBound) / ObjectivePerMinute : 0;
            if (!CpSat.HasSolution(status)) return (status, null, double.NaN, bound);
            var solution = new Dictionary<string, Choice>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var v = vars[id];
                if (solver.BooleanValue(v.Cancel)) { solution[id] = new Choice(ChoiceKind.Cancel); continue; }
                var waits = v.Wait.Select(w => (int)solver.Value(w)).ToArray();
                solution[id] = waits.All(w => w == 0) ? new Choice(ChoiceKind.Unchanged) : new Choice(ChoiceKind.Hold, waits);
            }
            var objective = solver.ObjectiveValue / ObjectivePerMinute;
            return (status, solution, objective, status == CpSolverStatus.Optimal ? objective : bound);
        }
    }
}
