namespace ZedOps.Agent;

/// <summary>Exponential backoff with full jitter: a delay drawn uniformly from [min, min(max, min·2^attempt)].
/// Full jitter spreads a fleet's reconnects after a manager restart (AWS "Exponential Backoff and Jitter").</summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Ceiling(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * factor));
    }

    public TimeSpan Next(int attempt)
    {
        var ceiling = Ceiling(attempt).TotalMilliseconds;
        return TimeSpan.FromMilliseconds(min.TotalMilliseconds + (_random.NextDouble() * (ceiling - min.TotalMilliseconds)));
    }
}
