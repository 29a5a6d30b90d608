using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Checks on user input the manager can make alone; the agent re-checks paths against its data root.</summary>
public static class ServerValidation
{
    public const int MinPort = 1024;
    public const int MaxPort = 65535;

    private static readonly string[] s_systemDirs = ["/etc", "/usr", "/bin", "/sbin", "/boot", "/proc", "/sys", "/dev", "/lib", "/lib64", "/var/run", "/run"];

    public static string? NameProblem(string? name) =>
        AgentNames.IsValid(name) ? null : $"The server name '{name}' is invalid: {AgentNames.Rule}.";

    public static string? PortProblem(string label, int port) =>
        port is >= MinPort and <= MaxPort ? null : $"The {label} port {port} is out of range ({MinPort}–{MaxPort}).";

    public static IEnumerable<string> PortProblems(int game, int udp, int rcon)
    {
        foreach (var problem in new[] { PortProblem("game", game), PortProblem("direct-connect UDP", udp), PortProblem("RCON", rcon) })
        {
            if (problem is not null)
            {
                yield return problem;
            }
        }
        if (game == udp)
        {
            yield return "The game port and the direct-connect UDP port must differ.";
        }
    }

    /// <summary>A data path override must be absolute, not a system directory, with no "..": the agent checks
    /// symlinks and confinement to its data root itself.</summary>
    public static string? DataPathProblem(string? path)
    {
        if (path is null)
        {
            return null;
        }
        if (!path.StartsWith('/'))
        {
            return $"The data path '{path}' must be absolute (start with '/').";
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "The data path cannot be '/'.";
        }
        if (segments.Any(s => s is ".." or "."))
        {
            return $"The data path '{path}' must not contain '.' or '..' segments.";
        }
        var normalized = "/" + string.Join('/', segments);
        return s_systemDirs.Any(d => normalized == d || normalized.StartsWith(d + "/", StringComparison.Ordinal))
            ? $"The data path '{path}' is inside a system directory ({string.Join(", ", s_systemDirs)} are refused)."
            : null;
    }
}
