using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Docker;

/// <summary><see cref="IContainerRuntime"/> over the Docker Engine API with Docker.DotNet.Enhanced. The API version is
/// not pinned, so requests go to the daemon's own version (1.41 on Debian 12's dockerd 20.10).</summary>
internal sealed partial class DockerContainerRuntime : IContainerRuntime, IDisposable
{
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(3);
    private static readonly Dictionary<string, IDictionary<string, bool>> s_managedFilter = new()
    {
        ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Managed}=true"] = true },
    };

    private readonly DockerClient _client;
    private readonly DockerLogsHttp _logs;
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DockerContainerRuntime(TimeProvider time, ILogger<DockerContainerRuntime> logger)
        : this(DefaultEndpoint(), time, logger)
    {
    }

    internal DockerContainerRuntime(Uri endpoint, TimeProvider time, ILogger logger)
    {
        _endpoint = endpoint;
        _time = time;
        _logger = logger;
        _client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
        _logs = new DockerLogsHttp(endpoint);
    }

    /// <summary>DOCKER_HOST when set (unix:// or tcp://), else the standard socket.</summary>
    public static Uri DefaultEndpoint() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : new Uri("unix:///var/run/docker.sock");

    public async Task<DockerStatus> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_checkTimeout);
        try
        {
            var version = await _client.System.GetVersionAsync(timeout.Token);
            return new DockerStatus(true, version.Version, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new DockerStatus(false, null, $"Docker daemon at {_endpoint} did not answer within {s_checkTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            var message = DockerErrors.TryMap(ex, null, _endpoint, out var mapped) ? mapped.Message : ex.Message;
            return new DockerStatus(false, null, message);
        }
    }

    public Task<IReadOnlyList<ContainerSummary>> ListAsync(bool all, CancellationToken ct) => CallAsync(null, async () =>
    {
        var parameters = new ContainersListParameters { All = true, Filters = all ? null : s_managedFilter };
        var containers = await _client.Containers.ListContainersAsync(parameters, ct);
        return (IReadOnlyList<ContainerSummary>)containers.Select(ContainerMapping.FromList).ToList();
    }, ct);

    public async Task<ContainerSummary?> InspectAsync(string idOrName, CancellationToken ct)
    {
        try
        {
            return await CallAsync(idOrName, async () =>
                ContainerMapping.FromInspect(await _client.Containers.InspectContainerAsync(idOrName, ct), _time.GetUtcNow()), ct);
        }
        catch (ContainerRuntimeException ex) when (ex.Code == Protocol.ErrorCodes.NotFound)
        {
            return null;
        }
    }

    // Docker answers 304 when the container already runs (start) or already stopped (stop); Docker.DotNet returns false.
    public Task StartAsync(string idOrName, CancellationToken ct) =>
        CallAsync(idOrName, () => _client.Containers.StartContainerAsync(idOrName, new ContainerStartParameters(), ct), ct);

    public Task StopAsync(string idOrName, TimeSpan grace, CancellationToken ct) =>
        CallAsync(idOrName, () => _client.Containers.StopContainerAsync(idOrName, new ContainerStopParameters { WaitBeforeKillSeconds = GraceSeconds(grace) }, ct), ct);

    public Task RestartAsync(string idOrName, TimeSpan grace, CancellationToken ct) => CallAsync(idOrName, async () =>
    {
        await _client.Containers.RestartContainerAsync(idOrName, new ContainerRestartParameters { WaitBeforeKillSeconds = GraceSeconds(grace) }, ct);
        return true;
    }, ct);

    public Task KillAsync(string idOrName, CancellationToken ct) => CallAsync(idOrName, async () =>
    {
        await _client.Containers.KillContainerAsync(idOrName, new ContainerKillParameters(), ct);
        return true;
    }, ct);

    public void Dispose()
    {
        _client.Dispose();
        _logs.Dispose();
    }

    private static uint GraceSeconds(TimeSpan grace) => (uint)Math.Clamp(Math.Ceiling(grace.TotalSeconds), 0, int.MaxValue);

    /// <summary>Runs one Docker call; its failures become <see cref="ContainerRuntimeException"/>s, the caller's cancellation stays an OperationCanceledException.</summary>
    private async Task<T> CallAsync<T>(string? idOrName, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (DockerErrors.TryMap(ex, idOrName, _endpoint, out var mapped))
        {
            throw mapped;
        }
    }
}
