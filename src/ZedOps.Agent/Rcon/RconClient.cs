using System.Net;
using System.Net.Sockets;
using ZedOps.Protocol;

namespace ZedOps.Agent.Rcon;

/// <summary>
/// One authenticated Source RCON connection to a game server on 127.0.0.1. Calls are serialised (one command in
/// flight, as PZ handles them) and each has a client-side timeout. After a timeout or a broken stream the
/// connection is unusable: the reply could still arrive and be taken for the next one's, so later calls fail fast
/// with rcon_unavailable and the owner (a pool, or the graceful stop) connects again.
/// </summary>
internal sealed class RconClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _nextId;
    private bool _broken;

    private RconClient(TcpClient tcp, TimeProvider time)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _time = time;
    }

    public int Port { get; private init; }

    /// <summary>Connects and authenticates. Refused connection, wrong password or silence: rcon_unavailable / timeout.</summary>
    public static async Task<RconClient> ConnectAsync(int port, string password, TimeProvider time, TimeSpan timeout, CancellationToken ct)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        try
        {
            using (var deadline = Deadline(time, timeout, ct))
            {
                try
                {
                    await tcp.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                }
                catch (SocketException ex)
                {
                    throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{port} refused the connection: {ex.Message}", ex);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new RconException(ErrorCodes.Timeout, $"RCON on 127.0.0.1:{port} did not accept a connection within {timeout.TotalSeconds:0.#} s");
                }
            }
            var client = new RconClient(tcp, time) { Port = port };
            await client.AuthenticateAsync(password, timeout, ct);
            return client;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Runs one command and returns the server's reply text.</summary>
    public async Task<string> ExecuteAsync(string command, TimeSpan? timeout, CancellationToken ct)
    {
        var id = NextId();
        var reply = await ExchangeAsync(new RconPacket(id, RconPacket.ExecCommand, command), timeout ?? DefaultTimeout, p => p.Id == id && p.Type == RconPacket.ResponseValue, ct);
        return reply.Body;
    }

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    // PZ answers auth with an empty RESPONSE_VALUE first, then AUTH_RESPONSE carrying the id (or -1); a wrong password
    // may also just close the socket, which the exchange reports as the connection closing.
    private async Task AuthenticateAsync(string password, TimeSpan timeout, CancellationToken ct)
    {
        var id = NextId();
        var answer = await ExchangeAsync(new RconPacket(id, RconPacket.Auth, password), timeout, p => p.Type == RconPacket.AuthResponse, ct);
        if (answer.Id != id)
        {
            throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{Port} refused the password");
        }
    }

    private async Task<RconPacket> ExchangeAsync(RconPacket request, TimeSpan timeout, Func<RconPacket, bool> isAnswer, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_broken)
            {
                throw new RconException(ErrorCodes.RconUnavailable, $"RCON connection to 127.0.0.1:{Port} is closed");
            }
            using var deadline = Deadline(_time, timeout, ct);
            try
            {
                await _stream.WriteAsync(request.Encode(), deadline.Token);
                while (true)
                {
                    var packet = await RconPacket.ReadAsync(_stream, deadline.Token)
                        ?? throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{Port} closed the connection");
                    if (isAnswer(packet))
                    {
                        return packet;
                    }
                }
            }
            catch (Exception ex) when (ex is not RconException)
            {
                _broken = true;
                throw Translate(ex, request, timeout, ct);
            }
            catch
            {
                _broken = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private Exception Translate(Exception ex, RconPacket request, TimeSpan timeout, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => ex,
        OperationCanceledException => new RconException(ErrorCodes.Timeout,
            $"RCON on 127.0.0.1:{Port} did not answer {(request.Type == RconPacket.Auth ? "auth" : $"'{request.Body}'")} within {timeout.TotalSeconds:0.#} s"),
        IOException or SocketException or InvalidDataException or ObjectDisposedException =>
            new RconException(ErrorCodes.RconUnavailable, $"RCON connection to 127.0.0.1:{Port} failed: {ex.Message}", ex),
        _ => ex,
    };

    private int NextId() => Interlocked.Increment(ref _nextId);

    private static TimeoutScope Deadline(TimeProvider time, TimeSpan timeout, CancellationToken ct) => new(time, timeout, ct);

    /// <summary>The caller's token plus a timeout measured on the injected clock.</summary>
    private sealed class TimeoutScope : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        public TimeoutScope(TimeProvider time, TimeSpan timeout, CancellationToken ct)
        {
            _timer = new CancellationTokenSource(timeout, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _timer.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}

/// <summary>An RCON failure with a wire error code (rcon_unavailable or timeout).</summary>
internal sealed class RconException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
