using Fortress.Planning;
using Fortress.Timetable;

namespace Fortress.Clearance;

/// <summary>How the line is cleared: exactly (the default) or first come, first served.</summary>
public enum ClearanceMethod
{
    /// <summary>The least total weighted delay, by CP-SAT (<see cref="ClearanceOptimizer"/>), within the time limit.</summary>
    Optimal,
    /// <summary>First come, first served (<see cref="LineClearance"/>): fast, with no promise; kept for comparison.</summary>
    Greedy,
}

/// <summary>How much one category of regular train counts.</summary>
/// <param name="Weight">A minute of its delay counts this many minutes in the objective (default 1, at least 0).</param>
/// <param name="MayCancel">Whether a train of this category may be cancelled (default true). A train that may not be cancelled
/// and cannot be held out of the convoy's way makes the clearance impossible, refused naming the train.</param>
public sealed record CategoryRule(double Weight = 1, bool MayCancel = true);

/// <summary>
/// What the clearance minimises and how long it may think. The objective is the total weighted delay imposed on the
/// regular traffic, in minutes: each held train's delay at its destination times its category's weight, plus each
/// cancelled train's <see cref="CancellationCost"/> times that weight.
/// </summary>
public sealed record ClearanceSettings
{
    /// <summary>Optimal (default) or greedy.</summary>
    public ClearanceMethod Method { get; init; } = ClearanceMethod.Optimal;

    /// <summary>
    /// Rules per train category (case-insensitive), as the timetable names categories. Categories not listed count with
    /// weight 1 and may be cancelled. Assumption: every category weighs 1 by default, so the objective is the total
    /// delay imposed in minutes (the figure the summary reports and the greedy method reduces); a scenario that
    /// values passenger minutes above freight minutes says so.
    /// </summary>
    public IReadOnlyDictionary<string, CategoryRule> Categories { get; init; } = new Dictionary<string, CategoryRule>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What cancelling a train costs, as minutes of its delay (times its weight). Default 6 h, the longest hold
    /// (<see cref="ClearanceOptions.MaxHold"/>). Assumption: a cancellation is never better than the longest hold.
    /// </summary>
    public NodaTime.Duration CancellationCost { get; init; } = ClearanceOptions.Default.MaxHold;

    /// <summary>Wall time the optimiser may use per clearance (default 10 s); the best plan found is returned with its gap.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CP-SAT search workers (default <see cref="Optimisation.CpSat.DefaultWorkers"/>; 1: a single deterministic search).</summary>
    public int Workers { get; init; } = Optimisation.CpSat.DefaultWorkers;

    /// <summary>The longest hold and the stand-in for stopping where a train only passes (<see cref="ClearanceOptions"/>).</summary>
    public ClearanceOptions Options { get; init; } = ClearanceOptions.Default;

    /// <summary>
    /// Tracks where a regular train can stand while the convoy passes, per place (by name, case-insensitive); places not
    /// listed take <see cref="DefaultHoldTracks"/> by kind. A held train takes one such track from its arrival to its
    /// departure, so no more trains than this stand held at a place at once. A train that does not run yet (run
    /// later) takes none.
    /// </summary>
    public IReadOnlyDictionary<string, int> HoldTracks { get; init; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The defaults above.</summary>
    public static ClearanceSettings Default { get; } = new();

    /// <summary>
    /// Tracks to hold a train at, by kind of place, beside the track the convoy runs through. Assumptions (no figure
    /// per place in the data): a passing loop has one loop track; a station two tracks besides the through line; a
    /// junction, border or gauge-change station likewise two; a halt has none (a train held there stands on the line).
    /// </summary>
    public static int DefaultHoldTracks(PlaceKind kind) => kind switch
    {
        PlaceKind.PassingLoop => 1,
        PlaceKind.Halt => 0,
        _ => 2,
    };

    /// <summary>The holding tracks of a place.</summary>
    public int HoldTracksAt(CorridorPlace place) => HoldTracks.TryGetValue(place.Name, out var n) ? n : DefaultHoldTracks(place.Kind);

    /// <summary>The rule for a train's category.</summary>
    public CategoryRule RuleFor(RegularTrain train) =>
        train.Category is { } c && Categories.TryGetValue(c, out var r) ? r : Default1;

    private static readonly CategoryRule Default1 = new();
}
