using System.Net;
using System.Net.Http.Json;
using ZedOps.Agent;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Tests.Features.Agents;

/// <summary>The real agent (registration, link, heartbeats, reconnect) against the real manager.</summary>
public sealed class AgentLifecycleTests
{
    [Fact]
    public async Task FirstStart_RegistersSavesIdentity0600AndComesOnlineWithMetrics()
    {
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(300) });
        using var admin = await manager.CreateAdminClientAsync();
        var token = await manager.CreateRegistrationTokenAsync(admin, "first-start");

        await using var agent = AgentProcess.Start(manager.BaseAddress, token, "first-start");

        var view = await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<List<AgentView>>("/api/agents"))!.SingleOrDefault(),
            v => v is { Status: "online", Metrics: not null }, "agent online with metrics");
        Assert.Equal(Environment.MachineName, view!.Hostname);
        Assert.True(view.Metrics!.MemoryTotalBytes > 0);
        var identityFile = Path.Combine(agent.StateDir, "agent.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(identityFile));
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(identityFile), StringComparison.Ordinal);
        manager.DeleteData();
    }

    [Fact]
    public async Task Revoke_ClosesSocketAtOnceAndAgentExitsWithTokenRejectedCode()
    {
        await using var manager = await ManagerHost.StartAsync();
        using var admin = await manager.CreateAdminClientAsync();
        var registered = await manager.RegisterAgentAsync(admin, "doomed");
        await using var agent = AgentProcess.Start(manager.BaseAddress, null, null, AgentIdentityFiles.Write(manager, registered));
        await manager.WaitOnlineAsync(registered.AgentId);

        using var revoke = await admin.DeleteAsync($"/api/agents/{registered.AgentId}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var containers = await admin.GetAsync($"/api/agents/{registered.AgentId}/containers"); // the very next request
        Assert.Equal(HttpStatusCode.NotFound, containers.StatusCode);
        await agent.Completion.DefaultTimeout();
        Assert.Equal(AgentExitCodes.TokenRejected, agent.Result.ExitCode);
        Assert.Contains("revoked", agent.Result.Reason, StringComparison.Ordinal);
        Assert.Null(manager.Registry.Find(registered.AgentId));
        Assert.Equal(HttpStatusCode.Unauthorized, await RawAgentSocket.ConnectExpectingRefusalAsync(manager.BaseAddress, registered.AgentToken));
        using var listed = await admin.GetAsync($"/api/agents/{registered.AgentId}");
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        manager.DeleteData();
    }

    [Fact]
    public async Task FirstStart_UsedRegistrationToken_ExitsWithRegistrationRefusedAndReason()
    {
        await using var manager = await ManagerHost.StartAsync();
        using var admin = await manager.CreateAdminClientAsync();
        var token = await manager.CreateRegistrationTokenAsync(admin);
        await using (var first = AgentProcess.Start(manager.BaseAddress, token, "first-user"))
        {
            await Eventually.TrueAsync(() => manager.Registry.OnlineCount == 1, "first agent online");
        }

        await using var second = AgentProcess.Start(manager.BaseAddress, token, "second-user");
        await second.Completion.DefaultTimeout();

        Assert.Equal(AgentExitCodes.RegistrationRefused, second.Result.ExitCode);
        Assert.Contains("already used", second.Result.Reason, StringComparison.Ordinal);
        manager.DeleteData();
    }

    [Fact]
    public async Task FirstStart_NoTokenAndNoIdentity_ExitsWithConfigurationError()
    {
        await using var agent = AgentProcess.Start(new Uri("http://127.0.0.1:9"), null, null);
        await agent.Completion.DefaultTimeout();
        Assert.Equal(AgentExitCodes.InvalidConfiguration, agent.Result.ExitCode);
        Assert.Contains("--token", agent.Result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAgentToken_AgentExitsWithTokenRejectedCode()
    {
        await using var manager = await ManagerHost.StartAsync();
        var forged = new AgentRegistered(Guid.NewGuid(), "forged", "zagt_" + new string('x', 43), SigningKey: "");
        await using var agent = AgentProcess.Start(manager.BaseAddress, null, null, AgentIdentityFiles.Write(manager, forged));

        await agent.Completion.DefaultTimeout();

        Assert.Equal(AgentExitCodes.TokenRejected, agent.Result.ExitCode);
        manager.DeleteData();
    }

    [Fact]
    public async Task ManagerRestartedOnSamePort_AgentBackOnlineWithinBackoffBound()
    {
        var first = await ManagerHost.StartAsync();
        var options = first.Options with { Port = first.BaseAddress.Port };
        using var admin = await first.CreateAdminClientAsync();
        var registered = await first.RegisterAgentAsync(admin, "survivor");
        await using var agent = AgentProcess.Start(first.BaseAddress, null, null, AgentIdentityFiles.Write(first, registered));
        await first.WaitOnlineAsync(registered.AgentId);

        await first.DisposeAsync();
        await using var second = await ManagerHost.StartAsync(options);

        // The test agent's backoff caps at 2 s; allow the bound plus a connect.
        await Eventually.TrueAsync(() => second.Registry.Find(registered.AgentId) is not null, "agent back online", TimeSpan.FromSeconds(10));
        Assert.Equal(AgentExitCodes.Ok, agent.Result.ExitCode);
        second.DeleteData();
    }

    [Fact]
    public async Task TwentyAgentsAtOnce_AllOnlineAndPingable()
    {
        await using var manager = await ManagerHost.StartAsync();
        using var admin = await manager.CreateAdminClientAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tokens.Add(await manager.CreateRegistrationTokenAsync(admin));
        }

        var agents = tokens.Select((t, i) => AgentProcess.Start(manager.BaseAddress, t, $"fleet-{i:00}")).ToList();
        try
        {
            await Eventually.TrueAsync(() => manager.Registry.OnlineCount == 20, "20 agents online");
            var listed = (await admin.GetFromJsonAsync<List<AgentView>>("/api/agents"))!;
            Assert.Equal(20, listed.Count(a => a.Status == "online"));
            var pings = await Task.WhenAll(listed.Select(a => admin.PostAsync($"/api/agents/{a.Id}/ping", null))).DefaultTimeout();
            Assert.All(pings, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        }
        finally
        {
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
        }
        await Eventually.TrueAsync(() => manager.Registry.OnlineCount == 0, "all agents offline after they stop");
        manager.DeleteData();
    }
}
