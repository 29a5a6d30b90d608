namespace ZedOps.Agent;

/// <summary>How the agent ended; Program returns <see cref="ExitCode"/> (kept off Environment.ExitCode so several
/// agents can run in one test process).</summary>
public sealed class AgentRunResult
{
    public int ExitCode { get; set; } = AgentExitCodes.Ok;

    public string? Reason { get; set; }
}
