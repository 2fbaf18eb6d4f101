using System.Globalization;

namespace Fortress.Diagnostics;

/// <summary>
/// Upper bounds on work whose size comes from input: before such work starts, its size is estimated and checked here,
/// and an estimate above a limit is refused (<see cref="WorkLimitExceededException"/>, a user error: exit 2 / HTTP 400)
/// with a message that names the limit and how to raise it. One place for every limit (docs/decisions/0015).
/// </summary>
/// <remarks>
/// The limits in force are <see cref="Current"/>: <see cref="Default"/> unless a caller set others for its work with
/// <see cref="Use"/> (the command line from <c>--limit NAME=VALUE</c>, the service once per deployment from
/// <c>fortress serve --limit</c>). The scope flows with the async context, so work started inside it (tasks, awaits)
/// sees the same limits; work elsewhere does not. Every limit is a count or a size, never a time, except
/// <see cref="PlanningSeconds"/>, which the service applies as a cancellation deadline.
/// </remarks>
public sealed record WorkLimits
{
    /// <summary>
    /// Vehicles in one train (formation counts added up). Default 1,000: the longest train ever run had 682 wagons
    /// and 8 locomotives (BHP Billiton iron-ore train, Western Australia, 21 June 2001, 7.353 km).
    /// </summary>
    public int TrainVehicles { get; init; } = 1_000;

    /// <summary>
    /// Regular trains generated for a scenario's background traffic (trains per day x directions x days, every
    /// pattern). Default 8,000. Assumption: the busiest lines carry a few hundred trains a day (the Tokaido
    /// Shinkansen about 370), so a week of such a line is under 3,000 trains. Measured on the flagship (decision 0015),
    /// the plan simulated with every train (issue 12): 8,000 generated trains take the service to 805 MB while it plans
    /// and stores them (10,000: 1,003 MB), so one request stays under 1 GB.
    /// </summary>
    public int GeneratedTrains { get; init; } = 8_000;

    /// <summary>
    /// People in a delegation (counts added up, plus named passengers). Default 5,000. Assumption: a special train
    /// of 25 sleeping cars carries under 1,000 people; five times that is no train's delegation.
    /// </summary>
    public int DelegationPeople { get; init; } = 5_000;

    /// <summary>
    /// Samples of the evacuation coverage along the route (route length / step). Default 2,000,000: every metre of
    /// a 2,000 km route. Assumption: coverage changes over hundreds of metres, so finer steps add only work.
    /// </summary>
    public long EvacuationSamples { get; init; } = 2_000_000;

    /// <summary>
    /// Samples of a resampled speed profile (<c>run --profile-step</c>: path length / step). Default 100,000 (about
    /// 4 MB of CSV, 19 MB of JSON): every 10 m of a 1,000 km path. Assumption: a chart or a comparison needs thousands of
    /// points; a million would write 190 MB of JSON.
    /// </summary>
    public long ProfileSamples { get; init; } = 100_000;

    /// <summary>
    /// Runs of one Monte-Carlo study (the precise stop's draws, <c>fortress simulate --runs</c>). Default 10,000.
    /// Assumption: delay statistics settle within a few thousand runs; 1,000 runs of the flagship's simulation take about
    /// 10 s on 2 cores, so the limit is about two minutes.
    /// </summary>
    public int MonteCarloRuns { get; init; } = 10_000;

    /// <summary>
    /// Nesting of objects and lists in a JSON or YAML document. Default 64, System.Text.Json's own default; Fortress
    /// documents nest under 10 deep. Deeper documents are refused before they are read, so no reader recurses without
    /// bound.
    /// </summary>
    public int NestingDepth { get; init; } = 64;

    /// <summary>
    /// Size of a document read whole (train, path, timetable, scenario, railtoolkit YAML). Default 64 MiB; the
    /// built-in scenario is 37 KB.
    /// </summary>
    public long DocumentBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Size of a network or timetable source (OSM XML or PBF, RailJSON, .fnet, railML, a GTFS .zip). Default 2 GiB.
    /// Assumption: a country's rail-only extract is tens of MB; RailJSON and railML are read whole into memory, so a
    /// file this size needs several GB.
    /// </summary>
    public long NetworkFileBytes { get; init; } = 2L << 30;

