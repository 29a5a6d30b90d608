using ZedOps.Manager.Features.Mods;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Mods;

public sealed class ModUpdateRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly ModUpdatePolicy Policy = new();

    [Fact]
    public void IsDue_AfterTheInterval_NotBefore_NotWhileARestartIsPending()
    {
        var checkedAt = new ModWatchState(LastCheckAt: T0);

        Assert.True(ModUpdateRules.IsDue(Policy, new ModWatchState(), T0));
        Assert.False(ModUpdateRules.IsDue(Policy, checkedAt, T0.AddMinutes(9)));
        Assert.True(ModUpdateRules.IsDue(Policy, checkedAt, T0.AddMinutes(10)));
        Assert.False(ModUpdateRules.IsDue(Policy, checkedAt with { Pending = "waiting" }, T0.AddMinutes(30)));
        Assert.False(ModUpdateRules.IsDue(Policy with { Enabled = false }, new ModWatchState(), T0));
    }

    [Fact]
    public void NeedUpdate_RestartsOnce_ThenStuckReportedOnce_UntilUpToDateClearsIt()
    {
        var (first, state) = ModUpdateRules.OnAnswer(Policy, new ModWatchState(), ModsCheckResults.NeedUpdate, T0);
        Assert.Equal(ModDecision.Restart, first);
        state = state with { RestartedForModsAt = T0.AddMinutes(1) }; // what the watcher records when it restarts

        var (second, afterRestart) = ModUpdateRules.OnAnswer(Policy, state, ModsCheckResults.NeedUpdate, T0.AddMinutes(15));
        var (third, stillStuck) = ModUpdateRules.OnAnswer(Policy, afterRestart, ModsCheckResults.NeedUpdate, T0.AddMinutes(25));
        var (fourth, cleared) = ModUpdateRules.OnAnswer(Policy, stillStuck, ModsCheckResults.UpToDate, T0.AddMinutes(35));
        var (fifth, _) = ModUpdateRules.OnAnswer(Policy, cleared, ModsCheckResults.NeedUpdate, T0.AddMinutes(45));

        Assert.Equal((ModDecision.Stuck, ModDecision.None, ModDecision.None, ModDecision.Restart), (second, third, fourth, fifth));
        Assert.True(stillStuck.StuckReported);
        Assert.Null(cleared.RestartedForModsAt);
    }

    [Fact]
    public void NotifyOnly_ReportsTheChangeOnce_NeverRestarts()
    {
        var notify = Policy with { Action = ModUpdateActions.NotifyOnly };

        var (first, state) = ModUpdateRules.OnAnswer(notify, new ModWatchState(), ModsCheckResults.NeedUpdate, T0);
        var (second, _) = ModUpdateRules.OnAnswer(notify, state, ModsCheckResults.NeedUpdate, T0.AddMinutes(10));

        Assert.Equal((ModDecision.Notify, ModDecision.None), (first, second));
    }

    [Fact]
    public void CheckNotCompleted_ChangesNothing()
    {
        var (decision, state) = ModUpdateRules.OnAnswer(Policy, new ModWatchState(), ModsCheckResults.NotCompleted, T0);

        Assert.Equal(ModDecision.None, decision);
        Assert.Equal(ModsCheckResults.NotCompleted, state.LastResult);
    }

    [Fact]
    public void Problems_NameEachBadField()
    {
        var problems = new ModUpdatePolicy { IntervalMinutes = 0, Action = "reboot", WarningMinutes = 99, EmptyWaitMinutes = 0 }.Problems().ToList();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("intervalMinutes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("action must be one of warned_restart, restart_when_empty, notify; got 'reboot'", StringComparison.Ordinal));
    }
}
