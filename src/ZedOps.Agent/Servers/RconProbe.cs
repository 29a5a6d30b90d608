using System.Net;
using System.Net.Sockets;
using ZedOps.Agent.Rcon;

namespace ZedOps.Agent.Servers;

/// <summary>
/// "Does the game's RCON answer?" — one auth packet and any packet back (an AUTH_RESPONSE with the id or -1 both
/// count). A bare TCP connect would not do: Docker's userland proxy accepts on the published port whether or not the
/// server listens behind it, then closes.
/// </summary>
internal static class RconProbe
{
    public static async Task<bool> AnswersAsync(int port, string password, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
            await tcp.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync(new RconPacket(1, RconPacket.Auth, password).Encode(), deadline.Token);
            return await RconPacket.ReadAsync(stream, deadline.Token) is not null;
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }
}
