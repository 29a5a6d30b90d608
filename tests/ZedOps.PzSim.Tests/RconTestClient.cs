using System.Net.Sockets;
using ZedOps.PzSim.Rcon;

namespace ZedOps.PzSim.Tests;

/// <summary>A bare Source RCON client over the simulator's own codec, talking to 127.0.0.1 only.</summary>
internal sealed class RconTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private int _nextId = 100;

    private RconTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RconTestClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).DefaultTimeout();
        return new RconTestClient(tcp);
    }

    /// <summary>Sends the auth packet and reads PZ's two-packet answer; returns the AUTH_RESPONSE id (-1 when refused).</summary>
    public async Task<(RconPacket Empty, RconPacket Auth)> AuthenticateAsync(string password)
    {
        await SendAsync(new RconPacket(_nextId++, RconPacket.Auth, password));
        var empty = await ReadAsync() ?? throw new EndOfStreamException("no auth reply");
        var auth = await ReadAsync() ?? throw new EndOfStreamException("no auth response");
        return (empty, auth);
    }

    public async Task<string> ExecuteAsync(string command)
    {
        var id = _nextId++;
        await SendAsync(new RconPacket(id, RconPacket.ExecCommand, command));
        var reply = await ReadAsync() ?? throw new EndOfStreamException($"no reply to {command}");
        Assert.Equal(id, reply.Id);
        Assert.Equal(RconPacket.ResponseValue, reply.Type);
        return reply.Body;
    }

    public Task SendAsync(RconPacket packet) => _stream.WriteAsync(packet.Encode()).AsTask().DefaultTimeout();

    /// <summary>Several packets in one write, as a client pipelining a command and its marker does.</summary>
    public Task SendAsync(RconPacket[] packets) => _stream.WriteAsync(packets.SelectMany(p => p.Encode()).ToArray()).AsTask().DefaultTimeout();

    /// <summary>One packet's id, type and raw body bytes (a B42 chunk may end inside a UTF-8 sequence).</summary>
    public async Task<(int Id, int Type, byte[] Body)> ReadRawAsync()
    {
        var header = new byte[12];
        await _stream.ReadExactlyAsync(header).AsTask().DefaultTimeout();
        var size = BitConverter.ToInt32(header, 0);
        var rest = new byte[size - 8];
        await _stream.ReadExactlyAsync(rest).AsTask().DefaultTimeout();
        return (BitConverter.ToInt32(header, 4), BitConverter.ToInt32(header, 8), rest[..^2]);
    }

    public async Task<RconPacket?> ReadAsync() => await RconPacket.ReadAsync(_stream, CancellationToken.None).DefaultTimeout();

    /// <summary>True when the server has closed the connection (clean EOF or reset).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            return await ReadAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
