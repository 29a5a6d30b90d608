using ZedOps.Protocol;

using Microsoft.Extensions.Options;

namespace ZedOps.Agent;

public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>Base URL of the manager, e.g. https://zedops.example.net (http allowed for loopback and LANs).</summary>
    public string ManagerUrl { get; set; } = "";

    /// <summary>Single-use registration token; only needed on the first start.</summary>
    public string? Token { get; set; }

    public string? Name { get; set; }

    public string StateDir { get; set; } = DefaultDir("state", "agent");

    public string DataRoot { get; set; } = DefaultDir("share", "servers");

    /// <summary>Where backups are kept on this host: beside the data root, never inside a server's data.
    /// Empty: <c>&lt;data root&gt;-backups</c>.</summary>
    public string BackupRoot { get; set; } = "";

    // Root gets the system paths of ARCHITECTURE.md; a normal user gets XDG-style paths in their home.
    private static string DefaultDir(string xdgKind, string leaf) => Environment.IsPrivilegedProcess
        ? $"/var/lib/zedops/{leaf}"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", xdgKind, "zedops", leaf);

    /// <summary>Used until the manager's hello says otherwise.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection that lasted this long resets the backoff.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A self-update that has not reached the manager within this is rolled back.</summary>
    public TimeSpan UpdateConfirmWithin { get; set; } = TimeSpan.FromMinutes(2);

    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--manager"] = $"{SectionName}:{nameof(ManagerUrl)}",
        ["--token"] = $"{SectionName}:{nameof(Token)}",
        ["--name"] = $"{SectionName}:{nameof(Name)}",
        ["--state-dir"] = $"{SectionName}:{nameof(StateDir)}",
        ["--data-root"] = $"{SectionName}:{nameof(DataRoot)}",
        ["--backup-root"] = $"{SectionName}:{nameof(BackupRoot)}",
    };
}

/// <summary>Reports every problem at once, naming the switch or key to fix.</summary>
internal sealed class ValidateAgentOptions : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ManagerUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"--manager (Agent:ManagerUrl) must be an http(s) URL; got '{options.ManagerUrl}'");
        }
        if (options.Name is { } agentName && !AgentNames.IsValid(agentName))
        {
            errors.Add($"--name '{agentName}' is invalid: {AgentNames.Rule}");
        }
        if (!Path.IsPathFullyQualified(Path.GetFullPath(options.StateDir)) || string.IsNullOrWhiteSpace(options.StateDir))
        {
            errors.Add("--state-dir (Agent:StateDir) must be a directory path");
        }
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add("Agent:HeartbeatInterval must be positive");
        }
        if (options.ReconnectMin <= TimeSpan.Zero || options.ReconnectMax < options.ReconnectMin)
        {
            errors.Add("Agent:ReconnectMin must be positive and not above Agent:ReconnectMax");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
