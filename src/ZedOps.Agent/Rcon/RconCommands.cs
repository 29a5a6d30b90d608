using ZedOps.Agent.Docker;
using ZedOps.Agent.Mods;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Rcon;

/// <summary>Answers <c>rcon.execute</c>: runs the command on the pooled connection, turns PZ's refusals into typed
/// errors and says why RCON cannot be reached (disabled, stopped, still loading the world).</summary>
internal sealed class RconCommands(RconPool pool, IContainerRuntime runtime, TimeProvider time, ModsCheckWatcher? mods = null)
{
    public const int MaxCommandLength = 4_000;

    public MessageRouter Register(MessageRouter router) => router.Handle(Requests.ExecuteRcon, ExecuteAsync);

    public async ValueTask<ExecuteRconResult> ExecuteAsync(ExecuteRcon request, CancellationToken ct)
    {
        var name = ServerProvisioner.CheckName(request.Name);
        var command = request.Command.Trim();
        if (command.Length == 0 || command.Length > MaxCommandLength || command.Contains('\0'))
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"an RCON command must be 1 to {MaxCommandLength} characters without NUL");
        }
        if (request.Rcon is not { } rcon)
        {
            throw new WireRequestException(ErrorCodes.RconUnavailable, $"RCON is disabled for {name} (no RCON port or password)");
        }
        var timeout = TimeSpan.FromSeconds(request.TimeoutSeconds is > 0 and <= 300 ? request.TimeoutSeconds : 10);
        string reply;
        var sentAt = time.GetUtcNow().AddTicks(-1);
        try
        {
            reply = await pool.ExecuteAsync(request.ServerId, rcon, command, timeout, ct);
        }
        catch (RconException ex) when (ex.Code == ErrorCodes.RconUnavailable)
        {
            throw new WireRequestException(ErrorCodes.RconUnavailable, await ReasonAsync(name, ex, ct));
        }
        catch (RconException ex)
        {
            throw new WireRequestException(ex.Code, ex.Message);
        }
        if (RconRejections.Classify(reply) is { } code)
        {
            throw new WireRequestException(code, reply.Trim());
        }
        if (mods is not null && CommandLineStarts(command, ModsCheckLines.Command) && ModsCheckLines.IsStarted(reply))
        {
            // The answer only reaches the log; the watcher turns it into an event.
            _ = mods.Watch(request.ServerId, name, sentAt);
        }
        return new ExecuteRconResult(request.ServerId, reply, time.GetUtcNow());
    }

    private static bool CommandLineStarts(string command, string name) =>
        command.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (command.Length == name.Length || char.IsWhiteSpace(command[name.Length]));

    private async Task<string> ReasonAsync(string name, RconException ex, CancellationToken ct)
    {
        ContainerSummary? container;
        try
        {
            container = await runtime.InspectAsync(ServerProvisioner.ContainerName(name), ct);
        }
        catch (ContainerRuntimeException)
        {
            return ex.Message;
        }
        return container switch
        {
            null => $"{name} has no container on this host",
            { State: not ContainerStates.Running } => $"{name} is not running ({container.State})",
            _ => $"RCON of {name} does not answer yet; PZ starts it only after the world has loaded ({ex.Message})",
        };
    }
}
