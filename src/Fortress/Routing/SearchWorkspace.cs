namespace Fortress.Routing;

/// <summary>
/// Reusable arrays for one search: cost, parent and settled flag per state, lower bound per node, each valid only when
/// its stamp equals the current query's (so nothing is cleared between queries). Rented from the graph's pool.
/// </summary>
internal sealed class SearchWorkspace
{
    private readonly double[] dist;
    private readonly int[] parent;
    private readonly int[] stamp;
    private readonly int[] settled;
    private readonly double[] h;
    private readonly int[] hStamp;
    private int current;

    public SearchWorkspace(int states, int nodes)
    {
        dist = new double[states];
        parent = new int[states];
        stamp = new int[states];
        settled = new int[states];
        h = new double[nodes];
        hStamp = new int[nodes];
    }

    public int Capacity => dist.Length;

    public PriorityQueue<int, double> Queue { get; } = new();

    public void Begin()
    {
        Queue.Clear();
        if (++current == int.MaxValue)
        {
            Array.Clear(stamp); Array.Clear(settled); Array.Clear(hStamp);
            current = 1;
        }
    }

    public double Dist(int s) => stamp[s] == current ? dist[s] : double.PositiveInfinity;

    public int Parent(int s) => parent[s];

    public void Set(int s, double cost, int from)
    {
        stamp[s] = current;
        dist[s] = cost;
        parent[s] = from;
    }

    public bool IsSettled(int s) => settled[s] == current;

    /// <summary>Marks a state settled; false when it already was.</summary>
    public bool Settle(int s)
    {
        if (settled[s] == current) return false;
        settled[s] = current;
        return true;
    }

    public bool TryGetH(int node, out double value)
    {
        value = h[node];
        return hStamp[node] == current;
    }

    public void SetH(int node, double value)
    {
        h[node] = value;
        hStamp[node] = current;
    }
}
