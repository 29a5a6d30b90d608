using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid s_agent = Guid.NewGuid();

    private static NotificationEvent Agent(string type, DateTimeOffset at) => new(type, null, s_agent, type, type, at);

    [Fact]
    public void Offer_FlappingWithinWindow_SendsFirstThenOneSummaryPerWindow()
    {
        var coalescer = new Coalescer(TimeSpan.FromMinutes(5));
        var sent = new List<NotificationMessage>();
        for (var i = 0; i < 20; i++)
        {
            var at = s_t0.AddSeconds(i * 10);
            if (coalescer.Offer(Agent(i % 2 == 0 ? NotificationEventTypes.AgentOffline : NotificationEventTypes.AgentOnline, at), at) is { } m)
            {
                sent.Add(m);
            }
        }
        Assert.Single(sent);
        Assert.Empty(coalescer.Flush(s_t0.AddMinutes(4)));

        var summary = Assert.Single(coalescer.Flush(s_t0.AddMinutes(5)));
        Assert.Equal(20, summary.Count);
        Assert.Equal(NotificationEventTypes.AgentOnline, summary.Event.Type);
        Assert.Contains("20 times in 5 min", summary.Title, StringComparison.Ordinal);

        Assert.Null(coalescer.Offer(Agent(NotificationEventTypes.AgentOffline, s_t0.AddMinutes(6)), s_t0.AddMinutes(6)));
        Assert.Equal(2, Assert.Single(coalescer.Flush(s_t0.AddMinutes(10))).Count);
        Assert.Empty(coalescer.Flush(s_t0.AddMinutes(15)));
        Assert.Null(coalescer.NextDue);
        Assert.NotNull(coalescer.Offer(Agent(NotificationEventTypes.AgentOffline, s_t0.AddMinutes(16)), s_t0.AddMinutes(16)));
    }

    [Fact]
    public void Offer_DifferentSubjectsOrKinds_NotCoalesced()
    {
        var coalescer = new Coalescer(TimeSpan.FromMinutes(5));
        var server = Guid.NewGuid();
        Assert.NotNull(coalescer.Offer(Agent(NotificationEventTypes.AgentOffline, s_t0), s_t0));
        Assert.NotNull(coalescer.Offer(new NotificationEvent(NotificationEventTypes.AgentOffline, null, Guid.NewGuid(), "x", "x", s_t0), s_t0));
        Assert.NotNull(coalescer.Offer(new NotificationEvent(NotificationEventTypes.BackupFailed, server, null, "x", "x", s_t0), s_t0));
        Assert.NotNull(coalescer.Offer(new NotificationEvent(NotificationEventTypes.PlayerJoined, server, null, "x", "x", s_t0, Key: "alice"), s_t0));
        Assert.NotNull(coalescer.Offer(new NotificationEvent(NotificationEventTypes.PlayerJoined, server, null, "x", "x", s_t0, Key: "bob"), s_t0));
        Assert.Null(coalescer.Offer(new NotificationEvent(NotificationEventTypes.PlayerLeft, server, null, "x", "x", s_t0, Key: "bob"), s_t0));
    }

    [Fact]
    public void Reserve_BurstAboveLimit_SpacesTheRest()
    {
        var limit = new RateLimit(6, s_t0);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, limit.Reserve(s_t0));
        }
        Assert.Equal(TimeSpan.FromSeconds(10), limit.Reserve(s_t0));
        Assert.Equal(TimeSpan.FromSeconds(20), limit.Reserve(s_t0));
        Assert.Equal(TimeSpan.Zero, limit.Reserve(s_t0.AddMinutes(2)));
    }

    [Fact]
    public void Delay_Attempts_DoublesUpToCap()
    {
        var delays = Enumerable.Range(1, 6).Select(a => RetryPolicy.Delay(a, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)).TotalSeconds);
        Assert.Equal([2, 4, 8, 16, 30, 30], delays);
    }

    [Fact]
    public void Sign_Body_IsHexHmacSha256WithPrefix()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"test\"}");
        var expected = "sha256=" + Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes("s3cret")).ComputeHash(body));
        Assert.Equal(expected, NotificationPayloads.Sign("s3cret", body));
        Assert.Equal("sha256=", expected[..7]);
        Assert.Equal(71, expected.Length);
    }

    [Fact]
    public void Discord_Message_OneEmbedWithColorTimestampAndFields()
    {
        var e = new NotificationEvent(NotificationEventTypes.BackupFailed, Guid.NewGuid(), null, "Backup of 'alpha' failed", "disk full", s_t0, NotificationSeverities.Error);
        using var json = JsonDocument.Parse(NotificationPayloads.Discord(new NotificationMessage(e, 3, TimeSpan.FromMinutes(5), ServerName: "alpha")));
        var embed = json.RootElement.GetProperty("embeds")[0];
        Assert.Equal("Backup of 'alpha' failed (3 times in 5 min)", embed.GetProperty("title").GetString());
        Assert.Equal(0xE74C3C, embed.GetProperty("color").GetInt32());
        Assert.Equal("2026-12-02T12:00:00.0000000+00:00", embed.GetProperty("timestamp").GetString());
        var fields = embed.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("alpha", fields["Server"]);
        Assert.Equal("3", fields["Times"]);
        Assert.Equal("Backup failed", fields["Event"]);
    }

    [Fact]
    public void Accepts_ChannelFilters_EventsServersAndExplicitPlayerServers()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var channel = new NotificationChannelEntity
        {
            Name = "c", Kind = ChannelKinds.Webhook, ProtectedSecrets = "", Events = [NotificationEventTypes.ServerDown, NotificationEventTypes.PlayerJoined, NotificationEventTypes.AgentOffline],
            AllServers = false, ServerIds = [a], PlayerServerIds = [b],
        };
        NotificationEvent E(string type, Guid? server) => new(type, server, null, "t", "t", s_t0);
        Assert.True(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.ServerDown, a)));
        Assert.False(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.ServerDown, b)));
        Assert.False(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.ServerUp, a)));
        Assert.True(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.AgentOffline, null)));
        Assert.False(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.PlayerJoined, a)));
        Assert.True(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.PlayerJoined, b)));
        channel.AllServers = true;
        channel.PlayerServerIds = [];
        Assert.True(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.ServerDown, b)));
        Assert.False(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.PlayerJoined, b)));
        channel.Enabled = false;
        Assert.False(NotificationDispatcher.Accepts(channel, E(NotificationEventTypes.ServerDown, a)));
    }

    [Fact]
    public void Defaults_ExcludePlayerEvents()
    {
        Assert.DoesNotContain(NotificationEventTypes.PlayerJoined, NotificationEventTypes.Defaults);
        Assert.Contains(NotificationEventTypes.AgentOffline, NotificationEventTypes.Defaults);
    }
}
