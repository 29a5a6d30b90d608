using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Docker;

[Trait("Category", "Docker")]
public sealed class DockerContainerRuntimeLogsTests : DockerTestBase
{
    [DockerFact]
    public async Task ReadLogsAsync_StdoutAndStderr_KeepsStreamsApartWithTimestamps()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var name = await Docker.CreateAsync(["sh", "-c", "echo out 1; echo err 1 >&2; echo out 2; echo err 2 >&2"]);
        await Docker.WaitExitedAsync(name);

        var lines = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: false));

        Assert.Equal(["out 1", "out 2"], lines.Where(l => l.Stream == LogStreams.Stdout).Select(l => l.Text));
        Assert.Equal(["err 1", "err 2"], lines.Where(l => l.Stream == LogStreams.Stderr).Select(l => l.Text));
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.InRange(l.At, before, DateTimeOffset.UtcNow.AddSeconds(5)));
        // Docker copies stdout and stderr on separate goroutines, so only the order within one stream is guaranteed.
        foreach (var stream in lines.GroupBy(l => l.Stream))
        {
            Assert.Equal(stream.Select(l => l.At).Order(), stream.Select(l => l.At));
        }
    }

    [DockerFact]
    public async Task ReadLogsAsync_Tail_ReturnsTheLastLines()
    {
        var name = await Docker.CreateAsync(["seq", "1", "10"]);
        await Docker.WaitExitedAsync(name);

        var lines = await ReadAllAsync(name, new LogReadOptions(Tail: 3, Follow: false));

        Assert.Equal(["8", "9", "10"], lines.Select(l => l.Text));
    }

    [DockerFact]
    public async Task ReadLogsAsync_Follow_EndsWhenTheContainerExits()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo first; sleep 1; echo second"]);

        var lines = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: true));

        Assert.Equal(["first", "second"], lines.Select(l => l.Text));
    }

    [DockerFact]
    public async Task ReadLogsAsync_Since_SkipsLinesAtOrBeforeIt()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo early; echo also early; sleep 1; echo late"]);
        await Docker.WaitExitedAsync(name);
        var all = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: false));

        var since = all.Single(l => l.Text == "also early").At;
        var later = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: false, Since: since));

        Assert.Equal(["early", "also early", "late"], all.Select(l => l.Text));
        Assert.Equal(["late"], later.Select(l => l.Text));
    }

    [DockerFact]
    public async Task ReadLogsAsync_LineLongerThanDockerSplits_ComesBackWhole()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "head -c 40000 /dev/zero | tr '\\0' x; echo; echo next"]);
        await Docker.WaitExitedAsync(name);

        var lines = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: false));

        Assert.Equal([40000, 4], lines.Select(l => l.Text.Length));
        Assert.All(lines[0].Text, ch => Assert.Equal('x', ch));
    }

    [DockerFact]
    public async Task ReadLogsAsync_TtyContainer_EverythingIsStdout()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo out; echo err >&2"], tty: true);
        await Docker.WaitExitedAsync(name);

        var lines = await ReadAllAsync(name, new LogReadOptions(Tail: null, Follow: false));

        Assert.Equal([(LogStreams.Stdout, "out"), (LogStreams.Stdout, "err")], lines.Select(l => (l.Stream, l.Text)));
    }

    [DockerFact]
    public async Task ReadLogsAsync_CancelledWhileFollowing_EndsWithOperationCanceled()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "echo ready; while true; do sleep 1; done"]);
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();

        var follow = Task.Run(async () =>
        {
            await foreach (var line in Runtime.ReadLogsAsync(name, new LogReadOptions(null, Follow: true), cts.Token))
            {
                lock (seen)
                {
                    seen.Add(line.Text);
                }
            }
        });
        await Eventually.TrueAsync(() => { lock (seen) { return seen.Contains("ready"); } }, "the first line");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [DockerFact]
    public async Task ReadLogsAsync_UnknownContainer_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<ContainerRuntimeException>(
            () => ReadAllAsync($"zedtest-missing-{Guid.NewGuid():N}", new LogReadOptions(10, Follow: false)));

        Assert.Equal(ErrorCodes.NotFound, ex.Code);
    }

    private async Task<List<LogLine>> ReadAllAsync(string name, LogReadOptions options)
    {
        var lines = new List<LogLine>();
        await Task.Run(async () =>
        {
            await foreach (var line in Runtime.ReadLogsAsync(name, options, CancellationToken.None))
            {
                lines.Add(line);
            }
        }).DefaultTimeout();
        return lines;
    }
}
