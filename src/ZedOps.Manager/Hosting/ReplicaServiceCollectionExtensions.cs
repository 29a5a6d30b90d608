using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Replicas;

namespace ZedOps.Manager.Hosting;

/// <summary>A hosted service that must run once per fleet; in multi-replica mode it runs under the named lease.</summary>
internal sealed record FleetSingleton(string Name, ServiceDescriptor Descriptor);

internal static class ReplicaServiceCollectionExtensions
{
    /// <summary>Adds a hosted service that must run once per fleet (retention, purges, watchers, notification bridges).
    /// On one node it is an ordinary hosted service; <see cref="AddZedOpsReplicas"/> puts it under a fleet lease.</summary>
    public static IServiceCollection AddFleetSingleton<T>(this IServiceCollection services, string name, Func<IServiceProvider, T>? factory = null)
        where T : class, IHostedService
    {
        var descriptor = factory is null ? ServiceDescriptor.Singleton<IHostedService, T>() : ServiceDescriptor.Singleton<IHostedService>(factory);
        services.Add(descriptor);
        services.AddSingleton(new FleetSingleton(name, descriptor));
        return services;
    }

    /// <summary>Multi-replica mode, when <c>ZEDOPS_NATS_URL</c> is set: the NATS agent link, presence, event fan-out, and
    /// fleet leases around every <see cref="FleetSingleton"/>. Call it last: it rewires what the other Add* calls registered.
    /// Without a NATS URL nothing changes.</summary>
    public static IServiceCollection AddZedOpsReplicas(this IServiceCollection services, ManagerOptions options)
    {
        services.AddSingleton<FleetLeases>();
        if (!options.Replicas.Enabled)
        {
            return services;
        }
        services.AddSingleton<ReplicaBus>();
        services.AddSingleton<LocalAgentLink>();
        services.Replace(ServiceDescriptor.Singleton<IAgentLink, NatsAgentLink>());
        services.AddSingleton(ReplicaEvents.Routes);
        services.AddHostedService<ReplicaConnector>();
        services.AddHostedService<AgentRequestServer>();
        services.AddHostedService<ReplicaPresence>();
        services.AddHostedService<ReplicaEvents>();
        services.AddHostedService<ReplicaAuthEvictions>();
        services.AddSingleton<ServerOperationLeases>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerOperationLeases>());
        foreach (var singleton in services.Where(d => d.ImplementationInstance is FleetSingleton).Select(d => (FleetSingleton)d.ImplementationInstance!).ToList())
        {
            services.Remove(singleton.Descriptor);
            services.AddSingleton<IHostedService>(sp => new LeasedService(singleton.Name, Create(sp, singleton.Descriptor),
                sp.GetRequiredService<FleetLeases>(), sp.GetRequiredService<ReplicaBus>(), sp.GetRequiredService<IOptions<ManagerOptions>>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LeasedService>>()));
        }
        return services;
    }

    private static IHostedService Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory is { } factory
            ? (IHostedService)factory(services)
            : (IHostedService)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
