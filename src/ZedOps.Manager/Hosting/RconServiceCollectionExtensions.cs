using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Rcon;

namespace ZedOps.Manager.Hosting;

internal static class RconServiceCollectionExtensions
{
    /// <summary>RCON console, player watch and history, quick actions and warned restarts.</summary>
    public static IServiceCollection AddZedOpsRcon(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlayersOptions>().Bind(configuration.GetSection(PlayersOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlayersOptions>, ValidatePlayersOptions>();
        services.AddScoped<RconConsole>();
        services.AddSingleton<RconHistory>();
        services.AddSingleton<ServerCountdowns>();
        services.AddSingleton<PlayerRoster>();
        services.AddSingleton(PlayerRoutes.Create);
        services.AddHostedService<PlayerWatchLoop>();
        services.AddSingleton<Features.Mods.ModUpdateWatcher>();
        services.AddScoped<Features.Mods.ModUpdateSettings>();
        services.AddOptions<Features.Mods.SteamOptions>().Bind(configuration.GetSection(Features.Mods.SteamOptions.SectionName));
        services.AddHttpClient<Features.Mods.SteamWorkshop>(c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddFleetSingleton("mod-watch", sp => sp.GetRequiredService<Features.Mods.ModUpdateWatcher>());
        return services;
    }
}
