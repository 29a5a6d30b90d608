using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace ZedOps.Protocol.Tests;

/// <summary>Two real WebSockets over a loopback TCP connection (RFC 6455 framing, no HTTP upgrade).</summary>
internal sealed class SocketPair : IDisposable
{
    private readonly TcpClient _clientTcp;
    private readonly TcpClient _serverTcp;

    private SocketPair(TcpClient client, TcpClient server)
    {
        _clientTcp = client;
        _serverTcp = server;
        Client = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        Server = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
    }

    public WebSocket Client { get; }
    public WebSocket Server { get; }

    public static async Task<SocketPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new SocketPair(client, await accept);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _clientTcp.Dispose();
        _serverTcp.Dispose();
    }
}
