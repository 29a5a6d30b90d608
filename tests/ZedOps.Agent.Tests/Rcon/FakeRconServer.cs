using System.Net;
using System.Net.Sockets;
using ZedOps.Agent.Rcon;

namespace ZedOps.Agent.Tests.Rcon;

/// <summary>An in-process RCON server on 127.0.0.1:0 that behaves like PZ's: auth gets an empty RESPONSE_VALUE and
/// then AUTH_RESPONSE with the id or -1; each command gets one RESPONSE_VALUE from <see cref="Reply"/> (null = silence).</summary>
internal sealed class FakeRconServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;

    public FakeRconServer(string password)
    {
        Password = password;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Password { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Close the socket instead of sending -1 for a wrong password (PZ builds differ).</summary>
    public bool CloseOnWrongPassword { get; init; }

    public Func<string, string?> Reply { get; init; } = command => $"echo {command}";

    public List<string> Commands { get; } = [];

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
                    await stream.WriteAsync(new RconPacket(packet.Id, RconPacket.ResponseValue, "").Encode(), _stop.Token);
                    await stream.WriteAsync(new RconPacket(ok ? packet.Id : -1, RconPacket.AuthResponse, "").Encode(), _stop.Token);
                    continue;
                }
                lock (Commands)
                {
                    Commands.Add(packet.Body);
                }
                if (Reply(packet.Body) is { } reply)
                {
                    await stream.WriteAsync(new RconPacket(packet.Id, RconPacket.ResponseValue, reply).Encode(), _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException)
        {
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
