using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Settings;

public sealed record SettingsVersionView(long Id, string Kind, DateTimeOffset At, string Actor, string Action, string Summary, string Diff);

/// <summary>Every version of a server's settings files: full content encrypted (it holds passwords) for a byte-exact
/// revert, and a diff with the secrets masked for people to read.</summary>
public sealed class SettingsHistory(ZedOpsDbContext db, IDataProtectionProvider provider, TimeProvider time)
{
    public const string Observed = "observed";
    public const string Edit = "edit";
    public const string Revert = "revert";
    public const string DiskActor = "disk";
    private readonly IDataProtector _protector = provider.CreateProtector("ZedOps.SettingsVersions.v1");

    /// <summary>Before an edit: records the file as found on disk when it differs from the last version ZedOps knows
    /// (first edit, or the game rewrote it), so every edit can be reverted.</summary>
    public async Task ObserveAsync(Guid serverId, ServerFile file, CancellationToken ct)
    {
        var last = await LastAsync(serverId, file.Kind, ct);
        if (!file.Exists || last?.Hash == file.Hash)
        {
            return;
        }
        var summary = last is null ? "file as first found on disk" : "file changed on disk (the game rewrote it, or a hand edit)";
        Add(serverId, file.Kind, DiskActor, Observed, summary, last is null ? null : Unprotect(last.ProtectedContent), file.Content, file.Hash);
        await db.SaveChangesAsync(ct);
    }

    public async Task RecordAsync(Guid serverId, string kind, string actor, string action, string summary, string before, ServerFile after, CancellationToken ct)
    {
        Add(serverId, kind, actor, action, summary, before, after.Content, after.Hash);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<SettingsVersionView>> ListAsync(Guid serverId, int limit, CancellationToken ct) =>
        await db.SettingsVersions.AsNoTracking().Where(v => v.ServerId == serverId).OrderByDescending(v => v.Id).Take(limit)
            .Select(v => new SettingsVersionView(v.Id, v.Kind, v.At, v.Actor, v.Action, v.Summary, v.Diff)).ToListAsync(ct);

    public async Task<long?> LatestIdAsync(Guid serverId, CancellationToken ct) =>
        await db.SettingsVersions.AsNoTracking().Where(v => v.ServerId == serverId).OrderByDescending(v => v.Id).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);

    /// <summary>The version's kind and exact content, or null when it is not this server's.</summary>
    public async Task<(string Kind, string Content)?> ContentAsync(Guid serverId, long versionId, CancellationToken ct)
    {
        var row = await db.SettingsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ServerId == serverId && v.Id == versionId, ct);
        return row is null ? null : (row.Kind, Unprotect(row.ProtectedContent));
    }

    private void Add(Guid serverId, string kind, string actor, string action, string summary, string? before, string after, string hash)
    {
        var name = ServerFileKinds.RelativePath(kind, "server") ?? kind;
        db.SettingsVersions.Add(new SettingsVersionEntity
        {
            ServerId = serverId, Kind = kind, At = time.GetUtcNow(), Actor = actor, Action = action,
            Summary = summary.Length > 2000 ? summary[..2000] : summary,
            Diff = UnifiedDiff.Create(SecretMask.Mask(kind, before ?? ""), SecretMask.Mask(kind, after), name),
            Hash = hash, ProtectedContent = _protector.Protect(after),
        });
    }

    private Task<SettingsVersionEntity?> LastAsync(Guid serverId, string kind, CancellationToken ct) =>
        db.SettingsVersions.AsNoTracking().Where(v => v.ServerId == serverId && v.Kind == kind).OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct);

    private string Unprotect(string protectedContent) => _protector.Unprotect(protectedContent);
}

/// <summary>Secret option values (passwords, RCON password, Discord token) replaced by a fixed mask for display.</summary>
public static class SecretMask
{
    public const string MaskText = "********";

    public static string Mask(string kind, string content)
    {
        if (kind != ServerFileKinds.Ini)
        {
            return content;
        }
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !lines[i].TrimStart().StartsWith('#') && OptionCatalog.Find(lines[i][..eq].Trim()) is { Secret: true }
                && lines[i][(eq + 1)..].TrimEnd('\r').Length > 0)
            {
                lines[i] = lines[i][..(eq + 1)] + MaskText + (lines[i].EndsWith('\r') ? "\r" : "");
            }
        }
        return string.Join('\n', lines);
    }
}
