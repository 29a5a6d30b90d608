using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Protocol.Tests;

public sealed class WireConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);
    private SocketPair _pair = default!;
    private readonly List<Task> _runs = [];

    public async Task InitializeAsync() => _pair = await SocketPair.CreateAsync();

    public async Task DisposeAsync()
    {
        _pair.Dispose();
        await Task.WhenAll(_runs).WaitAsync(s_bound).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private (WireConnection Connection, Task<WireCloseInfo> Run) Start(WebSocket socket, MessageRouter? router = null, WireOptions? options = null, TimeProvider? time = null)
    {
        var connection = new WireConnection(socket, router ?? new MessageRouter(NullLogger.Instance), options ?? new WireOptions(), time ?? TimeProvider.System, NullLogger.Instance);
        var run = connection.RunAsync(CancellationToken.None);
        _runs.Add(run);
        return (connection, run);
    }

    [Fact]
    public async Task Request_PeerHandles_ReturnsTypedResult()
    {
        var agentTime = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, (_, _) => ValueTask.FromResult(new PingResult(agentTime))));
        var (client, _) = Start(_pair.Client);

        var result = await client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow)).WaitAsync(s_bound);

        Assert.Equal(agentTime, result.AgentTime);
        Assert.Equal(0, client.PendingRequests);
    }

    [Fact]
    public async Task Request_NoHandler_UnknownSubjectError()
    {
        Start(_pair.Server);
        var (client, _) = Start(_pair.Client);
        var error = await Assert.ThrowsAsync<WireRequestException>(() => client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow))).WaitAsync(s_bound);
        Assert.Equal(ErrorCodes.UnknownSubject, error.Code);
    }

    [Theory]
    [InlineData(true, "docker_unavailable")]
    [InlineData(false, ErrorCodes.Internal)]
    public async Task Request_HandlerThrows_TypedErrorReply(bool typed, string expectedCode)
    {
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, (_, _) =>
            throw (typed ? new WireRequestException("docker_unavailable", "no daemon") : new InvalidOperationException("boom"))));
        var (client, _) = Start(_pair.Client);
        var error = await Assert.ThrowsAsync<WireRequestException>(() => client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow))).WaitAsync(s_bound);
        Assert.Equal(expectedCode, error.Code);
    }

    [Fact]
    public async Task Request_PeerSilent_TimesOutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var never = new TaskCompletionSource<PingResult>();
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, (_, _) => new ValueTask<PingResult>(never.Task)));
        var (client, _) = Start(_pair.Client, time: time);

        var request = client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow), TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(request.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<WireRequestException>(() => request).WaitAsync(s_bound);
        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.Equal(0, client.PendingRequests);
    }

    [Fact]
    public async Task Request_ConnectionCloses_PendingFailsWithConnectionClosed()
    {
        var never = new TaskCompletionSource<PingResult>();
        var (server, _) = Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, (_, _) => new ValueTask<PingResult>(never.Task)));
        var (client, _) = Start(_pair.Client);
        var request = client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow), TimeSpan.FromMinutes(5));
        await WaitUntilAsync(() => client.PendingRequests == 1);

        server.Close(WebSocketCloseStatus.NormalClosure, "bye");

        var error = await Assert.ThrowsAsync<WireRequestException>(() => request).WaitAsync(s_bound);
        Assert.Equal(ErrorCodes.ConnectionClosed, error.Code);
    }

    [Fact]
    public async Task SixtyFourConcurrentRequests_EachGetsItsOwnReply()
    {
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, async (req, _) =>
        {
            await Task.Yield();
            return new PingResult(req.SentAt);
        }));
        var (client, _) = Start(_pair.Client);
        var sent = Enumerable.Range(0, 64).Select(i => DateTimeOffset.UnixEpoch.AddSeconds(i)).ToArray();

        var replies = await Task.WhenAll(sent.Select(t => client.RequestAsync(Requests.Ping, new PingRequest(t)))).WaitAsync(s_bound);

        Assert.Equal(sent, replies.Select(r => r.AgentTime));
    }

    [Fact]
    public async Task Requests_PastTheConcurrencyBound_GetBusyAtOnce_OthersAnswered()
    {
        var release = new TaskCompletionSource();
        var started = 0;
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).Handle(Requests.Ping, async (req, _) =>
        {
            Interlocked.Increment(ref started);
            await release.Task;
            return new PingResult(req.SentAt);
        }), new WireOptions { MaxConcurrentRequests = 4 });
        var (client, _) = Start(_pair.Client);

        var requests = Enumerable.Range(0, 10).Select(_ => client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow))).ToArray();
        var refused = requests.Skip(4).ToArray();
        var errors = await Task.WhenAll(refused.Select(r => Assert.ThrowsAsync<WireRequestException>(() => r))).WaitAsync(s_bound);
        Assert.All(errors, e => Assert.Equal(ErrorCodes.Busy, e.Code));
        Assert.Equal(4, Volatile.Read(ref started));

        release.SetResult();
        await Task.WhenAll(requests.Take(4)).WaitAsync(s_bound);
        Assert.NotNull(await client.RequestAsync(Requests.Ping, new PingRequest(DateTimeOffset.UtcNow)).WaitAsync(s_bound));
    }

    [Fact]
    public async Task Events_ArriveInOrder()
    {
        var received = new List<double>();
        var all = new TaskCompletionSource();
        Start(_pair.Server, new MessageRouter(NullLogger.Instance).On(Events.Heartbeat, (hb, _) =>
        {
            received.Add(hb.Metrics.CpuPercent);
            if (received.Count == 200)
            {
                all.SetResult();
            }
            return ValueTask.CompletedTask;
        }));
        var (client, _) = Start(_pair.Client);
        for (var i = 0; i < 200; i++)
        {
            await client.PublishAsync(Events.Heartbeat, new Heartbeat(DateTimeOffset.UtcNow, new HostMetrics(i, 0, 0, 0, 0, 0, 0), new DockerStatus(false, null, null)));
        }
        await all.Task.WaitAsync(s_bound);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), received);
    }

    [Fact]
    public async Task Receive_MalformedJson_ClosesWithPolicyViolation()
    {
        var (_, run) = Start(_pair.Server);
        await _pair.Client.SendAsync(Encoding.UTF8.GetBytes("{nope"), WebSocketMessageType.Text, true, CancellationToken.None);

        var closed = await run.WaitAsync(s_bound);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed.Status);
        Assert.StartsWith("malformed frame", closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_FrameOverLimit_ClosesWithPolicyViolation()
    {
        var (_, run) = Start(_pair.Server, options: new WireOptions { MaxFrameBytes = 1024 });
        var big = Encoding.UTF8.GetBytes($$"""{"subject":"x","data":"{{new string('a', 2000)}}"}""");
        var send = _pair.Client.SendAsync(big, WebSocketMessageType.Text, true, CancellationToken.None);

        var closed = await run.WaitAsync(s_bound);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed.Status);
        Assert.Contains("1024-byte limit", closed.Reason, StringComparison.Ordinal);
        await send.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    [Fact]
    public async Task Send_FrameOverLimit_RefusedBeforeTheWire()
    {
        Start(_pair.Server);
        var (client, _) = Start(_pair.Client, options: new WireOptions { MaxFrameBytes = 64 });
        var error = await Assert.ThrowsAsync<WireRequestException>(() =>
            client.PublishAsync(Events.HelloRejected, new HelloRejected("x", new string('b', 100))).AsTask()).WaitAsync(s_bound);
        Assert.Equal(ErrorCodes.FrameTooLarge, error.Code);
    }

    [Fact]
    public async Task Close_DrainsQueuedFramesThenCompletesHandshake()
    {
        var got = new TaskCompletionSource<string>();
        var (_, serverRun) = Start(_pair.Server, new MessageRouter(NullLogger.Instance).On(Events.HelloRejected, (r, _) =>
        {
            got.TrySetResult(r.Reason);
            return ValueTask.CompletedTask;
        }));
        var (client, clientRun) = Start(_pair.Client);

        await client.PublishAsync(Events.HelloRejected, new HelloRejected("c", "last words"));
        client.Close(CloseCodes.VersionMismatch, "bye");

        Assert.Equal("last words", await got.Task.WaitAsync(s_bound));
        var serverSaw = await serverRun.WaitAsync(s_bound);
        Assert.Equal(CloseCodes.VersionMismatch, serverSaw.Status);
        Assert.True(serverSaw.ByPeer);
        await clientRun.WaitAsync(s_bound);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
