using ZedOps.Manager.Features.Settings;

namespace ZedOps.Manager.Hosting;

internal static class SettingsServiceCollectionExtensions
{
    /// <summary>The settings editor: ini, SandboxVars, mod list, history and live apply.</summary>
    public static IServiceCollection AddZedOpsSettings(this IServiceCollection services)
    {
        services.AddScoped<SettingsFiles>();
        services.AddScoped<SettingsHistory>();
        services.AddScoped<ServerSettings>();
        services.AddScoped<SettingsApply>();
        services.AddScoped<SettingsUi>();
        return services;
    }
}
