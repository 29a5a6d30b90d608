using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ZedOps.Agent.Update;

/// <summary>The guard of the running native binary's folder; null when the agent runs from source.</summary>
internal sealed class UpdateGuardFactory(TimeProvider time, ILoggerFactory loggers)
{
    private readonly Lazy<UpdateGuard?> _guard = new(() => AgentBuild.ExecutablePath is { } path
        ? new UpdateGuard(Path.GetDirectoryName(path)!, time, loggers.CreateLogger<UpdateGuard>())
        : null);

    public UpdateGuard? ForThisBinary() => _guard.Value;
}

/// <summary>While an update is on probation: if the hello with the manager has not confirmed it by its deadline,
/// restore the previous build and restart into it.</summary>
internal sealed class UpdateWatchdog(UpdateGuardFactory guards, AgentRunResult runResult, IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (guards.ForThisBinary() is not { Pending: { } pending } guard)
        {
            return;
        }
        var wait = pending.Deadline - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, stoppingToken);
        }
        if (guard.RollBackIfUnconfirmed())
        {
            runResult.RestartInto = AgentBuild.ExecutablePath;
            lifetime.StopApplication();
        }
    }
}
