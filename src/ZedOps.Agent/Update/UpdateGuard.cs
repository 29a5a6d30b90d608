using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace ZedOps.Agent.Update;

/// <summary>An installed update on probation: the marker next to the binary names the replaced files (kept as
/// <c>&lt;name&gt;.prev</c>). The new binary confirms it by completing a hello with the manager; if it starts too
/// often or not in time, the previous files come back.</summary>
internal sealed record PendingUpdate(string FromSha256, string ToSha256, DateTimeOffset Deadline, int Starts, IReadOnlyList<string> Replaced);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PendingUpdate))]
internal sealed partial class UpdateJsonContext : JsonSerializerContext;

internal enum StartVerdict { NoUpdate, OnProbation, RolledBack }

internal sealed class UpdateGuard(string binaryDir, TimeProvider time, ILogger logger)
{
    /// <summary>A new binary that crashes before its hello gets this many starts (systemd restarts it) before the rollback.</summary>
    public const int MaxStarts = 3;

    public string StagingDir { get; } = Path.Combine(binaryDir, ".update");

    private string MarkerPath => Path.Combine(binaryDir, "update-pending.json");

    public PendingUpdate? Pending => File.Exists(MarkerPath)
        ? JsonSerializer.Deserialize(File.ReadAllBytes(MarkerPath), UpdateJsonContext.Default.PendingUpdate)
        : null;

    /// <summary>Moves the staged files over the live ones (each a rename, atomic), the old ones kept as .prev; the
    /// marker is written first so a crash half-way is rolled back on the next start.</summary>
    public void Install(IReadOnlyList<string> files, string fromSha256, string toSha256, TimeSpan confirmWithin)
    {
        // The binary goes last: until it moves, the running build is still whole.
        var ordered = files.OrderBy(f => f == AgentBuild.BinaryName).ToList();
        var replaced = ordered.Where(f => File.Exists(Path.Combine(binaryDir, f))).ToList();
        Save(new PendingUpdate(fromSha256, toSha256, time.GetUtcNow() + confirmWithin, 0, replaced));
        foreach (var file in replaced)
        {
            File.Copy(Path.Combine(binaryDir, file), Path.Combine(binaryDir, file + ".prev"), overwrite: true);
        }
        foreach (var file in ordered)
        {
            File.Move(Path.Combine(StagingDir, file), Path.Combine(binaryDir, file), overwrite: true);
        }
        Directory.Delete(StagingDir, recursive: true);
    }

    /// <summary>Called first thing at start-up.</summary>
    public StartVerdict OnStart()
    {
        if (Pending is not { } pending)
        {
            return StartVerdict.NoUpdate;
        }
        pending = pending with { Starts = pending.Starts + 1 };
        if (pending.Starts > MaxStarts || time.GetUtcNow() > pending.Deadline)
        {
            RollBack(pending, $"the new build started {pending.Starts - 1} times without reaching the manager");
            return StartVerdict.RolledBack;
        }
        Save(pending);
        return StartVerdict.OnProbation;
    }

    /// <summary>The new binary reached the manager: the update stays.</summary>
    public void Confirm()
    {
        if (Pending is { } pending)
        {
            File.Delete(MarkerPath);
            logger.LogInformation("Update to {Sha} confirmed: connected to the manager", pending.ToSha256[..12]);
        }
    }

    /// <summary>True when a pending update was rolled back (the caller restarts into the restored binary).</summary>
    public bool RollBackIfUnconfirmed()
    {
        if (Pending is not { } pending)
        {
            return false;
        }
        RollBack(pending, $"no hello with the manager by {pending.Deadline:u}");
        return true;
    }

    private void RollBack(PendingUpdate pending, string reason)
    {
        foreach (var file in pending.Replaced)
        {
            var previous = Path.Combine(binaryDir, file + ".prev");
            if (File.Exists(previous))
            {
                File.Move(previous, Path.Combine(binaryDir, file), overwrite: true);
            }
        }
        File.Delete(MarkerPath);
        logger.LogError("Update {From} -> {To} rolled back: {Reason}", pending.FromSha256[..12], pending.ToSha256[..12], reason);
    }

    private void Save(PendingUpdate pending)
    {
        var temp = MarkerPath + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(pending, UpdateJsonContext.Default.PendingUpdate));
        File.Move(temp, MarkerPath, overwrite: true);
    }
}
