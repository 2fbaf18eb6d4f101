using Fortress.Diagnostics;

namespace Fortress.Planning;

/// <summary>
/// Resolves the places a train calls at, named in running order, to corridor occurrences consistent with one direction
/// of travel. A corridor may pass a place twice (a junction passed again after a reversal, docs/decisions/0011): a name
/// then stands for several occurrences, and the right one is the one that keeps the train running one way along the
/// corridor. Where both directions fit (a train between the junction and the reversal station fits either pass), the
/// train is taken to run with the corridor: the pass on which the convoy runs the same way as it does (on double track,
/// the same track).
/// </summary>
public static class PlaceOccurrences
{
    /// <summary>
    /// The occurrences of <paramref name="names"/> (names or ids, in running order), all increasing (forward) or all
    /// decreasing along the corridor; forward is preferred when both fit. Null when a name is unknown or no direction fits.
    /// </summary>
    public static (IReadOnlyList<CorridorPlace> Places, bool Forward)? Resolve(Corridor corridor, IReadOnlyList<string> names)
    {
        var candidates = names.Select(corridor.Occurrences).ToArray();
        if (candidates.Any(c => c.Count == 0)) return null;
        if (Greedy(candidates, true) is { } fwd) return (fwd, true);
        if (Greedy(candidates, false) is { } back) return (back, false);
        return null;
    }

    /// <summary>
    /// Like <see cref="Resolve"/>, for a service given by its ends and the places it stops at in any order: the pair of
    /// end occurrences with every stop between them, the shortest such run (forward on a tie), the stops then sorted in
    /// running order. Throws an <see cref="InvalidInputException"/> naming the problem at <paramref name="where"/>.
    /// </summary>
    public static (IReadOnlyList<CorridorPlace> Places, bool Forward) ResolveService(Corridor corridor, string from, string to, IReadOnlyList<string> stopsAt, string where)
    {
        var p = new ProblemList();
        foreach (var n in stopsAt.Prepend(from).Append(to))
            if (corridor.Occurrences(n).Count == 0)
            {
                try { corridor.Find(n, where); }
                catch (InvalidInputException ex) { p.AddRange(ex.Problems); }
            }
        p.ThrowIfAny();
        (IReadOnlyList<CorridorPlace> Places, bool Forward)? best = null;
        var bestLength = double.PositiveInfinity;
        foreach (var a in corridor.Occurrences(from))
            foreach (var b in corridor.Occurrences(to))
            {
                if (a.Position == b.Position) continue;
                var forward = b.Position > a.Position;
                var lo = forward ? a.Position : b.Position;
                var hi = forward ? b.Position : a.Position;
                var inner = new List<CorridorPlace>();
                var ok = true;
                foreach (var s in stopsAt)
                {
                    var hit = corridor.Occurrences(s).Where(o => o.Position > lo && o.Position < hi).ToArray();
                    if (hit.Length == 0) { ok = false; break; }
                    inner.Add(hit[0]);
                }
                if (!ok) continue;
                var length = (hi - lo).Meters;
                if (length < bestLength - 1e-6 || (Math.Abs(length - bestLength) <= 1e-6 && forward && best is { Forward: false }))
                {
                    var ordered = inner.Distinct().OrderBy(o => forward ? o.Position.Meters : -o.Position.Meters).ToList();
                    best = ([a, .. ordered, b], forward);
                    bestLength = length;
                }
            }
        return best ?? throw new InvalidInputException(where,
            $"no run along the corridor from {from} to {to} passes {string.Join(", ", stopsAt)}: every stop must lie between the two ends");
    }

    /// <summary>
    /// Each stop at the nearest occurrence beyond the previous one in the direction of travel, from whichever occurrence
    /// of the first stop gives the shortest run (a train starting at a place passed twice starts from the pass next to
    /// where it goes).
    /// </summary>
    private static CorridorPlace[]? Greedy(IReadOnlyList<CorridorPlace>[] candidates, bool forward)
    {
        CorridorPlace[]? best = null;
        foreach (var first in candidates[0])
        {
            var result = new CorridorPlace[candidates.Length];
            result[0] = first;
            var ok = true;
            for (var i = 1; i < candidates.Length && ok; i++)
            {
                var prev = result[i - 1];
                var next = forward
                    ? candidates[i].Where(c => c.Position > prev.Position).OrderBy(c => c.Position).FirstOrDefault()
                    : candidates[i].Where(c => c.Position < prev.Position).OrderByDescending(c => c.Position).FirstOrDefault();
                if (next is null) ok = false; else result[i] = next;
            }
            if (ok && (best is null || Span(result) < Span(best))) best = result;
        }
        return best;
    }

    private static double Span(CorridorPlace[] run) => Math.Abs((run[^1].Position - run[0].Position).Meters);
}
