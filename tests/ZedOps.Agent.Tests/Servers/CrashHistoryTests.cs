using Microsoft.Extensions.Time.Testing;
using ZedOps.Agent.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Tests.Servers;

public sealed class CrashHistoryTests
{
    private static readonly CrashPolicy s_policy = new(true, 3, 600, [10, 30, 90]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly CrashHistory _history = new();

    [Fact]
    public void Record_FirstCrash_RestartsAfterFirstStep()
    {
        var decision = _history.Record(_time.GetUtcNow(), s_policy);

        Assert.Equal(new CrashDecision(CrashOutcomes.Restarting, 1, TimeSpan.FromSeconds(10)), decision);
    }

    [Fact]
    public void Record_CrashesInWindow_BackoffGrowsThenLoop()
    {
        var first = _history.Record(_time.GetUtcNow(), s_policy);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = _history.Record(_time.GetUtcNow(), s_policy);
        _time.Advance(TimeSpan.FromMinutes(1));
        var third = _history.Record(_time.GetUtcNow(), s_policy);

        Assert.Equal(TimeSpan.FromSeconds(10), first.Delay);
        Assert.Equal(TimeSpan.FromSeconds(30), second.Delay);
        Assert.Equal(new CrashDecision(CrashOutcomes.CrashLoop, 3, null), third);
    }

    [Fact]
    public void Record_MoreCrashesThanSteps_LastStepRepeats()
    {
        var policy = s_policy with { MaxCrashes = 6, BackoffSeconds = [5, 20] };
        var delays = Enumerable.Range(0, 5).Select(_ => _history.Record(_time.GetUtcNow(), policy).Delay).ToList();

        Assert.Equal([5, 20, 20, 20, 20], delays.Select(d => (int)d!.Value.TotalSeconds));
    }

    [Fact]
    public void Record_OldCrashesOutsideWindow_AreForgotten()
    {
        _history.Record(_time.GetUtcNow(), s_policy);
        _history.Record(_time.GetUtcNow(), s_policy);
        _time.Advance(TimeSpan.FromMinutes(10));
        var later = _history.Record(_time.GetUtcNow(), s_policy);

        Assert.Equal(new CrashDecision(CrashOutcomes.Restarting, 1, TimeSpan.FromSeconds(10)), later);
    }

    [Fact]
    public void Record_CrashJustInsideWindow_StillCounts()
    {
        _history.Record(_time.GetUtcNow(), s_policy);
        _time.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(2, _history.Record(_time.GetUtcNow(), s_policy).CrashesInWindow);
    }

    [Fact]
    public void Record_PolicyOff_NotRestarted()
    {
        var decision = _history.Record(_time.GetUtcNow(), s_policy with { Enabled = false });

        Assert.Equal(new CrashDecision(CrashOutcomes.NotRestarted, 1, null), decision);
    }

    [Fact]
    public void Reset_AfterLoop_CountsAfresh()
    {
        for (var i = 0; i < 3; i++)
        {
            _history.Record(_time.GetUtcNow(), s_policy);
        }
        _history.Reset();

        Assert.Equal(CrashOutcomes.Restarting, _history.Record(_time.GetUtcNow(), s_policy).Outcome);
    }
}
