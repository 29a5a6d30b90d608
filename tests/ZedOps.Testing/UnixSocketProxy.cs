using System.Net.Sockets;

namespace ZedOps.Testing;

/// <summary>A unix socket that forwards to another (the Docker daemon's): lets a test make "the daemon" vanish and come
/// back for one client without touching the shared dockerd.</summary>
public sealed class UnixSocketProxy : IAsyncDisposable
{
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _accept;

    public UnixSocketProxy(string target)
    {
        _target = target;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"zedops-proxy-{Guid.NewGuid():N}.sock");
    }

    public string Path { get; }

    public Uri Endpoint => new($"unix://{Path}");

    public void Start()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(64);
        _accept = AcceptAsync(_listener, _stop.Token);
    }

    private async Task AcceptAsync(Socket listener, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct);
                _ = PipeAsync(client, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PipeAsync(Socket client, CancellationToken ct)
    {
        using var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target), ct);
                await using var a = new NetworkStream(client);
                await using var b = new NetworkStream(upstream);
                await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Dispose();
        if (_accept is not null)
        {
            await _accept;
        }
        File.Delete(Path);
    }
}
