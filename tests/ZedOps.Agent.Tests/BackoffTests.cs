namespace ZedOps.Agent.Tests;

public sealed class BackoffTests
{
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(42));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(100, 60)]
    public void Ceiling_DoublesFromMinUpToCap(int attempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _backoff.Ceiling(attempt));

    [Fact]
    public void Next_FullJitterStaysWithinMinAndCeilingAndSpreads()
    {
        var delays = Enumerable.Range(0, 500).Select(_ => _backoff.Next(10)).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
        Assert.True(delays.Min() < TimeSpan.FromSeconds(10) && delays.Max() > TimeSpan.FromSeconds(50), "jitter should cover the range");
    }
}
