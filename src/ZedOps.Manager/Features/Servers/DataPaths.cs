using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Servers;

/// <summary>One server's data directory never contains, or lies inside, another's on the same agent: purging one with
/// its data would delete the other's world.</summary>
public static class DataPaths
{
    /// <summary>"/srv//pz/a/" → "/srv/pz/a" (callers have refused "." and ".." segments already).</summary>
    public static string Normalize(string path) => "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Equal, or one is an ancestor of the other (compared by whole segments: /srv/a and /srv/ab do not overlap).</summary>
    public static bool Overlap(string a, string b)
    {
        var (x, y) = (Normalize(a).TrimEnd('/') + "/", Normalize(b).TrimEnd('/') + "/");
        return x.StartsWith(y, StringComparison.Ordinal) || y.StartsWith(x, StringComparison.Ordinal);
    }

    /// <summary>Throws a 409 naming the server whose data <paramref name="path"/> overlaps (deleted servers count: they keep
    /// their data until purged).</summary>
    public static async Task EnsureFreeAsync(ZedOpsDbContext db, Guid agentId, string path, CancellationToken ct)
    {
        var rows = await db.Servers.AsNoTracking().Where(s => s.AgentId == agentId).Select(s => new { s.Name, s.DataPath }).ToListAsync(ct);
        if (rows.FirstOrDefault(r => Overlap(r.DataPath, path)) is { } other)
        {
            throw new ServerCommandException(409, "Data path overlaps another server",
                $"The data path {path} overlaps the data of server '{other.Name}' ({other.DataPath}); each server needs its own directory, neither inside the other.",
                new Dictionary<string, object?> { ["server"] = other.Name, ["dataPath"] = other.DataPath });
        }
    }
}
