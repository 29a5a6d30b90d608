namespace ZedOps.Manager.Features.Auth;

/// <summary>What a user may do with a server (or with everything on an agent).</summary>
public enum Capability
{
    /// <summary>See the server, its status, console, players and metrics.</summary>
    View,

    /// <summary>Start, stop, restart, kill, RCON, configuration, backups.</summary>
    Control,

    /// <summary>Create, delete, purge servers; agents; users. Admin only.</summary>
    Manage,
}

public static class ScopeTypes
{
    public const string Global = "global";
    public const string Agent = "agent";
    public const string Server = "server";

    public static readonly IReadOnlyList<string> All = [Global, Agent, Server];
}

/// <summary>The one capability table: the API and the UI both read it.</summary>
public static class RoleCapabilities
{
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<Capability>> Table = new Dictionary<string, IReadOnlySet<Capability>>
    {
        [Roles.Admin] = new HashSet<Capability> { Capability.View, Capability.Control, Capability.Manage },
        [Operator] = new HashSet<Capability> { Capability.View, Capability.Control },
        [Viewer] = new HashSet<Capability> { Capability.View },
    };

    public static bool IsAssignable(string role) => role is Operator or Viewer;
}
