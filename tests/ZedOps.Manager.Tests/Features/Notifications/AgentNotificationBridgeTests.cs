using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Notifications;
using ZedOps.Protocol.Agents;
using NotificationHub = ZedOps.Manager.Features.Notifications.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

public sealed class AgentNotificationBridgeTests
{
    private readonly NotificationHub _hub = new();
    private readonly AgentNotificationBridge _bridge;
    private readonly Guid _id = Guid.NewGuid();

    public AgentNotificationBridgeTests()
    {
        var time = new FakeTimeProvider();
        _bridge = new AgentNotificationBridge(new AgentRegistry(time), _hub, Options.Create(new NotificationsOptions()), time);
    }

    private AgentLiveState State(bool online, double diskPercent = 50) =>
        new(_id, "box", online, null, null, new HostMetrics(1, 100, 50, 1000, (long)(diskPercent * 10), 0, 1), null, null);

    private List<string> Published()
    {
        var types = new List<string>();
        while (_hub.Reader.TryRead(out var e))
        {
            types.Add(e.Type);
        }
        return types;
    }

    [Fact]
    public void Observe_FirstConnectThenDropThenBack_OfflineAndOnlineOnly()
    {
        _bridge.Observe(State(online: true));
        Assert.Empty(Published()); // every agent reconnecting after a manager restart is not news

        _bridge.Observe(State(online: false));
        _bridge.Observe(State(online: true));

        Assert.Equal([NotificationEventTypes.AgentOffline, NotificationEventTypes.AgentOnline], Published());
    }

    [Fact]
    public void Observe_DiskAboveThreshold_ReportedOnceUntilBelowClearLevel()
    {
        _bridge.Observe(State(true, 89));
        _bridge.Observe(State(true, 91));
        _bridge.Observe(State(true, 95));
        _bridge.Observe(State(true, 87));
        _bridge.Observe(State(true, 92));
        Assert.Equal([NotificationEventTypes.HostDiskLow], Published());

        _bridge.Observe(State(true, 80));
        _bridge.Observe(State(true, 90));
        Assert.Equal([NotificationEventTypes.HostDiskLow], Published());
    }
}
