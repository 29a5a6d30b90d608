using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Rcon;
using ZedOps.Protocol.Servers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Rcon;

public sealed class RconPoolTests
{
    [Fact]
    public async Task ExecuteAsync_PortNotListeningYet_RetriesUntilRconOpens()
    {
        var port = FreeTcpPort();
        var time = new BackoffSignal();
        await using var pool = new RconPool(time, NullLogger<RconPool>.Instance);

        var reply = pool.ExecuteAsync(Guid.NewGuid(), new RconEndpoint(port, "pw"), "players", TimeSpan.FromSeconds(10), CancellationToken.None);
        await time.FirstBackoff.Task.DefaultTimeout();
        await using var server = new FakeRconServer("pw", port);

        Assert.Equal("echo players", await reply.DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteAsync_NothingEverListens_RconUnavailableWithinTheWindow()
    {
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);

        var error = await Assert.ThrowsAsync<RconException>(() =>
            pool.ExecuteAsync(Guid.NewGuid(), new RconEndpoint(FreeTcpPort(), "pw"), "players", TimeSpan.FromSeconds(1), CancellationToken.None)).DefaultTimeout();

        Assert.True(error.Refused);
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The system clock, which also reports the first short timer: the pool waiting to retry a refused connection.</summary>
    private sealed class BackoffSignal : TimeProvider
    {
        public TaskCompletionSource FirstBackoff { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = System.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime <= TimeSpan.FromSeconds(1))
            {
                FirstBackoff.TrySetResult();
            }
            return timer;
        }
    }
}
