using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Rcon;

/// <summary>
/// One RCON connection per game server, shared by every caller (console, player polls, quick actions): PZ closes a
/// 6th connection at once, so opening one per request would hit its limit of 5 under load. Commands are serialised
/// per server; a connection that timed out or broke is dropped and the next command connects again.
/// </summary>
internal sealed partial class RconPool(TimeProvider time, ILogger<RconPool> logger) : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a refused connection is retried. PZ opens RCON only after it has printed SERVER STARTED
    /// (tens of ms on B42, longer on B41), so a command fired on the ready event can find the port still closed.</summary>
    public static readonly TimeSpan RefusedRetryWindow = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();

    /// <summary>Open pooled connections (for tests and diagnostics).</summary>
    public int OpenConnections => _slots.Values.Count(s => s.Client is not null);

    public async Task<string> ExecuteAsync(Guid serverId, RconEndpoint endpoint, string command, TimeSpan timeout, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(serverId, _ => new Slot());
        await slot.Gate.WaitAsync(ct);
        try
        {
            var reused = slot.Client is not null && slot.Endpoint == endpoint;
            try
            {
                return await RunAsync(slot, endpoint, command, timeout, ct);
            }
            catch (RconException ex) when (reused && ex.Code == ErrorCodes.RconUnavailable)
            {
                // A pooled connection goes stale when the server restarts; the dead socket never ran the command.
                LogStale(logger, serverId, ex.Message);
                return await RunAsync(slot, endpoint, command, timeout, ct);
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Closes a server's connection (it stopped, or its RCON settings changed).</summary>
    public async Task EvictAsync(Guid serverId)
    {
        if (_slots.TryGetValue(serverId, out var slot))
        {
            await slot.Gate.WaitAsync();
            try
            {
                await slot.ResetAsync();
            }
            finally
            {
                slot.Gate.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values)
        {
            await slot.ResetAsync();
        }
    }

    private async Task<string> RunAsync(Slot slot, RconEndpoint endpoint, string command, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            if (slot.Client is null || slot.Endpoint != endpoint)
            {
                await slot.ResetAsync();
                slot.Client = await ConnectAsync(endpoint, timeout, ct);
                slot.Endpoint = endpoint;
            }
            return await slot.Client.ExecuteAsync(command, timeout, ct);
        }
        catch
        {
            // After a timeout the reply may still come and be taken for the next command's: never reuse.
            await slot.ResetAsync();
            throw;
        }
    }

    private Task<RconClient> ConnectAsync(RconEndpoint endpoint, TimeSpan timeout, CancellationToken ct) =>
        RconClient.ConnectWhenListeningAsync(endpoint.Port, endpoint.Password, time, ConnectTimeout < timeout ? ConnectTimeout : timeout,
            RefusedRetryWindow < timeout ? RefusedRetryWindow : timeout, ct);

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public RconClient? Client { get; set; }

        public RconEndpoint? Endpoint { get; set; }

        public async Task ResetAsync()
        {
            if (Client is { } client)
            {
                Client = null;
                await client.DisposeAsync();
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Pooled RCON connection of server {ServerId} was stale ({Reason}); reconnecting")]
    private static partial void LogStale(ILogger logger, Guid serverId, string reason);
}