    /// <summary>
    /// Size of one file inside an archive (a GTFS .zip entry), counted as it is inflated, so a small archive cannot
    /// expand into gigabytes. Default 256 MiB. Assumption: a national feed's stop_times.txt is the largest file of a
    /// feed, tens to hundreds of MB.
    /// </summary>
    public long ArchiveEntryBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Wall-clock budget of one planning request in the service, in seconds (the command line has none: its user can
    /// stop it). Default 120. Assumption: the flagship plans in a few seconds; a plan that needs minutes belongs on the
    /// command line.
    /// </summary>
    public double PlanningSeconds { get; init; } = 120;

    /// <summary>The limits Fortress applies unless told otherwise.</summary>
    public static WorkLimits Default { get; } = new();

    private static readonly AsyncLocal<Scope?> current = new();

    private sealed record Scope(WorkLimits Limits, CancellationToken Token, string RaiseHint);

    /// <summary>The limits in force for the calling work (<see cref="Default"/> outside any <see cref="Use"/>).</summary>
    public static WorkLimits Current => current.Value?.Limits ?? Default;

    /// <summary>
    /// The cancellation of the calling work: the service's planning deadline or its client's disconnect; none outside
    /// a <see cref="Use"/> that gave one.
    /// </summary>
    public static CancellationToken Cancellation => current.Value?.Token ?? CancellationToken.None;

    /// <summary>
    /// Where the user raises a limit, as the message ends: "--limit NAME=VALUE" for the command line, the service's
    /// deployment setting for the service.
    /// </summary>
    public static string RaiseHint => current.Value?.RaiseHint ?? DefaultRaiseHint;

    /// <summary>The hint outside any scope: the command line's option.</summary>
    public const string DefaultRaiseHint = "raise it with --limit {0}=VALUE";

    /// <summary>
    /// Puts <paramref name="limits"/> (and a cancellation) in force for the calling async flow until the result is
    /// disposed; scopes nest.
    /// </summary>
    /// <param name="raiseHint">How a user raises a limit; "{0}" stands for the limit's name. Default: the command line's option.</param>
    public static IDisposable Use(WorkLimits limits, CancellationToken cancellation = default, string? raiseHint = null)
    {
        var before = current.Value;
        current.Value = new Scope(limits, cancellation, raiseHint ?? before?.RaiseHint ?? DefaultRaiseHint);
        return new Restore(before);
    }

    private sealed class Restore(Scope? before) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            current.Value = before;
        }
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the calling work's cancellation was requested (a planning deadline).</summary>
    public static void Checkpoint() => Cancellation.ThrowIfCancellationRequested();

    /// <summary>
    /// Refuses work whose estimated size is above its limit: throws <see cref="WorkLimitExceededException"/> naming
    /// <paramref name="where"/>, what would be done, the estimate, the limit and how to raise it.
    /// </summary>
    /// <param name="name">The limit's name as <c>--limit</c> takes it (<see cref="Names"/>).</param>
    /// <param name="what">What would be done, e.g. "regular trains to generate".</param>
    public static void Check(string where, string name, string what, double estimate, double limit)
    {
        if (!(estimate > limit)) return; // NaN is not above: callers check their inputs for NaN
        var shown = estimate >= 1e15 ? estimate.ToString("0.###e0", CultureInfo.InvariantCulture) : estimate.ToString("#,0", CultureInfo.InvariantCulture);
        throw new WorkLimitExceededException(where, name,
            $"{what}: {shown} is above the limit of {limit.ToString("#,0", CultureInfo.InvariantCulture)} ({string.Format(CultureInfo.InvariantCulture, RaiseHint, name)})");
    }

    /// <summary>The names <c>--limit</c> takes, with how each is read and written.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["trainVehicles", "generatedTrains", "delegationPeople", "evacuationSamples", "profileSamples", "monteCarloRuns", "nestingDepth", "documentBytes", "networkFileBytes", "archiveEntryBytes", "planningSeconds"];

    /// <summary>
    /// These limits with one changed by name (case-insensitive; <see cref="Names"/>), from a positive number; bad names
    /// and values are problems at <paramref name="where"/>.
    /// </summary>
    public WorkLimits With(string name, string value, string where, ProblemList problems)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v <= 0)
        {
            problems.Add(where, $"'{value}' is not a positive number");
            return this;
        }
        long Whole(double max)
        {
            if (v != Math.Floor(v) || v > max) { problems.Add(where, $"{name} is a whole number from 1 to {max:#,0}, got {value}"); return 1; }
            return (long)v;
        }
        switch (name.ToLowerInvariant())
        {
            case "trainvehicles": return this with { TrainVehicles = (int)Whole(int.MaxValue) };
            case "generatedtrains": return this with { GeneratedTrains = (int)Whole(int.MaxValue) };
            case "delegationpeople": return this with { DelegationPeople = (int)Whole(int.MaxValue) };
            case "evacuationsamples": return this with { EvacuationSamples = Whole(long.MaxValue) };
            case "profilesamples": return this with { ProfileSamples = Whole(long.MaxValue) };
            case "montecarloruns": return this with { MonteCarloRuns = (int)Whole(int.MaxValue) };
            case "nestingdepth": return this with { NestingDepth = (int)Whole(1000) };
            case "documentbytes": return this with { DocumentBytes = Whole(long.MaxValue) };
            case "networkfilebytes": return this with { NetworkFileBytes = Whole(long.MaxValue) };
            case "archiveentrybytes": return this with { ArchiveEntryBytes = Whole(int.MaxValue) };
            case "planningseconds": return this with { PlanningSeconds = v };
            default:
                problems.Add(where, $"no limit named '{name}'; the limits are {string.Join(", ", Names)}");
                return this;
        }
    }
}

/// <summary>Work refused because its estimated size is above a <see cref="WorkLimits"/> limit (a user error: exit 2, HTTP 400).</summary>
public sealed class WorkLimitExceededException : FortressException
{
    public WorkLimitExceededException(string where, string limit, string message)
        : base("work.limit", ErrorCause.User, string.IsNullOrEmpty(where) ? message : $"{where}: {message}")
    {
        Where = where;
        Limit = limit;
        Detail = message;
    }

    /// <summary>The input that asked for the work.</summary>
    public string Where { get; }

    /// <summary>The message without its place.</summary>
    public string Detail { get; }

    /// <summary>The same refusal placed at <paramref name="where"/> (a reader adding its file name).</summary>
    public WorkLimitExceededException At(string where) => new(where, Limit, Detail);

    /// <summary>The name of the limit (<see cref="WorkLimits.Names"/>).</summary>
    public string Limit { get; }
}
