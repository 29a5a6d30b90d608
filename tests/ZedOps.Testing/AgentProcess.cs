using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZedOps.Agent;

namespace ZedOps.Testing;

/// <summary>A real agent (registration, WebSocket link, heartbeats) hosted in the test process.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Task _run;

    private AgentProcess(IHost host, string stateDir)
    {
        _host = host;
        StateDir = stateDir;
        Result = host.Services.GetRequiredService<AgentRunResult>();
        _run = host.RunAsync(); // disposes the host when it ends
    }

    public string StateDir { get; }

    public AgentRunResult Result { get; }

    /// <summary>Completes when the agent stops by itself (fatal exit) or is disposed.</summary>
    public Task Completion => _run;

    public static AgentProcess Start(Uri manager, string? token, string? name, string? stateDir = null, TimeSpan? heartbeat = null,
        Action<IServiceCollection>? configureServices = null)
    {
        stateDir ??= Path.Combine(Path.GetTempPath(), "zedops-agent-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Agent:ManagerUrl"] = manager.ToString(),
            ["Agent:Token"] = token,
            ["Agent:Name"] = name,
            ["Agent:StateDir"] = stateDir,
            ["Agent:DataRoot"] = Path.Combine(stateDir, "servers"),
            ["Agent:ReconnectMin"] = "00:00:00.200",
            ["Agent:ReconnectMax"] = "00:00:02",
            ["Agent:HeartbeatInterval"] = (heartbeat ?? TimeSpan.FromSeconds(10)).ToString(),
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddZedOpsAgent(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        return new AgentProcess(builder.Build(), stateDir);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            try
            {
                await _host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }
        }
        await _run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
