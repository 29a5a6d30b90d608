using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>The live connection to the manager, for features that push events (container state, console lines).
/// Events sent while disconnected are dropped: the manager re-syncs state and re-subscribes logs on reconnect.</summary>
internal sealed class ManagerChannel
{
    private volatile WireConnection? _current;

    /// <summary>Raised after the connection is gone; subscriptions tied to it must end.</summary>
    public event Action? Disconnected;

    public bool IsConnected => _current is not null;

    public void Attach(WireConnection connection) => _current = connection;

    public void Detach()
    {
        _current = null;
        Disconnected?.Invoke();
    }

    /// <summary>Returns false when there is no connection or it closed meanwhile.</summary>
    public async ValueTask<bool> TryPublishAsync<T>(EventSpec<T> spec, T data, CancellationToken ct)
    {
        if (_current is not { } connection)
        {
            return false;
        }
        try
        {
            await connection.PublishAsync(spec, data, ct);
            return true;
        }
        catch (WireRequestException)
        {
            return false;
        }
    }
}
