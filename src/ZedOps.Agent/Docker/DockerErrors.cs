using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using ZedOps.Protocol;

namespace ZedOps.Agent.Docker;

/// <summary>Docker.DotNet's failures as <see cref="ContainerRuntimeException"/> codes.</summary>
internal static class DockerErrors
{
    public static bool TryMap(Exception ex, string? idOrName, Uri endpoint, out ContainerRuntimeException mapped)
    {
        mapped = ex switch
        {
            ContainerRuntimeException known => known,
            DockerApiException { StatusCode: HttpStatusCode.NotFound } when idOrName is not null =>
                new ContainerRuntimeException(ErrorCodes.NotFound, $"no container '{idOrName}' on this host", ex),
            DockerApiException { StatusCode: HttpStatusCode.Conflict } api => new ContainerRuntimeException(ErrorCodes.Conflict, ConflictMessage(api, idOrName), ex),
            DockerApiException api => new ContainerRuntimeException(ErrorCodes.DockerError, $"Docker: {MessageOf(api)}", ex),
            HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException =>
                Unavailable(endpoint, ex),
            _ => null!,
        };
        return mapped is not null;
    }

    public static ContainerRuntimeException Unavailable(Uri endpoint, Exception ex) =>
        new(ErrorCodes.DockerUnavailable, $"Docker daemon at {endpoint} is not reachable: {Innermost(ex).Message}", ex);

    /// <summary>Docker's error body is <c>{"message":"..."}</c>.</summary>
    public static string MessageOf(DockerApiException ex)
    {
        var body = ex.ResponseBody;
        if (string.IsNullOrWhiteSpace(body))
        {
            return $"HTTP {(int)ex.StatusCode}";
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }
        return body.Trim();
    }

    private static string ConflictMessage(DockerApiException ex, string? idOrName)
    {
        var message = MessageOf(ex);
        return idOrName is not null && message.Contains("is not running", StringComparison.OrdinalIgnoreCase)
            ? $"container '{idOrName}' is not running"
            : message;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }
        return ex;
    }
}
