using Fortress.Diagnostics;
using Fortress.Units;
using NodaTime;

namespace Fortress.Simulation;

public sealed partial class SimulationModel
{
    /// <summary>
    /// One run: an event queue over the trains (each train has at most one pending event, its next one: a release, an
    /// arrival, a departure, a request, a signal check or a restart), and the interlocking's state (who holds what, who
    /// waits for what). Deterministic: events at the same time go in train order.
    /// </summary>
    private sealed class Engine
    {
        private readonly SimulationModel m;
        private readonly SimulationOptions options;
        private readonly TrainRun[] runs;
        private readonly int[] holder;          // per block: train index or -1
        private readonly int[] occupants;       // per place: trains on its tracks
        private readonly List<int>[] booked;    // per place: trains in the single-track section leading to it, a track kept for each
        private readonly List<int>[] placeTrains;
        private readonly int[] queueNext;       // per stretch: position in its order of the next train to be let in
        private readonly int[] sectionCount;    // per section: blocks held
        private readonly int[] sectionDir;      // per section: direction of those holders (+1/-1)
        private readonly SortedSet<(int Train, int Step)> waiting = []; // requests waiting, in train order
        private bool changed; // a grant or a release since the waiting requests were last tried
        private readonly List<(int Train, int Step)> settleBuffer = [];
        private readonly List<int>[] sectionBlocks;
        private readonly PriorityQueue<(int Train, int Version), (double Time, int Train)> queue = new();
        private readonly List<ResourceUse> uses = [];
        private readonly double setup, sightReaction, release, reaction, sighting;
        private double now;
        private long events;

