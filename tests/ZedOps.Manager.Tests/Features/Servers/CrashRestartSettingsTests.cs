using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

public sealed class CrashRestartSettingsTests
{
    [Fact]
    public void ToPolicy_Default_IsOnThreeCrashesInTenMinutes()
    {
        var policy = CrashRestartSettings.Default.ToPolicy();

        Assert.Equal((true, 3, 600), (policy.Enabled, policy.MaxCrashes, policy.WindowSeconds));
        Assert.Equal([10, 30, 90], policy.BackoffSeconds);
        Assert.Equal(policy.BackoffSeconds, ServerSpecs.CrashPolicy(new ServerConfig()).BackoffSeconds);
    }

    [Theory]
    [InlineData(0, 10, new[] { 10 }, "crash count")]
    [InlineData(3, 0, new[] { 10 }, "window")]
    [InlineData(3, 10, new int[0], "backoff")]
    [InlineData(3, 10, new[] { -1 }, "backoff")]
    [InlineData(3, 10, new[] { 3601 }, "backoff")]
    public void Problems_OutOfRange_Named(int max, int window, int[] backoff, string named)
    {
        var settings = new CrashRestartSettings { MaxCrashes = max, WindowMinutes = window, BackoffSeconds = backoff };

        Assert.Contains(settings.Problems(), p => p.Contains(named, StringComparison.Ordinal));
        Assert.Contains(ServerConfigUpdates.ConfigProblems(new ServerConfig { CrashRestart = settings }, "pz-sim", checkEnv: false),
            p => p.StartsWith("Crash restarts", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_ComparesBackoffByValue_NullIsDefault()
    {
        Assert.True(CrashRestartSettings.Same(null, new CrashRestartSettings { BackoffSeconds = [10, 30, 90] }));
        Assert.False(CrashRestartSettings.Same(null, new CrashRestartSettings { BackoffSeconds = [10, 30] }));
        Assert.False(CrashRestartSettings.Same(null, new CrashRestartSettings { Enabled = false }));
    }

    [Theory]
    [InlineData(ServerStatuses.Failed, ServerStatuses.Stopped, ServerStatuses.Failed)]
    [InlineData(ServerStatuses.Restarting, ServerStatuses.Stopped, ServerStatuses.Restarting)]
    [InlineData(ServerStatuses.Failed, ServerStatuses.Starting, ServerStatuses.Starting)]
    [InlineData(ServerStatuses.Running, ServerStatuses.Stopped, ServerStatuses.Stopped)]
    public void StickyCrashStatus_StoppedContainer_KeepsFailedAndRestarting(string current, string next, string expected) =>
        Assert.Equal(expected, ServerSync.StickyCrashStatus(current, next));

    [Fact]
    public void Describe_EachOutcome_SaysWhatHappens()
    {
        ServerCrashed Crash(string outcome) => new(Guid.NewGuid(), "alpha", 137, DateTimeOffset.UnixEpoch, outcome, 3, DateTimeOffset.UnixEpoch.AddSeconds(30), []);

        Assert.Equal("crashed (exit code 137); restarting at 00:00:30 UTC (crash 3 in the window)", ServerCrashes.Describe(Crash(CrashOutcomes.Restarting)));
        Assert.StartsWith("Crash loop: crashed 3 times", ServerCrashes.Describe(Crash(CrashOutcomes.CrashLoop)), StringComparison.Ordinal);
        Assert.Contains("not restarted", ServerCrashes.Describe(Crash(CrashOutcomes.NotRestarted)), StringComparison.Ordinal);
    }
}
