using System.Net;
using System.Net.Sockets;
using ZedOps.PzSim.Console;

namespace ZedOps.PzSim.Rcon;

/// <summary>
/// PZ's RCON listener: started after the world has loaded, only when RCONPort≠0 and RCONPassword is set.
/// At most <see cref="MaxConnections"/> clients; the next one is accepted and closed at once, as the real server does.
/// </summary>
internal sealed class RconServer : IAsyncDisposable
{
    public const int MaxConnections = 5;

    private readonly TcpListener _listener;
    private readonly ServerConsole _console;
    private readonly Func<Socket, RconSession> _createSession;
    /// <summary>How long a shutdown waits for replies already being computed (a quit's own "Quit" among them).</summary>
    private static readonly TimeSpan s_shutdownGrace = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly List<(RconSession Session, Task Run)> _sessions = [];
    private readonly Lock _gate = new();
    private Task _acceptLoop = Task.CompletedTask;

    private RconServer(TcpListener listener, ServerConsole console, Func<Socket, RconSession> createSession)
    {
        _listener = listener;
        _console = console;
        _createSession = createSession;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Binds and starts accepting; null (after PZ's error line) when the port cannot be bound.</summary>
    public static RconServer? Start(IPAddress bind, int port, string password, Func<string, Task<string>> execute, ServerConsole console, RconReplies replies)
    {
        var listener = new TcpListener(bind, port);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            console.General($"RCON: error creating socket on port {port}");
            return null;
        }
        var server = new RconServer(listener, console, socket => new RconSession(socket, password, execute, console, replies));
        console.General($"RCON: listening on port {port}");
        server._acceptLoop = server.AcceptLoopAsync();
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_gate)
            {
                _sessions.RemoveAll(s => s.Run.IsCompleted);
                if (_sessions.Count >= MaxConnections)
                {
                    socket.Close();
                    continue;
                }
                var session = _createSession(socket);
                _console.General($"RCON: new connection {session.Describe()}");
                _sessions.Add((session, Task.Run(() => session.RunAsync(_stop.Token, _abandon.Token))));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task all;
        lock (_gate)
        {
            all = Task.WhenAll([_acceptLoop, .. _sessions.Select(s => s.Run)]);
        }
        if (await Task.WhenAny(all, Task.Delay(s_shutdownGrace)) != all)
        {
            await _abandon.CancelAsync();
            lock (_gate)
            {
                foreach (var (session, _) in _sessions)
                {
                    session.Socket.Dispose();
                }
            }
        }
        await all;
        _stop.Dispose();
        _abandon.Dispose();
    }
}
