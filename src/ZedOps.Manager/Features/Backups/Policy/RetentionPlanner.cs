using System.Globalization;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>Keep the newest <see cref="KeepLast"/>, the newest of each of the last <see cref="KeepDaily"/> days and of
/// each of the last <see cref="KeepWeekly"/> ISO weeks that have backups. All zero keeps everything.</summary>
public sealed record RetentionPolicy(int KeepLast, int KeepDaily, int KeepWeekly)
{
    public const int Max = 1000;

    public static readonly RetentionPolicy KeepEverything = new(0, 0, 0);

    public bool KeepsEverything => KeepLast == 0 && KeepDaily == 0 && KeepWeekly == 0;
}

public sealed record RetentionCandidate(string Id, DateTimeOffset CreatedAt, string Reason, bool Locked);

/// <summary>Which backups stay (each with why) and which go.</summary>
public sealed record RetentionPlan(IReadOnlyDictionary<string, string> Keep, IReadOnlyList<RetentionCandidate> Prune);

/// <summary>
/// Grandfather-father-son retention as restic's <c>forget --keep-last/--keep-daily/--keep-weekly</c> does it: the rules
/// are applied to every backup (locked ones count like the others) and their union is kept. Days and ISO weeks are
/// UTC days and weeks: a server has no time zone of its own in ZedOps (a schedule's time zone only says when it fires),
/// and UTC keeps a day from changing length at a DST switch. On top of the rules, never pruned: locked backups, the
/// backup just taken, and the automatic pre-restore/pre-rebuild backups younger than <see cref="AutomaticGrace"/> —
/// they are the way back from a restore or rebuild that went wrong, and a tight "keep last 1" would otherwise drop
/// the pre-restore backup the moment the next scheduled one lands.
/// </summary>
public static class RetentionPlanner
{
    public static readonly TimeSpan AutomaticGrace = TimeSpan.FromDays(7);
    public static readonly IReadOnlySet<string> AutomaticReasons = new HashSet<string>(StringComparer.Ordinal) { "pre-restore", "pre-rebuild" };

    public static RetentionPlan Plan(IEnumerable<RetentionCandidate> backups, RetentionPolicy policy, DateTimeOffset now, string? justTaken)
    {
        var ordered = backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var keep = new Dictionary<string, string>(StringComparer.Ordinal);
        if (policy.KeepsEverything)
        {
            ordered.ForEach(b => keep[b.Id] = "the policy keeps everything");
            return new RetentionPlan(keep, []);
        }
        foreach (var b in ordered.Take(policy.KeepLast))
        {
            keep.TryAdd(b.Id, $"one of the newest {policy.KeepLast}");
        }
        KeepNewestPerPeriod(ordered, policy.KeepDaily, b => b.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "day", keep);
        KeepNewestPerPeriod(ordered, policy.KeepWeekly, b => IsoWeek(b.CreatedAt), "week", keep);
        foreach (var b in ordered)
        {
            if (b.Locked)
            {
                keep[b.Id] = "locked";
            }
            else if (b.Id == justTaken)
            {
                keep.TryAdd(b.Id, "just taken");
            }
            else if (AutomaticReasons.Contains(b.Reason) && now - b.CreatedAt < AutomaticGrace)
            {
                keep.TryAdd(b.Id, $"automatic {b.Reason} backup younger than {AutomaticGrace.TotalDays:0} days");
            }
        }
        return new RetentionPlan(keep, [.. ordered.Where(b => !keep.ContainsKey(b.Id))]);
    }

    /// <summary>The newest backup of each of the newest <paramref name="count"/> periods that have backups
    /// (<paramref name="ordered"/> is newest first, so the first backup seen of a period is its newest).</summary>
    private static void KeepNewestPerPeriod(List<RetentionCandidate> ordered, int count, Func<RetentionCandidate, string> period, string unit,
        Dictionary<string, string> keep)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in ordered)
        {
            if (seen.Count == count)
            {
                return;
            }
            var key = period(b);
            if (seen.Add(key))
            {
                keep.TryAdd(b.Id, $"newest of {unit} {key} (UTC)");
            }
        }
    }

    private static string IsoWeek(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}";
    }
}
