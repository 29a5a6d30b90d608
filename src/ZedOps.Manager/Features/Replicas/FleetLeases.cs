using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Named leases in the <c>fleet_leases</c> table, generalising <see cref="Schedules.ScheduleLease"/>: a replica takes
/// a lease with one conditional UPDATE (it is free, expired, or already its own) or an INSERT that loses to a
/// concurrent one on the primary key; it renews the same way. So at most one replica holds a name at any instant, and
/// a holder that dies hands it over when <c>ExpiresAt</c> passes: the bound is the TTL.
/// </summary>
public sealed class FleetLeases(IDbContextFactory<ZedOpsDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="ttl"/>;
    /// false when another live holder has it.</summary>
    public async Task<bool> TryTakeAsync(string name, string holder, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.FleetLeases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, now + ttl), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.FleetLeases.AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }
        db.FleetLeases.Add(new FleetLeaseEntity { Name = name, Holder = holder, ExpiresAt = now + ttl });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another replica inserted it first
        }
    }

    /// <summary>Gives the lease up at once (a clean shutdown), so the next replica need not wait for the TTL.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.FleetLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, DateTimeOffset.UnixEpoch), ct);
    }

    public async Task<string?> HolderAsync(string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FleetLeases.Where(l => l.Name == name && l.ExpiresAt >= now).Select(l => l.Holder).FirstOrDefaultAsync(ct);
    }
}
