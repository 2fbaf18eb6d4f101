using Fortress.Conflicts;
using Fortress.Units;

namespace Fortress.Planning;

/// <summary>
/// The block sections of a corridor. Between two consecutive places where trains can cross (station tracks left out:
/// a train waits or crosses there), split where the track count changes:
/// <list type="bullet">
/// <item>single track: one block (opposing trains meet only at crossing places); where the corridor has signals
/// (<see cref="Corridor.Signals"/>, from RailJSON), cut at every signal of either direction, the blocks shared by both
/// directions (opposing trains use the same track, so they must meet the same resources);</item>
/// <item>double track: blocks per direction cut at that direction's signals where it has some, otherwise fixed-length
/// blocks (default 2 km, an assumption typical of automatic block on main lines), shared by both directions where
/// neither has signals (only same-direction trains conflict there).</item>
/// </list>
/// </summary>
public sealed class CorridorBlocks
{
    private CorridorBlocks(IReadOnlyList<Block> blocks, Signalling signalling)
    {
        Blocks = blocks;
        Signalling = signalling;
    }

    /// <summary>The blocks by position.</summary>
    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>The signalling the blocks were cut with.</summary>
    public Signalling Signalling { get; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Corridor, Tuple<Signalling, CorridorBlocks>> Derived = new();

    /// <summary><see cref="Derive"/>, computed once per corridor and signalling (every plan of a slot search uses the same blocks).</summary>
    public static CorridorBlocks DeriveOnce(Corridor corridor, Signalling? signalling = null)
    {
        signalling ??= Signalling.Default;
        if (Derived.TryGetValue(corridor, out var hit) && hit.Item1 == signalling) return hit.Item2;
        var blocks = Derive(corridor, signalling);
        Derived.AddOrUpdate(corridor, Tuple.Create(signalling, blocks));
        return blocks;
    }

    public static CorridorBlocks Derive(Corridor corridor, Signalling? signalling = null)
    {
        signalling ??= Signalling.Default;
        var len = signalling.BlockLength.Meters;
        var zone = signalling.StationZone.Meters;
        var crossing = corridor.Places.Where(p => p.CanCross).Select(p => p.Position.Meters).ToList();
        var list = new List<Block>();
        for (var i = 0; i + 1 < crossing.Count; i++)
        {
            // The open line between the station tracks of two places (places close together keep a fifth of the stretch
            // between them as open line: their station tracks reach at most 40 % of the way each).
            var gap = crossing[i + 1] - crossing[i];
            var z = Math.Min(zone, gap * 0.4);
            double a = crossing[i] + z, b = crossing[i + 1] - z;
            // Split the stretch between two places where the track count changes.
            var cuts = new SortedSet<double> { a, b };
            foreach (var t in corridor.Tracks)
            {
                if (t.Start.Meters > a && t.Start.Meters < b) cuts.Add(t.Start.Meters);
                if (t.End.Meters > a && t.End.Meters < b) cuts.Add(t.End.Meters);
            }
            var c = cuts.ToArray();
            for (var k = 0; k + 1 < c.Length; k++)
            {
                var single = corridor.TracksAt(Position.FromMeters((c[k] + c[k + 1]) / 2)) == 1;
                double[] SignalsIn(bool? forward) => corridor.Signals
                    .Where(sg => (forward is null || sg.Forward == forward) && sg.Position.Meters > c[k] + 1 && sg.Position.Meters < c[k + 1] - 1)
                    .Select(sg => sg.Position.Meters).Distinct().ToArray();
                if (single)
                {
                    // Opposing trains use the same track: both directions share the blocks, cut at every signal.
                    AddCut(list, i, k, c[k], c[k + 1], SignalsIn(null), true, null);
                    continue;
                }
                var fwd = SignalsIn(true);
                var rev = SignalsIn(false);
                if (fwd.Length == 0 && rev.Length == 0) { AddFixed(list, i, k, c[k], c[k + 1], len, null); continue; }
                // Each direction on its own track: cut at its own signals, or in the configured length where it has none.
                if (fwd.Length > 0) AddCut(list, i, k, c[k], c[k + 1], fwd, false, TravelDirection.Forward); else AddFixed(list, i, k, c[k], c[k + 1], len, TravelDirection.Forward);
                if (rev.Length > 0) AddCut(list, i, k, c[k], c[k + 1], rev, false, TravelDirection.Reverse); else AddFixed(list, i, k, c[k], c[k + 1], len, TravelDirection.Reverse);
            }
        }
        return new CorridorBlocks(list, signalling);
    }

    private static void AddFixed(List<Block> list, int stretch, int part, double a, double b, double len, TravelDirection? track)
    {
        var n = Math.Max(1, (int)Math.Round((b - a) / len));
        for (var m = 0; m < n; m++)
            list.Add(new Block(new BlockId(stretch, part, false, track, m), Position.FromMeters(a + (b - a) * m / n), Position.FromMeters(a + (b - a) * (m + 1) / n), false, track));
    }

    private static void AddCut(List<Block> list, int stretch, int part, double a, double b, double[] at, bool single, TravelDirection? track)
    {
        var bounds = at.Where(x => x > a && x < b).Append(a).Append(b).Distinct().Order().ToArray();
        for (var m = 0; m + 1 < bounds.Length; m++)
            list.Add(new Block(new BlockId(stretch, part, single, track, m), Position.FromMeters(bounds[m]), Position.FromMeters(bounds[m + 1]), single, track));
    }

    /// <summary>The blocks a train meets between two corridor positions, in its running order and in its own path coordinates.</summary>
    public IReadOnlyList<BlockSection> For(Position from, Position to)
    {
        var forward = to > from;
        var direction = forward ? TravelDirection.Forward : TravelDirection.Reverse;
        var lo = Position.Min(from, to);
        var hi = Position.Max(from, to);
        // Blocks inside the run; the block in which the run ends short of a place is clipped to where it ends.
        var inside = Blocks.Where(b => (b.Direction is null || b.Direction == direction) && b.Start >= lo - Length.FromMeters(1e-6) && b.Start < hi - Length.FromMeters(1e-6))
            .Select(b => b.End <= hi ? b : b with { End = hi });
        if (forward)
            return inside.Select(b => new BlockSection(b.Id.ToString(), b.Id.ToString(), Position.Origin + (b.Start - from), Position.Origin + (b.End - from), TravelDirection.Forward, b.SingleTrack)).ToArray();
        return inside.Reverse().Select(b => new BlockSection(b.Id.ToString(), b.Id.ToString(), Position.Origin + (from - b.End), Position.Origin + (from - b.Start), TravelDirection.Reverse, b.SingleTrack)).ToArray();
    }
}

/// <summary>
/// The id of a corridor block: the stretch between two crossing places (counted from the corridor's start), the part
/// of it between changes of the track count, the track (shared by both directions, or one direction's), and the
/// block's number along that part. Printed "S3.0.2" (single track), "D3.1.2" (double track, shared), "D3.1.F2" /
/// "D3.1.R2" (one direction's track).
/// </summary>
public readonly record struct BlockId(int Stretch, int Part, bool SingleTrack, TravelDirection? Track, int Number)
{
    public override string ToString() =>
        $"{(SingleTrack ? 'S' : 'D')}{Stretch}.{Part}.{Track switch { TravelDirection.Forward => "F", TravelDirection.Reverse => "R", _ => "" }}{Number}";
}

/// <summary>
/// A block section of a corridor: from its entry signal to the next, in corridor positions. Single track: both directions
/// use it. <see cref="Direction"/> null: shared by both directions (on double track only trains running the same way
/// conflict there); otherwise only trains running that way use it.
/// </summary>
public sealed record Block(BlockId Id, Position Start, Position End, bool SingleTrack, TravelDirection? Direction)
{
    public Length Length => End - Start;
}

