using Fortress.Diagnostics;

namespace Fortress.Views;

/// <summary>
/// Who is looking at a plan, by name. The three known views: <see cref="Public"/> (the regular timetable and its
/// changes, never the convoy), <see cref="Dispatcher"/> (reserved paths and clearance orders, never names, roles,
/// consists or purpose) and <see cref="Security"/> (everything). What each may see is decided by
/// <see cref="ViewPolicy"/> alone; a view it does not know sees nothing.
/// </summary>
public readonly record struct PlanView
{
    private readonly string? name;

    private PlanView(string name) => this.name = name;

    public string Name => name ?? "";

    public static PlanView Public { get; } = new("public");
    public static PlanView Dispatcher { get; } = new("dispatcher");
    public static PlanView Security { get; } = new("security");

    /// <summary>The views Fortress knows, least to most.</summary>
    public static IReadOnlyList<PlanView> Known { get; } = [Public, Dispatcher, Security];

    /// <summary>A view by its exact name (lower case: public, dispatcher, security), or an error naming <paramref name="where"/>.</summary>
    public static PlanView Parse(string text, string where) =>
        Known.FirstOrDefault(v => v.Name == text) is { name: not null } v ? v
            : throw new InvalidInputException(where, $"'{text}' is not a view: one of {string.Join(", ", Known.Select(k => k.Name))}");

    /// <summary>A view of any name (for a policy that does not know it yet, and tests).</summary>
    public static PlanView Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>What an output of a plan may contain. Each output asks the <see cref="ViewPolicy"/> for every part it writes.</summary>
public enum Disclosure
{
    /// <summary>The regular trains and their timetables, with the changes the clearance makes to them.</summary>
    RegularTimetable,
    /// <summary>The changes in the words of a passenger notice (no reason, no other train).</summary>
    PublicNotices,
    /// <summary>The convoy's paths: times at places, under neutral ids (RP1, RP2...).</summary>
    ReservedPaths,
    /// <summary>Times at the stations a train runs through without stopping (passing loops are left out everywhere).</summary>
    PassingTimes,
    /// <summary>The convoy's own ids, roles, names, the journey's name and purpose.</summary>
    ConvoyIdentity,
    /// <summary>Consists: vehicles, locomotives, facilities by name.</summary>
    Consists,
    /// <summary>Orders to regular trains (hold, cross, run later, cancel), with their places and times.</summary>
    ClearanceOrders,
    /// <summary>Gauge and traction changes with their times (neutral words below security).</summary>
    FacilityUse,
    /// <summary>The departure search's summary (windows, candidates, stops lengthened).</summary>
    DepartureSearch,
    /// <summary>The route on the map (GeoJSON of the line and its places).</summary>
    RouteMap,
    /// <summary>Planned speed against distance: it reveals the consist's performance.</summary>
    SpeedProfile,
    /// <summary>Live positions, delays and forecasts of the convoy's trains.</summary>
    LiveState,
    /// <summary>Live alerts about the convoy's trains.</summary>
    Alerts,
    /// <summary>What the simulation of the plan finds (restrictive aspects, delays, robustness).</summary>
    Simulation,
    /// <summary>The security teams' sweep roster.</summary>
    Sweeps,
    /// <summary>The delegation's berths and meetings.</summary>
    Berths,
    /// <summary>Meals, stores, resupply and fuel.</summary>
    Provisioning,
    /// <summary>Evacuation coverage along the route.</summary>
    Evacuation,
}

/// <summary>
/// The need-to-know policy: for each view, what its outputs may contain (docs/api.md, "Views"). Every writer of a plan
/// (JSON, table, HTML report, live state, events, speed profile, map) asks it; a view it does not know is granted
/// nothing (fail closed).
/// </summary>
public sealed class ViewPolicy
{
    private static readonly Dictionary<string, Disclosure[]> Grants = new(StringComparer.Ordinal)
    {
        ["public"] = [Disclosure.RegularTimetable, Disclosure.PublicNotices],
        // A dispatcher runs the line: the regular traffic as it will run, the convoy's paths (with passing times, to set routes), the orders, the facilities
        // in use, the route and the live positions, never who or what runs or why. The speed profile reveals the consist.
        ["dispatcher"] =
        [
            Disclosure.RegularTimetable, Disclosure.ReservedPaths, Disclosure.PassingTimes, Disclosure.ClearanceOrders, Disclosure.FacilityUse, Disclosure.DepartureSearch,
            Disclosure.RouteMap, Disclosure.LiveState, Disclosure.Alerts, Disclosure.Simulation,
        ],
        ["security"] = Enum.GetValues<Disclosure>(),
    };

    private readonly HashSet<Disclosure> granted;

    private ViewPolicy(PlanView view, IEnumerable<Disclosure> granted)
    {
        View = view;
        this.granted = [.. granted];
    }

    public PlanView View { get; }

    /// <summary>The policy of a view; an unknown view is granted nothing.</summary>
    public static ViewPolicy For(PlanView view) => new(view, Grants.TryGetValue(view.Name, out var g) ? g : []);

    /// <summary>A policy for a view that Fortress does not know, granting exactly <paramref name="granted"/> (a deployment's own view, or a test).</summary>
    public static ViewPolicy Custom(PlanView view, params Disclosure[] granted) => new(view, granted);

    /// <summary>Whether outputs of this view may contain <paramref name="what"/>.</summary>
    public bool May(Disclosure what) => granted.Contains(what);

    /// <summary>Whether the view sees anything of the convoy (its paths under any name).</summary>
    public bool SeesConvoy => May(Disclosure.ReservedPaths);
}