        public Engine(SimulationModel model, IReadOnlyList<Disturbance> disturbances, SimulationOptions options)
        {
            m = model;
            this.options = options;
            var sig = model.input.Signalling;
            var blocking = sig.EffectiveBlocking;
            setup = blocking.SetupTime.Seconds;
            sightReaction = blocking.SightReactionTime.Seconds;
            release = blocking.ReleaseTime.Seconds;
            reaction = sig.EffectiveReactionTime.Seconds;
            sighting = sig.SightingDistance.Meters;
            var n = model.resources.Length;
            holder = Enumerable.Repeat(-1, n).ToArray();
            occupants = new int[n];
            booked = new List<int>[n];
            placeTrains = new List<int>[n];
            queueNext = new int[model.queues.Length];
            for (var i = 0; i < n; i++) { placeTrains[i] = []; booked[i] = []; }
            sectionCount = new int[model.sectionCount];
            sectionDir = new int[model.sectionCount];
            sectionBlocks = Enumerable.Range(0, model.sectionCount).Select(_ => new List<int>()).ToArray();
            for (var i = 0; i < n; i++) if (model.sectionOf[i] >= 0) sectionBlocks[model.sectionOf[i]].Add(i);
            var byTrain = disturbances.GroupBy(d => d.Train, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            runs = model.trains.Select(t => new TrainRun(this, t, byTrain.TryGetValue(t.Train.Id, out var d) ? d : [])).ToArray();
        }

        public SimulationResult Run()
        {
            foreach (var r in runs) Schedule(r);
            var limit = 1000L + 200L * runs.Sum(r => r.Model.Path.Length + r.Model.Legs.Length + 4);
            while (queue.TryDequeue(out var e, out var p))
            {
                var r = runs[e.Train];
                if (e.Version != r.Version) continue;
                if (++events > limit) throw new FortressException("simulation.internal", ErrorCause.Internal, $"the simulation did not settle after {events} events");
                if ((events & 4095) == 0) WorkLimits.Checkpoint(); // the service's planning deadline reaches into a long simulation
                now = Math.Max(now, p.Time);
                r.Process(now);
                Schedule(r);
                Settle();
            }
            return Result();
        }

        private void Schedule(TrainRun r)
        {
            r.Version++;
            var t = r.NextEvent();
            if (double.IsFinite(t)) queue.Enqueue((r.Model.Index, r.Version), (Math.Max(t, now), r.Model.Index));
        }

        // ---- the interlocking ------------------------------------------------------------------------------------

        /// <summary>Sets the route into step j of train r if it may have it now; otherwise the request waits.</summary>
        private bool TryGrant(TrainRun r, int j, bool queueIfNot)
        {
            if (!MayHave(r, j))
            {
                if (queueIfNot) waiting.Add((r.Model.Index, j));
                return false;
            }
            waiting.Remove((r.Model.Index, j));
            var res = m.resources[r.Model.Path[j].Resource];
            if (res.IsPlace)
            {
                if (r.BookedStep == j) { booked[res.Index].Remove(r.Model.Index); r.BookedStep = -1; }
                Occupy(r, j, alsoGranted: false);
            }
            else
            {
                holder[res.Index] = r.Model.Index;
                if (r.Model.Queue[j] is var q and >= 0) queueNext[q]++;
                var sec = m.sectionOf[res.Index];
                if (sec >= 0) { sectionCount[sec]++; sectionDir[sec] = r.Model.Dir; }
                // A track at the crossing place at the end of a single-track section is kept for the train from its entry
                // (no train enters a section it could not leave); it takes the track when it gets there, by the place's
                // entry signal, as into any place.
                if (r.Model.ReceivedAt[j] is var rp and >= 0 && double.IsPositiveInfinity(r.GrantedAt[rp]) && r.BookedStep != rp)
                {
                    booked[m.resources[r.Model.Path[rp].Resource].Index].Add(r.Model.Index);
                    r.BookedStep = rp;
                }
            }
            r.Granted(j, now, now + setup);
            changed = true;
            return true;
        }

        /// <summary>A track of the place at step j taken by train r (marked granted too when taken with another step).</summary>
        private void Occupy(TrainRun r, int j, bool alsoGranted)
        {
            var place = m.resources[r.Model.Path[j].Resource];
            occupants[place.Index]++;
            placeTrains[place.Index].Add(r.Model.Index);
            if (alsoGranted) r.Granted(j, now, now + setup);
        }

        /// <summary>Whether train r may have step j now (<see cref="Blockers"/> without naming anyone: the hot path).</summary>
        private bool MayHave(TrainRun r, int j)
        {
            var res = m.resources[r.Model.Path[j].Resource];
            bool Room(Resource place, int placeStep, bool entering) => TracksLeft(place, entering) is var free && free > 0 && KeepsLastTrack(r, placeStep, free) is null;
            // A train with a track kept for it needs only a track that no train stands on.
            if (res.IsPlace) return r.BookedStep == j ? occupants[res.Index] < res.Capacity : Room(res, j, false);
            if (holder[res.Index] >= 0) return false;
            var q = r.Model.Queue[j];
            if (q >= 0 && queueNext[q] != r.Model.QueuePosition[j]) return false;
            var sec = m.sectionOf[res.Index];
            if (sec >= 0 && sectionCount[sec] > 0 && sectionDir[sec] != r.Model.Dir) return false;
            return r.Model.ReceivedAt[j] is not (var rp and >= 0) || !double.IsPositiveInfinity(r.GrantedAt[rp]) || r.BookedStep == rp
                || Room(m.resources[r.Model.Path[rp].Resource], rp, true);
        }

        /// <summary>
        /// Null when train r may have step j now; otherwise the trains in its way (empty when none can be named). The rules:
        /// a block is free; a train coming from a place enters the line beyond it in the planned order; a single-track section
        /// is not taken by the other direction, and the crossing place at its end has a track for the train; a place has a
        /// free track, and its last track is not taken from a train that must come through first (see <see cref="KeepsLastTrack"/>).
        /// </summary>
        private List<int>? Blockers(TrainRun r, int j)
        {
            var res = m.resources[r.Model.Path[j].Resource];
            var on = new List<int>();
            var blocked = false;
            void Full(Resource place, int placeStep, bool entering)
            {
                var free = TracksLeft(place, entering);
                if (free <= 0)
                {
                    blocked = true;
                    on.AddRange(placeTrains[place.Index]);
                    on.AddRange(booked[place.Index]);
                }
                else if (KeepsLastTrack(r, placeStep, free) is { } head) { blocked = true; on.Add(head); }
            }
            if (res.IsPlace && r.BookedStep == j)
            {
                if (occupants[res.Index] >= res.Capacity) { blocked = true; on.AddRange(placeTrains[res.Index]); }
            }
            else if (res.IsPlace) Full(res, j, false);
            else
            {
                if (holder[res.Index] >= 0) { blocked = true; on.Add(holder[res.Index]); }
                var q = r.Model.Queue[j];
                if (q >= 0 && queueNext[q] != r.Model.QueuePosition[j])
                {
                    blocked = true;
                    if (queueNext[q] < m.queues[q].Length) on.Add(m.queues[q][queueNext[q]]);
                }
                var sec = m.sectionOf[res.Index];
                if (sec >= 0 && sectionCount[sec] > 0 && sectionDir[sec] != r.Model.Dir)
                {
                    blocked = true;
                    foreach (var b in sectionBlocks[sec]) if (holder[b] >= 0) on.Add(holder[b]);
                }
                if (r.Model.ReceivedAt[j] is var rp and >= 0 && double.IsPositiveInfinity(r.GrantedAt[rp]) && r.BookedStep != rp) Full(m.resources[r.Model.Path[rp].Resource], rp, true);
            }
            return blocked ? on.Where(x => x != r.Model.Index).Distinct().ToList() : null;
        }

        /// <summary>
        /// The train for which the last track of the place at step <paramref name="placeStep"/> must be kept: the one that
        /// goes first, in the planned order, into the line beyond the place and still has to come through the place (to
        /// cross this train there, or to overtake it). Null when there is none, or when a train already at the place waits
        /// for this one to go first (then this one must come in).
        /// </summary>
        /// <param name="free">The place's tracks left for one more train (<see cref="TracksLeft"/>), as the caller counted them.</param>
        private int? KeepsLastTrack(TrainRun r, int placeStep, int free)
        {
            if (free > 1) return null;
            var place = m.resources[r.Model.Path[placeStep].Resource];
            var next = placeStep + 1;
            if (next >= r.Model.Path.Length || r.Model.Queue[next] is not (var q and >= 0) || queueNext[q] >= m.queues[q].Length) return null;
            var head = m.queues[q][queueNext[q]];
            if (head == r.Model.Index) return null;
            var h = runs[head];
            var needs = false;
            for (var x = 0; x < h.Model.Path.Length; x++)
                if (h.Model.Path[x].Resource == place.Index && double.IsPositiveInfinity(h.GrantedAt[x]) && h.BookedStep != x) { needs = true; break; }
            if (!needs) return null;
            // A train at the place, or on its way there with a track kept for it, that must let this one go first: whether
            // it has asked for its way out yet or not (it may still stand its time there, or not be there yet).
            bool WaitsFor(TrainRun w, int ws) => ws >= 0 && ws < w.Model.Path.Length && w.Model.Queue[ws] is var wq and >= 0 && queueNext[wq] < m.queues[wq].Length
                && m.queues[wq][queueNext[wq]] == r.Model.Index;
            foreach (var o in placeTrains[place.Index])
                if (WaitsFor(runs[o], runs[o].StepAfter(place.Index))) return null;
            foreach (var b in booked[place.Index])
                if (WaitsFor(runs[b], runs[b].BookedStep + 1)) return null;
            return head;
        }

        /// <summary>
        /// Tracks of a place left for one more train: its tracks less the trains on them and those it is kept for. A train
        /// entering the single-track section towards it (<paramref name="entering"/>) may also count the tracks of trains
        /// that will leave the place without waiting for anyone (<see cref="Leaves"/>): they are gone long before it can
        /// get there (and if not, it waits at the place's entry signal); a dispatcher lets a follower in behind a train
        /// that passes the loop ahead.
        /// </summary>
        private int TracksLeft(Resource place, bool entering)
        {
            var free = place.Capacity - occupants[place.Index] - booked[place.Index].Count;
            if (!entering) return free;
            foreach (var o in placeTrains[place.Index])
                if (Leaves(runs[o], runs[o].StepAt(place.Index))) free++;
            foreach (var b in booked[place.Index])
                if (Leaves(runs[b], runs[b].BookedStep)) free++;
            return free;
        }

        /// <summary>
        /// Whether train w leaves the place of its step <paramref name="placeStep"/> without waiting for anyone: its way out
        /// is set, or it passes the place (no stop there) and is the next train planned into the line beyond it (or that
        /// line keeps no order). Only trains already let into that line can then hold it, and each of them has a track kept
        /// where it is going (at this place too, for one coming the other way: counted against the train asking), so none
        /// of them waits for the train asking.
        /// </summary>
        private bool Leaves(TrainRun w, int placeStep)
        {
            var after = placeStep + 1;
            if (placeStep < 0 || after >= w.Model.Path.Length) return false;
            if (double.IsFinite(w.GrantedAt[after])) return true;
            var step = w.Model.Path[placeStep];
            if (w.Model.StopWithin(step.Entry, step.Exit) >= 0) return false;
            var q = w.Model.Queue[after];
            return q < 0 || (queueNext[q] < m.queues[q].Length && m.queues[q][queueNext[q]] == w.Model.Index);
        }

        /// <summary>Frees step j of train r.</summary>
        private void Free(TrainRun r, int j)
        {
            var res = m.resources[r.Model.Path[j].Resource];
            if (res.IsPlace) { occupants[res.Index]--; placeTrains[res.Index].Remove(r.Model.Index); }
            else
            {
                holder[res.Index] = -1;
                var sec = m.sectionOf[res.Index];
                if (sec >= 0) sectionCount[sec]--;
            }
            if (options.ResourceUses)
                uses.Add(new ResourceUse(res.Id, r.Model.Train.Id, r.Model.Train.Forward, r.GrantedAt[j], r.SetAt[j],
                    double.IsNaN(r.EntryAt[j]) ? null : r.EntryAt[j], double.IsNaN(r.ClearAt[j]) ? null : r.ClearAt[j], now));
            changed = true;
        }

        /// <summary>After a grant or a release: every waiting request tried again (in train order) until none more can be met.</summary>
        private void Settle()
        {
            while (changed)
            {
                changed = false;
                settleBuffer.Clear();
                settleBuffer.AddRange(waiting);
                foreach (var (train, step) in settleBuffer)
                {
                    var r = runs[train];
                    if (r.PendingStep != step) { waiting.Remove((train, step)); continue; }
                    if (TryGrant(r, step, false)) Schedule(r);
                }
            }
        }

        // ---- results ---------------------------------------------------------------------------------------------

        private SimulationResult Result()
        {
            var end = now;
            Instant At(double s) => m.start + NodaTime.Duration.FromSeconds(s);
            Instant? Opt(double s) => double.IsFinite(s) ? At(s) : null;
            var trains = new List<SimulatedTrain>(runs.Length);
            foreach (var r in runs)
            {
                var t = r.Model.Train;
                var stops = new SimulatedStop[t.Stops.Count];
                for (var k = 0; k < stops.Length; k++)
                {
                    var st = t.Stops[k];
                    stops[k] = new SimulatedStop(st.Place, st.Position, st.Zone, st.PlannedArrival, k == 0 ? null : Opt(r.Arrival[k]),
                        st.PlannedDeparture, k == stops.Length - 1 ? null : Opt(r.Departure[k]));
                }
                var last = r.Arrival[^1];
                double? delay = double.IsFinite(last) ? Math.Max(0, last - r.Model.PlannedArrival[^1]) : null;
                // Signal passings: for the convoy's headways always, for every train when a full record is asked for.
                var passings = new Dictionary<string, double>(StringComparer.Ordinal);
                if (t.IsConvoy || options.Samples || options.ResourceUses)
                    for (var j = 0; j < r.Model.Path.Length; j++)
                        if (!double.IsNaN(r.EntryAt[j])) passings[r.Model.Path[j].Signal] = r.EntryAt[j];
                trains.Add(new SimulatedTrain(t.Id, t.Number, t.Role, t.Forward, stops, delay,
                    r.Aspects.Select(a => new RestrictiveAspect(a.Signal, a.Protects, Position.FromMeters(a.Position), At(a.Seen), Math.Round(a.Lost, 3))).ToArray(),
                    options.Samples ? r.Samples(end, options.SampleInterval) : [], r.Done, passings, Trace: options.Samples ? r.Trace(m.start, end) : null));
            }
            // Convoy trains: how close each came to the one it follows.
            var byId = trains.ToDictionary(t => t.Id, StringComparer.Ordinal);
            for (var i = 0; i < trains.Count; i++)
            {
                var input = m.trains[i].Train;
                if (input.Follows is not { } f || !byId.TryGetValue(f, out var leader)) continue;
                var gap = double.PositiveInfinity;
                foreach (var (sig, at) in trains[i].SignalPassings)
                    if (leader.SignalPassings.TryGetValue(sig, out var lt)) gap = Math.Min(gap, at - lt);
                trains[i] = trains[i] with { GapToLeaderSeconds = double.IsFinite(gap) ? Math.Round(gap, 3) : null, MinimumHeadwaySeconds = input.MinimumHeadway?.Seconds };
            }
            var deadlocks = Deadlocks(end);
            var convoy = trains.Where(t => t.IsConvoy).ToArray();
            var regular = trains.Where(t => !t.IsConvoy).ToArray();
            var late = regular.Where(t => t.DelaySeconds is not { } d || d >= options.DelayThreshold).Select(t => t.Id).ToArray();
            var summary = new SimulationSummary(
                convoy.Sum(t => t.RestrictiveAspects.Count),
                convoy.Length == 0 ? 0 : convoy.Max(t => t.DelaySeconds ?? double.PositiveInfinity),
                late.Length,
                regular.Sum(t => t.DelaySeconds ?? 0),
                late,
                convoy.Length == 0 ? 0 : convoy.Max(t => t.Finished ? t.LargestStopDelay?.Seconds ?? 0 : double.PositiveInfinity));
            return new SimulationResult(m.start, trains, deadlocks, summary, uses);
        }

        /// <summary>
        /// The trains that never arrived, each with what it waits for; cycles among them (each waits for a block or track
        /// the next holds, or to follow it there in the planned order) are the deadlocks, the other stuck trains wait behind one.
        /// </summary>
        private IReadOnlyList<Deadlock> Deadlocks(double end)
        {
            var stuck = runs.Where(r => !r.Done).ToArray();
            if (stuck.Length == 0) return [];
            var waitsFor = new Dictionary<int, (int Resource, List<int> On)>();
            foreach (var r in stuck)
            {
                var j = r.PendingStep;
                if (j < 0) { waitsFor[r.Model.Index] = (-1, []); continue; }
                waitsFor[r.Model.Index] = (r.Model.Path[j].Resource, Blockers(r, j) ?? []);
            }
            // Strongly connected components of the waits-for graph (Tarjan), over the stuck trains.
            var index = new Dictionary<int, int>();
            var low = new Dictionary<int, int>();
            var onStack = new HashSet<int>();
            var stack = new Stack<int>();
            var comps = new List<List<int>>();
            var counter = 0;
            void Visit(int v)
            {
                index[v] = low[v] = counter++;
                stack.Push(v);
                onStack.Add(v);
                foreach (var w in waitsFor[v].On)
                {
                    if (!waitsFor.ContainsKey(w)) continue;
                    if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                    else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
                }
                if (low[v] != index[v]) return;
                var comp = new List<int>();
                int x;
                do { x = stack.Pop(); onStack.Remove(x); comp.Add(x); } while (x != v);
                comps.Add(comp);
            }
            foreach (var r in stuck.OrderBy(r => r.Model.Index)) if (!index.ContainsKey(r.Model.Index)) Visit(r.Model.Index);
            var cycles = comps.Where(c => c.Count > 1 || waitsFor[c[0]].On.Contains(c[0])).Select(c => c.OrderBy(x => x).ToList()).OrderBy(c => c[0]).ToList();
            var inCycle = cycles.SelectMany(c => c).ToHashSet();
            string Id(int t) => m.trains[t].Train.Id;
            string Res(int t) => waitsFor[t].Resource >= 0 ? m.resources[waitsFor[t].Resource].Id : "its departure";
            var result = new List<Deadlock>();
            var attached = new HashSet<int>();
            foreach (var c in cycles)
            {
                // The stuck trains that wait, directly or not, on this cycle.
                var blocked = new List<int>();
                var frontier = new Queue<int>(c);
                var seen = new HashSet<int>(c);
                while (frontier.Count > 0)
                {
                    var v = frontier.Dequeue();
                    foreach (var r in stuck)
                        if (!seen.Contains(r.Model.Index) && waitsFor[r.Model.Index].On.Contains(v)) { seen.Add(r.Model.Index); blocked.Add(r.Model.Index); frontier.Enqueue(r.Model.Index); }
                }
                attached.UnionWith(blocked);
                var text = string.Join("; ", c.Select(t => $"{Id(t)} waits for {Res(t)}" + (waitsFor[t].On.Count > 0 ? $" (held by or promised first to {string.Join(", ", waitsFor[t].On.Select(Id))})" : "")));
                var since = c.Max(t => runs[t].WaitingSince);
                result.Add(new Deadlock(c.Select(Id).ToArray(), c.Select(Res).Distinct().ToArray(),
                    m.start + NodaTime.Duration.FromSeconds(double.IsFinite(since) ? since : end), blocked.OrderBy(x => x).Select(Id).ToArray(), text));
            }
            // Stuck trains outside any cycle and not behind one (should not happen: report them, never hide them).
            foreach (var r in stuck.Where(r => !inCycle.Contains(r.Model.Index) && !attached.Contains(r.Model.Index)).OrderBy(r => r.Model.Index))
            {
                var t = r.Model.Index;
                result.Add(new Deadlock([Id(t)], [Res(t)], m.start + NodaTime.Duration.FromSeconds(double.IsFinite(r.WaitingSince) ? r.WaitingSince : end), [],
                    $"{Id(t)} waits for {Res(t)}" + (waitsFor[t].On.Count > 0 ? $" behind {string.Join(", ", waitsFor[t].On.Select(Id))}" : " with nothing left to wait for")));
            }
            return result;
        }

        // ---- one train -----------------------------------------------------------------------------------------------

        /// <summary>A restrictive aspect as it is being met (its loss is known once the train is on its way again).</summary>
        private sealed class Aspect(string signal, string protects, double position, double seen)
        {
            public string Signal { get; } = signal;
            public string Protects { get; } = protects;
            public double Position { get; } = position;
            public double Seen { get; } = seen;
            public double Lost { get; set; }
        }

        /// <summary>The state of one train in one run.</summary>
        private sealed class TrainRun
        {
            private readonly Engine e;
            private readonly LegProfile[] profile;
            private readonly LegDynamics?[] dynamics;
            private readonly double effort, braking;
            private readonly List<StandPoint>[] holds;
            private readonly double[] extra;     // per stop: dwell extension
            private readonly double late;
            private readonly List<(double From, double To, Trajectory? Motion, double Standing)> history = [];

            public TrainRun(Engine engine, TrainModel model, IReadOnlyList<Disturbance> disturbances)
            {
                e = engine;
                Model = model;
                var n = model.Legs.Length;
                double effort = 1, braking = 1;
                foreach (var p in disturbances.OfType<PerformanceChange>()) { effort = p.TractiveEffort; braking = p.Braking; }
                profile = new LegProfile[n];
                for (var k = 0; k < n; k++) profile[k] = engine.m.Profile(model.Index, k, effort, braking);
                this.effort = effort;
                this.braking = braking;
                dynamics = new LegDynamics?[n];
                holds = Enumerable.Range(0, n).Select(_ => new List<StandPoint>()).ToArray();
                extra = new double[model.StopS.Length];
                late = disturbances.OfType<LateDeparture>().Sum(d => d.Late.Seconds);
                foreach (var d in disturbances.OfType<DwellExtension>()) extra[d.Stop] += d.Extra.Seconds;
                foreach (var h in disturbances.OfType<UnplannedHold>())
                {
                    var s = model.Dir * (h.At.Meters - model.X0);
                    // At a stop: the stand is added to its dwell; on a leg: a stand point.
                    var stop = Array.FindIndex(model.StopS, x => Math.Abs(x - s) <= 1);
                    if (stop >= 1 && stop < model.StopS.Length - 1) { extra[stop] += h.Hold.Seconds; continue; }
                    for (var k = 0; k < n; k++)
                        if (s > model.Legs[k].Start && s < model.Legs[k].End) { holds[k].Add(new StandPoint(s, h.Hold.Seconds)); break; }
                }
                foreach (var l in holds) l.Sort((a, b) => a.S.CompareTo(b.S));
                var steps = model.Path.Length;
                GrantedAt = Fill(steps);
                SetAt = Fill(steps);
                EntryAt = Fill(steps, double.NaN);
                ClearAt = Fill(steps, double.NaN);
                Arrival = Fill(model.StopS.Length);
                Departure = Fill(model.StopS.Length);
                Arrival[0] = double.NegativeInfinity;
            }

            private static double[] Fill(int n, double v = double.PositiveInfinity) { var a = new double[n]; Array.Fill(a, v); return a; }

            public TrainModel Model { get; }
            public int Version;
            public double[] GrantedAt { get; }
            public double[] SetAt { get; }
            public double[] EntryAt { get; }
            public double[] ClearAt { get; }
            public double[] Arrival { get; }
            public double[] Departure { get; }
            public List<Aspect> Aspects { get; } = [];
            public bool Done { get; private set; }
            public double WaitingSince { get; private set; } = double.PositiveInfinity;

            // Where it is: at stop `k` (dwelling) or on leg `k` (running).
            private int k;
            private bool running;
            private Trajectory? motion;
            private double motionFrom;
            // The interlocking as this train sees it.
            private int nextRequest;     // next step to ask for
            private bool requested;      // that request is waiting
            private int nextCheck;       // next step whose signal the driver must find clear
            private int nextRelease;     // next step to give back
            private int nextEntry, nextClear; // passings recorded up to
            // A red being dealt with.
            private int red = -1;
            private int redStop = -1;    // the stop whose departure the red holds (-1: it holds the train on a leg)
            private bool redOnNextLeg;   // seen while standing; applies when the leg starts
            private Trajectory? redBase; // the motion the train would have made, signal clear
            private double redDiverge;   // when the braking for it began
            private double resumeAt = double.PositiveInfinity;
            private Aspect? redAspect;

            /// <summary>The step it waits to be given, or -1.</summary>
            public int PendingStep => requested ? nextRequest : red;

            /// <summary>The step of the place a track is kept for it at (the end of the single-track section it is in), or -1.</summary>
            public int BookedStep = -1;

            /// <summary>Its step at the place it holds (<paramref name="place"/>), or -1.</summary>
            public int StepAt(int place)
            {
                for (var x = nextRelease; x < Model.Path.Length && double.IsFinite(GrantedAt[x]); x++)
                    if (Model.Path[x].Resource == place) return x;
                return -1;
            }

            /// <summary>The step after its step at the place it holds (<paramref name="place"/>), or -1.</summary>
            public int StepAfter(int place) => StepAt(place) is var x and >= 0 && x + 1 < Model.Path.Length ? x + 1 : -1;

            public void Granted(int j, double at, double set)
            {
                GrantedAt[j] = at;
                SetAt[j] = set;
                if (j == nextRequest)
                {
                    nextRequest++;
                    // Steps taken already with an earlier one (a crossing place's track) need no request.
                    while (nextRequest < Model.Path.Length && double.IsFinite(GrantedAt[nextRequest])) nextRequest++;
                    requested = false;
                    WaitingSince = double.PositiveInfinity;
                }
                if (j == red) PlanResume();
            }

            // ---- the next event ----

            public double NextEvent()
            {
                if (Done) return Release();
                var t = Release();
                if (running && !motion!.Waiting) t = Math.Min(t, motion.EndT);
                if (red >= 0 && redStop < 0 && running) t = Math.Min(t, resumeAt);
                if (!running) t = Math.Min(t, DepartureTime(k));
                if (!requested && nextRequest < Model.Path.Length) t = Math.Min(t, InfoTime(nextRequest) - e.setup);
                if (red < 0 && nextCheck < Model.Path.Length && nextCheck <= nextRequest) t = Math.Min(t, InfoTime(nextCheck));
                return t;
            }

            private double Release()
            {
                if (nextRelease >= nextRequest) return double.PositiveInfinity;
                return ClearTime(nextRelease) + e.release;
            }

            /// <summary>When the rear has cleared step j (plus overlap): recorded, predicted, or the arrival when it never does.</summary>
            private double ClearTime(int j)
            {
                if (!double.IsNaN(ClearAt[j])) return ClearAt[j];
                var s = Model.Path[j].Release;
                if (s >= Model.EndS - 1e-6) return Done ? Arrival[^1] : Predict(Model.EndS);
                return Predict(s);
            }

            /// <summary>When the driver must find step j's signal clear (the start of its blocking time plus the set-up).</summary>
            private double InfoTime(int j)
            {
                var step = Model.Path[j];
                var stop = Model.StopWithin(step.Approach, step.Entry);
                if (stop >= 0) return DepartureOf(stop) - e.sightReaction;
                if (step.Approach <= 0) return DepartureOf(0) - e.sightReaction;
                return Predict(step.Approach) - e.sightReaction;
            }

            /// <summary>When it leaves stop i: done, planned for now, or predicted from the motion.</summary>
            private double DepartureOf(int i)
            {
                if (i < k || (i == k && running)) return Departure[i];
                if (i == k) return DepartureTime(k);
                // A later stop: run there as predicted.
                var arrive = running ? motion!.EndT : Arrival[k];
                var at = k + (running ? 1 : 0);
                var dep = double.PositiveInfinity;
                for (var q = at; q <= i; q++)
                {
                    dep = DepartureAfter(q, arrive);
                    if (q < i) arrive = dep + profile[q].Duration;
                }
                return dep;
            }

            /// <summary>The departure from stop q after arriving at <paramref name="arrive"/>, red signals aside.</summary>
            private double DepartureAfter(int q, double arrive)
            {
                var planned = Model.PlannedDeparture[q] + (q == 0 ? late : 0);
                var dep = q == 0 ? planned : Math.Max(planned, arrive + Model.Train.Stops[q].MinimumDwell.Seconds + extra[q]);
                if (q == redStop) dep = Math.Max(dep, resumeAt);
                return dep;
            }

            private double DepartureTime(int q) => q >= Model.Legs.Length ? double.PositiveInfinity : DepartureAfter(q, Arrival[q]);

            /// <summary>When the front reaches s, by the motion, then the stops and legs ahead as planned from there.</summary>
            private double Predict(double s)
            {
                int q;
                double arrive;
                if (running)
                {
                    if (s <= Model.Legs[k].End + 1e-9) return motion!.TimeAt(s);
                    arrive = motion!.EndT;
                    q = k + 1;
                }
                else
                {
                    if (s <= Model.StopS[k] + 1e-9) return Arrival[k];
                    arrive = Arrival[k];
                    q = k;
                }
                while (q < Model.Legs.Length)
                {
                    if (double.IsPositiveInfinity(arrive)) return arrive;
                    var dep = DepartureAfter(q, arrive);
                    if (double.IsPositiveInfinity(dep)) return dep;
                    if (s <= Model.Legs[q].End + 1e-9) return dep + profile[q].TimeAt(s - Model.Legs[q].Shift);
                    arrive = dep + profile[q].Duration;
                    q++;
                }
                return arrive;
            }

            // ---- what happens ----

            public void Process(double now)
            {
                for (var guard = 0; guard < 10_000; guard++)
                {
                    if (!Step(now)) return;
                }
                throw new FortressException("simulation.internal", ErrorCause.Internal, $"train {Model.Train.Id} does not settle at {now:0.###} s");
            }

            /// <summary>Does the first thing due at <paramref name="now"/>; false when nothing is.</summary>
            private bool Step(double now)
            {
                const double eps = 1e-9;
                if (nextRelease < nextRequest && ClearTime(nextRelease) + e.release <= now + eps)
                {
                    if (double.IsNaN(ClearAt[nextRelease])) ClearAt[nextRelease] = ClearTime(nextRelease);
                    e.Free(this, nextRelease++);
                    return true;
                }
                if (Done) return false;
                if (running && !motion!.Waiting && motion.EndT <= now + eps) { Arrive(motion.EndT); return true; }
                if (red >= 0 && redStop < 0 && running && resumeAt <= now + eps) { Resume(now); return true; }
                if (!running && DepartureTime(k) <= now + eps) { Depart(now); return true; }
                if (!requested && nextRequest < Model.Path.Length && InfoTime(nextRequest) - e.setup <= now + eps)
                {
                    requested = true;
                    WaitingSince = now;
                    e.TryGrant(this, nextRequest, true);
                    return true;
                }
                if (red < 0 && nextCheck < Model.Path.Length && nextCheck <= nextRequest && InfoTime(nextCheck) <= now + eps)
                {
                    Check(nextCheck, now);
                    return true;
                }
                return false;
            }

            /// <summary>The driver needs step j's signal now: clear, or a restrictive aspect.</summary>
            private void Check(int j, double now)
            {
                if (SetAt[j] <= now + 1e-3) { nextCheck++; return; }
                var step = Model.Path[j];
                red = j;
                redAspect = new Aspect(step.Signal, e.m.resources[step.Resource].Id, step.SignalPosition, now);
                Aspects.Add(redAspect);
                var stop = Model.StopWithin(step.Approach, step.Entry);
                if (stop >= 0 && (stop > k || (stop == k && !running)))
                {
                    // The signal holds the train at a stop: it cannot leave until it clears.
                    redStop = stop;
                    resumeAt = double.PositiveInfinity;
                }
                else if (running)
                {
                    redStop = -1;
                    redBase = motion;
                    Replace(now, Dynamics(k).BrakeTo(motion!, now, step.Entry));
                    redDiverge = Diverge(redBase!, motion!, now);
                }
                else
                {
                    // Seen standing, for a signal out on the next leg.
                    redStop = -1;
                    redOnNextLeg = true;
                }
                if (double.IsFinite(SetAt[j])) PlanResume();
            }

            /// <summary>When the train starts again after the red it waits at has been set clear.</summary>
            private void PlanResume()
            {
                var set = SetAt[red];
                if (redStop >= 0 || redOnNextLeg) { resumeAt = set + e.reaction; return; }
                var step = Model.Path[red];
                var (s, _) = motion!.StateAt(set);
                // The driver sees the clear aspect from the sighting distance before the signal he is approaching.
                var seeFrom = s < step.Approach ? step.Approach - e.sighting : step.Entry - e.sighting;
                var notice = Math.Max(set, motion.TimeAt(seeFrom));
                resumeAt = notice + e.reaction;
            }

            /// <summary>The red is clear and seen: back on the way, on the old motion if it had not yet braked, else with full effort from where it is.</summary>
            private void Resume(double now)
            {
                var lost = 0.0;
                if (now <= redDiverge + 1e-9) Replace(now, redBase!);
                else
                {
                    var (s, v) = motion!.StateAt(now);
                    var standUntil = motion.StandsUntil(now);
                    var (next, join) = Dynamics(k).Build(s, v, now, double.IsPositiveInfinity(standUntil) ? now : standUntil, Ahead(k, s));
                    Replace(now, next);
                    var before = redBase!.TimeAt(join);
                    lost = double.IsFinite(before) ? next.TimeAt(join) - before : next.TimeAt(join) - now;
                }
                EndRed(lost);
            }

            private void EndRed(double lost)
            {
                if (redAspect is not null) redAspect.Lost = Math.Max(0, lost);
                nextCheck = Math.Max(nextCheck, red + 1);
                red = -1;
                redStop = -1;
                redOnNextLeg = false;
                redBase = null;
                redAspect = null;
                resumeAt = double.PositiveInfinity;
            }

            private void Arrive(double at)
            {
                Commit(at);
                k++;
                running = false;
                Arrival[k] = at;
                if (e.options.Samples) history.Add((at, double.PositiveInfinity, null, Model.StopS[k]));
                motion = null;
                // In: everything still held is given back from its arrival (ClearTime).
                if (k == Model.Legs.Length) Done = true;
            }

            private void Depart(double now)
            {
                var lostAtStop = 0.0;
                if (redStop == k)
                {
                    var without = k == 0 ? Model.PlannedDeparture[0] + late
                        : Math.Max(Model.PlannedDeparture[k], Arrival[k] + Model.Train.Stops[k].MinimumDwell.Seconds + extra[k]);
                    lostAtStop = now - without;
                    EndRed(lostAtStop);
                }
                Departure[k] = now;
                if (history.Count > 0 && history[^1].Motion is null) history[^1] = (history[^1].From, now, null, history[^1].Standing);
                running = true;
                var leg = Model.Legs[k];
                var ahead = Ahead(k, leg.Start);
                if (red >= 0 && redOnNextLeg)
                {
                    if (SetAt[red] <= now + 1e-3) { EndRed(0); }
                    else
                    {
                        // The red seen while standing: the leg is run to stand at its signal.
                        redOnNextLeg = false;
                        redBase = Follow(k, now);
                        var step = Model.Path[red];
                        var (braking, _) = Dynamics(k).Build(leg.Start, 0, now, now, [.. ahead, new StandPoint(step.Entry, null)]);
                        Start(now, braking);
                        redDiverge = Diverge(redBase, braking, now);
                        if (double.IsFinite(SetAt[red])) PlanResume();
                        return;
                    }
                }
                Start(now, ahead.Count == 0 ? Follow(k, now) : Dynamics(k).Build(leg.Start, 0, now, now, ahead).Motion);
            }

            private Trajectory Follow(int leg, double departure) => Trajectory.Follow(profile[leg], Model.Legs[leg].Shift, departure);

            private void Start(double now, Trajectory m)
            {
                motion = m;
                motionFrom = now;
            }

            /// <summary>The holds still ahead on leg q from position s.</summary>
            private List<StandPoint> Ahead(int q, double s) => holds[q].Count == 0 ? NoHolds : holds[q].Where(h => h.S > s + 1e-6).ToList();

            private static readonly List<StandPoint> NoHolds = [];

            private LegDynamics Dynamics(int q) =>
                dynamics[q] ??= new LegDynamics(Model.Train.Legs[q], profile[q],
                    Model.Train.Legs[q].Options with { TractiveEffortFactor = effort, DecelerationFactor = braking }, Model.Legs[q].Shift);

            /// <summary>The new motion from now on; the old one is kept up to now (history, passings).</summary>
            private void Replace(double now, Trajectory next)
            {
                Commit(now);
                motion = next;
                motionFrom = now;
            }

            /// <summary>Records the motion up to <paramref name="until"/>: the samples' history, and the passings of entries and clearing points.</summary>
            private void Commit(double until)
            {
                var mo = motion!;
                if (e.options.Samples) history.Add((motionFrom, until, mo, 0));
                var (sNow, _) = mo.StateAt(until);
                var reached = until >= mo.EndT - 1e-9 ? mo.EndS : sNow;
                // Passed a signal: the front beyond it (standing at it is not passing it).
                while (nextEntry < Model.Path.Length && (Model.Path[nextEntry].Entry < reached - 1e-6 || Model.Path[nextEntry].Entry <= 1e-9 && reached > 1e-6))
                {
                    if (double.IsNaN(EntryAt[nextEntry])) EntryAt[nextEntry] = Math.Min(mo.TimeAt(Model.Path[nextEntry].Entry), until);
                    nextEntry++;
                }
                while (nextClear < Model.Path.Length && Model.Path[nextClear].Release <= reached + 1e-6)
                {
                    if (double.IsNaN(ClearAt[nextClear])) ClearAt[nextClear] = Math.Min(mo.TimeAt(Model.Path[nextClear].Release), until);
                    nextClear++;
                }
            }

            /// <summary>When a braking motion leaves the motion it replaces (the same until then).</summary>
            private static double Diverge(Trajectory before, Trajectory after, double from)
            {
                // Compare arrival times along the new motion's points: the first point where they differ.
                for (var i = 0; i < after.Count; i++)
                {
                    var s = after.S(i);
                    var t = after.T(i);
                    if (t < from) continue;
                    if (Math.Abs(before.TimeAt(s) - t) > 1e-6 || Math.Abs(after.V(i) - SpeedAt(before, s)) > 1e-6)
                        return i == 0 ? from : Math.Max(from, after.T(i - 1));
                }
                return double.PositiveInfinity;
            }

            private static double SpeedAt(Trajectory m, double s)
            {
                var t = m.TimeAt(s);
                return double.IsFinite(t) ? m.StateAt(t).V : 0;
            }

            // ---- samples ----

            public TrainTrace? Trace(Instant start, double end) =>
                double.IsPositiveInfinity(Departure[0]) ? null : new TrainTrace(start, history.ToArray(), Model.Corridor, Departure[0], Done ? Arrival[^1] : end);

            public IReadOnlyList<TrainSample> Samples(double end, double interval)
            {
                if (double.IsPositiveInfinity(Departure[0])) return [];
                var list = new List<TrainSample>();
                var from = Departure[0];
                var to = Done ? Arrival[^1] : end;
                if (!Done && running && motion is not null) history.Add((motionFrom, end, motion, 0));
                var h = 0;
                void Add(double t)
                {
                    while (h + 1 < history.Count && history[h].To <= t && history[h + 1].From <= t) h++;
                    var seg = history[h];
                    double s, v;
                    if (seg.Motion is null) { s = seg.Standing; v = 0; }
                    else (s, v) = seg.Motion.StateAt(t);
                    list.Add(new TrainSample(Math.Round(t, 3), Math.Round(Model.Corridor(s), 3), Math.Round(v, 3)));
                }
                Add(from);
                var g = Math.Floor(from / interval) * interval + interval;
                for (; g < to; g += interval) Add(g);
                if (to > from) Add(to);
                return list;
            }
        }
    }
}
