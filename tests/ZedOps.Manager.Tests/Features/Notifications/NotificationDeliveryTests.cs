using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Features.Notifications;
using ZedOps.Manager.Features.Players;
using ZedOps.Protocol;
using NotificationHub = ZedOps.Manager.Features.Notifications.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

/// <summary>Real receivers on loopback: a Kestrel HTTP listener for Discord and webhooks, an SMTP sink for e-mail.</summary>
public sealed class NotificationDeliveryTests : ManagerTestBase, IAsyncLifetime
{
    private HttpReceiver _receiver = default!;

    protected override ManagerHostOptions HostOptions => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        Settings = new Dictionary<string, string>
        {
            ["ZedOps:Notifications:DedupeWindow"] = "00:01:00",
            ["ZedOps:Notifications:RetryBaseDelay"] = "00:00:00.200",
        },
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _receiver = await HttpReceiver.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await DisposeAsync();
    }

    private NotificationHub Hub => Manager.Services.GetRequiredService<NotificationHub>();

    private async Task<Guid> CreateChannelAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync("/api/notifications/channels", request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> WaitDeliveryAsync(Guid channel, string status) =>
        await Eventually.ReturnsAsync(async () =>
        {
            var rows = await Admin.GetFromJsonAsync<JsonElement>($"/api/notifications/deliveries?channelId={channel}");
            return rows.EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() == status);
        }, r => r.ValueKind == JsonValueKind.Object, $"a {status} delivery");

    private static NotificationEvent BackupFailed(string text = "disk full") =>
        new(NotificationEventTypes.BackupFailed, null, null, "Backup of 'alpha' failed", text, DateTimeOffset.UtcNow, NotificationSeverities.Error);

    [Fact]
    public async Task Discord_EventAfter429_RetriedAfterRetryAfterAndEmbedReceived()
    {
        var id = await CreateChannelAsync(new { name = "discord", kind = "discord", url = _receiver.Url("/api/webhooks/1/token").ToString() });
        _receiver.RespondNext(429, retryAfterSeconds: 1);

        Hub.Publish(BackupFailed());

        var sent = await WaitDeliveryAsync(id, DeliveryStatuses.Sent);
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        Assert.Contains("429", sent.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _receiver.Requests.Count);
        var request = _receiver.Requests.Last();
        Assert.Equal("/api/webhooks/1/token", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var embed = Assert.Single(json.RootElement.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Backup of 'alpha' failed", embed.GetProperty("title").GetString());
        Assert.Equal("disk full", embed.GetProperty("description").GetString());
        Assert.Equal(NotificationPayloads.ColorOf(NotificationSeverities.Error), embed.GetProperty("color").GetInt32());
        Assert.True(DateTimeOffset.TryParse(embed.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task Webhook_Event_BodySignedWithChannelSecret()
    {
        await CreateChannelAsync(new { name = "hook", kind = "webhook", url = _receiver.Url("/hook").ToString(), signingSecret = "t0p-secret" });

        Hub.Publish(BackupFailed("agent lost"));

        var request = await _receiver.WaitForAsync(r => r.Path == "/hook", "the webhook POST");
        Assert.Equal(NotificationPayloads.Sign("t0p-secret", request.Body), request.Headers[NotificationPayloads.SignatureHeader]);
        Assert.NotEqual(NotificationPayloads.Sign("other", request.Body), request.Headers[NotificationPayloads.SignatureHeader]);
        Assert.True(long.TryParse(request.Headers[NotificationPayloads.TimestampHeader], out var unix)
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) < 120);
        Assert.Equal("backup.failed", request.Headers[NotificationPayloads.EventHeader]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("backup.failed", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("agent lost", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("error", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Email_Event_SmtpSinkReceivesMessage()
    {
        await using var sink = new SmtpSink();
        await CreateChannelAsync(new
        {
            name = "mail", kind = "email",
            smtp = new { host = "127.0.0.1", port = sink.Port, security = "none", from = "zedops@example.test", to = "ops@example.test, owner@example.test" },
        });

        Hub.Publish(BackupFailed("no space left on device"));

        var mail = await sink.WaitForAsync(m => m.Data.Contains("no space left", StringComparison.Ordinal), "the e-mail");
        Assert.Equal("zedops@example.test", mail.From);
        Assert.Equal(["ops@example.test", "owner@example.test"], mail.To);
        Assert.Contains("Subject: [ZedOps] Backup of 'alpha' failed", mail.Data, StringComparison.Ordinal);
        Assert.Contains("Event: Backup failed (backup.failed)", mail.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_Channel_SecretsNeverReturnedAndChangesAudited()
    {
        var url = _receiver.Url("/api/webhooks/42/very-secret-token").ToString();
        var id = await CreateChannelAsync(new { name = "d2", kind = "discord", url });
        var mailId = await CreateChannelAsync(new
        {
            name = "m2", kind = "email",
            smtp = new { host = "127.0.0.1", port = 25, security = "starttls", user = "u", password = "p4ssw0rd", from = "a@example.test", to = "b@example.test" },
        });
        using (var put = await Admin.PutAsJsonAsync($"/api/notifications/channels/{id}", new { events = new[] { "agent.offline" } }))
        {
            put.EnsureSuccessStatusCode();
        }

        var list = await Admin.GetStringAsync("/api/notifications/channels");
        Assert.DoesNotContain("very-secret-token", list, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/webhooks", list, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ssw0rd", list, StringComparison.Ordinal);
        var channels = JsonDocument.Parse(list).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetGuid());
        Assert.Equal("set (….0.1)", channels[id].GetProperty("url").GetString());
        Assert.Equal(["agent.offline"], channels[id].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("set", channels[mailId].GetProperty("smtp").GetProperty("password").GetString());
        var audit = await Admin.GetStringAsync("/api/audit?action=notification-channel");
        Assert.Contains("notification-channel.update", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-token", audit, StringComparison.Ordinal);

        using var bad = await Admin.PostAsJsonAsync("/api/notifications/channels", new { name = "x", kind = "discord", url = "ftp://nope" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var anonymous = Manager.CreateAnonymousClient();
        using var denied = await anonymous.GetAsync("/api/notifications/channels");
        Assert.True(denied.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SendTest_Discord_DeliveredAndInDeliveryLog()
    {
        var id = await CreateChannelAsync(new { name = "test-me", kind = "discord", url = _receiver.Url("/discord").ToString() });

        using var response = await Admin.PostAsync($"/api/notifications/channels/{id}/test", null).DefaultTimeout();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("succeeded").GetBoolean());
        var request = Assert.Single(_receiver.Requests);
        Assert.Contains("ZedOps test notification", request.Text, StringComparison.Ordinal);
        var sent = await WaitDeliveryAsync(id, DeliveryStatuses.Sent);
        Assert.Equal("test", sent.GetProperty("eventType").GetString());

        _receiver.RespondNext(404);
        using var failing = await Admin.PostAsync($"/api/notifications/channels/{id}/test", null).DefaultTimeout();
        var failed = await failing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failed.GetProperty("succeeded").GetBoolean());
        Assert.Contains("HTTP 404", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 404", (await WaitDeliveryAsync(id, DeliveryStatuses.Failed)).GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlappingAgent_FiveDisconnectsInOneWindow_OneMessage()
    {
        await CreateChannelAsync(new { name = "flap", kind = "webhook", url = _receiver.Url("/flap").ToString(), events = new[] { "agent.offline", "agent.online", "backup.failed" } });
        var agent = await Manager.RegisterAgentAsync(Admin);

        for (var i = 0; i < 5; i++)
        {
            await using var socket = await RawAgentSocket.ConnectAsync(Manager.BaseAddress, agent.AgentToken);
            await socket.ReceiveSubjectAsync(Subjects.Hello);
            await socket.SendHelloAsync();
            await Manager.WaitOnlineAsync(agent.AgentId);
            await socket.DisposeAsync();
            await Manager.WaitOnlineAsync(agent.AgentId, online: false);
        }
        // Events go through one queue and one per-channel sender in order: once this marker arrives, nothing from the flapping is still on its way.
        Hub.Publish(BackupFailed("marker"));
        await _receiver.WaitForAsync(r => r.Text.Contains("marker", StringComparison.Ordinal), "the marker");

        var agentMessages = _receiver.Requests.Where(r => r.Headers[NotificationPayloads.EventHeader].StartsWith("agent.", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(agentMessages);
        Assert.Equal("agent.offline", only.Headers[NotificationPayloads.EventHeader]);
    }

    [Fact]
    public async Task PlayerEvents_OnlyForServersTheChannelNamed()
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        var watched = await Manager.AddServerRowAsync(agent.AgentId, "pw-" + Guid.NewGuid().ToString("N")[..6], portBase: 41000);
        var other = await Manager.AddServerRowAsync(agent.AgentId, "po-" + Guid.NewGuid().ToString("N")[..6], portBase: 42000);
        await CreateChannelAsync(new
        {
            name = "players", kind = "webhook", url = _receiver.Url("/players").ToString(),
            events = new[] { "player.joined", "player.left", "backup.failed" }, playerServerIds = new[] { watched },
        });
        var roster = Manager.Services.GetRequiredService<PlayerRoster>();

        await roster.ApplyAsync(other, ["mallory"], DateTimeOffset.UtcNow, CancellationToken.None).DefaultTimeout();
        await roster.ApplyAsync(watched, ["alice", "bob"], DateTimeOffset.UtcNow, CancellationToken.None).DefaultTimeout();
        await roster.ApplyAsync(watched, ["bob"], DateTimeOffset.UtcNow, CancellationToken.None).DefaultTimeout();
        Hub.Publish(BackupFailed("marker"));
        await _receiver.WaitForAsync(r => r.Text.Contains("marker", StringComparison.Ordinal), "the marker");

        var titles = _receiver.Requests.Where(r => r.Headers[NotificationPayloads.EventHeader].StartsWith("player.", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("title").GetString()).Order().ToList();
        Assert.Equal(["alice joined", "bob joined"], titles); // alice's leave is in alice's window; mallory's server was not chosen
    }
}
