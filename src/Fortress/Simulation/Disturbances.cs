using Fortress.Diagnostics;
using Fortress.Units;

namespace Fortress.Simulation;

/// <summary>Something that happens to one train that the plan did not foresee.</summary>
/// <param name="Train">The id of the train (<see cref="SimTrain.Id"/>).</param>
public abstract record Disturbance(string Train);

/// <summary>The train stops where it would not (a fault, an obstruction): it brakes to stand with its front at <see cref="At"/> for <see cref="Hold"/>, then starts again.</summary>
/// <param name="At">Corridor position (metres from the corridor's origin), strictly inside the train's run; at one of its stops the stand is added to the dwell.</param>
public sealed record UnplannedHold(string Train, Position At, Duration Hold) : Disturbance(Train);

/// <summary>The train leaves its origin <see cref="Late"/> after its planned departure.</summary>
public sealed record LateDeparture(string Train, Duration Late) : Disturbance(Train);

/// <summary>The train stands <see cref="Extra"/> longer than its minimum dwell at one stop (boarding, a check, a crew change).</summary>
/// <param name="Stop">Index into <see cref="SimTrain.Stops"/>: 1 to the number of legs − 1 (a stop between two legs).</param>
public sealed record DwellExtension(string Train, int Stop, Duration Extra) : Disturbance(Train);

/// <summary>The train achieves a share of its nominal tractive effort and service deceleration (1 = as planned).</summary>
/// <param name="TractiveEffort">Factor on the tractive effort, in (0, 2].</param>
/// <param name="Braking">Factor on the service deceleration, in (0, 2].</param>
public sealed record PerformanceChange(string Train, double TractiveEffort, double Braking) : Disturbance(Train);

internal static class Disturbances
{
    /// <summary>
    /// Every problem with the disturbances at once: unknown trains, holds outside the run, times outside
    /// <see cref="Plausible.DisturbanceMinutes"/> (negative, NaN, or beyond two days), factors out of range.
    /// </summary>
    public static void Validate(IReadOnlyList<Disturbance> disturbances, IReadOnlyDictionary<string, SimTrain> trains)
    {
        var p = new ProblemList();
        for (var i = 0; i < disturbances.Count; i++)
        {
            var d = disturbances[i];
            var w = $"disturbances[{i}]";
            if (!trains.TryGetValue(d.Train, out var t)) { p.Add(w, $"unknown train '{d.Train}'"); continue; }
            switch (d)
            {
                case UnplannedHold h:
                    if (Plausible.DisturbanceMinutes.Problem(h.Hold.Seconds / 60) is { } hp) p.Add(w, $"the hold {hp}");
                    var lo = Position.Min(t.StartPosition, t.EndPosition);
                    var hi = Position.Max(t.StartPosition, t.EndPosition);
                    if (!(h.At > lo && h.At < hi)) p.Add(w, $"train {t.Id} runs from km {t.StartPosition.Meters / 1000:0.###} to km {t.EndPosition.Meters / 1000:0.###}; km {h.At.Meters / 1000:0.###} is not on its way");
                    break;
                case LateDeparture l:
                    if (Plausible.DisturbanceMinutes.Problem(l.Late.Seconds / 60) is { } lp) p.Add(w, $"the late departure {lp}");
                    break;
                case DwellExtension e:
                    if (Plausible.DisturbanceMinutes.Problem(e.Extra.Seconds / 60) is { } ep) p.Add(w, $"the dwell extension {ep}");
                    if (e.Stop < 1 || e.Stop >= t.Stops.Count - 1) p.Add(w, $"stop {e.Stop} is not a stop between two legs of train {t.Id} (1 to {t.Stops.Count - 2})");
                    break;
                case PerformanceChange c:
                    if (!(c.TractiveEffort > 0 && c.TractiveEffort <= 2) || !(c.Braking > 0 && c.Braking <= 2)) p.Add(w, "performance factors must be in (0, 2]");
                    break;
            }
        }
        p.ThrowIfAny();
    }
}
