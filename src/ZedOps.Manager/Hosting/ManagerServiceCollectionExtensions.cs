using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Containers;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Hosting;

internal static class ManagerServiceCollectionExtensions
{
    /// <summary>Binds and validates options (all failures reported at start) and returns them for the other Add* calls.</summary>
    public static ManagerOptions AddZedOpsOptions(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(ManagerEnvironment.Read());
        builder.Services.AddOptions<ManagerOptions>().Bind(builder.Configuration.GetSection(ManagerOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagerOptions>, ValidateManagerOptions>();
        var options = builder.Configuration.GetSection(ManagerOptions.SectionName).Get<ManagerOptions>() ?? new ManagerOptions();
        var result = new ValidateManagerOptions().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(ManagerOptions.SectionName, typeof(ManagerOptions), result.Failures);
        }
        builder.Services.TryAddTimeProvider();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return options;
    }

    public static IServiceCollection AddZedOpsAgents(this IServiceCollection services)
    {
        services.AddSingleton<AgentRegistry>();
        services.AddSingleton<Features.Health.DatabaseHealth>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Health.DatabaseHealth>());
        services.AddSingleton<Features.AgentDownloads.AgentSigningKey>();
        services.AddSingleton<Features.AgentDownloads.AgentReleases>();
        services.AddScoped<Features.AgentDownloads.AgentUpdates>();
        services.AddSingleton<IAgentLink, LocalAgentLink>();
        services.AddSingleton<AgentMessageHandlers>();
        services.AddSingleton<AgentAuthenticator>();
        services.AddSingleton<AgentHub>();
        services.AddSingleton<AgentEventFilter>();
        services.AddScoped<AgentRegistrations>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQueries>();
        services.AddFleetSingleton<AuditRetention>("audit-retention");
        services.AddScoped<Features.Tokens.ApiTokens>();
        services.AddHostedService<AgentLivenessMonitor>();
        services.AddSingleton<ContainerFleet>();
        services.AddSingleton<ContainerLogHub>();
        services.AddScoped<ContainerControl>();
        services.AddSingleton(ContainerRoutes.Create);
        services.AddHostedService<ContainerFleetSync>();
        services.AddSingleton<ServerActivity>();
        services.AddScoped<Features.Backups.ServerBackups>();
        services.AddSingleton<Features.Backups.BackupTransfers>();
        services.AddScoped<Features.Backups.BackupStreams>();
        services.AddScoped<Features.Backups.BackupClones>();
        services.AddSingleton<Features.BackupTargets.BackupTargetSecrets>();
        services.AddSingleton<Features.BackupTargets.BackupCopier>();
        services.AddScoped<Features.BackupTargets.BackupTargets>();
        services.AddScoped<Features.BackupTargets.TargetProbe>();
        services.AddSingleton<ServerOperations>();
        services.AddSingleton<ServerSecretsProtector>();
        services.AddSingleton<ServerSpecs>();
        services.AddSingleton<ServerSync>();
        services.AddSingleton<ServerCrashes>();
        services.AddSingleton(ServerRoutes.Create);
        services.AddHostedService<ServerSyncOnConnect>();
        services.AddFleetSingleton<DeletedServerRetention>("deleted-server-retention");
        services.AddScoped<PortAllocator>();
        services.AddScoped<ServerCreation>();
        services.AddScoped<ServerAdoption>();
        services.AddScoped<ServerLifecycle>();
        services.AddScoped<ServerViews>();
        services.AddScoped<ServerConfigUpdates>();
        services.AddHostedService<LocalAgentLauncher>();
        return services;
    }

    public static IServiceCollection AddZedOpsUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
