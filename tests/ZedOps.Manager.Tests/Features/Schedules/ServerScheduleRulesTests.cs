using ZedOps.Manager.Features.Schedules;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Schedules;

/// <summary>Next-run computation in a schedule's time zone, across both DST changes, and the validation messages.</summary>
public sealed class ServerScheduleRulesTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Next_BerlinWinterAndSummer_FollowsTheLocalClock()
    {
        Assert.Equal(Utc(1, 5, 3), ServerScheduleRules.Next("0 4 * * *", "Europe/Berlin", Utc(1, 4, 10)));
        Assert.Equal(Utc(7, 5, 2), ServerScheduleRules.Next("0 4 * * *", "Europe/Berlin", Utc(7, 4, 10)));
        Assert.Equal(Utc(1, 4, 12), ServerScheduleRules.Next("0 */6 * * *", "UTC", Utc(1, 4, 10)));
    }

    [Fact]
    public void Next_SpringForwardGap_RunsOnceAtTheEndOfTheGap()
    {
        // 2027-03-28 02:30 does not exist in Berlin (02:00 -> 03:00): it runs at 03:00 CEST = 01:00 UTC, then normally.
        var first = ServerScheduleRules.Next("30 2 * * *", "Europe/Berlin", Utc(3, 27, 12));
        Assert.Equal(Utc(3, 28, 1), first);
        Assert.Equal(Utc(3, 29, 0, 30), ServerScheduleRules.Next("30 2 * * *", "Europe/Berlin", first!.Value));
    }

    [Fact]
    public void Next_FallBackRepeatedHour_RunsOnlyOnce()
    {
        // 2027-10-31 02:30 happens twice in Berlin (CEST then CET): one run at the first, none at the second.
        var first = ServerScheduleRules.Next("30 2 * * *", "Europe/Berlin", Utc(10, 30, 12));
        Assert.Equal(Utc(10, 31, 0, 30), first);
        Assert.Equal(Utc(11, 1, 1, 30), ServerScheduleRules.Next("30 2 * * *", "Europe/Berlin", first!.Value));
        Assert.Single(ServerScheduleRules.Between("30 2 * * *", "Europe/Berlin", Utc(10, 30, 23), Utc(10, 31, 23), 10));
    }

    [Theory]
    [InlineData("61 * * * *", "cron", "is not a valid cron expression")]
    [InlineData("", "cron", "a cron expression is required")]
    public void ParseCron_Bad_NamesTheField(string cron, string field, string message)
    {
        var ex = Assert.Throws<ServerCommandException>(() => ServerScheduleRules.ParseCron(cron));
        Assert.Equal((400, field), (ex.Status, ex.Extensions!["field"]));
        Assert.StartsWith($"{field}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseWarnings_SortsAndRefusesDuplicatesAndOutOfRange()
    {
        var sorted = ServerScheduleRules.ParseWarnings([new(60, " one "), new(300, "five")]);
        Assert.Equal([300, 60], sorted.Select(w => w.SecondsBefore));
        Assert.Equal("one", sorted[1].Message);
        Assert.Throws<ServerCommandException>(() => ServerScheduleRules.ParseWarnings([new(60, "a"), new(60, "b")]));
        Assert.Throws<ServerCommandException>(() => ServerScheduleRules.ParseWarnings([new(3601, "a")]));
        Assert.Throws<ServerCommandException>(() => ServerScheduleRules.ParseWarnings([new(10, " ")]));
    }

    [Fact]
    public void DefaultWarnings_SixtyThirtyFifteenFiveOneMinutes()
    {
        var ladder = ServerScheduleRules.DefaultWarnings(ServerScheduleRules.Restart);
        Assert.Equal([3600, 1800, 900, 300, 60], ladder.Select(w => w.SecondsBefore));
        Assert.Equal("The server restarts in 1 minute.", ladder[^1].Message);
        Assert.Contains("please log out", ServerScheduleRules.DefaultFinalMessage(ServerScheduleRules.Restart), StringComparison.Ordinal);
    }
}
