using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Runs a server's long operations (create, stop, rebuild, …) in the background, one at a time per server:
/// the row shows the transitional status at once, then the outcome — or <c>failed</c> with the reason.
/// With replicas the claim is also a fleet-wide lease (<see cref="Replicas.ServerOperationLeases"/>), so an operation through
/// another replica is refused the same way.</summary>
public sealed partial class ServerOperations(IServiceScopeFactory scopes, ServerActivity activity, TimeProvider time, ILogger<ServerOperations> logger,
    Replicas.ServerOperationLeases? fleet = null)
{
    private readonly ConcurrentDictionary<Guid, string> _running = new();

    public bool IsBusy(Guid serverId) => _running.ContainsKey(serverId);

    public string? Running(Guid serverId) => _running.GetValueOrDefault(serverId);

    /// <summary>Claims the server for <paramref name="operation"/> on this replica only (a row just made here; tests); false when
    /// another operation holds it. Commands on existing servers use <see cref="ClaimAsync"/>.</summary>
    public bool TryBegin(Guid serverId, string operation)
    {
        if (!_running.TryAdd(serverId, operation))
        {
            return false;
        }
        activity.ClearProgress(serverId);
        return true;
    }

    /// <summary>Claims the server for <paramref name="operation"/> on this replica and, with replicas, across the fleet:
    /// null when claimed, else the operation that holds it (here, or "restart on replica-b").</summary>
    public async Task<string?> ClaimAsync(Guid serverId, string operation)
    {
        if (!_running.TryAdd(serverId, operation))
        {
            return _running.GetValueOrDefault(serverId) ?? operation;
        }
        string? elsewhere;
        try
        {
            elsewhere = fleet is null ? null : await fleet.TryTakeAsync(serverId, operation);
        }
        catch
        {
            _running.TryRemove(serverId, out _);
            throw;
        }
        if (elsewhere is not null)
        {
            _running.TryRemove(serverId, out _);
            return elsewhere;
        }
        activity.ClearProgress(serverId);
        return null;
    }

    /// <summary>Ends the operation: the fleet lease goes first, so a replica that saw it finish can claim the server at once.</summary>
    public async Task EndAsync(Guid serverId)
    {
        if (fleet is not null)
        {
            await fleet.ReleaseAsync(serverId);
        }
        End(serverId);
    }

    public void End(Guid serverId)
    {
        if (fleet is not null && fleet.Holds(serverId))
        {
            _ = fleet.ReleaseAsync(serverId);
        }
        _running.TryRemove(serverId, out _);
        activity.ClearProgress(serverId);
        activity.Changed(serverId);
    }

    /// <summary>Runs <paramref name="work"/> after <see cref="TryBegin"/>; the work returns the final status (or throws).</summary>
    public Task RunAsync(Guid serverId, string operation, AuditActor actor, Func<ServerContext, Task<string?>> work) => Task.Run(async () =>
    {
        try
        {
            if (fleet is not null && !fleet.Holds(serverId))
            {
                await fleet.TryTakeAsync(serverId, operation); // a row just made here (create, adopt, clone): nobody else knows it yet
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            var context = new ServerContext(db, scope.ServiceProvider, serverId, activity, time);
            string? failure = null;
            try
            {
                var status = await work(context);
                if (status is not null)
                {
                    await context.SetStatusAsync(status);
                }
            }
            catch (Exception ex) when (ex is WireRequestException or ServerCommandException or DbUpdateException or InvalidOperationException
                or System.Security.Cryptography.CryptographicException)
            {
                failure = ex is WireRequestException wire ? $"{wire.Code}: {wire.Message}" : ex.Message;
                LogFailed(logger, operation, serverId, failure);
                await context.FailAsync(failure, (ex as OperationRolledBackException)?.Status ?? ServerStatuses.Failed);
            }
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(actor, $"server.{operation}", $"server:{context.Name ?? serverId.ToString()}",
                failure is null, failure ?? (context.Warnings.Count > 0 ? string.Join("; ", context.Warnings) : null));
        }
        finally
        {
            await EndAsync(serverId);
        }
    });

    [LoggerMessage(LogLevel.Warning, "Server operation {Operation} on {ServerId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string operation, Guid serverId, string reason);
}

/// <summary>What an operation works with: its own DbContext and helpers to record status and steps.</summary>
public sealed class ServerContext(ZedOpsDbContext db, IServiceProvider services, Guid serverId, ServerActivity activity, TimeProvider time)
{
    private readonly List<string> _warnings = [];

    public ZedOpsDbContext Db { get; } = db;
    public IServiceProvider Services { get; } = services;
    public string? Name { get; private set; }

    public async Task<ServerEntity> LoadAsync()
    {
        var row = await Db.Servers.FirstOrDefaultAsync(s => s.Id == serverId) ?? throw ServerCommandException.NotFound(serverId);
        Name = row.Name;
        return row;
    }

    public async Task SetStatusAsync(string status, Action<ServerEntity>? also = null)
    {
        var row = await LoadAsync();
        row.Status = status;
        row.UpdatedAt = time.GetUtcNow();
        if (status != ServerStatuses.Failed)
        {
            row.LastError = null;
        }
        also?.Invoke(row);
        await Db.SaveChangesAsync();
        activity.Changed(serverId);
    }

    /// <summary>The operation failed: the reason is the server's last error; its status is <c>failed</c> unless the
    /// operation put things back and knows better (a rolled-back restore leaves a running server).</summary>
    public Task FailAsync(string reason, string status = ServerStatuses.Failed)
    {
        Step("failed", reason);
        return SetStatusAsync(status, r => r.LastError = reason.Length > 2000 ? reason[..2000] : reason);
    }

    public void Step(string step, string message) => activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), step, message));

    /// <summary>Something the operation's audit entry must carry although it succeeded (a stop that may have lost progress).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string message)
    {
        _warnings.Add(message);
        Step("warning", message);
    }

}

/// <summary>The operation failed but undid itself: the server is back as it was, in <see cref="Status"/>.</summary>
public sealed class OperationRolledBackException(string message, string status) : InvalidOperationException(message)
{
    public string Status { get; } = status;
}
