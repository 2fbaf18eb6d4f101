using Fortress.Conflicts;
using Fortress.Diagnostics;
using Fortress.Network;
using Fortress.Planning;
using Fortress.Running;
using Fortress.Units;
using NodaTime;

namespace Fortress.Operations;

/// <summary>
/// Live tracking of one plan on the day: position reports matched to the route, actual against planned times, the
/// current delay, a re-forecast of every later call with the running-time engine from the train's current position
/// and speed, and alerts (headway, stopped outside a station, off the route, late arrival).
/// </summary>
/// <remarks>
/// Not thread-safe: a service feeds one plan's reports through one tracker in order. Feeding the same reports again
/// into a new tracker gives the same state, which is how a restarted service recovers.
/// Forecast rule: a train leaves a halt at its planned departure, or after its full minimum dwell (ceremony, bogie
/// exchange, locomotive change) when it arrived late; a special train never leaves early. A convoy train never runs
/// closer than its planned headway behind the train ahead of it: a late leader holds its followers back (their
/// forecasts say so, with a <see cref="AlertKind.HeldBehind"/> alert naming the leader).
/// </remarks>
public sealed class LiveTracker
{
    private readonly ConvoyPlan plan;
    private readonly TrackingOptions options;
    private readonly IReadOnlyList<JourneyHalt> halts;
    private readonly TrainState[] trains; // in order of planned departure
    private readonly List<Alert> alerts = [];
    private readonly Dictionary<string, PlaceKind> kinds; // place name -> kind, for leaving passing loops out of the calls shown

