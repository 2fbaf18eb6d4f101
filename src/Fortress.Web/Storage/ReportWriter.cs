using System.Threading.Channels;

namespace Fortress.Web.Storage;

/// <summary>
/// Group commit of position reports: posts of every plan queue here and one writer stores whatever is waiting in a
/// single durable transaction, then releases each post. A post is acknowledged only after the commit that holds it;
/// under load many posts share one disk flush instead of one flush each.
/// </summary>
public sealed class ReportWriter : IAsyncDisposable
{
    private const int MaxBatch = 1000;
    private readonly IFortressStore store;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    private sealed record Pending(string PlanId, IReadOnlyList<ReportRecord> Reports, TaskCompletionSource Done);

    public ReportWriter(IFortressStore store)
    {
        this.store = store;
        loop = Task.Run(Run);
    }

    /// <summary>Completes once the reports are durably stored (or fails with the store's error).</summary>
    public Task WriteAsync(string planId, IReadOnlyList<ReportRecord> reports)
    {
        var p = new Pending(planId, reports, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(p)) p.Done.SetException(new ObjectDisposedException(nameof(ReportWriter)));
        return p.Done.Task;
    }

    private async Task Run()
    {
        var batch = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var n = 0;
            while (n < MaxBatch && queue.Reader.TryRead(out var p)) { batch.Add(p); n += p.Reports.Count; }
            try
            {
                await store.AddReportsAsync(batch.Select(b => (b.PlanId, b.Reports)).ToList());
                foreach (var b in batch) b.Done.SetResult();
            }
            catch (Exception ex)
            {
                foreach (var b in batch) b.Done.SetException(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }
}
