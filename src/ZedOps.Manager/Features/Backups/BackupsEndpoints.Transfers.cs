using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups;

public static partial class BackupsEndpoints
{
    internal static Task<Results<EmptyHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, string backupId, BackupStreams streams, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var (server, backup) = await streams.FindLocalAsync(id, backupId, http.RequestAborted);
            await streams.DownloadAsync(server, backup, http, AuditActor.From(http));
            return TypedResults.Empty;
        });

    /// <summary>The body is the archive itself, streamed to the agent as it arrives (never a form, never buffered).</summary>
    internal static Task<Results<Created<BackupInfo>, ProblemHttpResult>> UploadAsync(Guid id, BackupStreams streams, IOptions<ManagerOptions> options, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var request = http.Request;
            if (request.HasFormContentType)
            {
                throw new ServerCommandException(415, "Send the archive itself",
                    "Send the .tar.zst file as the raw request body (Content-Type: application/octet-stream, e.g. curl --data-binary @backup.tar.zst), not as a form.");
            }
            var length = request.ContentLength ?? throw new ServerCommandException(411, "Length required",
                "Send the archive with a Content-Length header (curl --data-binary does); its size is reserved on the agent's disk before it is sent.");
            var max = options.Value.MaxBackupUploadBytes;
            if (length > max)
            {
                throw new ServerCommandException(413, "Archive too large", $"The archive has {length} bytes; this manager accepts at most {max} (ZedOps:MaxBackupUploadBytes).");
            }
            if (length == 0)
            {
                throw ServerCommandException.Invalid("Empty upload", "The body is empty; send a ZedOps backup archive (.tar.zst).");
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = length;
            }
            try
            {
                var info = await streams.UploadAsync(id, request.Body, length, AuditActor.From(http), http.RequestAborted);
                return TypedResults.Created($"/api/servers/{id}/backups/{info.Id}", info);
            }
            catch (IOException ex)
            {
                throw ServerCommandException.Invalid("Upload interrupted", $"The body could not be read to its end ({ex.Message}); nothing was kept.");
            }
        });

    internal static Task<Results<Accepted<ServerView>, ProblemHttpResult>> CloneAsync(Guid id, string backupId, BackupClones.CloneRequest? request,
        BackupClones clones, ServerViews views, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var row = await clones.StartAsync(id, backupId, request ?? new(null, null), AuditActor.From(http), http.RequestAborted);
            return TypedResults.Accepted($"/api/servers/{row.Id}", (await views.GetAsync(row.Id, withSecrets: false, http.RequestAborted))!);
        });
}
