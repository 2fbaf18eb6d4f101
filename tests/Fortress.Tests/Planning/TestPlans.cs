using Fortress.Planning;

namespace Fortress.Tests.Planning;

/// <summary>Plans of scenarios for tests, through the same pipeline the front ends use; the flagship's computed once.</summary>
internal static class TestPlans
{
    private static readonly Lazy<PlanState> flagship = new(() => PlanPipeline.Default.Run(Scenarios.ReadBuiltIn(), CancellationToken.None));

    /// <summary>The built-in state visit, planned in full.</summary>
    public static PlanState Flagship => flagship.Value;

    /// <summary>A scenario planned in full.</summary>
    public static PlanState Plan(Scenario s) => PlanPipeline.Default.Run(s, TestContext.Current.CancellationToken);

    /// <summary>A scenario's journey (corridor and convoy on it), before traffic and timing.</summary>
    public static Journey Journey(Scenario s) => new JourneyStage().Run(new CorridorStage().Run(new PlanState(s), default), default).Journey!;

    /// <summary>The built-in state visit's journey.</summary>
    public static Journey FlagshipJourney() => Journey(Scenarios.ReadBuiltIn());

    /// <summary>A convoy train with one consist from the origin.</summary>
    public static ConvoyTrain Train(ConvoyRole role, string name, Fortress.Rolling.Consist consist, string? id = null, double? headwayMinutes = null) =>
        new(TrainId.Of(id ?? role.ToString().ToLowerInvariant()), role, name, [(Fortress.Units.Position.Origin, consist)],
            headwayMinutes is { } h ? Fortress.Units.Duration.FromMinutes(h) : null);

    /// <summary>The view model of a planned state in a view.</summary>
    public static PlanViewModel View(PlanState state, PlanView view) => PlanViewBuilder.Build(state, ViewPolicy.For(view));

    /// <summary>The plan JSON of a view.</summary>
    public static string Json(PlanState state, PlanView view) => FortressJson.Write(PlanDocument.From(View(state, view)));

    /// <summary>A planned state of a journey with traffic: the traffic placed, timed and cleared as the pipeline does it.</summary>
    public static PlanState Cleared(Journey journey, Fortress.Clearance.BackgroundTraffic? traffic, Fortress.Conflicts.Signalling? signalling = null)
    {
        var state = new PlanState(new Scenario(journey.Name, journey.Purpose, new AuthoredCorridor(journey.Corridor), [], new JourneySpec([], null, null, null)))
        {
            Corridor = journey.Corridor,
            Journey = journey,
            Traffic = traffic is null ? null : new Fortress.Clearance.TrafficContext(Fortress.Clearance.TrafficPlacement.PlaceOnce(journey.Corridor, traffic),
                Fortress.Planning.CorridorBlocks.DeriveOnce(journey.Corridor, signalling), Fortress.Clearance.ClearanceOptions.Default),
        };
        foreach (var stage in new IPlanStage[] { new TimingStage(), new ClearanceStage() }) state = stage.Run(state, default);
        return state;
    }
}

/// <summary>The default ids of the flagship's convoy trains (their roles).</summary>
internal static class Ids
{
    public static readonly TrainId Main = TrainId.Of("main");
    public static readonly TrainId Pilot = TrainId.Of("pilot");
    public static readonly TrainId Escort = TrainId.Of("escort");
}
