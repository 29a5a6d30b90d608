using System.Net;
using System.Net.Sockets;

namespace ZedOps.PzSim.Tests;

/// <summary>Loopback ports the OS just handed out (free an instant ago; good enough for a test).</summary>
internal static class FreePort
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int Udp()
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)client.Client.LocalEndPoint!).Port;
    }

    /// <summary>Sends one datagram to 127.0.0.1 and returns the answer.</summary>
    public static async Task<byte[]> ProbeUdpAsync(int port)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(new byte[] { 0x01, 0, 0, 0, 0, 0, 0, 0, 42 }, new IPEndPoint(IPAddress.Loopback, port)).DefaultTimeout();
        return (await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer;
    }
}
