using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Docker;

/// <summary>The runtime under test plus disposable test containers.</summary>
public abstract class DockerTestBase : IAsyncLifetime
{
    private protected DockerTestContainers Docker { get; } = new();

    private protected DockerContainerRuntime Runtime { get; } =
        new(DockerContainerRuntime.DefaultEndpoint(), TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance);

    public Task InitializeAsync() => Docker.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Docker.DisposeAsync();
        Runtime.Dispose();
    }
}
