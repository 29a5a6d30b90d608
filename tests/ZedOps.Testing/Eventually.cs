namespace ZedOps.Testing;

/// <summary>Waits for a condition with a bound, polling; never a bare sleep standing in for synchronisation.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan;
        var deadline = DateTime.UtcNow + limit;
        var last = default(T);
        var delay = TimeSpan.FromMilliseconds(20);
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last value: {last}");
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
