using System.Net.Sockets;
using Docker.DotNet;

namespace ZedOps.Agent.Docker;

/// <summary>The one request made without Docker.DotNet: its logs API hands back a MultiplexedStream that hides frame
/// boundaries, which <see cref="DockerLogParser"/> needs to join Docker's split (16 KB+) messages, and costs two Task
/// allocations per frame. Here the raw body is read in large chunks. Speaks to the same endpoint (unix or tcp).</summary>
internal sealed class DockerLogsHttp : IDisposable
{
    private readonly HttpClient _client;

    public DockerLogsHttp(Uri endpoint)
    {
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri baseAddress;
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.LocalPath;
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker/");
        }
        else
        {
            baseAddress = new UriBuilder(endpoint) { Scheme = Uri.UriSchemeHttp, Path = "/" }.Uri;
        }
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The response body; Docker's error status becomes a <see cref="DockerApiException"/> like any other call.</summary>
    public async Task<Stream> OpenAsync(string idOrName, string query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"containers/{Uri.EscapeDataString(idOrName)}/logs?{query}");
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                throw new DockerApiException(response.StatusCode, body);
            }
        }
        return await response.Content.ReadAsStreamAsync(ct);
    }

    public void Dispose() => _client.Dispose();
}
