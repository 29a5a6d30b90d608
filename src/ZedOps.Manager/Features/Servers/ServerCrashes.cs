using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

public sealed record ServerCrashView(long Id, DateTimeOffset At, int? ExitCode, string Outcome, int CrashesInWindow, DateTimeOffset? RestartAt, IReadOnlyList<string> LastLines);

/// <summary>
/// Crashes reported by agents (the agent decides and restarts; the manager records and shows). Each crash is stored
/// with its last console lines, redacted like every console line; the server shows <c>restarting</c> while the agent
/// waits out the backoff, and <c>failed</c> after a crash loop, with one audit row for the loop: that row is the alert.
/// </summary>
public sealed class ServerCrashes(
    IDbContextFactory<ZedOpsDbContext> dbFactory, ConsoleSecrets secrets, ServerOperations operations, ServerActivity activity, TimeProvider time)
{
    public const int KeptPerServer = 50;
    public const int MaxLines = 50;
    public const string CrashAction = "server.crash";
    public const string CrashLoopAction = "server.crash_loop";

    public async ValueTask OnCrashedAsync(Guid agentId, ServerCrashed crash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Servers.FirstOrDefaultAsync(s => s.Id == crash.ServerId && s.AgentId == agentId, ct);
        if (row is null || row.Status == ServerStatuses.Deleted)
        {
            return;
        }
        await secrets.EnsureLoadedAsync(ct);
        var known = secrets.For(agentId, ServerSpecs.ContainerName(row.Name));
        var lines = crash.LastLines.TakeLast(MaxLines).Select(l => ConsoleRedaction.Redact(l.Text, known)).ToList();
        db.ServerCrashes.Add(new ServerCrashEntity
        {
            ServerId = row.Id, At = crash.At, ExitCode = crash.ExitCode, Outcome = crash.Outcome, CrashesInWindow = crash.CrashesInWindow,
            RestartAt = crash.RestartAt, LastLines = string.Join('\n', lines),
        });
        var message = Describe(crash);
        if (!operations.IsBusy(row.Id) && (!crash.Replayed || IsDown(row.Status) && crash.Outcome != CrashOutcomes.Restarting))
        {
            row.Status = crash.Outcome switch
            {
                CrashOutcomes.Restarting => ServerStatuses.Restarting,
                CrashOutcomes.CrashLoop => ServerStatuses.Failed,
                _ => ServerStatuses.Stopped,
            };
            row.LastError = message;
            row.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        await PruneAsync(db, row.Id, ct);
        var loop = crash.Outcome == CrashOutcomes.CrashLoop;
        await new AuditLog(db, time).WriteAsync(AuditActor.System, loop ? CrashLoopAction : CrashAction, $"server:{row.Name}",
            succeeded: !loop, details: message, ct: ct);
        activity.Add(new ServerActivityEntry(row.Id, crash.At, loop ? "crash.loop" : "crash", message));
    }

    public async Task<IReadOnlyList<ServerCrashView>> ListAsync(Guid serverId, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ServerCrashes.Where(c => c.ServerId == serverId).OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Take(Math.Clamp(limit, 1, KeptPerServer)).ToListAsync(ct);
        return [.. rows.Select(c => new ServerCrashView(c.Id, c.At, c.ExitCode, c.Outcome, c.CrashesInWindow, c.RestartAt,
            c.LastLines.Length == 0 ? [] : c.LastLines.Split('\n')))];
    }

    /// <summary>A report replayed after the agent reconnected is history: it sets <c>failed</c> only on a server that is
    /// still down, and never <c>restarting</c> (that restart has happened, or not, by now; the sync says which).</summary>
    private static bool IsDown(string status) => status is ServerStatuses.Stopped or ServerStatuses.Restarting or ServerStatuses.Failed;

    internal static string Describe(ServerCrashed crash)
    {
        var code = crash.ExitCode is { } c ? $"exit code {c}" : "no exit code";
        return crash.Outcome switch
        {
            CrashOutcomes.Restarting => $"crashed ({code}); restarting at {crash.RestartAt:HH:mm:ss} UTC (crash {crash.CrashesInWindow} in the window)",
            CrashOutcomes.CrashLoop => $"Crash loop: crashed {crash.CrashesInWindow} times within the window ({code} last); left stopped — start it to try again.",
            _ => $"crashed ({code}); not restarted (crash restarts are off for this server)",
        };
    }

    private static async Task PruneAsync(ZedOpsDbContext db, Guid serverId, CancellationToken ct)
    {
        var old = await db.ServerCrashes.Where(c => c.ServerId == serverId).OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Skip(KeptPerServer).ToListAsync(ct);
        if (old.Count > 0)
        {
            db.ServerCrashes.RemoveRange(old);
            await db.SaveChangesAsync(ct);
        }
    }
}
