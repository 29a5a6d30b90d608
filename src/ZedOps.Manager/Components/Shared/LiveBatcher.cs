namespace ZedOps.Manager.Components.Shared;

/// <summary>Applies a stream of changes to a page's state and re-renders at most once per interval, so a burst of
/// updates costs one render (the shape of Aspire's GetBatchesAsync loop).</summary>
public static class LiveBatcher
{
    public static async Task RunAsync<T>(IAsyncEnumerable<T> changes, Action<T> apply, Func<Task> render, TimeSpan interval, CancellationToken ct)
    {
        var lastRender = DateTime.MinValue;
        var dirty = false;
        await using var e = changes.GetAsyncEnumerator(ct);
        var next = e.MoveNextAsync().AsTask();
        while (true)
        {
            var wait = dirty ? Task.Delay(interval - (DateTime.UtcNow - lastRender) is { Ticks: > 0 } left ? left : TimeSpan.Zero, ct) : null;
            var done = wait is null ? next : await Task.WhenAny(next, wait);
            if (done == next)
            {
                if (!await next)
                {
                    break;
                }
                apply(e.Current);
                dirty = true;
                next = e.MoveNextAsync().AsTask();
                continue;
            }
            await render();
            lastRender = DateTime.UtcNow;
            dirty = false;
        }
        if (dirty)
        {
            await render();
        }
    }
}
