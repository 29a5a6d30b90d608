namespace ZedOps.Agent;

/// <summary>Distinct exit codes so a supervisor (systemd, the manager's local launcher) knows whether a restart can help.</summary>
public static class AgentExitCodes
{
    public const int Ok = 0;
    public const int InvalidConfiguration = 2;
    public const int RegistrationRefused = 3;
    public const int TokenRejected = 4;
    public const int VersionMismatch = 5;

    /// <summary>EX_TEMPFAIL: restarting into an updated binary failed; a supervisor's restart starts whatever is installed.</summary>
    public const int RestartFailed = 75;
}
