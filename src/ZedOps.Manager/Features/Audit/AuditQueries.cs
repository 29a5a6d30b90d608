using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Audit;

public sealed record AuditFilter(string? User, string? Action, string? Target, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50);

public sealed record AuditEventView(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Details, bool Succeeded, string? RemoteIp, string? UserAgent);

public sealed record AuditPage(IReadOnlyList<AuditEventView> Items, int Page, int PageSize, int Total);

/// <summary>Reads the append-only audit log with filters and paging (newest first). There is no edit path.</summary>
public sealed class AuditQueries(ZedOpsDbContext db)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken ct)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            query = query.Where(e => e.Actor.Contains(filter.User));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action.StartsWith(filter.Action));
        }
        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            query = query.Where(e => e.Target != null && e.Target.Contains(filter.Target));
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(e => e.At <= to);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(e => new AuditEventView(e.Id, e.At, e.Actor, e.Action, e.Target, e.Details, e.Succeeded, e.RemoteIp, e.UserAgent))
            .ToListAsync(ct);
        return new AuditPage(items, filter.Page, filter.PageSize, total);
    }
}
