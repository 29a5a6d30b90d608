using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>The agent stops the old container, places the data, creates and (if the old one ran) starts
    /// <c>zedops-&lt;name&gt;</c>, and only then removes the old container. It undoes everything on failure, so a failed
    /// adoption leaves a <c>failed</c> row whose reason says the original is untouched.</summary>
    internal void Adopt(ServerEntity row, string oldContainerId, string oldName, bool moveData, string sourcePath, AuditActor actor)
    {
        operations.TryBegin(row.Id, "adopt");
        _ = operations.RunAsync(row.Id, "adopt", actor, async ctx =>
        {
            var server = await ctx.LoadAsync();
            var spec = specs.Build(server);
            ctx.Step("adopt", moveData
                ? $"adopting container {oldName}; its data moves from {sourcePath} to {server.DataPath}"
                : $"adopting container {oldName} over its data at {server.DataPath}");
            ServerActionResult result;
            try
            {
                result = await link.RequestAsync(server.AgentId, Requests.AdoptServer, new AdoptServer(spec, oldContainerId, moveData, sourcePath),
                    Requests.AdoptServer.DefaultTimeout + TimeSpan.FromSeconds(server.StopTimeoutSeconds));
            }
            catch (WireRequestException ex)
            {
                throw new ServerCommandException(502, "Adoption failed",
                    $"{ex.Code}: {ex.Message}. Container {oldName} and its data were left as they were; purge this entry to try again.");
            }
            Record(ctx, result);
            return await AfterStartAsync(ctx, spec, result);
        });
    }
}
