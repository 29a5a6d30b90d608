using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Notifications;

namespace ZedOps.Manager.Hosting;

internal static class NotificationServiceCollectionExtensions
{
    /// <summary>Channels (Discord, signed webhook, e-mail), the dispatcher, and the bridges that turn what other
    /// features already observe (agent presence, server status, host disk) into events.</summary>
    public static IServiceCollection AddZedOpsNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationsOptions>().Bind(configuration.GetSection(NotificationsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationsOptions>, ValidateNotificationsOptions>();
        // No request logging: a Discord webhook URL is a credential and HttpClient's logs print URLs.
        services.AddHttpClient(NotificationSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddSingleton<Notifications>();
        services.AddSingleton<NotificationSecrets>();
        services.AddSingleton<INotificationSender, NotificationSender>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<DeliveryLog>());
        services.AddSingleton<ChannelWorkers>();
        services.AddScoped<NotificationChannels>();
        services.AddHostedService<NotificationDispatcher>();
        services.AddFleetSingleton<AgentNotificationBridge>("agent-notifications");
        services.AddFleetSingleton<ServerStatusBridge>("server-status-notifications");
        return services;
    }
}
