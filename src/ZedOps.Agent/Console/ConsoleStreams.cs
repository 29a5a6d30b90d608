using Microsoft.Extensions.Logging;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Console;

/// <summary>One Docker log follow per container however many subscriptions, ended when the last one leaves.
/// Streams are keyed by container name so a recreated container (new id, same name) resumes the same stream.</summary>
internal sealed partial class ConsoleStreams
{
    public const int MaxTail = ConsoleStream.RingCapacity;

    private readonly IContainerRuntime _runtime;
    private readonly ManagerChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsoleStreams> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleStream> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsoleStream> _bySubscription = new(StringComparer.Ordinal);

    public ConsoleStreams(IContainerRuntime runtime, ManagerChannel channel, TimeProvider time, ILogger<ConsoleStreams> logger)
    {
        _runtime = runtime;
        _channel = channel;
        _time = time;
        _logger = logger;
        channel.Disconnected += DropAll;
    }

    public int ActiveStreams
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    public async Task<SubscribeLogsResult> SubscribeAsync(SubscribeLogs request, CancellationToken ct)
    {
        var container = await ContainerCommands.Run(() => _runtime.InspectAsync(request.ContainerId, ct))
            ?? throw new WireRequestException(ErrorCodes.NotFound, $"no container '{request.ContainerId}' on this host");
        ConsoleStream stream;
        lock (_gate)
        {
            if (_bySubscription.ContainsKey(request.SubscriptionId))
            {
                throw new WireRequestException(ErrorCodes.Conflict, $"subscription '{request.SubscriptionId}' already exists");
            }
            if (!_byName.TryGetValue(container.Name, out stream!))
            {
                stream = new ConsoleStream(container.Name, _runtime, _time, _logger);
                _byName[container.Name] = stream;
                stream.Start();
            }
            _bySubscription[request.SubscriptionId] = stream;
        }
        await stream.Ready.WaitAsync(ct);
        var subscriber = new ConsoleSubscriber(request.SubscriptionId, _channel);
        var snapshot = stream.Add(subscriber, Math.Clamp(request.Tail, 0, MaxTail));
        LogSubscribed(_logger, container.Name, request.SubscriptionId);
        return new SubscribeLogsResult(container.Id, container.Name, snapshot);
    }

    /// <summary>The last lines of a container's log, read straight from Docker (no follow, no subscription).</summary>
    public async Task<ReadLogsResult> ReadAsync(ReadLogs request, CancellationToken ct)
    {
        var container = await ContainerCommands.Run(() => _runtime.InspectAsync(request.ContainerId, ct))
            ?? throw new WireRequestException(ErrorCodes.NotFound, $"no container '{request.ContainerId}' on this host");
        var lines = new List<LogLine>();
        await ContainerCommands.Run(async () =>
        {
            await foreach (var line in _runtime.ReadLogsAsync(container.Id, new LogReadOptions(Math.Clamp(request.Tail, 0, MaxTail), Follow: false), ct))
            {
                lines.Add(line);
            }
            return true;
        });
        return new ReadLogsResult(container.Id, container.Name, lines);
    }

    public async Task<bool> UnsubscribeAsync(string subscriptionId)
    {
        ConsoleStream? emptied = null;
        bool existed;
        lock (_gate)
        {
            existed = _bySubscription.Remove(subscriptionId, out var stream);
            if (existed && stream!.Remove(subscriptionId) == 0)
            {
                _byName.Remove(stream.Name);
                emptied = stream;
            }
        }
        if (emptied is not null)
        {
            await emptied.StopAsync();
            LogStreamEnded(_logger, emptied.Name);
        }
        return existed;
    }

    public bool IsFollowing(string name)
    {
        lock (_gate)
        {
            return _byName.ContainsKey(name);
        }
    }

    public void OnContainerEvent(ContainerEvent e)
    {
        ConsoleStream? stream;
        lock (_gate)
        {
            _byName.TryGetValue(e.Name, out stream);
        }
        stream?.OnContainerEvent(e);
    }

    private void DropAll()
    {
        List<string> subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _bySubscription.Keys];
        }
        foreach (var id in subscriptions)
        {
            _ = UnsubscribeAsync(id);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Console of '{Name}' subscribed ({Subscription})")]
    private static partial void LogSubscribed(ILogger logger, string name, string subscription);

    [LoggerMessage(LogLevel.Debug, "Console follow of '{Name}' ended: no subscribers left")]
    private static partial void LogStreamEnded(ILogger logger, string name);
}
