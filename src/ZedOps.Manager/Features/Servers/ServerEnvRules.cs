using System.Text.RegularExpressions;

namespace ZedOps.Manager.Features.Servers;

/// <summary>
/// What may go into a game container's environment and image reference. Raw environment and the tag are admin-only
/// (see <see cref="ServerConfigUpdates"/>); even admins cannot set the loader, shell and JVM hooks below: no PZ setting
/// needs them, and each turns a panel session (a stolen admin cookie) into code execution inside the container, whose
/// data directory lives on the host. An image that needs one sets it in its own Dockerfile.
/// </summary>
public static partial class ServerEnvRules
{
    public const int MaxVariables = 64;
    public const int MaxNameLength = 128;
    public const int MaxValueLength = 2048;

    private static readonly HashSet<string> s_denied = new(StringComparer.Ordinal)
    {
        "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS", "PATH", "HOME", "CDPATH", "GLOBIGNORE",
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_HOME", "CLASSPATH",
        "GCONV_PATH", "LOCPATH", "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF",
        "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "NODE_OPTIONS",
    };

    private static readonly string[] s_deniedPrefixes = ["LD_", "DYLD_", "BASH_FUNC_", "MALLOC_"];

    public static string? NameProblem(string name) =>
        !EnvName().IsMatch(name) || name.Length > MaxNameLength
            ? $"The environment variable name '{Printable(name)}' is invalid: use A-Z, 0-9 and '_', not starting with a digit (at most {MaxNameLength} characters)."
            : s_denied.Contains(name) || s_deniedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
                ? $"The environment variable {name} is not allowed: loader, shell and JVM hooks cannot be set from ZedOps."
                : null;

    public static string? ValueProblem(string label, string? value) =>
        value is null ? null
        : value.Length > MaxValueLength ? $"{label} is longer than {MaxValueLength} characters."
        : value.Any(char.IsControl) ? $"{label} must not contain control characters (NUL, newlines, tabs…)."
        : null;

    /// <summary>Docker's tag grammar: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>; no digest, no registry, no colon.</summary>
    public static string? TagProblem(string? tag) =>
        tag is null || Tag().IsMatch(tag) ? null
            : $"The image tag '{Printable(tag)}' is invalid: 1-128 of A-Z, a-z, 0-9, '_', '.', '-', not starting with '.' or '-' (digests and other images are not accepted).";

    public static IEnumerable<string> EnvProblems(IReadOnlyDictionary<string, string>? env, ImageProfile? profile)
    {
        if (env is null)
        {
            yield break;
        }
        if (env.Count > MaxVariables)
        {
            yield return $"At most {MaxVariables} extra environment variables.";
        }
        var managed = profile is null ? [] : ManagedNames(profile);
        foreach (var (name, value) in env)
        {
            if (NameProblem(name) is { } nameProblem)
            {
                yield return nameProblem;
            }
            else if (managed.Contains(name))
            {
                yield return $"{name} is set by ZedOps from the server's typed settings; change the setting instead.";
            }
            if (ValueProblem($"The value of {Printable(name)}", value) is { } valueProblem)
            {
                yield return valueProblem;
            }
        }
    }

    /// <summary>Adoption copies a found container's environment: only what the rules above would accept.</summary>
    public static bool Allowed(string name, string value) => NameProblem(name) is null && ValueProblem(name, value) is null;

    private static HashSet<string> ManagedNames(ImageProfile profile)
    {
        var e = profile.Env;
        string?[] names = [e.ServerName, e.AdminPassword, e.RconPassword, e.RconPort, e.GamePort, e.UdpPort, e.MaxPlayers, e.Mods, e.WorkshopItems, e.PublicName, e.ServerPassword, e.MaxRam];
        return [.. names.OfType<string>()];
    }

    private static string Printable(string text) => new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
