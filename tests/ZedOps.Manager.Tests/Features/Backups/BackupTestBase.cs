using System.Net.Http.Json;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.Backups;

public abstract class BackupTestBase : PzSimServerTestBase
{
    /// <summary>The agent keeps backups beside its data root: <c>&lt;data root&gt;-backups/&lt;server id&gt;/</c>.</summary>
    protected static string BackupDir(ServerView server) =>
        Path.Combine(Path.GetDirectoryName(server.DataPath)! + "-backups", server.Id.ToString("D"));

    protected Task<ListBackupsResult> WaitBackupsAsync(Guid id, int count) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{id}/backups"))!,
        l => l.Backups.Count == count, $"{count} backups", Bound);
}
