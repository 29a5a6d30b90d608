using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Metrics;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;

namespace ZedOps.Protocol;

/// <summary>The typed catalogue of requests (with default timeouts) and events.</summary>
public static class Requests
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly RequestSpec<PingRequest, PingResult> Ping =
        new(Subjects.Ping, Json.PingRequest, Json.PingResult, TimeSpan.FromSeconds(5));

    public static readonly RequestSpec<AgentInfoRequest, AgentInfoResult> AgentInfo =
        new(Subjects.AgentInfo, Json.AgentInfoRequest, Json.AgentInfoResult, TimeSpan.FromSeconds(10));

    // Downloads ~25 MB from the manager and test-runs the new binary before answering.
    public static readonly RequestSpec<AgentUpdateRequest, AgentUpdateResult> AgentUpdate =
        new(Subjects.AgentUpdate, Json.AgentUpdateRequest, Json.AgentUpdateResult, TimeSpan.FromMinutes(5));

    public static readonly RequestSpec<ListContainers, ListContainersResult> ListContainers =
        new(Subjects.ContainerList, Json.ListContainers, Json.ListContainersResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<InspectContainer, InspectContainerResult> InspectContainer =
        new(Subjects.ContainerInspect, Json.InspectContainer, Json.InspectContainerResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> StartContainer =
        new(Subjects.ContainerStart, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(60));

    // Stop and restart may wait out the grace period; callers add it to this default.
    public static readonly RequestSpec<ContainerAction, ContainerActionResult> StopContainer =
        new(Subjects.ContainerStop, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> RestartContainer =
        new(Subjects.ContainerRestart, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> KillContainer =
        new(Subjects.ContainerKill, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<SubscribeLogs, SubscribeLogsResult> SubscribeLogs =
        new(Subjects.LogsSubscribe, Json.SubscribeLogs, Json.SubscribeLogsResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<UnsubscribeLogs, UnsubscribeLogsResult> UnsubscribeLogs =
        new(Subjects.LogsUnsubscribe, Json.UnsubscribeLogs, Json.UnsubscribeLogsResult, TimeSpan.FromSeconds(5));

    public static readonly RequestSpec<ReadLogs, ReadLogsResult> ReadLogs =
        new(Subjects.LogsRead, Json.ReadLogs, Json.ReadLogsResult, TimeSpan.FromSeconds(15));

    // Create and rebuild may pull an image: minutes, with progress events meanwhile.
    public static readonly RequestSpec<CreateServer, ServerActionResult> CreateServer =
        new(Subjects.ServerCreate, Json.CreateServer, Json.ServerActionResult, TimeSpan.FromMinutes(15));

    public static readonly RequestSpec<StartServer, ServerActionResult> StartServer =
        new(Subjects.ServerStart, Json.StartServer, Json.ServerActionResult, TimeSpan.FromMinutes(15));

    // Callers add the server's stop timeout (default 120 s) to this.
    public static readonly RequestSpec<StopServer, ServerActionResult> StopServer =
        new(Subjects.ServerStop, Json.StopServer, Json.ServerActionResult, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<KillServer, ServerActionResult> KillServer =
        new(Subjects.ServerKill, Json.KillServer, Json.ServerActionResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<RemoveServer, ServerActionResult> RemoveServer =
        new(Subjects.ServerRemove, Json.RemoveServer, Json.ServerActionResult, TimeSpan.FromMinutes(5));

    public static readonly RequestSpec<RebuildServer, ServerActionResult> RebuildServer =
        new(Subjects.ServerRebuild, Json.RebuildServer, Json.ServerActionResult, TimeSpan.FromMinutes(15));

    public static readonly RequestSpec<ServerInventory, ServerInventoryResult> ServerInventory =
        new(Subjects.ServerInventory, Json.ServerInventory, Json.ServerInventoryResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<CheckPorts, CheckPortsResult> CheckPorts =
        new(Subjects.PortsCheck, Json.CheckPorts, Json.CheckPortsResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<ListAdoptable, ListAdoptableResult> ListAdoptable =
        new(Subjects.ServerAdoptable, Json.ListAdoptable, Json.ListAdoptableResult, TimeSpan.FromSeconds(30));

    // Moving data across filesystems copies it; callers add the server's stop timeout to this.
    public static readonly RequestSpec<AdoptServer, ServerActionResult> AdoptServer =
        new(Subjects.ServerAdopt, Json.AdoptServer, Json.ServerActionResult, TimeSpan.FromMinutes(30));

    // The agent's own RCON timeout (TimeoutSeconds) is shorter, so the caller gets its typed timeout, not this one.
    public static readonly RequestSpec<ExecuteRcon, ExecuteRconResult> ExecuteRcon =
        new(Subjects.RconExecute, Json.ExecuteRcon, Json.ExecuteRconResult, TimeSpan.FromSeconds(45));

    // The ini and SandboxVars.lua are a few tens of KB.
    public static readonly RequestSpec<ReadServerFiles, ReadServerFilesResult> ReadServerFiles =
        new(Subjects.ServerFilesRead, Json.ReadServerFiles, Json.ReadServerFilesResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<WriteServerFile, WriteServerFileResult> WriteServerFile =
        new(Subjects.ServerFileWrite, Json.WriteServerFile, Json.WriteServerFileResult, TimeSpan.FromSeconds(15));

    // A backup streams the whole world (GBs); verify and restore read it back.
    public static readonly RequestSpec<CreateBackup, BackupInfo> CreateBackup =
        new(Subjects.BackupCreate, Json.CreateBackup, Json.BackupInfo, TimeSpan.FromHours(2));

    public static readonly RequestSpec<ListBackups, ListBackupsResult> ListBackups =
        new(Subjects.BackupList, Json.ListBackups, Json.ListBackupsResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<VerifyBackup, BackupInfo> VerifyBackup =
        new(Subjects.BackupVerify, Json.VerifyBackup, Json.BackupInfo, TimeSpan.FromHours(1));

    public static readonly RequestSpec<DeleteBackup, DeleteBackupResult> DeleteBackup =
        new(Subjects.BackupDelete, Json.DeleteBackup, Json.DeleteBackupResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<LockBackup, BackupInfo> LockBackup =
        new(Subjects.BackupLock, Json.LockBackup, Json.BackupInfo, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<RestoreBackup, RestoreBackupResult> RestoreBackup =
        new(Subjects.BackupRestore, Json.RestoreBackup, Json.RestoreBackupResult, TimeSpan.FromHours(2));

    public static readonly RequestSpec<FinishRestore, FinishRestoreResult> FinishRestore =
        new(Subjects.BackupFinishRestore, Json.FinishRestore, Json.FinishRestoreResult, TimeSpan.FromMinutes(10));

    // Copies stream GBs to or from an off-host target.
    public static readonly RequestSpec<PushBackup, PushBackupResult> PushBackup =
        new(Subjects.BackupPush, Json.PushBackup, Json.PushBackupResult, TimeSpan.FromHours(2));

    public static readonly RequestSpec<FetchBackup, BackupInfo> FetchBackup =
        new(Subjects.BackupFetch, Json.FetchBackup, Json.BackupInfo, TimeSpan.FromHours(2));

    public static readonly RequestSpec<TestRemoteTarget, TestRemoteTargetResult> TestRemoteTarget =
        new(Subjects.BackupTargetTest, Json.TestRemoteTarget, Json.TestRemoteTargetResult, TimeSpan.FromMinutes(1));

    // Transfers through the manager: one chunk per request; a commit reads the whole archive back to verify it.
    public static readonly RequestSpec<ReadBackupChunk, BackupChunk> ReadBackupChunk =
        new(Subjects.BackupReadChunk, Json.ReadBackupChunk, Json.BackupChunk, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<BeginBackupUpload, BeginBackupUploadResult> BeginBackupUpload =
        new(Subjects.BackupUploadBegin, Json.BeginBackupUpload, Json.BeginBackupUploadResult, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<WriteBackupUploadChunk, WriteBackupUploadChunkResult> WriteBackupUploadChunk =
        new(Subjects.BackupUploadChunk, Json.WriteBackupUploadChunk, Json.WriteBackupUploadChunkResult, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<CommitBackupUpload, BackupInfo> CommitBackupUpload =
        new(Subjects.BackupUploadCommit, Json.CommitBackupUpload, Json.BackupInfo, TimeSpan.FromHours(1));

    public static readonly RequestSpec<AbortBackupUpload, AbortBackupUploadResult> AbortBackupUpload =
        new(Subjects.BackupUploadAbort, Json.AbortBackupUpload, Json.AbortBackupUploadResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<CopyBackup, BackupInfo> CopyBackup =
        new(Subjects.BackupCopy, Json.CopyBackup, Json.BackupInfo, TimeSpan.FromHours(1));

    public static readonly RequestSpec<WatchPlayers, WatchPlayersResult> WatchPlayers =
        new(Subjects.PlayersWatch, Json.WatchPlayers, Json.WatchPlayersResult, TimeSpan.FromSeconds(10));
}

public static class Events
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly EventSpec<Hello> Hello = new(Subjects.Hello, Json.Hello);
    public static readonly EventSpec<HelloRejected> HelloRejected = new(Subjects.HelloRejected, Json.HelloRejected);
    public static readonly EventSpec<Heartbeat> Heartbeat = new(Subjects.Heartbeat, Json.Heartbeat);
    public static readonly EventSpec<ContainerStateChanged> ContainerStateChanged = new(Subjects.ContainerStateChanged, Json.ContainerStateChanged);
    public static readonly EventSpec<LogLinesAppended> LogLinesAppended = new(Subjects.LogsAppended, Json.LogLinesAppended);
    public static readonly EventSpec<ServerProgress> ServerProgress = new(Subjects.ServerProgress, Json.ServerProgress);
    public static readonly EventSpec<BackupProgressed> BackupProgressed = new(Subjects.BackupProgress, Json.BackupProgressed);
    public static readonly EventSpec<ServerReady> ServerReady = new(Subjects.ServerReady, Json.ServerReady);
    public static readonly EventSpec<ServerCrashed> ServerCrashed = new(Subjects.ServerCrashed, Json.ServerCrashed);
    public static readonly EventSpec<PlayersReported> PlayersReported = new(Subjects.PlayersReported, Json.PlayersReported);
    public static readonly EventSpec<ModsUpdateChecked> ModsUpdateChecked = new(Subjects.ModsUpdateChecked, Json.ModsUpdateChecked);
    public static readonly EventSpec<ServerMetricsReported> ServerMetricsReported = new(Subjects.MetricsReported, Json.ServerMetricsReported);
}
