namespace Fortress.Network;

/// <summary>A node of a <see cref="RailNetwork"/>: an index into <see cref="RailNetwork.Nodes"/>.</summary>
public readonly record struct NodeId(int Value)
{
    public override string ToString() => $"n{Value}";
}

/// <summary>A track edge of a <see cref="RailNetwork"/>: an index into <see cref="RailNetwork.Edges"/>.</summary>
public readonly record struct EdgeId(int Value)
{
    public override string ToString() => $"e{Value}";
}

/// <summary>Which way a train runs along an edge: from its <c>From</c> node to its <c>To</c> node, or back.</summary>
public enum EdgeDirection : byte { Forward = 0, Backward = 1 }
