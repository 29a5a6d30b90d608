using Xunit;
using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using ZedOps.Agent.Docker;

namespace ZedOps.Testing;

/// <summary>Per test: the runtime under test, plus containers made from the local busybox image (built by
/// scripts/build-busybox-image.sh when missing), labelled zedops.test=true and removed at the end.</summary>
public sealed class DockerTestContainers : IAsyncLifetime, IAsyncDisposable
{
    public const string Image = "zedtest/busybox:1";

    private static readonly SemaphoreSlim s_imageLock = new(1, 1);
    private static bool s_imageReady;

    private readonly DockerClient _client = new DockerClientBuilder().WithEndpoint(DockerContainerRuntime.DefaultEndpoint()).Build();
    private readonly List<string> _created = [];

    /// <summary>A shell loop that exits at once on SIGTERM (PID 1 has no default signal handlers).</summary>
    public static readonly string[] Forever = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"];

    public async Task InitializeAsync()
    {
        if (Requirements.DockerMissing is not null)
        {
            return;
        }
        await s_imageLock.WaitAsync();
        try
        {
            if (!s_imageReady)
            {
                await EnsureImageAsync();
                s_imageReady = true;
            }
        }
        finally
        {
            s_imageLock.Release();
        }
    }

    public async Task<string> CreateAsync(string[] cmd, bool start = true, bool managed = true, bool tty = false, bool publishPort = false,
        string? name = null, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        name ??= $"zedtest-{Guid.NewGuid():N}";
        var labels = new Dictionary<string, string>(extraLabels ?? new Dictionary<string, string>()) { ["zedops.test"] = "true" };
        if (managed)
        {
            labels[ContainerLabels.Managed] = "true";
        }
        var parameters = new CreateContainerParameters
        {
            Name = name,
            Image = Image,
            Cmd = cmd,
            Tty = tty,
            Labels = labels,
            HostConfig = new HostConfig(),
        };
        if (publishPort)
        {
            parameters.ExposedPorts = new Dictionary<string, EmptyStruct> { ["8080/tcp"] = default };
            parameters.HostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                ["8080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }],
            };
        }
        var created = await _client.Containers.CreateContainerAsync(parameters).DefaultTimeout();
        _created.Add(created.ID);
        if (start)
        {
            await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters()).DefaultTimeout();
        }
        return name;
    }

    /// <summary>Waits (bounded) until Docker reports the container exited.</summary>
    public Task WaitExitedAsync(string name) => _client.Containers.WaitContainerAsync(name).DefaultTimeout();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
        {
            try
            {
                await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }).DefaultTimeout();
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
        _client.Dispose();
    }

    /// <summary>Runs the docker CLI, as a user at the host would.</summary>
    public static async Task DockerCliAsync(params string[] args)
    {
        var (code, output) = await Processes.RunAsync("docker", args);
        Assert.True(code == 0, $"docker {string.Join(' ', args)} failed ({code}): {output}");
    }

    private async Task EnsureImageAsync()
    {
        try
        {
            await _client.Images.InspectImageAsync(Image).DefaultTimeout();
            return;
        }
        catch (DockerImageNotFoundException)
        {
        }
        var script = Path.Combine(Processes.RepoRoot(), "scripts", "build-busybox-image.sh");
        var (code, output) = await Processes.RunAsync("bash", [script]);
        Assert.True(code == 0, $"{script} failed ({code}): {output}");
    }
}
