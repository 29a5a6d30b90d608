using System.Buffers;
using System.Text.Json;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers;

/// <summary><c>GET …/logs?tail=N&amp;follow=true</c> as Server-Sent Events: one <c>data:</c> JSON line per log line
/// (<c>curl -N</c> friendly), a comment every 15 s so dead clients are noticed.</summary>
internal static class ContainerLogStream
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How often an open stream re-checks that its viewer may still see it (a revoked grant ends it).</summary>
    public static readonly TimeSpan AccessRecheck = TimeSpan.FromSeconds(2);

    public static async Task StreamAsync(Guid agentId, string containerId, int? tail, bool? follow, HttpContext http,
        IAgentLink link, ContainerLogHub hub, ZedOpsDbContext db, ContainerAccess access)
    {
        if (BadTail(tail) is { } badTail)
        {
            await badTail.ExecuteAsync(http);
            return;
        }
        var (container, problem) = await ContainersEndpoints.ResolveAsync(agentId, containerId, Auth.Capability.View, link, db, access, http.User, http.RequestAborted);
        if (container is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }
        // Followed by its name (as a server's console is): one feed per container, and it survives a restart.
        await StreamGuardedAsync(agentId, container.Name.TrimStart('/'), tail, follow, http, link, hub, db, () => StillAllowedAsync(http, agentId, container));
    }

    public static async Task StreamGuardedAsync(Guid agentId, string containerId, int? tail, bool? follow, HttpContext http,
        IAgentLink link, ContainerLogHub hub, ZedOpsDbContext db, Func<Task<bool>> stillAllowed)
    {
        var ct = http.RequestAborted;
        if ((ContainersEndpoints.BadContainerId(containerId) ?? await ContainersEndpoints.AgentMissingAsync(agentId, link, db, ct)) is { } problem)
        {
            await problem.ExecuteAsync(http);
            return;
        }
        if (BadTail(tail) is { } badTail)
        {
            await badTail.ExecuteAsync(http);
            return;
        }
        var lines = tail ?? ContainerLogHub.DefaultTail;
        try
        {
            if (follow != true)
            {
                var read = await hub.ReadAsync(agentId, containerId, lines, ct);
                StartEventStream(http);
                await WriteAsync(http, read, ct);
                return;
            }
            await using var viewer = await hub.OpenAsync(agentId, containerId, lines, ct);
            StartEventStream(http);
            await WriteAsync(http, viewer.Snapshot, ct);
            await FollowAsync(http, viewer, stillAllowed, ct);
        }
        catch (WireRequestException ex) when (!http.Response.HasStarted)
        {
            await AgentProblems.From(ex).ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task FollowAsync(HttpContext http, LogViewer viewer, Func<Task<bool>> stillAllowed, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = viewer.ReadBatchesAsync(ct: stop.Token).GetAsyncEnumerator(stop.Token);
        var next = batches.MoveNextAsync().AsTask();
        try
        {
            var lastWrite = DateTime.UtcNow;
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(AccessRecheck, ct)) != next)
                {
                    if (!await stillAllowed())
                    {
                        await http.Response.WriteAsync("event: revoked\ndata: {\"reason\":\"your access to this console was revoked\"}\n\n", ct);
                        return;
                    }
                    if (DateTime.UtcNow - lastWrite >= s_keepAlive)
                    {
                        await http.Response.WriteAsync(": keep-alive\n\n", ct);
                        await http.Response.Body.FlushAsync(ct);
                        lastWrite = DateTime.UtcNow;
                    }
                    continue;
                }
                if (!await next)
                {
                    return;
                }
                await WriteAsync(http, batches.Current, ct);
                lastWrite = DateTime.UtcNow;
                next = batches.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNext is pending: cancel it and let it finish first.
            await stop.CancelAsync();
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await batches.DisposeAsync();
        }
    }

    private static async Task<bool> StillAllowedAsync(HttpContext http, Guid agentId, ContainerSummary container)
    {
        await using var scope = http.RequestServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContainerAccess>().CanAsync(http.User, Auth.Capability.View, agentId, container);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? BadTail(int? tail) => tail is < 0 or > ContainerLogHub.MaxTail
        ? TypedResults.Problem(statusCode: 400, title: "Invalid tail", detail: $"tail must be between 0 and {ContainerLogHub.MaxTail}.")
        : null;

    private static void StartEventStream(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
    }

    private static async Task WriteAsync(HttpContext http, IReadOnlyList<LogLine> lines, CancellationToken ct)
    {
        var writer = http.Response.BodyWriter;
        foreach (var line in lines)
        {
            writer.Write("data: "u8);
            using (var json = new Utf8JsonWriter(writer))
            {
                JsonSerializer.Serialize(json, line, ProtocolJsonContext.Default.LogLine);
            }
            writer.Write("\n\n"u8);
        }
        await writer.FlushAsync(ct);
    }
}
