using Microsoft.Extensions.Options;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Every host path a request names (bind mounts, data to delete) goes through here: it must be absolute, free of
/// "..", outside the system trees, and — with every symlink along it resolved — strictly inside the agent's data
/// root. The manager checks the same rules; the agent does not trust it, since a wrong path here means writing or
/// deleting someone's system files.
/// </summary>
internal sealed class PathGuard(IOptions<AgentOptions> options)
{
    private static readonly string[] s_systemRoots = ["/etc", "/usr", "/bin", "/sbin", "/boot", "/proc", "/sys", "/dev"];
    private const int MaxLinkHops = 40;

    private readonly Lazy<string> _root = new(() => CreateRoot(options.Value.DataRoot));

    /// <summary>The data root with its symlinks resolved; created on first use.</summary>
    public string DataRoot => _root.Value;

    /// <summary>The resolved path when it is acceptable; otherwise an invalid_path wire error saying why.</summary>
    public string Validate(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid(path, "it is empty");
        }
        if (!path.StartsWith('/'))
        {
            throw Invalid(path, "it must be an absolute path");
        }
        if (path.Split('/').Contains(".."))
        {
            throw Invalid(path, "it must not contain '..'");
        }
        var full = Path.GetFullPath(path).TrimEnd('/');
        if (full.Length == 0)
        {
            throw Invalid(path, "it must not be '/'");
        }
        var resolved = Resolve(full);
        if ((SystemRoot(full) ?? SystemRoot(resolved)) is { } system)
        {
            throw Invalid(path, $"it lies under the system directory {system}");
        }
        if (!resolved.StartsWith(DataRoot + "/", StringComparison.Ordinal))
        {
            var via = resolved == full ? "" : $" (it resolves to {resolved})";
            throw Invalid(path, $"it must lie inside the agent's data root {DataRoot}{via}");
        }
        return resolved;
    }

    /// <summary>realpath(3) for paths whose tail may not exist yet: each existing component's symlink is followed,
    /// relative targets against their directory; missing components are taken literally.</summary>
    internal static string Resolve(string fullPath)
    {
        var pending = new Stack<string>(Segments(fullPath).Reverse());
        var current = "/";
        for (var hops = 0; pending.TryPop(out var segment);)
        {
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Join(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw Invalid(fullPath, "it has too many levels of symbolic links");
                }
                foreach (var part in Segments(target).Reverse())
                {
                    pending.Push(part);
                }
                if (target.StartsWith('/'))
                {
                    current = "/";
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static IEnumerable<string> Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");

    private static string? SystemRoot(string path) =>
        s_systemRoots.FirstOrDefault(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal));

    private static string CreateRoot(string configured)
    {
        var full = Path.GetFullPath(configured).TrimEnd('/');
        Directory.CreateDirectory(full);
        return Resolve(full);
    }

    private static WireRequestException Invalid(string? path, string why) =>
        new(ErrorCodes.InvalidPath, $"data path '{path}' is not allowed: {why}");
}
