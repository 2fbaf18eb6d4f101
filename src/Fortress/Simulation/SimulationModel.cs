using Fortress.Conflicts;
using System.Collections.Concurrent;
using Fortress.Diagnostics;
using Fortress.Running;
using NodaTime;

namespace Fortress.Simulation;

/// <summary>
/// The multi-train simulation of one corridor: the input compiled once (each train's blocks and station tracks along its
/// way with their signals and approach points, the planned order of trains on every block, each leg's planned motion), then
/// run as often as wanted with different disturbances (<see cref="Run"/>; a Monte-Carlo study runs it on both cores at once).
/// Thread-safe: every run keeps its own state.
/// <para>
/// The model (decision 0013): fixed-block signalling. A train asks for the next block or station track when the
/// blocking-time model says its route must start being set (the approach point, one distant-signal distance or one block
/// before the entry signal, minus the sight-and-reaction and set-up times); the interlocking sets it once the block is
/// free, on single track the section is not taken by the other direction, the trains planned before it on that block
/// have passed (trains keep their planned order), or a station track is free. A train that reaches the approach point
/// with its route not set has met a restrictive aspect: it brakes with its own service braking to stand at the signal,
/// and starts again with full tractive effort, after the driver's reaction, once it sees the signal clear (at once when
/// standing at it, else from the sighting distance). Unhindered trains follow their planned envelopes exactly.
/// </para>
/// </summary>
public sealed partial class SimulationModel
{
    private readonly SimulationInput input;
    private readonly Resource[] resources;
    private readonly TrainModel[] trains;
    private readonly int[][] queues; // per stretch of line: train indices in planned order of entry
    private readonly int[] sectionOf; // per resource: section index or -1
    private readonly int sectionCount;
    private readonly Instant start;
    private readonly Dictionary<string, int> trainIndex;
    private readonly ConcurrentDictionary<(RunResult Run, double Effort, double Braking), RunResult> runs = new();
    private readonly ConcurrentDictionary<(int Train, int Leg, double Effort, double Braking), LegProfile> profiles = new();

    private SimulationModel(SimulationInput input)
    {
        input.Validate();
        this.input = input;
        var sig = input.Signalling;
        var blocking = sig.EffectiveBlocking;

        // Resources: blocks, then places.
        var res = new List<Resource>();
        foreach (var b in input.Infrastructure.Blocks)
            res.Add(new Resource(res.Count, b.Id, false, 1, b.Use, b.Start.Meters, b.End.Meters, b.Section));
        foreach (var p in input.Infrastructure.Places)
            res.Add(new Resource(res.Count, p.Name, true, p.Tracks, BlockUse.BothDirections, p.ZoneStart.Meters, p.ZoneEnd.Meters, null));
        resources = res.ToArray();
        // Sections of single track: named sections, or each shared block alone.
        var sections = new Dictionary<string, int>(StringComparer.Ordinal);
        sectionOf = new int[resources.Length];
        for (var i = 0; i < resources.Length; i++)
        {
            var r = resources[i];
            if (r.IsPlace || r.Use != BlockUse.BothDirections) { sectionOf[i] = -1; continue; }
            var key = r.Section ?? "\u0001" + r.Id;
            if (!sections.TryGetValue(key, out var si)) sections[key] = si = sections.Count;
            sectionOf[i] = si;
        }
        sectionCount = sections.Count;
        var signals = (input.Infrastructure.Signals ?? []).GroupBy(s => (s.Protects, s.Forward)).ToDictionary(g => g.Key, g => g.First());

        trainIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        trains = new TrainModel[input.Trains.Count];
        var problems = new ProblemList();
        for (var i = 0; i < input.Trains.Count; i++)
        {
            var t = input.Trains[i];
            trainIndex[t.Id] = i;
            try
            {
                trains[i] = new TrainModel(i, t, resources, signals, sig, blocking);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"trains ({t.Id})", ex.Message);
            }
        }
        problems.ThrowIfAny();

