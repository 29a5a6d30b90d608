using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Features.Servers;

public static class ServerStatuses
{
    public const string Creating = "creating";
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Restarting = "restarting";
    public const string Rebuilding = "rebuilding";
    public const string Missing = "missing";
    public const string Failed = "failed";
    public const string Deleted = "deleted";

    /// <summary>What a container's Docker state means for the server (readiness turns "starting" into "running").</summary>
    public static string FromContainer(string containerState, string current) => containerState switch
    {
        ContainerStates.Running => current == Running ? Running : Starting,
        ContainerStates.Restarting => Restarting,
        ContainerStates.Dead => Failed,
        ContainerStates.Removed => Missing,
        _ => Stopped,
    };
}

/// <summary>A refused or failed server command, carried to the API as problem details.</summary>
public sealed class ServerCommandException(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;

    public static ServerCommandException NotFound(Guid id) => new(404, "Server not found", $"No server with id {id}.");

    public static ServerCommandException Conflict(string detail) => new(409, "Conflict", detail);

    public static ServerCommandException Invalid(string title, string detail) => new(400, title, detail);
}
