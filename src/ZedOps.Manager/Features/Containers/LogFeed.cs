using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Features.Containers;

/// <summary>One agent subscription to one container's console, shared by its viewers; keeps a ring of recent lines.</summary>
internal sealed class LogFeed(Guid agentId, string containerId, string subscriptionId, ConsoleSecrets secrets, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<LogLine> _ring = new();
    private readonly List<LogViewer> _viewers = [];
    private DateTimeOffset? _lastAt;

    public Guid AgentId { get; } = agentId;
    public string ContainerId { get; } = containerId;
    public string SubscriptionId { get; set; } = subscriptionId;
    public string ContainerName { get; private set; } = containerId;

    public int ViewerCount
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    public void Seed(SubscribeLogsResult result)
    {
        ContainerName = result.ContainerName;
        Append(result.Lines, 0);
    }

    /// <summary>After a reconnect: only lines newer than what the viewers already have, then a marker.</summary>
    public void Resume(SubscribeLogsResult result)
    {
        var last = _lastAt;
        Append([.. result.Lines.Where(l => l.Stream != LogStreams.Marker && (last is null || l.At > last))], 0);
        Mark("agent reconnected; console resumed");
    }

    public LogViewer AddViewer(int tail, Func<LogViewer, ValueTask> onDispose)
    {
        lock (_gate)
        {
            var snapshot = _ring.Skip(Math.Max(0, _ring.Count - tail)).ToArray();
            var viewer = new LogViewer(ContainerId, ContainerName, snapshot, onDispose);
            _viewers.Add(viewer);
            return viewer;
        }
    }

    public bool RemoveViewer(LogViewer viewer)
    {
        lock (_gate)
        {
            return _viewers.Remove(viewer);
        }
    }

    public void Mark(string text) => Append([new LogLine(time.GetUtcNow(), LogStreams.Marker, text)], 0);

    public void Append(IReadOnlyList<LogLine> lines, long skipped)
    {
        lock (_gate)
        {
            if (skipped > 0)
            {
                Add(new LogLine(time.GetUtcNow(), LogStreams.Marker, $"{skipped} lines skipped: the link from the agent fell behind"));
            }
            // Redacted on the way in: the ring (every later viewer's backlog) never holds a secret.
            var known = secrets.For(AgentId, ContainerName);
            foreach (var line in lines)
            {
                if (line.Stream != LogStreams.Marker)
                {
                    _lastAt = line.At;
                    Add(line with { Text = ConsoleRedaction.Redact(line.Text, known) });
                    continue;
                }
                Add(line);
            }
        }
    }

    private void Add(LogLine line)
    {
        if (_ring.Count == ContainerLogHub.MaxTail)
        {
            _ring.Dequeue();
        }
        _ring.Enqueue(line);
        foreach (var viewer in _viewers)
        {
            viewer.Push(line);
        }
    }
}
