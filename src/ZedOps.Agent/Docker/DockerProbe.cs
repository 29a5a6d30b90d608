using System.Net.Sockets;
using System.Text.Json;
using ZedOps.Protocol.Agents;

namespace ZedOps.Agent.Docker;

/// <summary>Asks the Docker daemon for its version over its unix socket, so the agent can report whether Docker is usable.</summary>
internal sealed class DockerProbe : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _socketPath;

    public DockerProbe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        _socketPath = host is not null && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : "/var/run/docker.sock";
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(3) };
    }

    public async Task<DockerStatus> CheckAsync(CancellationToken ct)
    {
        if (!File.Exists(_socketPath))
        {
            return new DockerStatus(false, null, $"Docker is not installed or not running: no socket at {_socketPath}");
        }
        try
        {
            using var response = await _client.GetAsync("version", ct);
            response.EnsureSuccessStatusCode();
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var version = doc.RootElement.TryGetProperty("Version", out var v) ? v.GetString() : null;
            return new DockerStatus(true, version, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or JsonException)
        {
            return new DockerStatus(false, null, $"Docker daemon at {_socketPath} does not answer: {ex.Message}");
        }
    }

    public void Dispose() => _client.Dispose();
}
