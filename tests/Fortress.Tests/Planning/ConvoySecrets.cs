using Fortress.Planning;

namespace Fortress.Tests.Planning;

/// <summary>
/// What identifies the convoy and must never reach a public or dispatcher output (CLI or report): train, consist and
/// vehicle names and ids, roles, the words of its purpose (place names excepted: a dispatcher sees them in the
/// reserved paths), the journey's name, its facilities and traction reasons, and a few telling words.
/// </summary>
internal static class ConvoySecrets
{
    public static IEnumerable<string> Of(Scenario s)
    {
        var j = TestPlans.Journey(s);
        foreach (var t in j.Trains)
        {
            yield return t.Name;
            foreach (var (_, c) in t.Consists)
            {
                yield return c.Name;
                foreach (var v in c.Vehicles) { yield return v.Id; yield return v.Name; }
            }
        }
        var places = j.Corridor.Places.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var word in j.Purpose.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 6 && !places.Contains(w))) yield return word;
        yield return j.Name;
        foreach (var w in new[] { "pilot", "escort", "\"main\"", "armour", "armor", "fortress", "state train", "principal", "head of state", "convoy", "red carpet", "precise" })
            yield return w;
        foreach (var f in j.Corridor.GaugeChanges) yield return f.Facility;
        foreach (var t in j.Corridor.TractionChanges) yield return t.Reason;
        // Provisioning and evacuation plans are for the security view only.
        if (s.Provisioning is { } pv)
        {
            yield return "provisioning";
            foreach (var i in pv.Items) yield return i.Name;
            foreach (var e in pv.Extras) yield return e.Name;
        }
        if (s.Evacuation is { } ev)
        {
            yield return "evacuation";
            foreach (var p in ev.Points) yield return p.Name;
        }
    }
}
