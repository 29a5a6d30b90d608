using Xunit;
using System.Net.Sockets;

namespace ZedOps.Testing;

/// <summary>What the machine offers the tests; the test script starts dockerd, Chromium and PostgreSQL when it can.</summary>
public static class Requirements
{
    private static readonly Lazy<string?> s_docker = new(ProbeDocker);

    public static string DockerSocket => Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
        ? host["unix://".Length..]
        : "/var/run/docker.sock";

    /// <summary>Null when the Docker daemon answers; otherwise why not.</summary>
    public static string? DockerMissing => s_docker.Value;

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("ZEDOPS_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("ZEDOPS_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private static string? ProbeDocker()
    {
        if (!File.Exists(DockerSocket))
        {
            return $"no Docker daemon socket at {DockerSocket}";
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(DockerSocket));
            return null;
        }
        catch (SocketException ex)
        {
            return $"Docker daemon at {DockerSocket} does not answer: {ex.Message}";
        }
    }
}

/// <summary>A fact that needs a running Docker daemon; reported as skipped (never passed) without one.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (Requirements.DockerMissing is { } why)
        {
            Skip = $"Docker unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs PostgreSQL (ZEDOPS_TEST_POSTGRES, set by the test script).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Requirements.PostgresConnectionString is null)
        {
            Skip = "PostgreSQL unavailable: ZEDOPS_TEST_POSTGRES is not set (the test script sets it when it can start a cluster)";
        }
    }
}

/// <summary>A fact that needs headless Chromium for Playwright.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Requirements.ChromiumPath))
        {
            Skip = $"Chromium unavailable: no browser at {Requirements.ChromiumPath}";
        }
    }
}

/// <summary>A fact that needs both a Docker daemon and headless Chromium.</summary>
public sealed class DockerChromiumFactAttribute : FactAttribute
{
    public DockerChromiumFactAttribute()
    {
        if (Requirements.DockerMissing is { } docker)
        {
            Skip = $"Docker unavailable: {docker}";
        }
        else if (!File.Exists(Requirements.ChromiumPath))
        {
            Skip = $"Chromium unavailable: no browser at {Requirements.ChromiumPath}";
        }
    }
}

/// <summary>A theory that needs root (e.g. chown); skipped, never passed, without it.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root (chown of data directories): run the tests as root, as CI does";
        }
    }
}

/// <summary>A fact that needs root (e.g. mounting a small tmpfs); skipped, never passed, without it.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root (mounts a small tmpfs): run the tests as root, as CI does";
        }
    }
}

/// <summary>A theory that needs a running Docker daemon; reported as skipped (never passed) without one.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (Requirements.DockerMissing is { } why)
        {
            Skip = $"Docker unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs the native agent build (scripts/publish-agent.sh; the test script makes it), and with
/// <c>Chromium = true</c> headless Chromium too.</summary>
public sealed class NativeAgentFactAttribute : FactAttribute
{
    public NativeAgentFactAttribute()
    {
        if (AgentBuilds.Native is null)
        {
            Skip = "no native agent build in artifacts/agent/linux-x64 (the test script runs scripts/publish-agent.sh when it can link)";
        }
    }

    public bool Chromium
    {
        get => false;
        init
        {
            if (value && Skip is null && !File.Exists(Requirements.ChromiumPath))
            {
                Skip = $"Chromium unavailable: no browser at {Requirements.ChromiumPath}";
            }
        }
    }
}
