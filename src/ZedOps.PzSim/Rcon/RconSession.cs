using System.Net;
using System.Net.Sockets;
using System.Text;
using ZedOps.PzSim.Console;

namespace ZedOps.PzSim.Rcon;

/// <summary>
/// One RCON client, handled as PZ's RCONServer.ClientThread does: auth answers with an empty RESPONSE_VALUE and then
/// an AUTH_RESPONSE carrying the id or -1; a wrong password or an unauthenticated packet closes the socket; each
/// command gets exactly one RESPONSE_VALUE, whatever its length; a client RESPONSE_VALUE gets two empty packets back.
/// </summary>
internal sealed class RconSession(Socket socket, string password, Func<string, Task<string>> execute, ServerConsole console, bool utf8Bug)
{
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
                if (utf8Bug && Encoding.UTF8.GetByteCount(reply) != reply.Length)
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

    private static Task RefuseAsync(Stream stream, CancellationToken ct) => SendAsync(stream, new RconPacket(-1, RconPacket.AuthResponse, ""), ct);

    private static async Task SendAsync(Stream stream, RconPacket packet, CancellationToken ct) =>
        await stream.WriteAsync(packet.Encode(), ct);
}
