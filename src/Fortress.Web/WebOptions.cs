using NodaTime;

namespace Fortress.Web;

/// <summary>How <see cref="FortressWebApp"/> is started (<c>fortress serve</c> options, or a test's).</summary>
public sealed record WebOptions
{
    /// <summary>Where to listen; <c>http://127.0.0.1:0</c> picks a free port.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary><c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c>.</summary>
    public string Store { get; init; } = Storage.StoreSpec.Default;

    /// <summary>The folder of the built page; default: wwwroot beside the Fortress.Web assembly.</summary>
    public string? WebRoot { get; init; }

    /// <summary>The clock (tests pass a fake one to expire tokens).</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>Largest request body accepted; larger ones get 413. Default 1 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Largest network file accepted by <c>POST /api/networks</c> (that endpoint only); larger ones get 413. Default 64 MiB.</summary>
    public long MaxNetworkBodyBytes { get; init; } = 64L << 20;

    /// <summary>Time between the comment lines that keep an event stream open.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the first-run admin token is printed (once). Default: standard output.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>
    /// The work limits of this deployment (docs/decisions/0015): every request works within them, and
    /// <see cref="Fortress.Diagnostics.WorkLimits.PlanningSeconds"/> is the deadline of <c>POST /api/plans</c>. Set once at
    /// start (<c>fortress serve --limit NAME=VALUE</c>); a caller cannot change them.
    /// </summary>
    public Fortress.Diagnostics.WorkLimits Limits { get; init; } = Fortress.Diagnostics.WorkLimits.Default;

    /// <summary>
    /// Started for <c>--demo</c>: no first-start admin token is printed on an empty store, since the demo issues one
    /// token per role, admin included (<see cref="FortressWebApp.ReplaceDemoAsync"/>).
    /// </summary>
    public bool Demo { get; init; }

    /// <summary>ASP.NET Core's own log lines at Warning and above only (the default for <c>fortress serve</c>).</summary>
    public bool Quiet { get; init; } = true;
}
