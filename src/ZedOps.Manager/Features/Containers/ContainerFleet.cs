using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Features.Containers;

/// <summary>The manager's live picture of each agent's managed containers: seeded from a list when the agent connects,
/// then kept current by the agent's Docker events. Feeds the UI (snapshot + change notifications).</summary>
public sealed class ContainerFleet
{
    private readonly ConcurrentDictionary<Guid, ImmutableDictionary<string, ContainerSummary>> _byAgent = new();
    private readonly ConcurrentDictionary<Channel<Guid>, byte> _subscribers = new();

    public IReadOnlyList<ContainerSummary> Containers(Guid agentId) =>
        _byAgent.TryGetValue(agentId, out var map) ? [.. map.Values.OrderBy(c => c.Name, StringComparer.Ordinal)] : [];

    public bool IsKnown(Guid agentId) => _byAgent.ContainsKey(agentId);

    public void Replace(Guid agentId, IEnumerable<ContainerSummary> containers)
    {
        _byAgent[agentId] = containers.Take(AgentInputLimits.MaxContainersPerAgent).Select(AgentInputLimits.Bound)
            .ToImmutableDictionary(c => c.Id, StringComparer.Ordinal);
        Notify(agentId);
    }

    public void Forget(Guid agentId)
    {
        if (_byAgent.TryRemove(agentId, out _))
        {
            Notify(agentId);
        }
    }

    public void Apply(Guid agentId, ContainerStateChanged change)
    {
        _byAgent.AddOrUpdate(agentId,
            _ => Update(ImmutableDictionary.Create<string, ContainerSummary>(StringComparer.Ordinal), change),
            (_, map) => Update(map, change));
        Notify(agentId);
    }

    /// <summary>Agent ids whose containers changed; a slow reader loses old notifications, never blocks an agent.</summary>
    public IAsyncEnumerable<Guid> Subscribe(CancellationToken ct)
    {
        var channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers.TryAdd(channel, 0);
        ct.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader.ReadAllAsync(CancellationToken.None);
    }

    private static ImmutableDictionary<string, ContainerSummary> Update(ImmutableDictionary<string, ContainerSummary> map, ContainerStateChanged change)
    {
        if (change.State == ContainerStates.Removed)
        {
            return map.Remove(change.Id);
        }
        if (change.Container is { } container)
        {
            // A new container past the per-agent bound is not tracked (a hostile agent cannot grow the table).
            var tracked = map.ContainsKey(container.Id);
            return tracked || (container.Managed && map.Count < AgentInputLimits.MaxContainersPerAgent) ? map.SetItem(container.Id, container) : map;
        }
        return map.TryGetValue(change.Id, out var known)
            ? map.SetItem(change.Id, known with { State = change.State, ExitCode = change.ExitCode ?? known.ExitCode })
            : map;
    }

    private void Notify(Guid agentId)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(agentId);
        }
    }
}
