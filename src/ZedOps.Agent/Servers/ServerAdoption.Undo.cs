using Microsoft.Extensions.Logging;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Servers;

internal sealed partial class ServerAdoption
{
    /// <summary>Best effort, each part on its own: the adoption's own error is the one reported.</summary>
    private async Task UndoAsync(ContainerSummary old, string newName, bool created, bool wasRunning, DataPlacement? placement, Guid serverId)
    {
        provisioner.EndReadiness(serverId);
        await TryAsync($"removing {newName}", () => created ? runtime.RemoveAsync(newName, force: true, CancellationToken.None) : Task.CompletedTask);
        await TryAsync("putting the data back", () =>
        {
            placement?.Rollback();
            return Task.CompletedTask;
        });
        await TryAsync($"restarting {old.Name}", () => wasRunning ? runtime.StartAsync(old.Id, CancellationToken.None) : Task.CompletedTask);
    }

    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUndoFailed(logger, what, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Error, "Undoing a failed adoption: {What} failed: {Reason}")]
    private static partial void LogUndoFailed(ILogger logger, string what, string reason);
}