        // Time zero: a little before the first request of any train, on a whole minute.
        var first = trains.Min(t => t.PlannedDepartureInstant(0));
        var lead = NodaTime.Duration.FromSeconds(blocking.SetupTime.Seconds + blocking.SightReactionTime.Seconds + 60);
        var s0 = (first - lead).ToUnixTimeSeconds();
        start = Instant.FromUnixTimeSeconds(s0 - ((s0 % 60) + 60) % 60);
        foreach (var t in trains) t.Time(start, this);

        // The planned order: trains enter each stretch of line between two places (on single track: each section, both
        // directions together) in the order of their planned blocking times, ties by input order. Inside a stretch they
        // cannot pass each other, so the order there is the order they entered in.
        var keys = new Dictionary<(bool Section, int Id), int>();
        var lists = new List<List<(double At, int Train, int Step)>>();
        foreach (var t in trains)
            for (var j = 0; j < t.Path.Length; j++)
            {
                var r = t.Path[j].Resource;
                if (resources[r].IsPlace) continue;
                // Entries from a place (or where the train starts) keep the plan's order; a block reached from the one before does not.
                var fromPlace = j == 0 || resources[t.Path[j - 1].Resource].IsPlace || t.Path[j - 1].Exit < t.Path[j].Entry - 1e-6;
                if (!fromPlace) continue;
                var key = sectionOf[r] >= 0 ? (true, sectionOf[r]) : (false, r);
                if (!keys.TryGetValue(key, out var q)) { keys[key] = q = lists.Count; lists.Add([]); }
                t.Queue[j] = q;
                lists[q].Add((t.PlannedRequest[j], t.Index, j));
            }
        // Single-track rule: a train is let into a section only if it can be received at the crossing place at its end.
        foreach (var t in trains)
            for (var j = 0; j < t.Path.Length; j++)
            {
                var sec = sectionOf[t.Path[j].Resource];
                if (sec < 0 || t.Queue[j] < 0) continue;
                var p = j + 1;
                while (p < t.Path.Length && sectionOf[t.Path[p].Resource] == sec) p++;
                if (p < t.Path.Length && resources[t.Path[p].Resource].IsPlace && t.Path[p].Entry <= t.Path[p - 1].Exit + 1e-6) t.ReceivedAt[j] = p;
            }
        queues = new int[lists.Count][];
        for (var q = 0; q < lists.Count; q++)
        {
            var l = lists[q];
            l.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Train.CompareTo(b.Train));
            queues[q] = l.Select(x => x.Train).ToArray();
            for (var i = 0; i < l.Count; i++) trains[l[i].Train].QueuePosition[l[i].Step] = i;
        }
    }

    /// <summary>Compiles the input (validated: every problem at once).</summary>
    /// <exception cref="InvalidInputException">The input does not hold together.</exception>
    public static SimulationModel Compile(SimulationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new SimulationModel(input);
    }

    public SimulationInput Input => input;

    /// <summary>The instant of second 0 of every run.</summary>
    public Instant Start => start;

    /// <summary>The trains, in input order.</summary>
    public IReadOnlyList<SimTrain> Trains => input.Trains;

    /// <summary>One run with these disturbances (validated first).</summary>
    public SimulationResult Run(IReadOnlyList<Disturbance>? disturbances = null, SimulationOptions? options = null)
    {
        disturbances ??= [];
        Disturbances.Validate(disturbances, input.Trains.ToDictionary(t => t.Id, StringComparer.Ordinal));
        return new Engine(this, disturbances, options ?? SimulationOptions.Default).Run();
    }

    /// <summary>The profile of a leg at a performance level, computed once and shared.</summary>
    internal LegProfile Profile(int train, int leg, double effort, double braking)
    {
        var t = trains[train];
        if (effort == 1 && braking == 1) return t.Legs[leg].Nominal;
        if (profiles.TryGetValue((train, leg, effort, braking), out var known)) return known;
        return profiles.GetOrAdd((train, leg, effort, braking), key =>
        {
            var l = t.Train.Legs[key.Leg];
            var run = runs.GetOrAdd((l.PlannedRun, key.Effort, key.Braking), k =>
                RunningTimeCalculator.Run(l.Consist, l.Path, l.Options with { TractiveEffortFactor = k.Effort, DecelerationFactor = k.Braking }));
            return new LegProfile(run, l.From.Meters, l.To.Meters);
        });
    }

    /// <summary>A block or a station's tracks.</summary>
    internal sealed record Resource(int Index, string Id, bool IsPlace, int Capacity, BlockUse Use, double Start, double End, string? Section);

    /// <summary>A resource as one train meets it, in the train's own positions (metres from its origin).</summary>
    /// <param name="Entry">Its entry signal.</param>
    /// <param name="Exit">Its far end.</param>
    /// <param name="Release">Where the front is when the rear has cleared it (plus the overlap, for a block).</param>
    /// <param name="Approach">Where the driver must know the signal's aspect (a distant signal or the previous block signal).</param>
    internal sealed record PathStep(int Resource, double Entry, double Exit, double Release, double Approach, string Signal, double SignalPosition);

    /// <summary>One train compiled: its legs and stops in its own positions, its steps, its planned times (seconds from the start).</summary>
    internal sealed class TrainModel
    {
        public TrainModel(int index, SimTrain train, Resource[] resources, Dictionary<(string, bool), SimSignal> signals, Signalling sig,
            Conflicts.BlockingParameters blocking)
        {
            Index = index;
            Train = train;
            Dir = train.Forward ? 1 : -1;
            X0 = train.StartPosition.Meters;
            Legs = new LegModel[train.Legs.Count];
            for (var k = 0; k < Legs.Length; k++)
            {
                var l = train.Legs[k];
                var shift = Dir * (l.PathOrigin.Meters - X0);
                var profile = new LegProfile(l.PlannedRun, l.From.Meters, l.To.Meters);
                Legs[k] = new LegModel(l, shift, shift + l.From.Meters, shift + l.To.Meters, profile);
            }
            StopS = new double[train.Stops.Count];
            for (var k = 0; k < Legs.Length; k++) StopS[k] = Legs[k].Start;
            StopS[^1] = Legs[^1].End;
            EndS = Legs[^1].End;

            // Resources along the way: blocks of its direction, and station zones it runs through (not those it starts or ends in).
            var steps = new List<PathStep>();
            double Own(double x) => Dir * (x - X0);
            foreach (var r in resources)
            {
                if (!r.IsPlace && r.Use != BlockUse.BothDirections && (r.Use == BlockUse.Forward) != train.Forward) continue;
                double a = Own(r.Start), b = Own(r.End);
                var entry = Math.Min(a, b);
                var exit = Math.Max(a, b);
                if (exit <= 1e-6 || entry >= EndS - 1e-6) continue;
                if (r.IsPlace && (entry <= 1e-6 || exit >= EndS - 1e-6)) continue;
                var length = LengthAt(Math.Min(exit, EndS));
                var release = exit + (r.IsPlace ? 0 : blocking.Overlap.Meters) + length;
                var sid = signals.TryGetValue((r.Id, train.Forward), out var given) ? given.Id : $"{r.Id}/{(train.Forward ? "F" : "R")}";
                var spos = given?.Position.Meters ?? (train.Forward ? r.Start : r.End);
                steps.Add(new PathStep(r.Index, entry, exit, release, double.NaN, sid, spos));
            }
            steps.Sort((x, y) => x.Entry.CompareTo(y.Entry));
            for (var j = 0; j < steps.Count; j++)
            {
                var approach = steps[j].Entry - blocking.BrakingDistance.Meters;
                if (blocking.Approach == Conflicts.ApproachMode.PreviousBlock)
                    for (var p = j - 1; p >= 0; p--)
                        if (!resources[steps[p].Resource].IsPlace) { approach = steps[p].Entry; break; }
                steps[j] = steps[j] with { Approach = approach };
            }
            Path = steps.ToArray();
            QueuePosition = new int[Path.Length];
            Array.Fill(QueuePosition, -1);
            Queue = new int[Path.Length];
            Array.Fill(Queue, -1);
            ReceivedAt = new int[Path.Length];
            Array.Fill(ReceivedAt, -1);
        }

        public int Index { get; }
        public SimTrain Train { get; }
        public int Dir { get; }
        public double X0 { get; }
        public LegModel[] Legs { get; }
        public double[] StopS { get; }
        public double EndS { get; }
        public PathStep[] Path { get; }
        /// <summary>Per step: the stretch whose planned order it enters by (-1: none), and its place in that order.</summary>
        public int[] Queue { get; }
        public int[] QueuePosition { get; }

        /// <summary>Per step entering a single-track section: the step of the place at the section's end, whose track is taken with it (-1: none).</summary>
        public int[] ReceivedAt { get; }
        public double[] PlannedDeparture { get; private set; } = [];
        public double[] PlannedArrival { get; private set; } = [];
        public double[] PlannedRequest { get; private set; } = [];

        /// <summary>Corridor position of a position of the train's own.</summary>
        public double Corridor(double s) => X0 + Dir * s;

        /// <summary>The train's length where its front is at <paramref name="s"/>.</summary>
        public double LengthAt(double s)
        {
            for (var k = 0; k < Legs.Length; k++)
                if (s <= Legs[k].End + 1e-6) return Legs[k].Leg.Consist.Length.Meters;
            return Legs[^1].Leg.Consist.Length.Meters;
        }

        public Instant PlannedDepartureInstant(int k) => Train.Stops[k].PlannedDeparture!.Value;

        /// <summary>The planned times in seconds from the start, and each step's planned request (the start of its blocking time).</summary>
        public void Time(Instant start, SimulationModel model)
        {
            double Sec(Instant i) => (i - start).TotalSeconds;
            var n = Train.Stops.Count;
            PlannedDeparture = new double[n];
            PlannedArrival = new double[n];
            for (var k = 0; k < n; k++)
            {
                PlannedDeparture[k] = Train.Stops[k].PlannedDeparture is { } d ? Sec(d) : double.NaN;
                PlannedArrival[k] = k == 0 ? double.NaN : PlannedDeparture[k - 1] + Legs[k - 1].Nominal.Duration;
            }
            var blocking = model.input.Signalling.EffectiveBlocking;
            var before = blocking.SightReactionTime.Seconds;
            PlannedRequest = new double[Path.Length];
            for (var j = 0; j < Path.Length; j++)
            {
                var stop = StopWithin(Path[j].Approach, Path[j].Entry);
                double info;
                if (stop >= 0) info = PlannedDeparture[stop] - before;
                else if (Path[j].Approach <= 0) info = PlannedDeparture[0] - before;
                else info = PlannedTime(Path[j].Approach) - before;
                PlannedRequest[j] = info - blocking.SetupTime.Seconds;
            }
        }

        /// <summary>The last stop (index) between two positions of the train's own, both included; -1 if none (the destination excluded).</summary>
        public int StopWithin(double from, double to)
        {
            var found = -1;
            for (var k = 0; k < StopS.Length - 1; k++)
                if (StopS[k] >= from - 1e-6 && StopS[k] <= to + 1e-6) found = k;
            return found;
        }

        /// <summary>When the front passes a position as planned (seconds).</summary>
        public double PlannedTime(double s)
        {
            for (var k = 0; k < Legs.Length; k++)
                if (s <= Legs[k].End + 1e-9) return PlannedDeparture[k] + Legs[k].Nominal.TimeAt(s - Legs[k].Shift);
            return PlannedArrival[^1];
        }
    }

    /// <summary>A leg in the train's own positions: where it starts and ends, and its planned profile.</summary>
    internal sealed record LegModel(SimLeg Leg, double Shift, double Start, double End, LegProfile Nominal);
}