    public LiveTracker(ConvoyPlan plan, TrackingOptions? options = null, RouteGeometry? geometry = null)
    {
        this.plan = plan;
        this.options = options ?? TrackingOptions.Default;
        Geometry = geometry ?? RouteGeometry.FromCorridor(plan.Journey.Corridor);
        halts = ConvoyPlanner.Halts(plan.Journey);
        kinds = plan.Journey.Corridor.Places.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Kind, StringComparer.OrdinalIgnoreCase);
        trains = plan.Trains.OrderBy(t => t.Departure).Select(t => new TrainState(t, plan.Journey.Train(t.Id), halts)).ToArray();
        State = Snapshot();
    }

    /// <summary>The route as a line on the Earth, for maps.</summary>
    public RouteGeometry Geometry { get; }

    /// <summary>The plan being tracked.</summary>
    public ConvoyPlan Plan => plan;

    /// <summary>The state after the latest report.</summary>
    public LiveState State { get; private set; }

    /// <summary>Takes one report; returns the new state and the alerts it raised.</summary>
    /// <exception cref="InvalidInputException">A train not in the plan, or coordinates out of range.</exception>
    public (LiveState State, IReadOnlyList<Alert> NewAlerts) Report(PositionReport report)
    {
        var p = new ProblemList();
        var s = trains.FirstOrDefault(t => t.Planned.Id == report.Train);
        if (s is null) p.Add("train", "there is no such train in this plan");
        if (!(report.Latitude is >= -90 and <= 90)) p.Add("lat", "latitude must be between -90 and 90 degrees");
        if (!(report.Longitude is >= -180 and <= 180)) p.Add("lon", "longitude must be between -180 and 180 degrees");
        if (report.Speed is { } sp && !(sp.MetersPerSecond >= 0 && sp.MetersPerSecond < 150)) p.Add("speed", "speed must be between 0 and 540 km/h");
        p.ThrowIfAny();
        // A report older than the train's latest is stored by the caller but changes nothing here.
        if (s!.Last is { } last && report.Time < last.Time) return (State, []);

        var raised = new List<Alert>();
        Update(s, report, raised);
        Forecast(s);
        FollowTrainsAhead(report.Time, raised);
        foreach (var f in trains) CheckLate(f, report.Time, raised);
        CheckHeadways(report.Time, raised);
        alerts.AddRange(raised);
        State = Snapshot();
        return (State, raised);
    }

    private void Update(TrainState s, PositionReport r, List<Alert> raised)
    {
        var point = new GeoPoint(r.Latitude, r.Longitude);
        var near = s.Last?.Along ?? s.Planned.Calls[0].Position;
        var m = Geometry.Match(point, near);
        var prev = s.Last;
        var along = m.OnRoute ? m.Along : prev?.Along ?? near;
        var speed = r.Speed ?? (prev is not null && m.OnRoute && r.Time > prev.Time
            ? Speed.FromMetersPerSecond(Math.Max(0, (along - prev.Along).Meters / (r.Time - prev.Time).TotalSeconds))
            : Speed.Zero);
        var atRest = speed <= options.AtRest;

        if (!m.OnRoute)
        {
            if (!s.OffRoute)
                raised.Add(new Alert(r.Time, AlertKind.OffRoute, s.Planned.Id,
                    $"reported {m.Offset.Kilometers:0.0} km from the route near km {m.Along.Meters / 1000:0.0} ({Between(m.Along)})"));
            s.OffRoute = true;
        }
        else
        {
            s.OffRoute = false;
            s.LastSpeedIn = speed.MetersPerSecond;
            Calls(s, prev, r.Time, along, atRest);
            if (s.Track.Count == 0 || along >= s.Track[^1].X) s.Track.Add((r.Time, along));
        }

        // Standing still away from every place.
        var nearPlace = plan.Journey.Corridor.Places.Any(pl => Math.Abs((pl.Position - along).Meters) <= options.StationZone.Meters);
        if (atRest && m.OnRoute && !nearPlace && s.Departed)
        {
            s.RestSince ??= r.Time;
            if (!s.StoppedAlerted && r.Time - s.RestSince.Value >= options.StoppedAlertAfter)
            {
                s.StoppedAlerted = true;
                raised.Add(new Alert(r.Time, AlertKind.StoppedOutsideStation, s.Planned.Id,
                    $"stopped at km {along.Meters / 1000:0.0} ({Between(along)}) for {(r.Time - s.RestSince.Value).TotalMinutes:0} min"));
            }
        }
        else if (!atRest)
        {
            s.RestSince = null;
            s.StoppedAlerted = false;
        }
        s.Last = new LivePosition(r.Time, r.Latitude, r.Longitude, along, speed, m.OnRoute);
        s.Delay = Delay(s, r.Time, along);
    }

    /// <summary>Actual times at the calls the train has reached since its previous report.</summary>
    private void Calls(TrainState s, LivePosition? prev, Instant t, Position x, bool atRest)
    {
        var zone = options.StationZone.Meters;
        for (var i = 0; i < s.Calls.Length; i++)
        {
            var c = s.Calls[i];
            var p = c.Position;
            if (c.Kind == CallKind.Pass)
            {
                if (s.ActualArrival[i] is null && prev is not null && prev.Along < p && x >= p)
                    s.ActualArrival[i] = s.ActualDeparture[i] = Interpolate(prev.Time, prev.Along, t, x, p);
                continue;
            }
            var isOrigin = c.Kind == CallKind.Origin;
            var isLast = i == s.Calls.Length - 1;
            var inZone = Math.Abs((x - p).Meters) <= zone;
            if (!isOrigin && s.ActualArrival[i] is null)
            {
                if (inZone && atRest) s.ActualArrival[i] = StoppedAt(prev, t, x);
                else if (prev is not null && prev.Along < p && x > p + Length.FromMeters(zone))
                    s.ActualArrival[i] = s.ActualDeparture[i] = Interpolate(prev.Time, prev.Along, t, x, p); // ran through
            }
            if (isLast || s.ActualDeparture[i] is not null) continue;
            var there = isOrigin || s.ActualArrival[i] is not null;
            if (!there) continue;
            if (inZone && atRest) s.LastRestAt[i] = t;
            else if (!atRest && x >= p - Length.FromMeters(zone) && (x > p || !inZone || s.LastRestAt[i] is not null))
            {
                // Left after the last report at rest there: started at constant acceleration, so the distance run since
                // is half the current speed times the time since it started.
                var started = s.LastRestAt[i] ?? prev?.Time ?? t;
                var v = s.LastSpeedIn;
                var since = v > 0.1 ? NodaTime.Duration.FromSeconds(2 * Math.Max(0, (x - p).Meters) / v) : NodaTime.Duration.Zero;
                var estimate = t - since;
                s.ActualDeparture[i] = estimate < started ? started : estimate > t ? t : estimate;
                if (isOrigin) s.Departed = true;
            }
        }
        if (!s.Departed && s.ActualDeparture[0] is not null) s.Departed = true;
    }

    /// <summary>
    /// When a train now at rest stopped: from the previous report (moving at v, d short of here) at constant
    /// deceleration it took 2d/v; clamped between the two reports.
    /// </summary>
    private static Instant StoppedAt(LivePosition? prev, Instant t, Position x)
    {
        if (prev is null || prev.Speed.MetersPerSecond < 0.1) return t;
        var d = Math.Max(0, (x - prev.Along).Meters);
        var estimate = prev.Time + NodaTime.Duration.FromSeconds(2 * d / prev.Speed.MetersPerSecond);
        return estimate > t ? t : estimate < prev.Time ? prev.Time : estimate;
    }

    private static Instant Interpolate(Instant t0, Position x0, Instant t1, Position x1, Position p)
    {
        var dx = (x1 - x0).Meters;
        var f = dx <= 0 ? 1 : Math.Clamp((p - x0).Meters / dx, 0, 1);
        return t0 + (t1 - t0) * f;
    }

    private NodaTime.Duration? Delay(TrainState s, Instant t, Position x)
    {
        var h = s.AtHalt();
        if (h is { } i)
        {
            var c = s.Calls[i];
            var late = t > c.Departure!.Value ? t - c.Departure.Value : NodaTime.Duration.Zero;
            if (s.ActualArrival[i] is { } a && c.Arrival is { } pa && a - pa > late) late = a - pa;
            return late;
        }
        if (s.Calls[^1] is var dest && s.ActualArrival[^1] is { } arr) return arr - dest.Arrival!.Value;
        return s.Planned.TimeAt(x) is { } planned ? t - planned : null;
    }

    /// <summary>
    /// Re-forecasts every later call: the engine from the current position and speed to the next halt, then the legs from
    /// rest; a train runs at the technical minimum where it is late (it uses its allowance to recover), never ahead of the plan.
    /// </summary>
    private void Forecast(TrainState s)
    {
        OwnForecast(s);
        s.OwnArrival = (Instant?[])s.ForecastArrival.Clone();
        s.OwnDeparture = (Instant?[])s.ForecastDeparture.Clone();
    }

    /// <summary>
    /// The trains in running order, each forecast no earlier than the train ahead of it lets it run: at every call both
    /// make, its planned headway behind it; at every call, not into a block before the train ahead has cleared it (on a
    /// single-track line the block is the whole stretch to the next crossing place). Both are measured against the plan,
    /// which keeps them, so a train on plan is forecast as planned; a late leader holds its followers back, as its signals
    /// would. Starts each time from the train's own forecast, so a leader that recovers releases them again.
    /// </summary>
    private void FollowTrainsAhead(Instant now, List<Alert> raised)
    {
        for (var k = 1; k < trains.Length; k++)
        {
            var lead = trains[k - 1];
            var s = trains[k];
            if (s.OwnArrival is null || s.OwnDeparture is null) continue;
            Array.Copy(s.OwnArrival, s.ForecastArrival, s.OwnArrival.Length);
            Array.Copy(s.OwnDeparture, s.ForecastDeparture, s.OwnDeparture.Length);
            var carry = NodaTime.Duration.Zero; // how much later than its own forecast the follower runs from here on
            var held = NodaTime.Duration.Zero;
            string? where = null;
            void Hold(ref Instant t, Instant? earliest, string place)
            {
                if (earliest is not { } e || e <= t) return;
                carry += e - t;
                t = e;
                where ??= place;
            }
            for (var i = 0; i < s.Calls.Length; i++)
            {
                var c = s.Calls[i];
                if (s.ForecastArrival[i] is { } fa)
                {
                    fa += carry;
                    Hold(ref fa, Earliest(lead, s, i, arrival: true), c.Place);
                    if (c.Kind == CallKind.Pass) Hold(ref fa, Earliest(lead, s, i, arrival: false), c.Place);
                    s.ForecastArrival[i] = fa;
                    if (carry > held) held = carry;
                    if (c.Kind == CallKind.Pass) { s.ForecastDeparture[i] = fa; continue; }
                }
                if (s.ForecastDeparture[i] is not { } fd) continue;
                // At a halt the follower leaves at its planned departure or after its dwell from the (held) arrival: a
                // held train's slack at the halt absorbs part of what it carries.
                var dep = s.ForecastArrival[i] is { } arr && carry > NodaTime.Duration.Zero
                    ? Max(Max(c.Departure!.Value, arr + Nd(halts[s.HaltOfCall[i]].Dwell)), fd)
                    : fd;
                Hold(ref dep, Earliest(lead, s, i, arrival: false), c.Place);
                carry = dep - fd > NodaTime.Duration.Zero ? dep - fd : NodaTime.Duration.Zero;
                if (carry > held) held = carry;
                s.ForecastDeparture[i] = dep;
            }
            if (held >= NodaTime.Duration.FromMinutes(1) && !s.HeldAlerted)
            {
                s.HeldAlerted = true;
                raised.Add(new Alert(now, AlertKind.HeldBehind, s.Planned.Id,
                    $"held behind the train ahead, which is late: forecast up to {held.TotalMinutes:0} min later than it could run, from {where}", lead.Planned.Id));
            }
            else if (held < NodaTime.Duration.FromMinutes(1)) s.HeldAlerted = false;
        }
    }

    /// <summary>
    /// The earliest the follower <paramref name="s"/> can arrive at (or leave, or pass) its call <paramref name="i"/>
    /// given where the train ahead is forecast: one headway behind it at the same call, and not before it has cleared the
    /// block the follower is in (arriving) or enters next (leaving). Each margin is the smaller of the rule's and the
    /// plan's own, so the plan is never found to break it. Null when nothing ahead constrains it.
    /// </summary>
    private Instant? Earliest(TrainState lead, TrainState s, int i, bool arrival)
    {
        // What depends on the plan alone is worked out once per call (reports come every minute for every train).
        var rules = arrival ? s.ArrivalRules ??= Rules(lead, s, true) : s.DepartureRules ??= Rules(lead, s, false);
        if (rules[i] is not { } r) return null;
        Instant? best = null;
        if (r.LeaderCall is { } j && LeaderTime(lead, j, arrival) is { } then) best = then + r.HeadwayMargin;
        if (r.Segment >= 0 && TimeAt(lead, r.Segment, r.Fraction, planned: false) is { } t)
        {
            var e = t + r.BlockMargin;
            if (best is null || e > best) best = e;
        }
        return best;
    }

    /// <summary>
    /// For each call of the follower: the leader's call at the same place (its occurrence counted) with the margin the
    /// follower keeps behind it there (the headway, or less where the plan has less), and where the leader's rear clears
    /// the block the follower is in (arriving) or enters next (leaving), as a place between two of the leader's calls,
    /// with the margin the plan keeps to it (at most 0). Both leader times are read the same way (between calls), so
    /// the margins taken from the plan cancel that reading's error.
    /// </summary>
    private FollowRule?[] Rules(TrainState lead, TrainState s, bool arrival)
    {
        var rules = new FollowRule?[s.Calls.Length];
        var headway = Nd(plan.Journey.HeadwayOf(lead.Convoy.Role == ConvoyRole.Pilot ? lead.Convoy : s.Convoy));
        var blocks = plan.Journey.Blocks;
        var forward = blocks.Blocks.Where(x => x.Direction != TravelDirection.Reverse).ToArray();
        for (var i = 0; i < s.Calls.Length; i++)
        {
            var c = s.Calls[i];
            if ((arrival ? c.Arrival : c.Departure) is not { } own) continue;
            var occurrence = 0;
            for (var m = 0; m <= i; m++) if (s.Calls[m].Place == c.Place) occurrence++;
            int? leaderCall = null;
            var headwayMargin = NodaTime.Duration.Zero;
            if (CallAt(lead, c.Place, occurrence) is { } j && (arrival ? lead.Calls[j].Arrival : lead.Calls[j].Departure) is { } planned)
                (leaderCall, headwayMargin) = (j, Min(headway, own - planned));
            var b = arrival
                ? forward.LastOrDefault(x => x.Start < c.Position - Length.FromMeters(1))
                : forward.FirstOrDefault(x => x.End > c.Position + Length.FromMeters(1));
            var (segment, fraction, blockMargin) = (-1, 0.0, NodaTime.Duration.Zero);
            if (b is not null && Locate(lead, b.End + lead.Convoy.Length + blocks.Signalling.Blocking.Overlap) is { } at
                && TimeAt(lead, at.Segment, at.Fraction, planned: true) is { } p)
                (segment, fraction, blockMargin) = (at.Segment, at.Fraction, Min(NodaTime.Duration.Zero, own - p));
            if (leaderCall is not null || segment >= 0) rules[i] = new FollowRule(leaderCall, headwayMargin, segment, fraction, blockMargin);
        }
        return rules;
    }

    /// <summary>What a follower's call owes the train ahead (<see cref="Rules"/>); <see cref="Segment"/> -1 when no block applies.</summary>
    private sealed record FollowRule(int? LeaderCall, NodaTime.Duration HeadwayMargin, int Segment, double Fraction, NodaTime.Duration BlockMargin);

    /// <summary>Where <paramref name="y"/> lies on a train's calls: between call <c>Segment</c> and the next, at <c>Fraction</c> of the way.</summary>
    private static (int Segment, double Fraction)? Locate(TrainState s, Position y)
    {
        for (var i = 0; i + 1 < s.Calls.Length; i++)
        {
            var (a, b) = (s.Calls[i], s.Calls[i + 1]);
            if (y < a.Position || y > b.Position) continue;
            var span = (b.Position - a.Position).Meters;
            return (i, span <= 0 ? 1 : (y - a.Position).Meters / span);
        }
        return null;
    }

    /// <summary>When a train's front passes a place between two calls: from its departure from the first to its arrival at the next (as planned, or actual, else forecast, else planned).</summary>
    private static Instant? TimeAt(TrainState s, int i, double fraction, bool planned)
    {
        var (a, b) = (s.Calls[i], s.Calls[i + 1]);
        var t0 = planned ? a.Departure : s.ActualDeparture[i] ?? s.ForecastDeparture[i] ?? a.Departure;
        var t1 = planned ? b.Arrival : s.ActualArrival[i + 1] ?? s.ForecastArrival[i + 1] ?? b.Arrival;
        return t0 is { } u && t1 is { } v ? u + (v - u) * fraction : null;
    }

    private static NodaTime.Duration Min(NodaTime.Duration a, NodaTime.Duration b) => a < b ? a : b;

    /// <summary>The index of the <paramref name="occurrence"/>-th call of <paramref name="s"/> at <paramref name="place"/>, if it makes one.</summary>
    private static int? CallAt(TrainState s, string place, int occurrence)
    {
        var n = 0;
        for (var i = 0; i < s.Calls.Length; i++)
            if (s.Calls[i].Place == place && ++n == occurrence) return i;
        return null;
    }

    /// <summary>When the leader arrives at (or leaves) its call <paramref name="i"/>: actual, else forecast, else as planned (a train not yet reporting is taken to run as planned).</summary>
    private static Instant? LeaderTime(TrainState lead, int i, bool arrival) =>
        arrival
            ? lead.ActualArrival[i] ?? lead.ForecastArrival[i] ?? lead.Calls[i].Arrival
            : lead.ActualDeparture[i] ?? lead.ForecastDeparture[i] ?? lead.Calls[i].Departure;

    private void OwnForecast(TrainState s)
    {
        Array.Clear(s.ForecastArrival);
        Array.Clear(s.ForecastDeparture);
        if (s.Last is not { } last) return;
        var legs = s.Planned.Legs;
        int nextHalt; // index into halts
        Instant arrivalAtNext;
        var atHalt = s.AtHalt();
        if (atHalt is { } ci)
        {
            var hk = s.HaltOfCall[ci];
            var c = s.Calls[ci];
            var ready = (s.ActualArrival[ci] ?? last.Time) + Nd(halts[hk].Dwell);
            var dep = Max(Max(c.Departure!.Value, ready), last.Time);
            s.ForecastDeparture[ci] = dep;
            if (hk + 1 >= halts.Count) return;
            nextHalt = hk + 1;
            arrivalAtNext = PlannedRun(s, hk, dep);
        }
        else
        {
            var k = -1;
            for (var j = 0; j < legs.Count; j++) if (last.Along >= legs[j].Start && last.Along < legs[j].End) { k = j; break; }
            if (k < 0) return; // arrived
            var leg = legs[k];
            var remaining = leg.End - last.Along;
            RunResult? run = null;
            if (remaining.Meters >= 1)
            {
                try
                {
                    var path = ConvoyPlanner.LegPath(plan.Journey.Corridor, s.Planned.Role, halts[k], halts[k + 1], last.Along);
                    run = RunningTimeCalculator.Run(s.Convoy.ConsistAt(leg.Start), path, Technical with { InitialSpeed = last.Speed });
                }
                catch (FortressException)
                {
                    run = null; // e.g. a ceremony marker already passed: fall back to the planned remainder below
                }
            }
            var plannedFrom = leg.Run.TimeAtFront(Position.Origin + (last.Along - leg.Start));
            var toEnd = run is not null ? run.TotalTime.Seconds
                : remaining.Meters < 1 ? 0 : leg.Run.TotalTime.Seconds - (plannedFrom?.Seconds ?? 0);
            for (var i = 0; i < s.Calls.Length; i++)
            {
                var c = s.Calls[i];
                if (c.Kind != CallKind.Pass || c.Position <= last.Along || c.Position >= leg.End) continue;
                var d = run?.TimeAtFront(Position.Origin + (c.Position - last.Along))?.Seconds
                    ?? leg.Run.TimeAtFront(Position.Origin + (c.Position - leg.Start))!.Value.Seconds - (plannedFrom?.Seconds ?? 0);
                s.ForecastArrival[i] = s.ForecastDeparture[i] = NotBefore(last.Time + NodaTime.Duration.FromSeconds(d), c.Arrival);
            }
            nextHalt = k + 1;
            arrivalAtNext = NotBefore(last.Time + NodaTime.Duration.FromSeconds(toEnd), s.Calls[s.CallOfHalt[k + 1]].Arrival);
        }
        // Later halts: the planned legs (engine runs from rest), leaving at the planned time or after the full dwell.
        for (var h = nextHalt; h < halts.Count; h++)
        {
            var call = s.CallOfHalt[h];
            s.ForecastArrival[call] = arrivalAtNext;
            if (h + 1 >= halts.Count) break;
            var dep = Max(s.Calls[call].Departure!.Value, arrivalAtNext + Nd(halts[h].Dwell));
            s.ForecastDeparture[call] = dep;
            arrivalAtNext = PlannedRun(s, h, dep);
        }
    }

    /// <summary>
    /// Forecasts a leg left at <paramref name="departure"/>: at the technical minimum (the engine's run without the plan's
    /// allowance), but never ahead of the plan. A late train recovers by using its running-time allowance, an on-time
    /// train runs as planned (the usual model of a recovery margin, UIC Code 451-1). Returns the arrival at the leg's end.
    /// </summary>
    private Instant PlannedRun(TrainState s, int leg, Instant departure)
    {
        var l = s.Planned.Legs[leg];
        var fastest = MinimumRun(s, leg);
        for (var i = 0; i < s.Calls.Length; i++)
        {
            var c = s.Calls[i];
            if (c.Kind != CallKind.Pass || c.Position <= l.Start || c.Position >= l.End) continue;
            if (fastest.TimeAtFront(Position.Origin + (c.Position - l.Start)) is { } d)
                s.ForecastArrival[i] = s.ForecastDeparture[i] = NotBefore(departure + NodaTime.Duration.FromSeconds(d.Seconds), c.Arrival);
        }
        return NotBefore(departure + Nd(fastest.TotalTime), s.Calls[s.CallOfHalt[leg + 1]].Arrival);
    }

    /// <summary>The plan's options without its allowance: how fast a late train can run.</summary>
    private RunOptions Technical => plan.Journey.RunOptions with { Allowance = Allowance.None };

    /// <summary>A leg at the technical minimum (the planned run itself when the plan has no allowance), computed once per train and leg.</summary>
    private RunResult MinimumRun(TrainState s, int leg)
    {
        var l = s.Planned.Legs[leg];
        if (plan.Journey.RunOptions.Allowance.IsNone) return l.Run;
        return s.MinimumRuns[leg] ??= RunningTimeCalculator.Run(s.Convoy.ConsistAt(l.Start),
            ConvoyPlanner.LegPath(plan.Journey.Corridor, s.Planned.Role, halts[leg], halts[leg + 1]), Technical);
    }

    private static Instant NotBefore(Instant t, Instant? planned) => planned is { } p && p > t ? p : t;

    private void CheckLate(TrainState s, Instant now, List<Alert> raised)
    {
        for (var i = 0; i < s.Calls.Length; i++)
        {
            var c = s.Calls[i];
            if (c.Kind is CallKind.Pass or CallKind.Origin || s.ForecastArrival[i] is not { } f || c.Arrival is not { } planned) continue;
            var late = f - planned;
            if (late >= options.LateThreshold && s.LateAlerted.Add(i))
                raised.Add(new Alert(now, AlertKind.LateArrival, s.Planned.Id,
                    $"forecast arrival at {c.Place} {Local(f, c.Zone)}, {late.TotalMinutes:0} min late"));
        }
    }

    private void CheckHeadways(Instant now, List<Alert> raised)
    {
        for (var k = 1; k < trains.Length; k++)
        {
            var lead = trains[k - 1];
            var follow = trains[k];
            if (follow.Last is not { OnRoute: true } f || !follow.Departed || f.Speed <= options.AtRest || lead.Track.Count == 0) continue;
            var minimum = MinimumHeadway(lead.Planned.Id, follow.Planned.Id);
            var passed = PassingTime(lead, f.Along);
            var headway = passed is { } tl ? f.Time - tl : (NodaTime.Duration?)null;
            bool tooClose;
            if (headway is { } hw) tooClose = hw < minimum;
            // The follower is ahead of its leader, unless the leader has arrived at its destination: it stands at its own
            // stopping point (a red-carpet stop short of the buffer stops) and the follower draws into another platform.
            else tooClose = lead.Track[^1].X < f.Along - Length.FromMeters(100) && lead.Departed && lead.ActualArrival[^1] is null;
            if (tooClose && !follow.HeadwayAlerted)
            {
                follow.HeadwayAlerted = true;
                raised.Add(new Alert(now, AlertKind.Headway, follow.Planned.Id, headway is { } h
                    ? $"{h.TotalMinutes:0.0} min behind the train ahead at km {f.Along.Meters / 1000:0.0}, below the minimum {minimum.TotalMinutes:0} min"
                    : $"ahead of the train it should follow, at km {f.Along.Meters / 1000:0.0}"));
            }
            else if (!tooClose) follow.HeadwayAlerted = false;
        }
    }

    /// <summary>When a train's front passed <paramref name="x"/>, from its reports (null if it had not, or if its reports start beyond x).</summary>
    private static Instant? PassingTime(TrainState s, Position x)
    {
        var track = s.Track;
        for (var i = 1; i < track.Count; i++)
            if (track[i - 1].X < x && track[i].X >= x) return Interpolate(track[i - 1].T, track[i - 1].X, track[i].T, track[i].X, x);
        return null;
    }

    private NodaTime.Duration MinimumHeadway(TrainId lead, TrainId follow)
    {
        if (options.MinimumHeadway is { } m) return m;
        // The planned headway between the two: the one of the train farther from the main train.
        var l = plan.Journey.Train(lead);
        var f = plan.Journey.Train(follow);
        var planned = plan.Journey.HeadwayOf(l.Role == ConvoyRole.Pilot ? l : f);
        return Max(NodaTime.Duration.FromMinutes(2), Nd(planned) - NodaTime.Duration.FromMinutes(2));
    }

    /// <summary>A time as an alert tells it to people: "Wed 24 Apr 10:07 +10:00", in the zone of its place.</summary>
    private static string Local(NodaTime.Instant t, NodaTime.DateTimeZone zone) =>
        NodaTime.Text.ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH':'mm o<+HH:mm>", null).Format(t.InZone(zone));

    private string Between(Position x)
    {
        var places = plan.Journey.Corridor.Places;
        var before = places.LastOrDefault(p => p.Position <= x);
        var after = places.FirstOrDefault(p => p.Position > x);
        return before is null ? $"before {after!.Name}" : after is null ? $"after {before.Name}" : $"between {before.Name} and {after.Name}";
    }

    private LiveState Snapshot()
    {
        var list = trains.Select(s => new LiveTrain(s.Planned.Id, s.Planned.Role, s.Last, s.Delay,
            s.Calls.Select((c, i) => (c, i))
                .Where(ci => !(ci.c.Kind == CallKind.Pass && kinds.TryGetValue(ci.c.Place, out var k) && k == PlaceKind.PassingLoop))
                .Select(ci => new LiveStop(ci.c.Place, ci.c.Zone, ci.c.Kind, ci.c.Position, ci.c.Arrival, ci.c.Kind == CallKind.Destination ? null : ci.c.Departure,
                    s.ActualArrival[ci.i], s.ActualDeparture[ci.i],
                    s.ActualArrival[ci.i] is null ? s.ForecastArrival[ci.i] : null,
                    s.ActualDeparture[ci.i] is null ? s.ForecastDeparture[ci.i] : null)).ToArray())).ToArray();
        return new LiveState(trains.Select(t => t.Last?.Time).Max(), list, alerts.ToArray());
    }

    private static NodaTime.Duration Nd(Fortress.Units.Duration d) => NodaTime.Duration.FromSeconds(d.Seconds);
    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
    private static NodaTime.Duration Max(NodaTime.Duration a, NodaTime.Duration b) => a > b ? a : b;

    private sealed class TrainState
    {
        public TrainState(PlannedTrain planned, ConvoyTrain convoy, IReadOnlyList<JourneyHalt> halts)
        {
            Planned = planned;
            Convoy = convoy;
            Calls = planned.Calls.ToArray();
            var n = Calls.Length;
            ActualArrival = new Instant?[n];
            ActualDeparture = new Instant?[n];
            ForecastArrival = new Instant?[n];
            ForecastDeparture = new Instant?[n];
            LastRestAt = new Instant?[n];
            MinimumRuns = new RunResult?[planned.Legs.Count];
            HaltOfCall = new int[n];
            CallOfHalt = new int[halts.Count];
            var h = 0;
            for (var i = 0; i < n; i++)
            {
                HaltOfCall[i] = -1;
                if (Calls[i].Kind == CallKind.Pass || h >= halts.Count) continue;
                HaltOfCall[i] = h;
                CallOfHalt[h++] = i;
            }
        }

        public PlannedTrain Planned { get; }
        public ConvoyTrain Convoy { get; }
        public PlannedCall[] Calls { get; }
        public int[] HaltOfCall { get; }
        public int[] CallOfHalt { get; }
        public Instant?[] ActualArrival { get; }
        public Instant?[] ActualDeparture { get; }
        public Instant?[] ForecastArrival { get; }
        public Instant?[] ForecastDeparture { get; }
        public Instant?[] LastRestAt { get; }
        public RunResult?[] MinimumRuns { get; }
        public List<(Instant T, Position X)> Track { get; } = [];
        public HashSet<int> LateAlerted { get; } = [];
        public LivePosition? Last { get; set; }
        public NodaTime.Duration? Delay { get; set; }
        public bool Departed { get; set; }
        public double LastSpeedIn { get; set; }
        public bool OffRoute { get; set; }
        public bool HeadwayAlerted { get; set; }
        public bool HeldAlerted { get; set; }
        /// <summary>The train's own forecast, before the trains ahead hold it back (null before its first report).</summary>
        public Instant?[]? OwnArrival { get; set; }
        public Instant?[]? OwnDeparture { get; set; }
        /// <summary>What each of its calls owes the train ahead, arriving and leaving (worked out on first use).</summary>
        public FollowRule?[]? ArrivalRules { get; set; }
        public FollowRule?[]? DepartureRules { get; set; }
        public bool StoppedAlerted { get; set; }
        public Instant? RestSince { get; set; }

        /// <summary>The call of the halt the train stands at (origin before leaving, or a halt reached and not yet left).</summary>
        public int? AtHalt()
        {
            if (ActualDeparture[0] is null) return 0;
            for (var i = Calls.Length - 2; i > 0; i--)
                if (HaltOfCall[i] >= 0 && ActualArrival[i] is not null && ActualDeparture[i] is null) return i;
            return null;
        }
    }
}
