using System.Net;
using System.Net.Sockets;
using ZedOps.Protocol;

namespace ZedOps.Agent.Rcon;

/// <summary>
/// One authenticated Source RCON connection to a game server on 127.0.0.1. Calls are serialised (one command in
/// flight, as PZ handles them) and each has a client-side timeout. After a timeout or a broken stream the
/// connection is unusable: the reply could still arrive and be taken for the next one's, so later calls fail fast
/// with rcon_unavailable and the owner (a pool, or the graceful stop) connects again. Replies are reassembled from
/// B42's chunks (<see cref="ExecuteAsync"/>).
/// </summary>
internal sealed class RconClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly Backoff s_backoff = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));

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
                    throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{port} refused the connection: {ex.Message}", ex) { Refused = true };
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

    /// <summary>
    /// <see cref="ConnectAsync"/>, retrying with bounded backoff for <paramref name="window"/> while nothing listens:
    /// PZ opens RCON only after it has printed SERVER STARTED (tens of ms on B42, longer on B41), so a command fired
    /// on the ready event can find the port closed. Auth failures and silence are not retried.
    /// </summary>
    public static async Task<RconClient> ConnectWhenListeningAsync(int port, string password, TimeProvider time, TimeSpan timeout, TimeSpan window, CancellationToken ct)
    {
        var giveUpAt = time.GetUtcNow() + window;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ConnectAsync(port, password, time, timeout, ct);
            }
            catch (RconException ex) when (ex.Refused && time.GetUtcNow() + s_backoff.Ceiling(attempt) < giveUpAt)
            {
                await Task.Delay(s_backoff.Next(attempt), time, ct);
            }
        }
    }

    /// <summary>
    /// Runs one command and returns the server's whole reply text. B42 (42.20.x) splits a reply into RESPONSE_VALUE
    /// chunks of at most 4086 bytes with the command's id and sends no packet at all for an empty reply; B41 sends one
    /// packet of any length. Neither says which chunk is the last, so a marker follows the command: an empty
    /// RESPONSE_VALUE (type 0) with its own id. PZ's ClientThread handles packets strictly in order and writes every
    /// chunk of a reply before it reads the next packet, and it answers a type-0 packet with two empty packets
    /// carrying that packet's id (decompiled RCONServer, 41.78 and 42.x). So the reply is every packet with the
    /// command's id up to the marker's answer. <c>players</c> is the exception: PZ keeps it out of its log and the
    /// player poll sends it often, so its marker (which PZ would log) is only sent when a full-size chunk shows the
    /// reply may go on.
    /// </summary>
    public async Task<string> ExecuteAsync(string command, TimeSpan? timeout, CancellationToken ct)
    {
        var id = NextId();
        var marker = NextId();
        var eager = !command.Trim().Equals("players", StringComparison.OrdinalIgnoreCase);
        var reply = new ReplyAssembly(id, marker, eager);
        var request = new RconPacket(id, RconPacket.ExecCommand, command);
        // Command and marker go out in one write, so PZ reads the marker as soon as the reply is out.
        var bytes = eager ? [.. request.Encode(), .. reply.Marker.Encode()] : request.Encode();
        try
        {
            await ExchangeAsync(bytes, request, timeout ?? DefaultTimeout, reply.Accept, reply.Marker, ct);
        }
        catch (RconException ex) when (ex.Code == ErrorCodes.RconUnavailable && reply.Received)
        {
            // The server went away after answering (quit): the reply is what it said; the connection is done.
        }
        return reply.Text;
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
        var request = new RconPacket(id, RconPacket.Auth, password);
        var answer = 0;
        var answered = false;
        // The empty RESPONSE_VALUE and the AUTH_RESPONSE are two writes that may arrive in one read or apart: the
        // reader takes whole packets from the stream either way.
        try
        {
            await ExchangeAsync(request.Encode(), request, timeout, p =>
            {
                answered = true;
                answer = p.Id;
                return p.Type == RconPacket.AuthResponse ? ReplyStep.Done : ReplyStep.Skip;
            }, marker: null, ct);
        }
        catch (RconException ex) when (!answered && ex.Code == ErrorCodes.RconUnavailable)
        {
            // Behind Docker's port proxy a port nobody listens on yet accepts the connection and then resets it. PZ
            // itself always answers auth (even a wrong password gets a packet first), so this is RCON not being up.
            throw new RconException(ex.Code, $"RCON on 127.0.0.1:{Port} dropped the connection before answering auth: {ex.Message}", ex) { Refused = true };
        }
        if (answer != id)
        {
            throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{Port} refused the password");
        }
    }

    /// <summary>Writes <paramref name="bytes"/> and feeds every packet read to <paramref name="onPacket"/> until it says done.</summary>
    private async Task ExchangeAsync(byte[] bytes, RconPacket request, TimeSpan timeout, Func<RconFrame, ReplyStep> onPacket, RconPacket? marker, CancellationToken ct)
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
                await _stream.WriteAsync(bytes, deadline.Token);
                while (true)
                {
                    var packet = await RconPacket.ReadFrameAsync(_stream, deadline.Token)
                        ?? throw new RconException(ErrorCodes.RconUnavailable, $"RCON on 127.0.0.1:{Port} closed the connection");
                    switch (onPacket(packet))
                    {
                        case ReplyStep.Done:
                            return;
                        case ReplyStep.SendMarker when marker is { } m:
                            await _stream.WriteAsync(m.Encode(), deadline.Token);
                            break;
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

    /// <summary>Nothing listened on the port (refused, or reset before any answer to auth): no command reached the
    /// server, so trying again is safe.</summary>
    public bool Refused { get; init; }
}
