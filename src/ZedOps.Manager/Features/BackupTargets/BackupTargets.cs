using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>The admin's off-host targets: stored with encrypted credentials, shown without them, every change audited
/// (with the settings that changed and which credentials were replaced, never their values).</summary>
public sealed class BackupTargets(ZedOpsDbContext db, BackupTargetSecrets secrets, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<BackupTargetView>> ListAsync(CancellationToken ct) =>
        [.. (await db.BackupTargets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(ToView)];

    public async Task<BackupTargetView> GetAsync(Guid id, CancellationToken ct) => ToView(await FindAsync(id, ct));

    public async Task<BackupTargetView> CreateAsync(BackupTargetRequest request, AuditActor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = new BackupTargetEntity { Id = Guid.NewGuid(), Name = "", Kind = "", ProtectedSecrets = "", CreatedAt = now, UpdatedAt = now };
        var values = BackupTargetValidation.Apply(request, row, new TargetSecretValues(null, null, null, null));
        await CheckAsync(row, ct);
        row.ProtectedSecrets = secrets.Protect(values);
        db.BackupTargets.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup-target.create", $"backup-target:{row.Name}", true, $"{Describe(row)}; credentials: {SetSecrets(values)}", ct);
        return ToView(row);
    }

    public async Task<BackupTargetView> UpdateAsync(Guid id, BackupTargetRequest request, AuditActor actor, CancellationToken ct)
    {
        var row = await db.BackupTargets.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw NotFound(id);
        var before = Describe(row);
        var current = secrets.Unprotect(row.ProtectedSecrets);
        var values = BackupTargetValidation.Apply(request, row, current);
        await CheckAsync(row, ct);
        row.ProtectedSecrets = secrets.Protect(values);
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var after = Describe(row);
        await audit.WriteAsync(actor, "backup-target.update", $"backup-target:{row.Name}", true,
            $"{(before == after ? "settings unchanged" : $"{before} → {after}")}; credentials replaced: {Replaced(request)}", ct);
        return ToView(row);
    }

    public async Task DeleteAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var row = await FindAsync(id, ct);
        db.BackupTargets.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup-target.delete", $"backup-target:{row.Name}", true, Describe(row), ct);
    }

    /// <summary>The targets a server's backups are copied to, with credentials, for a request to its agent.</summary>
    public async Task<IReadOnlyList<RemoteTarget>> ForServerAsync(Guid serverId, CancellationToken ct)
    {
        var rows = await db.BackupTargets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        return [.. rows.Where(t => t.AllServers || t.ServerIds.Contains(serverId)).Select(ToRemote)];
    }

    public async Task<RemoteTarget> RemoteAsync(Guid id, CancellationToken ct) => ToRemote(await FindAsync(id, ct));

    internal RemoteTarget ToRemote(BackupTargetEntity t)
    {
        var s = secrets.Unprotect(t.ProtectedSecrets);
        return t.Kind == RemoteTarget.SftpKind
            ? new RemoteTarget(t.Id, t.Name, t.Kind, new SftpSettings(t.Host!, t.Port ?? 22, t.User!, t.Directory!, t.HostKeyFingerprint!, s.Password, s.PrivateKey), null)
            : new RemoteTarget(t.Id, t.Name, t.Kind, null, new S3Settings(t.Endpoint!, t.Region!, t.Bucket!, t.Prefix ?? "", t.PathStyle, s.AccessKey!, s.SecretKey!));
    }

    private BackupTargetView ToView(BackupTargetEntity t)
    {
        var s = secrets.Unprotect(t.ProtectedSecrets);
        return new BackupTargetView(t.Id, t.Name, t.Kind, t.AllServers, t.ServerIds,
            t.Kind == RemoteTarget.SftpKind
                ? new SftpTargetView(t.Host!, t.Port ?? 22, t.User!, t.Directory!, t.HostKeyFingerprint!, SecretState.Of(s.Password), SecretState.Of(s.PrivateKey))
                : null,
            t.Kind == RemoteTarget.S3Kind
                ? new S3TargetView(t.Endpoint!, t.Region!, t.Bucket!, t.Prefix ?? "", t.PathStyle, SecretState.Of(s.AccessKey), SecretState.Of(s.SecretKey))
                : null,
            t.CreatedAt, t.UpdatedAt);
    }

    private async Task CheckAsync(BackupTargetEntity row, CancellationToken ct)
    {
        if (await db.BackupTargets.AnyAsync(t => t.Name == row.Name && t.Id != row.Id, ct))
        {
            throw ServerCommandException.Conflict($"A backup target named '{row.Name}' already exists.");
        }
        var known = await db.Servers.Where(s => row.ServerIds.Contains(s.Id) && s.Status != ServerStatuses.Deleted).Select(s => s.Id).ToListAsync(ct);
        if (row.ServerIds.Except(known).ToList() is { Count: > 0 } unknown)
        {
            throw ServerCommandException.Invalid("Invalid backup target", $"No such server: {string.Join(", ", unknown)}.");
        }
    }

    private async Task<BackupTargetEntity> FindAsync(Guid id, CancellationToken ct) =>
        await db.BackupTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw NotFound(id);

    private static ServerCommandException NotFound(Guid id) => new(404, "Backup target not found", $"No backup target with id {id}.");

    /// <summary>The settings an admin may read back, as one line for the audit.</summary>
    private static string Describe(BackupTargetEntity t) =>
        (t.Kind == RemoteTarget.SftpKind
            ? $"sftp {t.User}@{t.Host}:{t.Port} dir {t.Directory} host key {t.HostKeyFingerprint}"
            : $"s3 {t.Endpoint} region {t.Region} bucket {t.Bucket} prefix '{t.Prefix}' path-style {t.PathStyle}")
        + (t.AllServers ? ", all servers" : $", servers {string.Join(",", t.ServerIds)}");

    private static string SetSecrets(TargetSecretValues v) => string.Join(", ",
        new[] { ("password", v.Password), ("private key", v.PrivateKey), ("access key", v.AccessKey), ("secret key", v.SecretKey) }
            .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1));

    private static string Replaced(BackupTargetRequest r)
    {
        var names = new[] { ("password", r.Sftp?.Password), ("private key", r.Sftp?.PrivateKey), ("access key", r.S3?.AccessKey), ("secret key", r.S3?.SecretKey) }
            .Where(p => p.Item2 is not null).Select(p => p.Item1).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
