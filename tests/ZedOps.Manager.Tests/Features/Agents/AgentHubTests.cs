using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Tests.Features.Agents;

public sealed class AgentHubTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync(new ManagerHostOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });
        _admin = await _manager.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("zagt_not-a-real-token")]
    [InlineData("garbage")]
    public async Task Connect_BadToken_Returns401BeforeUpgrade(string? token)
    {
        var status = await RawAgentSocket.ConnectExpectingRefusalAsync(_manager.BaseAddress, token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(0, _manager.Registry.OnlineCount);
    }

    [Fact]
    public async Task Connect_RegistrationTokenInsteadOfAgentToken_Returns401()
    {
        var registrationToken = await _manager.CreateRegistrationTokenAsync(_admin);
        Assert.Equal(HttpStatusCode.Unauthorized, await RawAgentSocket.ConnectExpectingRefusalAsync(_manager.BaseAddress, registrationToken));
    }

    [Fact]
    public async Task Hello_BothSides_AgentOnlineWithHostInfo()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);

        var hello = EnvelopeCodec.DecodeData((await socket.ReceiveSubjectAsync(Subjects.Hello))!, ProtocolJsonContext.Default.Hello);
        await socket.SendHelloAsync();
        await _manager.WaitOnlineAsync(agent.AgentId);

        Assert.Equal(agent.AgentId, hello.AgentId);
        Assert.Equal(PeerRoles.Manager, hello.Role);
        Assert.Equal(500, hello.HeartbeatMilliseconds);
        var view = await _admin.GetAgentAsync(agent.AgentId);
        Assert.Equal("online", view.Status);
        Assert.Equal("test-host", view.Hostname);
    }

    [Fact]
    public async Task Hello_MajorVersionMismatch_RejectedWithReasonAndClosed()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await socket.SendHelloAsync(version: "2.0");

        var rejected = await socket.ReceiveSubjectAsync(Subjects.HelloRejected);
        Assert.NotNull(rejected);
        var reason = EnvelopeCodec.DecodeData(rejected, ProtocolJsonContext.Default.HelloRejected);
        Assert.Equal(ErrorCodes.VersionMismatch, reason.Code);
        Assert.Contains("peer speaks 2.0", reason.Reason, StringComparison.Ordinal);
        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(CloseCodes.VersionMismatch, socket.Socket.CloseStatus);
        Assert.False(_manager.Registry.State(agent.AgentId)?.Online ?? false);
    }

    [Fact]
    public async Task Request_UnknownSubject_GetsTypedErrorReply()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await socket.SendHelloAsync();

        await socket.SendTextAsync("""{"subject":"no.such.thing","reply":"_INBOX.t1","data":{}}""");

        var reply = await socket.ReceiveSubjectAsync("_INBOX.t1");
        Assert.Equal(ErrorCodes.UnknownSubject, reply!.Error!.Code);
        Assert.Contains("no.such.thing", reply.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_ClosesThatSocketOnly()
    {
        var bad = await _manager.RegisterAgentAsync(_admin);
        var good = await _manager.RegisterAgentAsync(_admin);
        await using var badSocket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, bad.AgentToken);
        await using var goodAgent = AgentProcess.Start(_manager.BaseAddress, null, null, AgentIdentityFiles.Write(_manager, good));
        await _manager.WaitOnlineAsync(good.AgentId);

        await badSocket.SendTextAsync("{ this is not json");

        Assert.Null(await badSocket.ReceiveSubjectAsync("never"));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, badSocket.Socket.CloseStatus);
        using var ping = await _admin.PostAsync($"/api/agents/{good.AgentId}/ping", null);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    [Fact]
    public async Task OversizedFrame_ClosesWithPolicyViolation()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        var payload = new string('x', WireOptions.DefaultMaxFrameBytes);

        await socket.SendTextAsync($$"""{"subject":"agent.heartbeat","data":"{{payload}}"}""");

        Assert.Null(await socket.ReceiveSubjectAsync("never"));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.Socket.CloseStatus);
        Assert.Contains("limit", socket.Socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondConnection_ReplacesFirst()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var first = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await first.SendHelloAsync();
        await _manager.WaitOnlineAsync(agent.AgentId);

        await using var second = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await second.SendHelloAsync();

        Assert.Null(await first.ReceiveSubjectAsync("never"));
        Assert.Equal(CloseCodes.Replaced, first.Socket.CloseStatus);
        await Eventually.TrueAsync(() => _manager.Registry.Find(agent.AgentId) is { } current
            && _manager.Registry.Connections.Single(c => c.AgentId == agent.AgentId) == current, "the second connection to be the only live one");
        Assert.True(_manager.Registry.State(agent.AgentId)!.Online);
    }

    [Fact]
    public async Task SilentAgent_ClosedAndMarkedOfflineAfterThreeHeartbeats()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await socket.SendHelloAsync();
        await _manager.WaitOnlineAsync(agent.AgentId);

        Assert.Null(await socket.ReceiveSubjectAsync("never"));

        Assert.Equal(CloseCodes.Unresponsive, socket.Socket.CloseStatus);
        await _manager.WaitOnlineAsync(agent.AgentId, online: false);
    }

    [Fact]
    public async Task Request_AgentNeverAnswers_TypedTimeout()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        await using var socket = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await socket.SendHelloAsync();
        await _manager.WaitOnlineAsync(agent.AgentId);
        var link = _manager.Services.GetRequiredService<IAgentLink>();

        var error = await Assert.ThrowsAsync<WireRequestException>(() =>
            link.RequestAsync(agent.AgentId, Requests.Ping, new PingRequest(DateTimeOffset.UtcNow), TimeSpan.FromMilliseconds(200))).DefaultTimeout();

        Assert.Equal(ErrorCodes.Timeout, error.Code);
    }

    [Fact]
    public async Task Ping_AgentOffline_Returns503ProblemAtOnce()
    {
        var agent = await _manager.RegisterAgentAsync(_admin);
        using var response = await _admin.PostAsync($"/api/agents/{agent.AgentId}/ping", null).DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Contains("offline", problem!.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
