using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>The live connection to the manager, for features that push events (container state, console lines).
/// Events sent while disconnected are dropped: the manager re-syncs state and re-subscribes logs on reconnect. Crash
/// reports are the exception: their sender keeps them and sends them on <see cref="Attached"/>.</summary>
internal sealed class ManagerChannel
{
    private volatile WireConnection? _current;

    /// <summary>Raised after the connection is gone; subscriptions tied to it must end.</summary>
    public event Action? Disconnected;

    /// <summary>Raised once a connection has completed its hello: reports kept while offline can go out now.</summary>
    public event Action? Attached;

    public bool IsConnected => _current is not null;

    public void Attach(WireConnection connection)
    {
        _current = connection;
        Attached?.Invoke();
    }

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
