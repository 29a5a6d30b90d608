using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Backups;

public sealed class BackupScheduleRulesTests
{
    private static BackupScheduleEntity Schedule(string cron, string zone) => new() { Cron = cron, TimeZone = zone, Mode = BackupScheduleRules.Online };

    [Theory]
    [InlineData("0 4 * * *")]
    [InlineData("*/15 2-5 * * 1-5")]
    [InlineData("@daily")]
    public void ParseCron_Valid(string cron) => Assert.NotNull(BackupScheduleRules.ParseCron(cron));

    [Theory]
    [InlineData("", "A cron expression is required")]
    [InlineData("61 * * * *", "is not a cron expression")]
    [InlineData("0 4 * *", "is not a cron expression")]
    [InlineData("0 0 4 * * *", "is not a cron expression")] // six fields (seconds) are not accepted
    public void ParseCron_Invalid_SaysWhy(string cron, string message)
    {
        var ex = Assert.Throws<ServerCommandException>(() => BackupScheduleRules.ParseCron(cron));
        Assert.Equal(400, ex.Status);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_InTheSchedulesZone_StoredAsUtc_AcrossDst()
    {
        // Europe/Berlin leaves summer time early on Sunday 2027-10-31: 04:00 local is 02:00 UTC on the 30th, 03:00 UTC on the 31st.
        var s = Schedule("0 4 * * *", "Europe/Berlin");
        var before = BackupScheduleRules.Next(s, new DateTimeOffset(2027, 10, 29, 12, 0, 0, TimeSpan.Zero))!.Value;
        var after = BackupScheduleRules.Next(s, before)!.Value;

        Assert.Equal((new DateTimeOffset(2027, 10, 30, 2, 0, 0, TimeSpan.Zero), TimeSpan.Zero), (before, before.Offset));
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 3, 0, 0, TimeSpan.Zero), after);
    }

    [Fact]
    public void Between_IsCappedAndInclusive()
    {
        var s = Schedule("* * * * *", "UTC");
        var from = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(3, BackupScheduleRules.Between(s, from, from.AddMinutes(2), 100).Count);
        Assert.Equal(100, BackupScheduleRules.Between(s, from, from.AddDays(365), 100).Count);
    }

    [Fact]
    public void ParseZone_UnknownZone_SaysWhich()
    {
        Assert.Equal(TimeZoneInfo.Utc, BackupScheduleRules.ParseZone(null));
        var ex = Assert.Throws<ServerCommandException>(() => BackupScheduleRules.ParseZone("Mars/Olympus"));
        Assert.Contains("'Mars/Olympus' is not a time zone", ex.Message, StringComparison.Ordinal);
    }
}
