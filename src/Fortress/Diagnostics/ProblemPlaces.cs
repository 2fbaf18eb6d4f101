using System.Text.RegularExpressions;

namespace Fortress.Diagnostics;

/// <summary>Problems that say which document they are in.</summary>
public static partial class ProblemPlaces
{
    /// <summary>
    /// Runs <paramref name="work"/> (reading a document, or planning what was read from it); every problem whose place
    /// names no document (a core check's "journey.stops (X)", "traffic pattern K") is placed in
    /// <paramref name="document"/> ("s.json: journey.stops (X)"), so each problem says which file it is in.
    /// </summary>
    public static T InDocument<T>(string document, Func<T> work)
    {
        bool Named(string where) => where.Contains(document, StringComparison.Ordinal) || DocumentName().IsMatch(where);
        try { return work(); }
        catch (InvalidInputException ex) when (ex.Problems.Any(p => !Named(p.Where)))
        {
            throw new InvalidInputException(ex.Problems.Select(p => Named(p.Where) ? p : p with { Where = $"{document}: {p.Where}" }).ToList());
        }
        catch (WorkLimitExceededException ex) when (!Named(ex.Where)) { throw ex.At($"{document}: {ex.Where}"); }
    }

    [GeneratedRegex(@"\.(json|ya?ml|osm|pbf|fnet|xml|railml|zip)\b|^builtin:|^built-in ", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentName();
}
