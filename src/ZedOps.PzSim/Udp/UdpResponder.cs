using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZedOps.PzSim.Udp;

/// <summary>
/// Holds the game's UDP ports (DefaultPort, UDPPort) and answers any datagram with a RakNet-style
/// unconnected pong (ID 0x1C, echoed ping time, server GUID, offline magic, server name), so a panel's
/// "is the port really open" probe gets an answer the way it would from the real RakNet peer.
/// </summary>
internal sealed class UdpResponder : IDisposable
{
    private static readonly byte[] s_offlineMagic = [0x00, 0xFF, 0xFF, 0x00, 0xFE, 0xFE, 0xFE, 0xFE, 0xFD, 0xFD, 0xFD, 0xFD, 0x12, 0x34, 0x56, 0x78];

    private readonly UdpClient _client;
    private readonly byte[] _pongTail;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private UdpResponder(UdpClient client, long serverGuid, string name)
    {
        _client = client;
        var motd = Encoding.UTF8.GetBytes(name);
        _pongTail = new byte[8 + s_offlineMagic.Length + 2 + motd.Length];
        BinaryPrimitives.WriteInt64BigEndian(_pongTail, serverGuid);
        s_offlineMagic.CopyTo(_pongTail, 8);
        BinaryPrimitives.WriteUInt16BigEndian(_pongTail.AsSpan(8 + s_offlineMagic.Length), (ushort)motd.Length);
        motd.CopyTo(_pongTail, 10 + s_offlineMagic.Length);
        _loop = Task.Run(AnswerAsync);
    }

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public static UdpResponder Bind(IPAddress address, int port, long serverGuid, string name) =>
        new(new UdpClient(new IPEndPoint(address, port)), serverGuid, name);

    /// <summary>Builds the pong for a datagram: 0x1C, the ping's time field (or 0), then the fixed tail.</summary>
    public byte[] Pong(ReadOnlySpan<byte> ping)
    {
        var pong = new byte[1 + 8 + _pongTail.Length];
        pong[0] = 0x1C;
        if (ping.Length >= 9 && ping[0] is 0x01 or 0x02)
        {
            ping.Slice(1, 8).CopyTo(pong.AsSpan(1));
        }
        _pongTail.CopyTo(pong, 9);
        return pong;
    }

    private async Task AnswerAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var datagram = await _client.ReceiveAsync(_stop.Token);
                await _client.SendAsync(Pong(datagram.Buffer), datagram.RemoteEndPoint, _stop.Token);
            }
            catch (SocketException)
            {
                // An ICMP "port unreachable" from an earlier reply surfaces here on Linux; keep serving.
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
