using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>The steps one server action went through: each is pushed to the manager as a ServerProgress event as it
/// begins, and listed in the action's result once done.</summary>
internal sealed class ActionSteps(Guid serverId, ManagerChannel channel, TimeProvider time)
{
    private readonly List<string> _done = [];

    public IReadOnlyList<string> Done => _done;

    public async Task RunAsync(string step, string message, Func<Task> action, CancellationToken ct)
    {
        await ReportAsync(step, message, ct);
        await action();
        _done.Add(step);
    }

    /// <summary>A step that already happened (or a flag on one, such as a kill after a failed graceful stop).</summary>
    public async Task RecordAsync(string step, string message, CancellationToken ct)
    {
        await ReportAsync(step, message, ct);
        _done.Add(step);
    }

    /// <summary>Progress within a step (pull layers, a fallback): pushed, not listed.</summary>
    public void Report(string step, string message) =>
        _ = channel.TryPublishAsync(Events.ServerProgress, new ServerProgress(serverId, step, message, time.GetUtcNow()), CancellationToken.None).AsTask();

    private async Task ReportAsync(string step, string message, CancellationToken ct) =>
        await channel.TryPublishAsync(Events.ServerProgress, new ServerProgress(serverId, step, message, time.GetUtcNow()), ct);
}
