using System.Net;
using System.Net.Sockets;

namespace ZedOps.Testing;

/// <summary>A tiny TCP load balancer on loopback: each connection goes to the first backend that accepts it, in order.
/// An agent pointed here reaches replica B while it lives and replica A once B is gone, as behind a real balancer.</summary>
public sealed class FirstReachableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FirstReachableProxy(params Uri[] backends)
    {
        _backends = backends;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = PipeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        {
            foreach (var backend in _backends)
            {
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(backend.Host, backend.Port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue;
                }
                var a = client.GetStream();
                var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
