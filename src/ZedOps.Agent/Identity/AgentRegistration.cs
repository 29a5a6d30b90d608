using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ZedOps.Agent.Identity;

/// <summary>Turns a single-use registration token into a saved agent identity, once.</summary>
internal sealed partial class AgentRegistration(
    IHttpClientFactory httpClients, IOptions<AgentOptions> options, TimeProvider time, ILogger<AgentRegistration> logger)
{
    public async Task<AgentIdentity> EnsureIdentityAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var store = new AgentIdentityStore(settings.StateDir);
        if (store.Load() is { } existing)
        {
            if (settings.Token is not null)
            {
                LogTokenIgnored(logger, store.FilePath);
            }
            return existing with { ManagerUrl = settings.ManagerUrl };
        }
        if (string.IsNullOrWhiteSpace(settings.Token) || string.IsNullOrWhiteSpace(settings.Name))
        {
            throw new AgentFatalException(AgentExitCodes.InvalidConfiguration,
                $"no saved identity in {store.FilePath}: the first start needs --token <registration token> and --name <agent name>");
        }

        var backoff = new Backoff(settings.ReconnectMin, settings.ReconnectMax);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var identity = await RegisterAsync(settings, ct);
                store.Save(identity);
                LogRegistered(logger, identity.AgentName, identity.AgentId, store.FilePath);
                return identity;
            }
            catch (HttpRequestException ex)
            {
                var delay = backoff.Next(attempt);
                LogManagerUnreachable(logger, settings.ManagerUrl, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, ct);
            }
        }
    }

    private async Task<AgentIdentity> RegisterAsync(AgentOptions settings, CancellationToken ct)
    {
        var client = httpClients.CreateClient(nameof(AgentRegistration));
        var url = new Uri(new Uri(settings.ManagerUrl), "/api/agents/register");
        using var response = await client.PostAsJsonAsync(url, new RegisterRequest(settings.Token!, settings.Name!), AgentJsonContext.Default.RegisterRequest, ct);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync(AgentJsonContext.Default.RegisterResponse, ct)
                ?? throw new HttpRequestException("empty registration response");
            return new AgentIdentity(body.AgentId, body.AgentName, settings.ManagerUrl, body.AgentToken, body.SigningKey);
        }
        if (response.StatusCode >= HttpStatusCode.InternalServerError)
        {
            throw new HttpRequestException($"manager answered {(int)response.StatusCode}");
        }
        var problem = await ReadProblemAsync(response, ct);
        throw new AgentFatalException(AgentExitCodes.RegistrationRefused, $"registration refused ({(int)response.StatusCode}): {problem}");
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(AgentJsonContext.Default.ProblemResponse, ct);
            return problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "no reason given";
        }
        catch (System.Text.Json.JsonException)
        {
            return response.ReasonPhrase ?? "no reason given";
        }
    }

    [LoggerMessage(LogLevel.Warning, "A saved identity exists in {Path}; --token is ignored (delete the file to register again)")]
    private static partial void LogTokenIgnored(ILogger logger, string path);

    [LoggerMessage(LogLevel.Information, "Registered as agent '{Name}' ({AgentId}); identity saved to {Path}")]
    private static partial void LogRegistered(ILogger logger, string name, Guid agentId, string path);

    [LoggerMessage(LogLevel.Warning, "Manager {Url} unreachable for registration ({Reason}); retrying in {Seconds:0.0} s")]
    private static partial void LogManagerUnreachable(ILogger logger, string url, string reason, double seconds);
}

/// <summary>A condition no retry can fix; the agent logs the message and exits with the code.</summary>
public sealed class AgentFatalException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
