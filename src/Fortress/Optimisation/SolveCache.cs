using System.Security.Cryptography;
using System.Text;

namespace Fortress.Optimisation;

/// <summary>
/// Answers of the optimisers kept per process by a fingerprint of their problem (the inputs written out and hashed),
/// so the same problem planned again (the web service re-planning a stored scenario, a report after a plan, the tests)
/// is not solved again: the solver's time limit is spent once. Holds the last <see cref="Capacity"/> answers.
/// </summary>
public sealed class SolveCache<T> where T : class
{
    private readonly object gate = new();
    private readonly LinkedList<(string Key, T Value)> order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, T Value)>> byKey = new(StringComparer.Ordinal);

    /// <summary>How many answers are kept (the least recently used goes first).</summary>
    public int Capacity { get; init; } = 32;

    /// <summary>The fingerprint of a problem's text: SHA-256, hex.</summary>
    public static string Fingerprint(StringBuilder text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

    public bool TryGet(string key, out T value)
    {
        lock (gate)
        {
            if (byKey.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = null!;
        return false;
    }

    public void Put(string key, T value)
    {
        lock (gate)
        {
            if (byKey.TryGetValue(key, out var old)) order.Remove(old);
            byKey[key] = order.AddFirst((key, value));
            while (order.Count > Capacity)
            {
                byKey.Remove(order.Last!.Value.Key);
                order.RemoveLast();
            }
        }
    }
}
