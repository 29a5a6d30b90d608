using System.Net;
using System.Net.Sockets;
using System.Text;
using ZedOps.Agent.Rcon;

namespace ZedOps.Agent.Tests.Rcon;

/// <summary>How the fake writes PZ's two-packet auth answer.</summary>
internal enum AuthWrites
{
    /// <summary>Two writes, as PZ does.</summary>
    Separate,

    /// <summary>Both packets in one write: they arrive in one read.</summary>
    Together,

    /// <summary>One byte per write: every packet arrives in pieces.</summary>
    Trickled,
}

/// <summary>An in-process RCON server on 127.0.0.1 that behaves like PZ's ClientThread: packets are handled one after
/// another; auth gets an empty RESPONSE_VALUE and then AUTH_RESPONSE with the id or -1; a client RESPONSE_VALUE gets two
/// empty packets with its id; a command gets its reply from <see cref="Reply"/> (null = a hung server that answers nothing more), as one packet (B41)
/// or, with <see cref="SplitReplies"/>, in 4086-byte chunks and no packet at all when empty (B42).</summary>
internal sealed class FakeRconServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;

    public FakeRconServer(string password, int port = 0)
    {
        Password = password;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Password { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Close the socket instead of sending -1 for a wrong password (PZ builds differ).</summary>
    public bool CloseOnWrongPassword { get; init; }

    public AuthWrites AuthWrites { get; init; }

    public bool SplitReplies { get; init; }

    /// <summary>After replying to this command the server closes the connection (as a quitting server does).</summary>
    public string? CloseAfter { get; init; }

    public Func<string, string?> Reply { get; init; } = command => $"echo {command}";

    public List<string> Commands { get; } = [];

    public int Markers { get; private set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_sessions)
                {
                    _sessions.Add(ServeAsync(socket));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        try
        {
            while (await RconPacket.ReadAsync(stream, _stop.Token) is { } packet)
            {
                if (packet.Type == RconPacket.Auth)
                {
                    var ok = packet.Body == Password;
                    if (!ok && CloseOnWrongPassword)
                    {
                        return;
                    }
                    await AnswerAuthAsync(stream, packet.Id, ok);
                    continue;
                }
                if (packet.Type == RconPacket.ResponseValue)
                {
                    Markers++;
                    var empty = new RconPacket(packet.Id, RconPacket.ResponseValue, "").Encode();
                    await stream.WriteAsync(empty, _stop.Token);
                    await stream.WriteAsync(empty, _stop.Token);
                    continue;
                }
                lock (Commands)
                {
                    Commands.Add(packet.Body);
                }
                if (Reply(packet.Body) is not { } reply)
                {
                    // A hung main thread: PZ's ClientThread waits for the reply and reads nothing more.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await WriteReplyAsync(stream, packet.Id, reply);
                if (packet.Body == CloseAfter)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException)
        {
        }
    }

    private async Task AnswerAuthAsync(NetworkStream stream, int id, bool ok)
    {
        var empty = new RconPacket(id, RconPacket.ResponseValue, "").Encode();
        var answer = new RconPacket(ok ? id : -1, RconPacket.AuthResponse, "").Encode();
        byte[] both = [.. empty, .. answer];
        switch (AuthWrites)
        {
            case AuthWrites.Together:
                await stream.WriteAsync(both, _stop.Token);
                break;
            case AuthWrites.Trickled:
                for (var i = 0; i < both.Length; i++)
                {
                    await stream.WriteAsync(both.AsMemory(i, 1), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
                break;
            default:
                await stream.WriteAsync(empty, _stop.Token);
                await stream.WriteAsync(answer, _stop.Token);
                break;
        }
    }

    private async Task WriteReplyAsync(NetworkStream stream, int id, string reply)
    {
        if (!SplitReplies)
        {
            await stream.WriteAsync(new RconPacket(id, RconPacket.ResponseValue, reply).Encode(), _stop.Token);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(reply);
        for (var sent = 0; sent < bytes.Length; sent += ReplyAssembly.ChunkBytes)
        {
            var chunk = bytes.AsSpan(sent, Math.Min(ReplyAssembly.ChunkBytes, bytes.Length - sent));
            var packet = new byte[12 + chunk.Length + 2];
            BitConverter.TryWriteBytes(packet.AsSpan(0), packet.Length - 4);
            BitConverter.TryWriteBytes(packet.AsSpan(4), id);
            chunk.CopyTo(packet.AsSpan(12));
            await stream.WriteAsync(packet, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }
        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
