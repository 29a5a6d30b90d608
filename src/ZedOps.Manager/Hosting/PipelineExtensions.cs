using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Hosting;

internal static class PipelineExtensions
{
    public static WebApplication UseZedOpsPipeline(this WebApplication app)
    {
        app.UseZedOpsForwardedHeaders(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ManagerOptions>>().Value);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
        }
        app.UseStatusCodePages();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.UseMiddleware<CrossOriginProtection>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app));
        return app;
    }

    public static IEndpointRouteBuilder MapAgentHub(this IEndpointRouteBuilder app)
    {
        app.Map(AgentHub.Path, (HttpContext http, AgentHub hub) => hub.AcceptAsync(http)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static void PrintBanner(WebApplication app)
    {
        foreach (var url in app.Urls)
        {
            var shown = url.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
            Console.WriteLine($"ZedOps manager is up: open {shown}");
        }
    }
}
