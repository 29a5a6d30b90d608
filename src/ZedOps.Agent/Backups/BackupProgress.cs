using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;

namespace ZedOps.Agent.Backups;

/// <summary>How far a copy or an unpack has got.</summary>
public readonly record struct BackupCount(long BytesDone, long BytesTotal, int FilesDone, int FilesTotal);

/// <summary>Pushes a backup's or a restore's progress to the manager as <see cref="BackupProgressed"/> events: the
/// first count, then at most one a second, and the last one, so a world of 100,000 files is not 100,000 events.</summary>
internal sealed class BackupProgress(ManagerChannel channel, TimeProvider time)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private readonly ManagerChannel _channel = channel;

    public TimeProvider Time => time;

    public IProgress<BackupCount> For(Guid serverId, string phase) => new Reporter(this, serverId, phase);

    private sealed class Reporter(BackupProgress owner, Guid serverId, string phase) : IProgress<BackupCount>
    {
        private long _lastTicks = long.MinValue;

        public void Report(BackupCount value)
        {
            var now = owner.Time.GetTimestamp();
            var last = value.FilesDone >= value.FilesTotal;
            if (!last && _lastTicks != long.MinValue && owner.Time.GetElapsedTime(_lastTicks, now) < s_interval)
            {
                return;
            }
            _lastTicks = now;
            var message = new BackupProgressed(serverId, phase, value.BytesDone, value.BytesTotal, value.FilesDone, value.FilesTotal, owner.Time.GetUtcNow());
            _ = owner._channel.TryPublishAsync(Events.BackupProgressed, message, CancellationToken.None).AsTask();
        }
    }
}
