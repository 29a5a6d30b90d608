namespace ZedOps.Agent;

/// <summary>How the agent ended; Program returns <see cref="ExitCode"/> (kept off Environment.ExitCode so several
/// agents can run in one test process).</summary>
public sealed class AgentRunResult
{
    public int ExitCode { get; set; } = AgentExitCodes.Ok;

    public string? Reason { get; set; }

    /// <summary>Set by a self-update or its rollback: after a graceful stop, Program execs this binary with the same arguments.</summary>
    public string? RestartInto { get; set; }
}
