using ZedOps.Manager.Features.Backups.Policy;

namespace ZedOps.Manager.Tests.Features.Backups;

public sealed class RetentionPlannerTests
{
    private static readonly DateTimeOffset s_now = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static RetentionCandidate B(string id, string at, string reason = "scheduled", bool locked = false) =>
        new(id, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), reason, locked);

    private static (string[] Kept, string[] Pruned) Plan(RetentionPolicy policy, string? justTaken, params RetentionCandidate[] backups)
    {
        var plan = RetentionPlanner.Plan(backups, policy, s_now, justTaken);
        return ([.. plan.Keep.Keys.Order(StringComparer.Ordinal)], [.. plan.Prune.Select(b => b.Id).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public void Plan_AllZero_KeepsEverything()
    {
        var (kept, pruned) = Plan(RetentionPolicy.KeepEverything, null, B("a", "2026-01-01T00:00Z"), B("b", "2020-01-01T00:00Z"));

        Assert.Equal(["a", "b"], kept);
        Assert.Empty(pruned);
    }

    [Fact]
    public void Plan_KeepLast_KeepsTheNewestN_TiesBrokenById()
    {
        var (kept, pruned) = Plan(new(2, 0, 0), null,
            B("a", "2027-01-01T10:00Z"), B("b", "2027-01-03T10:00Z"), B("c", "2027-01-02T10:00Z"), B("d", "2027-01-02T10:00Z"));

        Assert.Equal(["b", "d"], kept);
        Assert.Equal(["a", "c"], pruned);
    }

    [Fact]
    public void Plan_Daily_SeveralPerDayAndGaps_KeepsNewestOfEachOfTheLastDaysThatHaveBackups()
    {
        var (kept, pruned) = Plan(new(0, 3, 0), null,
            B("d5-late", "2027-01-05T10:00Z"), B("d5-early", "2027-01-05T08:00Z"),
            B("d4-late", "2027-01-04T23:59Z"), B("d4-early", "2027-01-04T00:01Z"),
            // no backup on the 3rd: the gap does not use up one of the three days
            B("d2", "2027-01-02T12:00Z"), B("d1", "2027-01-01T12:00Z"));

        Assert.Equal(["d2", "d4-late", "d5-late"], kept);
        Assert.Equal(["d1", "d4-early", "d5-early"], pruned);
    }

    [Fact]
    public void Plan_Daily_UsesUtcDates_NotTheOffsetTheTimeWasWrittenIn()
    {
        // 23:30 on the 4th in New York is 04:30 on the 5th UTC: it is the 5th's newest, and the 4th (UTC) keeps its own.
        var (kept, pruned) = Plan(new(0, 2, 0), null,
            B("ny-evening", "2027-01-04T23:30-05:00"), B("utc-5th", "2027-01-05T03:00Z"), B("utc-4th", "2027-01-04T22:00Z"), B("utc-3rd", "2027-01-03T22:00Z"));

        Assert.Equal(["ny-evening", "utc-4th"], kept);
        Assert.Equal(["utc-3rd", "utc-5th"], pruned);
    }

    [Fact]
    public void Plan_Weekly_UsesIsoWeeksAcrossTheYearEnd()
    {
        // 2026 has an ISO week 53 (Mon 28 Dec - Sun 3 Jan 2027); Mon 4 Jan 2027 starts 2027-W01.
        var (kept, pruned) = Plan(new(0, 0, 2), null,
            B("w01", "2027-01-04T09:00Z"), B("w53-sun", "2027-01-03T09:00Z"), B("w53-mon", "2026-12-28T09:00Z"), B("w52-sun", "2026-12-27T09:00Z"));

        Assert.Equal(["w01", "w53-sun"], kept);
        Assert.Equal(["w52-sun", "w53-mon"], pruned);
    }

    [Fact]
    public void Plan_Union_OfLastDailyAndWeekly()
    {
        var (kept, pruned) = Plan(new(1, 2, 2), null,
            B("mon-2", "2027-01-04T20:00Z"), B("mon-1", "2027-01-04T08:00Z"), B("sun", "2027-01-03T08:00Z"),
            B("sat", "2027-01-02T08:00Z"), B("prev-week", "2026-12-22T08:00Z"), B("older", "2026-12-15T08:00Z"));

        // last 1: mon-2; daily 2: mon-2, sun; weekly 2: mon-2 (2027-W01), sun (2026-W53)
        Assert.Equal(["mon-2", "sun"], kept);
        Assert.Equal(["mon-1", "older", "prev-week", "sat"], pruned);
    }

    [Fact]
    public void Plan_NeverPrunes_Locked_JustTaken_OrRecentAutomaticBackups()
    {
        var plan = RetentionPlanner.Plan([
                B("newest", "2027-01-10T11:00Z"),
                B("taken", "2027-01-01T00:00Z"),
                B("locked-old", "2025-06-01T00:00Z", locked: true),
                B("pre-restore-6d", "2027-01-04T12:00:01Z", "pre-restore"),
                B("pre-rebuild-7d", "2027-01-03T12:00Z", "pre-rebuild"),
                B("manual", "2027-01-09T00:00Z", "manual"),
            ], new(1, 0, 0), s_now, justTaken: "taken");

        Assert.Equal(["locked-old", "newest", "pre-restore-6d", "taken"], plan.Keep.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("locked", plan.Keep["locked-old"]);
        Assert.Equal(["manual", "pre-rebuild-7d"], plan.Prune.Select(b => b.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_LockedBackupCountsTowardsTheRules()
    {
        var (kept, pruned) = Plan(new(1, 0, 0), null, B("locked-new", "2027-01-09T00:00Z", locked: true), B("older", "2027-01-08T00:00Z"));

        Assert.Equal(["locked-new"], kept);
        Assert.Equal(["older"], pruned);
    }
}
