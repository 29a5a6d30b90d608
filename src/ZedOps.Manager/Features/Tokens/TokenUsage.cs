using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Tokens;

/// <summary>"Last used" of API tokens without a write per request: uses are noted in memory and written every
/// <see cref="FlushEvery"/> (one UPDATE per token used since), and once more when the manager stops.</summary>
public sealed partial class TokenUsage(IServiceScopeFactory scopes, TimeProvider time, ILogger<TokenUsage> logger) : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    public void Record(Guid tokenId, DateTimeOffset at) => _pending[tokenId] = at;

    /// <summary>A use not yet written: lists show it, so "last used" is current even between flushes.</summary>
    public DateTimeOffset? Pending(Guid tokenId) => _pending.TryGetValue(tokenId, out var at) ? at : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await FlushAsync(CancellationToken.None);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.IsEmpty)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        foreach (var id in _pending.Keys)
        {
            if (!_pending.TryRemove(id, out var at))
            {
                continue;
            }
            try
            {
                await db.ApiTokens.Where(t => t.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, at), ct);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogFlushFailed(logger, id, ex.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record the last use of API token {TokenId}: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, Guid tokenId, string reason);
}
