using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Containers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Features.Containers;

/// <summary>Console logs end to end: container → Docker → agent → manager → viewer (SSE and in-process viewers).</summary>
[Trait("Category", "Docker")]
public sealed class ContainerLogsTests : ManagerWithAgentTestBase
{
    private static readonly string[] s_hundredLines =
        ["sh", "-c", "i=1; while [ $i -le 100 ]; do echo out $i; echo err $i >&2; i=$((i+1)); done; trap 'exit 0' TERM; while true; do sleep 0.1; done"];

    [DockerFact]
    public async Task Sse_Tail_LinesInOrderWithStreamsKeptApart()
    {
        var name = await Docker.CreateAsync(s_hundredLines);
        var hub = Manager.Services.GetRequiredService<ContainerLogHub>();
        await using (var waiter = await hub.OpenAsync(AgentId, name, 1000, CancellationToken.None))
        {
            await CollectAsync(waiter, l => l.Text == "err 100", includeSnapshot: true);
        }

        var lines = await ReadSseAsync($"/api/agents/{AgentId}/containers/{name}/logs?tail=1000", until: null);

        Assert.Equal(200, lines.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"out {i}"), lines.Where(l => l.Stream == LogStreams.Stdout).Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"err {i}"), lines.Where(l => l.Stream == LogStreams.Stderr).Select(l => l.Text));
        // Docker keeps order (and timestamp order) within a stream, not across stdout and stderr.
        foreach (var stream in new[] { LogStreams.Stdout, LogStreams.Stderr })
        {
            var times = lines.Where(l => l.Stream == stream).Select(l => l.At).ToList();
            Assert.Equal(times.Order(), times);
        }
    }

    [DockerFact]
    public async Task Sse_Follow_TailThenLiveLines()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo first; until [ -f /tmp/go ]; do sleep 0.05; done; echo second; trap 'exit 0' TERM; while true; do sleep 0.1; done"]);

        var lines = await ReadSseAsync($"/api/agents/{AgentId}/containers/{name}/logs?tail=10&follow=true", until: l => l.Text == "second",
            onFirst: () => DockerTestContainers.DockerCliAsync("exec", name, "touch", "/tmp/go"));

        Assert.Equal(["first", "second"], lines.Where(l => l.Stream != LogStreams.Marker).Select(l => l.Text));
    }

    [DockerFact]
    public async Task Follow_ContainerRestarted_StreamResumesWithMarker()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo boot $(cat /proc/uptime); trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
        var hub = Manager.Services.GetRequiredService<ContainerLogHub>();
        await using var viewer = await hub.OpenAsync(AgentId, name, 100, CancellationToken.None);
        var seen = await CollectAsync(viewer, l => l.Text.StartsWith("boot", StringComparison.Ordinal), includeSnapshot: true);

        (await Admin.PostAsync($"/api/agents/{AgentId}/containers/{name}/restart?graceSeconds=5", null)).EnsureSuccessStatusCode();

        var after = await CollectAsync(viewer, l => l.Text.StartsWith("boot", StringComparison.Ordinal));
        Assert.Contains(after, l => l.Stream == LogStreams.Marker && l.Text.Contains("resumed", StringComparison.Ordinal));
        Assert.NotEqual(seen.First(l => l.Text.StartsWith("boot", StringComparison.Ordinal)).Text, after.Last().Text);
    }

    [DockerFact]
    public async Task ThreeViewers_ReceiveIdenticalLines_FromOneAgentSubscription()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "until [ -f /tmp/go ]; do sleep 0.05; done; i=1; while [ $i -le 500 ]; do echo line $i; i=$((i+1)); done; trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
        var hub = Manager.Services.GetRequiredService<ContainerLogHub>();
        var viewers = new List<LogViewer>();
        for (var i = 0; i < 3; i++)
        {
            viewers.Add(await hub.OpenAsync(AgentId, name, 0, CancellationToken.None));
        }
        Assert.Equal(1, hub.FeedCount);

        await DockerTestContainers.DockerCliAsync("exec", name, "touch", "/tmp/go");
        var received = await Task.WhenAll(viewers.Select(v => CollectAsync(v, l => l.Text == "line 500")));

        foreach (var lines in received)
        {
            Assert.Equal(Enumerable.Range(1, 500).Select(i => $"line {i}"), lines.Where(l => l.Stream == LogStreams.Stdout).Select(l => l.Text));
        }
        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }
        Assert.Equal(0, hub.FeedCount);
    }

    [DockerFact]
    public async Task StalledViewer_DoesNotDelayLiveOne_AndLearnsWhatItMissed()
    {
        var count = LogViewer.QueueCapacity + 5_000;
        var name = await Docker.CreateAsync(["sh", "-c", $"until [ -f /tmp/go ]; do sleep 0.05; done; seq 1 {count}; trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
        var hub = Manager.Services.GetRequiredService<ContainerLogHub>();
        await using var stalled = await hub.OpenAsync(AgentId, name, 0, CancellationToken.None);
        await using var live = await hub.OpenAsync(AgentId, name, 0, CancellationToken.None);

        await DockerTestContainers.DockerCliAsync("exec", name, "touch", "/tmp/go");
        var liveLines = await CollectAsync(live, l => l.Text == count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(count, liveLines.Count(l => l.Stream == LogStreams.Stdout));
        var first = await stalled.ReadBatchesAsync().FirstAsync().AsTask().DefaultTimeout();
        Assert.Equal(LogStreams.Marker, first[0].Stream);
        Assert.Contains("lines skipped", first[0].Text, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Sse_ViewerGrantRevokedMidStream_StreamEndsAndNextCallIsRefused()
    {
        var name = await Docker.CreateAsync(s_hundredLines);
        var created = await (await Admin.PostAsJsonAsync("/api/users", new { username = "watcher" })).Content.ReadFromJsonAsync<ZedOps.Manager.Features.Users.CreatedUser>();
        var grant = await (await Admin.PostAsJsonAsync($"/api/users/{created!.User.Id}/roles", new { role = "viewer", scopeType = "agent", scopeId = AgentId }))
            .Content.ReadFromJsonAsync<ZedOps.Manager.Features.Users.GrantView>();
        using var watcher = Manager.CreateAnonymousClient();
        (await watcher.PostAsJsonAsync("/api/auth/login", new { username = "watcher", password = created.GeneratedPassword })).EnsureSuccessStatusCode();
        using var response = await watcher.GetAsync($"/api/agents/{AgentId}/containers/{name}/logs?tail=5&follow=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync().DefaultTimeout(), StringComparison.Ordinal);

        (await Admin.DeleteAsync($"/api/users/{created.User.Id}/roles/{grant!.Id}")).EnsureSuccessStatusCode();

        var rest = await reader.ReadToEndAsync().DefaultTimeout();
        Assert.Contains("event: revoked", rest, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await watcher.GetAsync($"/api/agents/{AgentId}/containers")).StatusCode);
    }

    [DockerFact]
    public async Task Sse_UnknownContainer_Returns404()
    {
        using var response = await Admin.GetAsync($"/api/agents/{AgentId}/containers/zedtest-none-{Guid.NewGuid():N}/logs?follow=true");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Sse_BadTail_Returns400()
    {
        using var response = await Admin.GetAsync($"/api/agents/{AgentId}/containers/abc/logs?tail=999999");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<List<LogLine>> CollectAsync(LogViewer viewer, Func<LogLine, bool> until, bool includeSnapshot = false)
    {
        var lines = includeSnapshot ? new List<LogLine>(viewer.Snapshot) : [];
        if (lines.Any(until))
        {
            return lines;
        }
        using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        await foreach (var batch in viewer.ReadBatchesAsync(ct: timeout.Token))
        {
            lines.AddRange(batch);
            if (batch.Any(until))
            {
                return lines;
            }
        }
        throw new InvalidOperationException("viewer ended before the expected line");
    }

    private Task<List<LogLine>> ReadSseAsync(string path, Func<LogLine, bool>? until, Func<Task>? onFirst = null) =>
        SseLogReader.ReadAsync(Admin, path, until, onFirst);
}
