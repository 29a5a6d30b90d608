using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Console;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Identity;
using ZedOps.Agent.Link;
using ZedOps.Agent.Mods;
using ZedOps.Agent.Players;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;

namespace ZedOps.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>Everything the agent runs; tests and the bench host it in-process through this too.</summary>
    public static IServiceCollection AddZedOpsAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, ValidateAgentOptions>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(AgentRegistration));
        services.AddHttpClient(nameof(Update.SelfUpdater), c => c.Timeout = TimeSpan.FromMinutes(4));
        services.AddSingleton<Update.UpdateGuardFactory>();
        services.AddSingleton<Update.SelfUpdater>();
        services.AddHostedService<Update.UpdateWatchdog>();
        services.AddSingleton<ProcFileSystem>();
        services.AddSingleton<HostProbe>();
        services.AddSingleton<IContainerRuntime, DockerContainerRuntime>();
        services.AddSingleton<AgentRegistration>();
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<ManagerChannel>();
        services.AddSingleton<ContainerTable>();
        services.AddSingleton<ContainerCommands>();
        services.AddSingleton<ConsoleStreams>();
        services.AddHostedService<ContainerEventPump>();
        services.AddSingleton<PathGuard>();
        services.AddSingleton<Settings.ServerFiles>();
        services.AddSingleton<PortScanner>();
        services.AddSingleton<ReadinessWatcher>();
        services.AddSingleton<WorldSave>();
        services.AddSingleton<GracefulStop>();
        services.AddSingleton<ServerEvents>();
        services.AddSingleton<ServerProvisioner>();
        services.AddSingleton<ServerQueries>();
        services.AddSingleton<ServerAdoption>();
        services.AddSingleton<ServerSupervisor>();
        services.AddSingleton<CrashWatcher>();
        services.AddSingleton<Backups.BackupStore>();
        services.AddSingleton<Backups.BackupProgress>();
        services.AddSingleton<Backups.BackupCommands>();
        services.AddSingleton<Backups.Targets.TargetCommands>();
        services.AddSingleton<Backups.BackupTransfers>();
        services.AddSingleton<RconPool>();
        services.AddSingleton<ModsCheckWatcher>();
        services.AddSingleton<RconCommands>();
        services.AddSingleton<PlayerWatches>();
        services.AddSingleton<HostReport>();
        services.AddSingleton<Metrics.MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<Metrics.MetricsSampler>());
        services.AddSingleton<LinkSession>();
        services.AddSingleton<AgentRunResult>();
        services.AddSingleton<ManagerLink>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagerLink>());
        return services;
    }
}
