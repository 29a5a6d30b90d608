using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Docker.DotNet.Models;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Docker;

internal sealed partial class DockerContainerRuntime
{
    private const int LogBufferSize = 64 * 1024;

    private static readonly Dictionary<string, IDictionary<string, bool>> s_containerEvents = new()
    {
        ["type"] = new Dictionary<string, bool> { ["container"] = true },
    };

    public async IAsyncEnumerable<LogLine> ReadLogsAsync(string idOrName, LogReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var (stream, multiplexed) = await CallAsync(idOrName, () => OpenLogsAsync(idOrName, options, ct), ct);
        using var cancel = ct.Register(static s => ((Stream)s!).Dispose(), stream);
        await using var _ = stream;
        var parser = new DockerLogParser(multiplexed, options.Since);
        var lines = new List<LogLine>(256);
        var buffer = ArrayPool<byte>.Shared.Rent(LogBufferSize);
        try
        {
            while (true)
            {
                var read = await ReadChunkAsync(stream, buffer, idOrName, ct);
                if (read == 0)
                {
                    parser.Complete(lines);
                }
                else
                {
                    FeedOrThrow(parser, buffer.AsSpan(0, read), lines, idOrName);
                }
                foreach (var line in lines)
                {
                    yield return line;
                }
                lines.Clear();
                if (read == 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // Docker.DotNet's event call gives no sign of a failed connect, so an absent daemon is found here and
        // reported as docker_unavailable; once subscribed, a dropped connection just ends the enumeration.
        await CallAsync(null, async () =>
        {
            await _client.System.PingAsync(ct);
            return true;
        }, ct);
        var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = PumpEventsAsync(channel.Writer, stop.Token);
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(ct))
            {
                if (FromMessage(message) is { } containerEvent)
                {
                    yield return containerEvent;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    internal static ContainerEvent? FromMessage(Message message)
    {
        if (message.Type is not "container" || message.Action is not { } action)
        {
            return null;
        }
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        action = (colon < 0 ? action : action[..colon]).Trim(); // "exec_start: sh -c …", "health_status: healthy"
        // Docker puts the container's labels into the actor attributes, next to its own keys (name, image, exitCode, signal).
        var attributes = message.Actor?.Attributes is { } attrs
            ? new Dictionary<string, string>(attrs, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        int? exitCode = attributes.TryGetValue("exitCode", out var code) && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        var at = message.TimeNano is { } ns ? DockerTimestamp.FromUnixNanoseconds(ns)
            : message.Time is { } s ? DateTimeOffset.FromUnixTimeSeconds(s)
            : DateTimeOffset.UnixEpoch;
        return new ContainerEvent(message.Actor?.ID ?? "", attributes.GetValueOrDefault("name") ?? "", action, exitCode, at, attributes);
    }

    private async Task PumpEventsAsync(ChannelWriter<Message> writer, CancellationToken ct)
    {
        var reason = "the daemon closed the stream";
        try
        {
            var parameters = new ContainerEventsParameters { Filters = s_containerEvents };
            await _client.System.MonitorEventsAsync(parameters, new ChannelProgress(writer), ct);
        }
        catch (Exception ex)
        {
            reason = ex.Message;
        }
        finally
        {
            if (!ct.IsCancellationRequested)
            {
                Log.EventStreamEnded(_logger, _endpoint, reason);
            }
            writer.TryComplete();
        }
    }

    internal static string LogsQuery(LogReadOptions options)
    {
        var query = new StringBuilder("stdout=1&stderr=1&timestamps=1");
        query.Append(options.Follow ? "&follow=1" : "&follow=0");
        query.Append("&tail=").Append(options.Tail is { } tail ? Math.Max(tail, 0).ToString(CultureInfo.InvariantCulture) : "all");
        if (options.Since is { } since)
        {
            query.Append("&since=").Append(DockerTimestamp.ToUnixSeconds(since));
        }
        return query.ToString();
    }

    private async Task<(Stream Stream, bool Multiplexed)> OpenLogsAsync(string idOrName, LogReadOptions options, CancellationToken ct)
    {
        // A TTY container's log is one raw stream; only inspect tells (API 1.42+ would also say so in Content-Type).
        var container = await _client.Containers.InspectContainerAsync(idOrName, ct);
        var stream = await _logs.OpenAsync(container.ID, LogsQuery(options), ct);
        return (stream, container.Config?.Tty != true);
    }

    private async Task<int> ReadChunkAsync(Stream stream, byte[] buffer, string idOrName, CancellationToken ct)
    {
        try
        {
            return await stream.ReadAsync(buffer, ct);
        }
        catch (Exception ex) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("log reading was cancelled", ex, ct);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            Log.LogStreamBroken(_logger, idOrName, ex.Message);
            throw DockerErrors.Unavailable(_endpoint, ex);
        }
    }

    private static void FeedOrThrow(DockerLogParser parser, ReadOnlySpan<byte> chunk, List<LogLine> lines, string idOrName)
    {
        try
        {
            parser.Feed(chunk, lines);
        }
        catch (InvalidDataException ex)
        {
            throw new ContainerRuntimeException(ErrorCodes.DockerError, $"log of container '{idOrName}': {ex.Message}", ex);
        }
    }

    /// <summary>Docker.DotNet reports each event on its reading task; the channel hands them to the enumerator in order.</summary>
    private sealed class ChannelProgress(ChannelWriter<Message> writer) : IProgress<Message>
    {
        public void Report(Message value) => writer.TryWrite(value);
    }
}
