using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Docker;

[Trait("Category", "Docker")]
public sealed class DockerContainerRuntimeTests : DockerTestBase
{
    [DockerFact]
    public async Task CheckAsync_DaemonRuns_ReportsVersion()
    {
        var status = await Runtime.CheckAsync(CancellationToken.None).DefaultTimeout();

        Assert.True(status.Available, status.Error);
        Assert.False(string.IsNullOrEmpty(status.Version));
    }

    [DockerFact]
    public async Task ListAsync_ManagedOnly_LeavesOutUnlabelledContainers()
    {
        var managed = await Docker.CreateAsync(DockerTestContainers.Forever);
        var unmanaged = await Docker.CreateAsync(DockerTestContainers.Forever, start: false, managed: false);

        var managedOnly = await Runtime.ListAsync(all: false, CancellationToken.None).DefaultTimeout();
        var all = await Runtime.ListAsync(all: true, CancellationToken.None).DefaultTimeout();

        var mine = Assert.Single(managedOnly, c => c.Name == managed);
        Assert.DoesNotContain(managedOnly, c => c.Name == unmanaged);
        Assert.All(managedOnly, c => Assert.True(c.Managed));
        Assert.Equal((ContainerStates.Running, DockerTestContainers.Image, "true"), (mine.State, mine.Image, mine.Labels["zedops.test"]));
        Assert.StartsWith("Up ", mine.Status, StringComparison.Ordinal);
        var other = Assert.Single(all, c => c.Name == unmanaged);
        Assert.Equal((ContainerStates.Created, false), (other.State, other.Managed));
        Assert.Contains(all, c => c.Name == managed);
    }

    [DockerFact]
    public async Task InspectAsync_UnknownContainer_ReturnsNull() =>
        Assert.Null(await Runtime.InspectAsync($"zedtest-missing-{Guid.NewGuid():N}", CancellationToken.None).DefaultTimeout());

    [DockerFact]
    public async Task InspectAsync_RunningContainer_ReportsStartAndPublishedPort()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever, publishPort: true);

        var c = await Runtime.InspectAsync(name, CancellationToken.None).DefaultTimeout();

        Assert.NotNull(c);
        Assert.Equal((name, ContainerStates.Running, true, (int?)null, (DateTimeOffset?)null), (c.Name, c.State, c.Managed, c.ExitCode, c.FinishedAt));
        Assert.NotNull(c.StartedAt);
        Assert.InRange(c.StartedAt.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var port = Assert.Single(c.Ports);
        Assert.Equal((8080, "tcp", "127.0.0.1"), (port.ContainerPort, port.Protocol, port.HostIp));
        Assert.True(port.HostPort > 0);
    }

    [DockerFact]
    public async Task StartStopRestart_CreatedContainer_FollowsTheStates()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever, start: false);

        await Runtime.StartAsync(name, CancellationToken.None).DefaultTimeout();
        await Runtime.StartAsync(name, CancellationToken.None).DefaultTimeout();
        var started = await InspectAsync(name);
        await Runtime.StopAsync(name, TimeSpan.FromSeconds(10), CancellationToken.None).DefaultTimeout();
        await Runtime.StopAsync(name, TimeSpan.FromSeconds(10), CancellationToken.None).DefaultTimeout();
        var stopped = await InspectAsync(name);
        await Runtime.RestartAsync(name, TimeSpan.FromSeconds(10), CancellationToken.None).DefaultTimeout();
        var restarted = await InspectAsync(name);

        Assert.Equal(ContainerStates.Running, started.State);
        Assert.Equal((ContainerStates.Exited, (int?)0), (stopped.State, stopped.ExitCode));
        Assert.NotNull(stopped.FinishedAt);
        Assert.StartsWith("Exited (0)", stopped.Status, StringComparison.Ordinal);
        Assert.Equal(ContainerStates.Running, restarted.State);
        Assert.True(restarted.StartedAt > started.StartedAt);
    }

    [DockerFact]
    public async Task KillAsync_RunningContainer_ExitsWithSigkill()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever);

        await Runtime.KillAsync(name, CancellationToken.None).DefaultTimeout();
        await Docker.WaitExitedAsync(name);

        var killed = await InspectAsync(name);
        Assert.Equal((ContainerStates.Exited, (int?)137), (killed.State, killed.ExitCode));
    }

    [DockerFact]
    public async Task KillAsync_StoppedContainer_ThrowsConflict()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever, start: false);

        var ex = await Assert.ThrowsAsync<ContainerRuntimeException>(() => Runtime.KillAsync(name, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.Conflict, ex.Code);
        Assert.Equal($"container '{name}' is not running", ex.Message);
    }

    [DockerFact]
    public async Task Actions_UnknownContainer_ThrowNotFound()
    {
        var name = $"zedtest-missing-{Guid.NewGuid():N}";
        Func<Task>[] actions =
        [
            () => Runtime.StartAsync(name, CancellationToken.None),
            () => Runtime.StopAsync(name, TimeSpan.FromSeconds(1), CancellationToken.None),
            () => Runtime.RestartAsync(name, TimeSpan.FromSeconds(1), CancellationToken.None),
            () => Runtime.KillAsync(name, CancellationToken.None),
        ];

        foreach (var action in actions)
        {
            var ex = await Assert.ThrowsAsync<ContainerRuntimeException>(action).DefaultTimeout();
            Assert.Equal((ErrorCodes.NotFound, $"no container '{name}' on this host"), (ex.Code, ex.Message));
        }
    }

    private async Task<ContainerSummary> InspectAsync(string name) =>
        await Runtime.InspectAsync(name, CancellationToken.None).DefaultTimeout() ?? throw new InvalidOperationException($"{name} is gone");
}
