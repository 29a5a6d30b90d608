using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups;

/// <summary>Viewers see a server's backups; operators back up, verify and restore; admins delete.</summary>
public static partial class BackupsEndpoints
{
    public sealed record BackupRequest(string? Reason);

    /// <summary>The backup-related operation running on the server (<c>backup</c>, <c>backup.restore</c>) and, once the
    /// agent has reported it, how far its copy or unpack has got.</summary>
    public sealed record BackupProgressView(string? Operation, BackupProgressed? Progress);

    public static IEndpointRouteBuilder MapBackupsEndpoints(this IEndpointRouteBuilder app)
    {
        var backups = app.MapGroup("/api/servers/{id:guid}/backups").RequireAuthorization().WithTags("Backups");
        backups.MapGet("/", ListAsync).RequireServer(Capability.View);
        backups.MapPost("/", CreateAsync).RequireServer(Capability.Control);
        backups.MapGet("/progress", Progress).RequireServer(Capability.View);
        backups.MapPost("/{backupId}/verify", VerifyAsync).RequireServer(Capability.Control);
        backups.MapPost("/{backupId}/restore", RestoreAsync).RequireServer(Capability.Control);
        backups.MapDelete("/{backupId}", DeleteAsync).RequireAuthorization(Policies.Admin);
        // Control, not View: an archive is the whole world, including db/<world>.db with every player's password hash
        // and Server/<world>.ini with the server's own passwords.
        backups.MapGet("/{backupId}/download", DownloadAsync).RequireServer(Capability.Control);
        backups.MapPost("/upload", UploadAsync).RequireServer(Capability.Control);
        // Control on the source, and what creating a server needs (admin).
        backups.MapPost("/{backupId}/clone", CloneAsync).RequireServer(Capability.Control).RequireAuthorization(Policies.Admin);
        return app;
    }

    internal static Task<Results<Ok<ListBackupsResult>, ProblemHttpResult>> ListAsync(Guid id, ServerBackups backups, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await backups.ListAsync(id, ct)));

    internal static Ok<BackupProgressView> Progress(Guid id, ServerOperations operations, ServerActivity activity) =>
        operations.Running(id) is { } operation && operation.StartsWith("backup", StringComparison.Ordinal)
            ? TypedResults.Ok(new BackupProgressView(operation, activity.Progress(id)))
            : TypedResults.Ok(new BackupProgressView(null, null));

    internal static Task<Results<Accepted, ProblemHttpResult>> CreateAsync(Guid id, BackupRequest? request, ServerBackups backups, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "manual" : request.Reason.Trim();
            if (reason.Length > 100 || reason.Any(char.IsControl))
            {
                throw ServerCommandException.Invalid("Invalid reason", "A backup's reason is one line of at most 100 characters.");
            }
            await backups.StartAsync(id, reason, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Accepted($"/api/servers/{id}/backups");
        });

    internal static Task<Results<Ok<BackupInfo>, ProblemHttpResult>> VerifyAsync(Guid id, string backupId, ServerBackups backups, AuditLog audit, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await backups.VerifyAsync(id, backupId, AuditActor.From(http), audit, http.RequestAborted)));

    /// <summary><paramref name="from"/>: a backup target to download the backup from first (by default it is fetched
    /// from a target only when the agent's host no longer has it).</summary>
    internal static Task<Results<Accepted<ServerView>, ProblemHttpResult>> RestoreAsync(Guid id, string backupId, Guid? from, ServerLifecycle lifecycle, ServerViews views, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            await lifecycle.RestoreBackupAsync(id, backupId, AuditActor.From(http), from);
            return TypedResults.Accepted($"/api/servers/{id}", (await views.GetAsync(id, withSecrets: false, http.RequestAborted))!);
        });

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, string backupId, ServerBackups backups, AuditLog audit, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            if (!await backups.DeleteAsync(id, backupId, AuditActor.From(http), audit, http.RequestAborted))
            {
                throw new ServerCommandException(404, "Backup not found", $"No backup '{backupId}' of this server.");
            }
            return TypedResults.NoContent();
        });
}
