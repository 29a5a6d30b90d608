using System.Net;
using System.Net.Sockets;
using System.Text;
using ZedOps.PzSim.Console;

namespace ZedOps.PzSim.Rcon;

/// <summary>
/// One RCON client, handled as PZ's RCONServer.ClientThread does: auth answers with an empty RESPONSE_VALUE and then
/// an AUTH_RESPONSE carrying the id or -1, as two writes; a wrong password or an unauthenticated packet closes the
/// socket; a client RESPONSE_VALUE gets two empty packets back. Packets are handled strictly one after another: a
/// command's reply is written before the next packet is even read. B41 answers a command with one RESPONSE_VALUE of
/// any length; B42 (42.20.x) splits the UTF-8 reply into RESPONSE_VALUE chunks of at most
/// <see cref="B42ChunkBytes"/> bytes with the command's id, and sends nothing at all for an empty reply.
/// </summary>
internal sealed class RconSession(Socket socket, string password, Func<string, Task<string>> execute, ServerConsole console, RconReplies replies)
{
    /// <summary>B42's body limit per packet: 4086 + 12 header bytes + 2 NULs = a 4100-byte packet.</summary>
    public const int B42ChunkBytes = 4086;

    public Socket Socket => socket;

    /// <summary>Java's Socket.toString(), which PZ prints in its RCON lines.</summary>
    public string Describe()
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var local = socket.LocalEndPoint as IPEndPoint;
        return $"Socket[addr=/{remote?.Address.MapToIPv4()},port={remote?.Port},localport={local?.Port}]";
    }

    /// <summary>
    /// Serves the client until it leaves. <paramref name="stopReading"/> ends the wait for the next packet (shutdown);
    /// <paramref name="abandon"/> also gives up on a reply still pending, once the shutdown grace is over.
    /// </summary>
    public async Task RunAsync(CancellationToken stopReading, CancellationToken abandon)
    {
        var description = Describe();
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var authed = false;
            while (await RconPacket.ReadAsync(stream, stopReading) is { } packet)
            {
                var (keepGoing, nowAuthed) = await HandleAsync(stream, packet, authed, abandon);
                authed = nowAuthed;
                if (!keepGoing)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or sent garbage: PZ just drops the connection.
        }
        finally
        {
            socket.Dispose();
            console.General($"RCON: connection closed {description}");
        }
    }

    private async Task<(bool KeepGoing, bool Authed)> HandleAsync(Stream stream, RconPacket packet, bool authed, CancellationToken ct)
    {
        if (packet.Body != "players")
        {
            // Yes, this logs the password of an auth packet too: the real server does, which is why RCON must stay private.
            console.General($"RCON: ID={packet.Id} Type={packet.Type} Body='{packet.Body}' {Describe()}");
        }
        switch (packet.Type)
        {
            case RconPacket.ResponseValue:
                if (!authed)
                {
                    await RefuseAsync(stream, ct);
                    return (false, false);
                }
                await SendAsync(stream, new RconPacket(packet.Id, RconPacket.ResponseValue, ""), ct);
                await SendAsync(stream, new RconPacket(packet.Id, RconPacket.ResponseValue, ""), ct);
                return (true, true);
            case RconPacket.ExecCommand:
                if (!authed)
                {
                    await RefuseAsync(stream, ct);
                    return (false, false);
                }
                var reply = await execute(packet.Body).WaitAsync(ct);
                if (replies.Split)
                {
                    await SendChunksAsync(stream, packet.Id, reply, ct);
                    return (true, true);
                }
                if (replies.Utf8Bug && Encoding.UTF8.GetByteCount(reply) != reply.Length)
                {
                    // PZ sizes the reply buffer by String.length() but writes getBytes(): the put overflows, the
                    // exception is printed and the client never gets an answer (the connection stays open).
                    console.Raw("java.nio.BufferOverflowException");
                    console.Raw("\tat java.base/java.nio.HeapByteBuffer.put(Unknown Source)");
                    console.Raw("\tat zombie.network.RCONServer$ClientThread.handleResponse(RCONServer.java:333)");
                    return (true, true);
                }
                await SendAsync(stream, new RconPacket(packet.Id, RconPacket.ResponseValue, reply), ct);
                return (true, true);
            case RconPacket.Auth:
                var ok = packet.Body == password;
                if (!ok)
                {
                    console.General("RCON: password doesn't match");
                }
                await SendAsync(stream, new RconPacket(packet.Id, RconPacket.ResponseValue, ""), ct);
                await SendAsync(stream, new RconPacket(ok ? packet.Id : -1, RconPacket.AuthResponse, ""), ct);
                return (ok, ok);
            default:
                console.General($"RCON: unknown packet Type={packet.Type}");
                return (true, authed);
        }
    }

    /// <summary>B42's handleResponse: the reply's UTF-8 bytes in chunks of at most 4086, none for an empty reply.</summary>
    private static async Task SendChunksAsync(Stream stream, int id, string reply, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(reply);
        for (var sent = 0; sent < bytes.Length; sent += B42ChunkBytes)
        {
            var size = Math.Min(B42ChunkBytes, bytes.Length - sent);
            await stream.WriteAsync(RconPacket.EncodeRaw(id, RconPacket.ResponseValue, bytes.AsSpan(sent, size)), ct);
        }
    }

    private static Task RefuseAsync(Stream stream, CancellationToken ct) => SendAsync(stream, new RconPacket(-1, RconPacket.AuthResponse, ""), ct);

    private static async Task SendAsync(Stream stream, RconPacket packet, CancellationToken ct) =>
        await stream.WriteAsync(packet.Encode(), ct);
}
