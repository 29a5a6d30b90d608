using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Docker;

[Trait("Category", "Docker")]
public sealed class DockerContainerRuntimeEventsTests : DockerTestBase
{
    [DockerFact]
    public async Task WatchEventsAsync_DockerStopByHand_SeesDieAndStop()
    {
        using var cts = new CancellationTokenSource();
        var events = new ConcurrentQueue<ContainerEvent>();
        var watch = Task.Run(async () =>
        {
            await foreach (var e in Runtime.WatchEventsAsync(cts.Token))
            {
                events.Enqueue(e);
            }
        });
        var name = await Docker.CreateAsync(DockerTestContainers.Forever);
        await Eventually.TrueAsync(() => events.Any(e => e.Name == name && e.Action == "start"), "the start event");

        await DockerTestContainers.DockerCliAsync("stop", "-t", "10", name);

        await Eventually.TrueAsync(() => events.Any(e => e.Name == name && e.Action == "stop"), "the stop event", TimeSpan.FromSeconds(5));
        var die = Assert.Single(events, e => e.Name == name && e.Action == "die");
        Assert.Equal(0, die.ExitCode);
        Assert.Equal("true", die.Labels[ContainerLabels.Managed]);
        Assert.InRange(die.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.False(string.IsNullOrEmpty(die.Id));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}

/// <summary>Needs no daemon: the runtime points at a socket that does not exist.</summary>
public sealed class DockerContainerRuntimeUnavailableTests : IDisposable
{
    private readonly DockerContainerRuntime _runtime = new(
        new Uri($"unix:///tmp/zedops-no-docker-{Guid.NewGuid():N}.sock"), TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance);

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public async Task CheckAsync_NoDaemon_ReportsUnavailable()
    {
        var status = await _runtime.CheckAsync(CancellationToken.None).DefaultTimeout();

        Assert.False(status.Available);
        Assert.Null(status.Version);
        Assert.Contains("zedops-no-docker", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_NoDaemon_ThrowDockerUnavailable()
    {
        Func<Task>[] calls =
        [
            () => _runtime.ListAsync(all: true, CancellationToken.None),
            () => _runtime.InspectAsync("x", CancellationToken.None),
            () => _runtime.StartAsync("x", CancellationToken.None),
            () => _runtime.KillAsync("x", CancellationToken.None),
            async () => await _runtime.ReadLogsAsync("x", new LogReadOptions(10, false), CancellationToken.None).GetAsyncEnumerator().MoveNextAsync(),
            async () => await _runtime.WatchEventsAsync(CancellationToken.None).GetAsyncEnumerator().MoveNextAsync(),
        ];

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<ContainerRuntimeException>(call).DefaultTimeout();
            Assert.Equal(ErrorCodes.DockerUnavailable, ex.Code);
            Assert.Contains("not reachable", ex.Message, StringComparison.Ordinal);
        }
    }
}
