using Microsoft.Extensions.Logging;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Backups;

/// <summary>The agent's backup subjects: back up (saving a running world first), list, verify, delete, restore.</summary>
internal sealed partial class BackupCommands(BackupStore store, PathGuard paths, WorldSave saves, BackupProgress progress, ILogger<BackupCommands> logger)
{
    private static readonly TimeSpan s_saveBound = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_rconTimeout = TimeSpan.FromSeconds(10);

    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.CreateBackup, (req, ct) => new ValueTask<BackupInfo>(store.ExclusiveAsync(req.Target.ServerId, () => CreateAsync(req, ct))))
        .Handle(Requests.ListBackups, (req, ct) => new ValueTask<ListBackupsResult>(store.ListAsync(req.ServerId, ct)))
        .Handle(Requests.VerifyBackup, (req, ct) => new ValueTask<BackupInfo>(Typed(() => VerifyAsync(req, ct))))
        .Handle(Requests.DeleteBackup, async (req, ct) => new DeleteBackupResult(await store.DeleteAsync(req.ServerId, req.BackupId, ct)))
        .Handle(Requests.LockBackup, (req, ct) => new ValueTask<BackupInfo>(store.SetLockAsync(req, ct)))
        .Handle(Requests.RestoreBackup, (req, ct) => new ValueTask<RestoreBackupResult>(store.ExclusiveAsync(req.Target.ServerId, () => Typed(() => RestoreAsync(req, ct)))))
        .Handle(Requests.FinishRestore, (req, _) => ValueTask.FromResult(Finish(req)));

    private async Task<BackupInfo> CreateAsync(CreateBackup req, CancellationToken ct)
    {
        var data = paths.Validate(req.Target.DataPath);
        var (consistent, note) = req.Rcon is null
            ? (true, "the server was stopped: its files were copied as they are")
            : await SaveAsync(req, ct);
        var id = store.NewId();
        var archive = store.ArchivePath(req.Target.ServerId, id);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        var sidecar = await Typed(() => BackupArchive.CreateAsync(data, req.ServerName, req.Target.World, archive, progress.Time.GetUtcNow(),
            new BackupLabels(req.Reason, consistent, note), progress.For(req.Target.ServerId, BackupPhases.Copying), ct));
        LogCreated(logger, req.ServerName, id, sidecar.ArchiveBytes, sidecar.Bytes, consistent);
        return BackupStore.ToInfo(req.Target.ServerId, id, sidecar);
    }

    /// <summary>RCON <c>save</c>, then the console's <c>Saving finish</c> (the reply only queues the save); the console's
    /// stdin when RCON fails. Never throws: an unconfirmed save still gives a backup, labelled with the reason.</summary>
    private async Task<(bool, string)> SaveAsync(CreateBackup req, CancellationToken ct)
    {
        var container = ServerProvisioner.ContainerName(req.ServerName);
        var rcon = req.Rcon!;
        string why;
        try
        {
            await using var client = await RconClient.ConnectAsync(rcon.Port, rcon.Password, progress.Time, s_rconTimeout, ct);
            var outcome = await saves.SaveAsync(container, async token => { await client.ExecuteAsync("save", s_rconTimeout, token); return true; }, s_saveBound, ct);
            if (outcome == SaveOutcome.Finished)
            {
                return (true, "saved through RCON; the console printed 'Saving finish' before the copy");
            }
            why = Describe(outcome);
        }
        catch (RconException ex)
        {
            why = $"RCON failed ({ex.Message})";
        }
        var stdin = await saves.SaveViaStdinAsync(container, s_saveBound, ct);
        return stdin == SaveOutcome.Finished
            ? (true, $"{why}; saved through the server console instead ('Saving finish' seen)")
            : (false, $"not confirmed consistent: {why}, and through the console the save {Describe(stdin)}; the files were copied as they were");
    }

    private static string Describe(SaveOutcome outcome) => outcome switch
    {
        SaveOutcome.NotSent => "could not be sent",
        SaveOutcome.TimedOut => $"did not print 'Saving finish' within {s_saveBound.TotalSeconds:0} s",
        SaveOutcome.Stopped => "was cut short: the container stopped",
        _ => "finished",
    };

    private async Task<BackupInfo> VerifyAsync(VerifyBackup req, CancellationToken ct)
    {
        var info = await store.InfoAsync(req.ServerId, req.BackupId, ct);
        await BackupExtraction.VerifyAsync(store.ArchivePath(req.ServerId, req.BackupId), ct);
        return info;
    }

    private async Task<RestoreBackupResult> RestoreAsync(RestoreBackup req, CancellationToken ct)
    {
        var data = paths.Validate(req.Target.DataPath);
        var info = await store.InfoAsync(req.Target.ServerId, req.BackupId, ct);
        if (info.World != req.Target.World)
        {
            throw new WireRequestException(ErrorCodes.BackupOtherWorld, BackupWorlds.Mismatch(info.World, req.Target.World));
        }
        if (Directory.Exists(BackupRestore.AsideDir(data)))
        {
            throw new WireRequestException(ErrorCodes.Conflict, "an earlier restore of this server was not finished; finish or roll it back first");
        }
        var staging = BackupRestore.StagingDir(data);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left by a restore the agent did not live to finish
        }
        var steps = new List<string>();
        var manifest = await BackupExtraction.ExtractAsync(store.ArchivePath(req.Target.ServerId, req.BackupId), staging,
            (progress.For(req.Target.ServerId, BackupPhases.Unpacking), info.DataBytes, info.Files), ct);
        steps.Add($"archive checked and unpacked: {manifest.Files.Count} files, {manifest.TotalBytes} bytes");
        var warnings = SqliteIntegrity.Check(staging, out var databases);
        steps.Add(warnings.Count == 0
            ? $"SQLite integrity check passed for {databases} database file(s)"
            : $"SQLite integrity check: {warnings.Count} of {databases} database file(s) damaged in the backup");
        BackupRestore.Swap(data, manifest.World, steps);
        return new RestoreBackupResult(info, manifest.Files.Count, steps, warnings);
    }

    private FinishRestoreResult Finish(FinishRestore req)
    {
        var steps = new List<string>();
        var rolledBack = BackupRestore.Finish(paths.Validate(req.Target.DataPath), req.Target.World, req.Keep, steps);
        return new FinishRestoreResult(rolledBack, steps);
    }

    /// <summary>Backup failures as typed wire errors the manager maps to clear messages.</summary>
    private static async Task<T> Typed<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BackupException ex)
        {
            throw new WireRequestException(ex.Code switch
            {
                BackupException.DiskFull => ErrorCodes.DiskFull,
                BackupException.Unsafe => ErrorCodes.BackupUnsafe,
                _ => ErrorCodes.BackupCorrupt,
            }, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Backup {Id} of {Server}: {Archive} bytes from {Data} bytes (consistent: {Consistent})")]
    private static partial void LogCreated(ILogger logger, string server, string id, long archive, long data, bool consistent);
}
