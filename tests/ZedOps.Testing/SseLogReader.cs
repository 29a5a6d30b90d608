using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Testing;

/// <summary>Reads a console SSE stream the way <c>curl -N</c> would: line by line as it arrives.</summary>
public static class SseLogReader
{
    /// <summary>The log lines of the stream at <paramref name="path"/>, up to the first that matches
    /// <paramref name="until"/> (or to its end); throws when the answer is not an event stream.</summary>
    public static async Task<List<LogLine>> ReadAsync(HttpClient client, string path, Func<LogLine, bool>? until, Func<Task>? onFirst = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}: {await response.Content.ReadAsStringAsync()}");
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<LogLine>();
        while (await reader.ReadLineAsync().DefaultTimeout() is { } text)
        {
            if (!text.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }
            var line = JsonSerializer.Deserialize(text["data: ".Length..], ProtocolJsonContext.Default.LogLine)!;
            lines.Add(line);
            if (lines.Count == 1 && onFirst is not null)
            {
                await onFirst();
            }
            if (until?.Invoke(line) == true)
            {
                break;
            }
        }
        return lines;
    }
}
