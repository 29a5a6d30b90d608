using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>The live API route table, for tests generated from it (so a new route is covered without being listed).</summary>
internal static partial class ApiRouteTable
{
    public static List<(string Method, string Pattern, RouteEndpoint Endpoint)> Routes(ManagerHost manager) =>
        [.. manager.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw == "/health"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'), e)))];

    public static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }
        using var response = await client.SendAsync(request).DefaultTimeout();
        return response.StatusCode;
    }

    /// <summary>Fills route parameters: the given values by name, else guids, the first alternative of a regex
    /// constraint, or a plain word.</summary>
    public static string Concrete(string pattern, IReadOnlyDictionary<string, string>? values = null) => Parameter().Replace(pattern, m =>
        values is not null && values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Groups["constraint"].Value switch
        {
            var c when c.StartsWith("guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            var c when c.StartsWith("long", StringComparison.Ordinal) || c.StartsWith("int", StringComparison.Ordinal) => "1",
            var c when c.StartsWith("regex", StringComparison.Ordinal) => Alternative().Match(c).Groups[1].Value,
            _ => "abc",
        });

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)(:(?<constraint>[^}]+(\}[^}/]*)?))?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\^\(([a-z-]+)")]
    private static partial Regex Alternative();
}
