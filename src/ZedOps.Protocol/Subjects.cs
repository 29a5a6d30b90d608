namespace ZedOps.Protocol;

/// <summary>Every subject on the wire, in one place.</summary>
public static class Subjects
{
    public const string InboxPrefix = "_INBOX.";

    public const string Hello = "hello";
    public const string HelloRejected = "hello.rejected";
    public const string Heartbeat = "agent.heartbeat";
    public const string Ping = "ping";
    public const string AgentInfo = "agent.info";
    public const string AgentUpdate = "agent.update";

    public const string ContainerList = "container.list";
    public const string ContainerInspect = "container.inspect";
    public const string ContainerStart = "container.start";
    public const string ContainerStop = "container.stop";
    public const string ContainerRestart = "container.restart";
    public const string ContainerKill = "container.kill";
    public const string ContainerStateChanged = "container.state";

    public const string LogsSubscribe = "logs.subscribe";
    public const string LogsUnsubscribe = "logs.unsubscribe";
    public const string LogsRead = "logs.read";
    public const string LogsAppended = "logs.lines";

    public const string ServerCreate = "server.create";
    public const string ServerStart = "server.start";
    public const string ServerStop = "server.stop";
    public const string ServerKill = "server.kill";
    public const string ServerRemove = "server.remove";
    public const string ServerRebuild = "server.rebuild";
    public const string ServerInventory = "server.inventory";
    public const string ServerProgress = "server.progress";
    public const string ServerReady = "server.ready";
    public const string ServerCrashed = "server.crashed";
    public const string BackupProgress = "backup.progress";
    public const string PortsCheck = "ports.check";
    public const string ServerAdoptable = "server.adoptable";
    public const string ServerAdopt = "server.adopt";

    public const string BackupCreate = "backup.create";
    public const string BackupList = "backup.list";
    public const string BackupVerify = "backup.verify";
    public const string BackupDelete = "backup.delete";
    public const string BackupLock = "backup.lock";
    public const string BackupRestore = "backup.restore";
    public const string BackupFinishRestore = "backup.restore.finish";
    public const string BackupPush = "backup.push";
    public const string BackupFetch = "backup.fetch";
    public const string BackupTargetTest = "backup.target.test";
    public const string BackupReadChunk = "backup.read";
    public const string BackupUploadBegin = "backup.upload.begin";
    public const string BackupUploadChunk = "backup.upload.chunk";
    public const string BackupUploadCommit = "backup.upload.commit";
    public const string BackupUploadAbort = "backup.upload.abort";
    public const string BackupCopy = "backup.copy.local";

    public const string RconExecute = "rcon.execute";
    public const string PlayersWatch = "players.watch";
    public const string PlayersReported = "players.report";
    public const string ModsUpdateChecked = "mods.checked";
    public const string MetricsReported = "metrics.report";
    public const string ServerFilesRead = "server.files.read";
    public const string ServerFileWrite = "server.files.write";
}

/// <summary>Typed error codes carried in <see cref="ProtocolError.Code"/>.</summary>
public static class ErrorCodes
{
    public const string UnknownSubject = "unknown_subject";
    public const string Timeout = "timeout";
    public const string AgentOffline = "agent_offline";
    public const string BadRequest = "bad_request";
    public const string Internal = "internal";
    public const string VersionMismatch = "version_mismatch";
    public const string ConnectionClosed = "connection_closed";
    public const string FrameTooLarge = "frame_too_large";
    public const string Busy = "busy";
    public const string DiskFull = "disk_full";
    public const string BackupCorrupt = "backup_corrupt";
    public const string BackupUnsafe = "backup_unsafe";
    public const string BackupTargetFailed = "backup_target_failed";
    public const string BackupOtherWorld = "backup_other_world";
    public const string UpdateRefused = "update_refused";

    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string DockerError = "docker_error";
    public const string DockerUnavailable = "docker_unavailable";
    public const string InvalidPath = "invalid_path";
    public const string ImagePullFailed = "image_pull_failed";
    public const string PortInUse = "port_in_use";
    public const string RconUnavailable = "rcon_unavailable";

    // PZ answers a refused admin command with a plain reply; the agent maps the known texts to these.
    public const string RconUnknownCommand = "rcon_unknown_command";
    public const string RconWrongArguments = "rcon_wrong_arguments";
    public const string RconNotAllowed = "rcon_not_allowed";
    public const string RconUserNotFound = "rcon_user_not_found";
    public const string RconUserExists = "rcon_user_exists";
}
