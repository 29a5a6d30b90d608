using System.Net;
using System.Net.Sockets;

namespace ZedOps.Testing;

public static class LoopbackClients
{
    /// <summary>An HTTP client (cookie jar, no redirects) whose connections come from another loopback address
    /// (e.g. 127.0.0.2): to the manager a different client address, as a second machine would be.</summary>
    public static HttpClient CreateClientFrom(this ManagerHost manager, IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = manager.BaseAddress };
    }
}
