using System.Net;
using System.Net.Http.Json;
using Xunit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Testing;

/// <summary>A running manager with one registered, connected real agent — the usual starting point of container tests.</summary>
public sealed class ManagerWithAgent : IAsyncDisposable
{
    private ManagerWithAgent(ManagerHost manager, HttpClient admin, AgentProcess agent, Guid agentId)
    {
        Manager = manager;
        Admin = admin;
        Agent = agent;
        AgentId = agentId;
    }

    public ManagerHost Manager { get; }
    public HttpClient Admin { get; }
    public AgentProcess Agent { get; }
    public Guid AgentId { get; }

    public static async Task<ManagerWithAgent> StartAsync(string? agentName = null, ManagerHostOptions? options = null)
    {
        var manager = await ManagerHost.StartAsync(options);
        var admin = await manager.CreateAdminClientAsync();
        var registered = await manager.RegisterAgentAsync(admin, agentName);
        var agent = AgentProcess.Start(manager.BaseAddress, null, null, AgentIdentityFiles.Write(manager, registered));
        await manager.WaitOnlineAsync(registered.AgentId);
        return new ManagerWithAgent(manager, admin, agent, registered.AgentId);
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        Admin.Dispose();
        await Manager.DisposeAsync();
        Manager.DeleteData();
    }
}

/// <summary>Base for tests that need Docker test containers and a manager with one connected agent.</summary>
public abstract class ManagerWithAgentTestBase : IAsyncLifetime
{
    private ManagerWithAgent? _host;
    private readonly List<string> _servers = [];

    protected DockerTestContainers Docker { get; } = new();
    protected ManagerWithAgent Host => _host ?? throw new InvalidOperationException("not initialised");
    protected ManagerHost Manager => Host.Manager;
    protected HttpClient Admin => Host.Admin;
    protected Guid AgentId => Host.AgentId;
    protected virtual string? AgentName => null;

    /// <summary>Manager settings for the test class (e.g. services swapped through ConfigureServices).</summary>
    protected virtual ManagerHostOptions? HostOptions => null;

    public async Task InitializeAsync()
    {
        await Docker.InitializeAsync();
        _host = await ManagerWithAgent.StartAsync(AgentName, HostOptions);
    }

    /// <summary>Runs before the manager and agent stop (e.g. to remove containers the test made through ZedOps).</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>Creates a pz-sim server through the API (a one-second simulated boot) and waits until it is running;
    /// its container is removed when the test ends.</summary>
    protected Task<ServerView> CreateRunningPzSimAsync(string prefix = "e2e", string? build = null) =>
        PzSimServers.CreateRunningAsync(Admin, AgentId, prefix, _servers, TimeSpan.FromSeconds(90), build: build);

    public async Task DisposeAsync()
    {
        await CleanupAsync();
        await PzSimServers.RemoveAsync(_servers);
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await Docker.DisposeAsync();
    }
}
