using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups;

/// <summary>Download a server's backup through the manager and upload an archive into its backups: both stream in
/// chunks between the HTTP body and the agent (<see cref="BackupTransfers"/>), and both are audited.</summary>
public sealed partial class BackupStreams(ZedOpsDbContext db, IAgentLink link, BackupTransfers transfers, AuditLog audit, ILogger<BackupStreams> logger)
{
    /// <summary>A backup the server's agent holds locally (a copy only on a backup target is fetched by a restore, not here).</summary>
    public async Task<(ServerEntity Server, BackupInfo Backup)> FindLocalAsync(Guid serverId, string backupId, CancellationToken ct)
    {
        var server = await FindServerAsync(serverId, ct);
        var list = await link.RequestAsync(server.AgentId, Requests.ListBackups, new ListBackups(server.Id), ct: ct);
        var backup = list.Backups.FirstOrDefault(b => b.Id == backupId)
            ?? throw new ServerCommandException(404, "Backup not found", $"The host of '{server.Name}' holds no backup '{backupId}' of it.");
        return (server, backup);
    }

    /// <summary>
    /// Writes the archive to <paramref name="http"/>'s response as its chunks arrive. The last chunk is held back until
    /// the SHA-256 of the whole archive matches the backup's: on a mismatch (or an agent failure half-way) the
    /// connection is aborted, so the client sees a short, failed download rather than a complete-looking damaged file.
    /// </summary>
    public async Task DownloadAsync(ServerEntity server, BackupInfo backup, HttpContext http, AuditActor actor)
    {
        var response = http.Response;
        response.ContentType = "application/zstd";
        response.ContentLength = backup.ArchiveBytes;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"{server.Name}-{backup.Id}{ArchiveExtension}" }.ToString();
        string? failure = null;
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[]? held = null;
            await foreach (var chunk in transfers.ReadAsync(server.AgentId, server.Id, backup.Id, backup.ArchiveBytes, http.RequestAborted))
            {
                if (held is not null)
                {
                    await response.Body.WriteAsync(held, http.RequestAborted);
                }
                sha.AppendData(chunk);
                held = chunk;
            }
            var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (!string.Equals(actual, backup.ArchiveSha256, StringComparison.OrdinalIgnoreCase))
            {
                failure = $"the archive read from the agent has SHA-256 {actual}, its manifest says {backup.ArchiveSha256}: the download was cut off";
            }
            else if (held is not null)
            {
                await response.Body.WriteAsync(held, http.RequestAborted);
            }
        }
        catch (WireRequestException ex)
        {
            failure = $"{ex.Code}: {ex.Message}";
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            failure = "the client went away";
        }
        if (failure is not null)
        {
            LogDownloadFailed(logger, server.Name, backup.Id, failure);
            http.Abort();
        }
        await audit.WriteAsync(actor, "backup.download", $"server:{server.Name}", failure is null,
            failure is null ? $"{backup.Id}: {backup.ArchiveBytes} bytes, SHA-256 checked" : $"{backup.Id}: {failure}", CancellationToken.None);
    }

    /// <summary>Streams <paramref name="body"/> to the server's agent, which verifies it and adds it to the server's
    /// backups with reason "upload". A bad archive is refused (422) with nothing kept.</summary>
    public async Task<BackupInfo> UploadAsync(Guid serverId, Stream body, long length, AuditActor actor, CancellationToken ct)
    {
        var server = await FindServerAsync(serverId, ct);
        try
        {
            var info = await transfers.UploadAsync(server.AgentId, server.Id, length, BackupTransfers.ChunksOf(body, ct), CommitLabels.Upload, ct);
            await audit.WriteAsync(actor, "backup.upload", $"server:{server.Name}", true,
                $"{info.Id}: {length} bytes, world '{info.World}' of '{info.ServerName}', {info.Files} files verified", CancellationToken.None);
            return info;
        }
        catch (Exception ex) when (ex is WireRequestException or ServerCommandException or IOException or OperationCanceledException)
        {
            var why = ex is WireRequestException wire ? $"{wire.Code}: {wire.Message}" : ex.Message;
            await audit.WriteAsync(actor, "backup.upload", $"server:{server.Name}", false, $"{length} bytes: {why}", CancellationToken.None);
            throw;
        }
    }

    public const string ArchiveExtension = ".tar.zst";

    private async Task<ServerEntity> FindServerAsync(Guid id, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Status != ServerStatuses.Deleted, ct)
            ?? throw ServerCommandException.NotFound(id);
        return link.IsOnline(server.AgentId)
            ? server
            : throw new ServerCommandException(503, "Agent offline", $"The agent of '{server.Name}' is offline; its backups cannot be transferred until it reconnects.");
    }

    [LoggerMessage(LogLevel.Warning, "Download of backup {Id} of {Server} failed: {Reason}")]
    private static partial void LogDownloadFailed(ILogger logger, string server, string id, string reason);
}
