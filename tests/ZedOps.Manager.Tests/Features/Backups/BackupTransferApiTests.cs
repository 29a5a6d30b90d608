using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>Download, upload and clone through the API, the real agent, Docker and running pz-sim servers.</summary>
[Trait("Category", "Docker")]
public sealed class BackupTransferApiTests : BackupTestBase
{
    [DockerFact]
    public async Task Download_StreamsTheArchive_Sha256Matches_Audited_UnknownIs404_DamagedIsCutOff()
    {
        var server = await CreateRunningAsync();
        var backup = await BackUpAsync(server);

        using var response = await Admin.GetAsync($"/api/servers/{server.Id}/backups/{backup.Id}/download", HttpCompletionOption.ResponseHeadersRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var unknown = await Admin.GetAsync($"/api/servers/{server.Id}/backups/20261201T000000Z-abcdef/download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{server.Name}-{backup.Id}.tar.zst", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(backup.ArchiveBytes, response.Content.Headers.ContentLength);
        Assert.Equal(backup.ArchiveSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(BackupDir(server), backup.Id + ".tar.zst")), bytes);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The archive changes on the host behind the manifest's back: the client gets a failed download, not a file.
        var archive = Path.Combine(BackupDir(server), backup.Id + ".tar.zst");
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(archive, bytes);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Admin.GetByteArrayAsync($"/api/servers/{server.Id}/backups/{backup.Id}/download"));

        // The failed download's row is written after the connection is cut, so it may land a moment later.
        var audit = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<AuditPage>("/api/audit?action=backup.download"))!,
            a => a.Items.Any(e => !e.Succeeded && e.Details!.Contains("SHA-256", StringComparison.Ordinal)), "the cut-off download audited", Bound);
        Assert.Contains(audit.Items, e => e.Succeeded && e.Details!.StartsWith(backup.Id, StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task DownloadUploadRoundTrip_ToAnotherServerOfTheWorld_RestoreBringsTheWorldBack()
    {
        var source = await CreateRunningAsync();
        await File.WriteAllTextAsync(Path.Combine(WorldDir(source, source.Name), "base.txt"), "the friends' base at the river");
        var backup = await BackUpAsync(source);
        var bytes = await Admin.GetByteArrayAsync($"/api/servers/{source.Id}/backups/{backup.Id}/download");
        // Another server (another name, ports, data) that runs the same world, as a world moved to another host would.
        var other = await CreateRunningAsync(worldName: source.Name);

        using var upload = await UploadAsync(other.Id, bytes);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = (await upload.Content.ReadFromJsonAsync<BackupInfo>())!;
        Assert.Equal(("upload", source.Name, backup.ArchiveSha256, backup.Files), (uploaded.Reason, uploaded.World, uploaded.ArchiveSha256, uploaded.Files));
        using (var restore = await Admin.PostAsync($"/api/servers/{other.Id}/backups/{uploaded.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        }

        var marker = Path.Combine(WorldDir(other, source.Name), "base.txt");
        await WaitServerAsync(other.Id, v => v.Status == ServerStatuses.Running && v.Operation is null && File.Exists(marker), "restored from the upload and running");
        Assert.Equal("the friends' base at the river", await File.ReadAllTextAsync(marker));
        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/api/audit?action=backup.upload"))!;
        Assert.Contains(audit.Items, e => e.Succeeded && e.Target == $"server:{other.Name}");
    }

    [DockerFact]
    public async Task Upload_FlippedByte_Refused422_NothingAdded_OtherWorldNotRestored_NoLengthIs411()
    {
        var server = await CreateRunningAsync();
        var backup = await BackUpAsync(server);
        var bytes = await Admin.GetByteArrayAsync($"/api/servers/{server.Id}/backups/{backup.Id}/download");
        var damaged = bytes.ToArray();
        damaged[damaged.Length / 2] ^= 0x20;

        using var corrupt = await UploadAsync(server.Id, damaged);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, corrupt.StatusCode);
        Assert.Equal(ErrorCodes.BackupCorrupt, (await corrupt.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
        Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups);
        Assert.Equal(2, Directory.GetFiles(BackupDir(server)).Length); // the one backup and its sidecar: no temporary file left

        using var chunked = new StreamContent(new MemoryStream(bytes)); // no length known: sent chunked
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/servers/{server.Id}/backups/upload") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var noLength = await Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.LengthRequired, noLength.StatusCode);

        // A good archive of another world is kept, but restoring it is refused before the server is touched.
        var other = await CreateRunningAsync();
        using var upload = await UploadAsync(other.Id, bytes);
        var uploaded = (await upload.Content.ReadFromJsonAsync<BackupInfo>())!;
        using var restore = await Admin.PostAsync($"/api/servers/{other.Id}/backups/{uploaded.Id}/restore", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, restore.StatusCode);
        Assert.Contains($"holds the world '{server.Name}'", (await restore.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        var view = (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{other.Id}"))!;
        Assert.Equal((ServerStatuses.Running, null), (view.Status, view.Operation));
        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/api/audit?action=backup.upload"))!;
        Assert.Contains(audit.Items, e => !e.Succeeded && e.Details!.Contains("backup_corrupt", StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task Upload_ClientGoesAwayHalfway_AgentTemporaryFileRemoved_NothingAdded()
    {
        var server = await CreateRunningAsync();
        var dir = BackupDir(server);
        using var content = new HalfThenGone(Random.Shared.GetItems<byte>([1, 2, 3, 5, 8], 3 * BackupChunks.Size),
            () => Directory.Exists(dir) && Directory.GetFiles(dir, ".upload-*").Length == 1);

        await Assert.ThrowsAnyAsync<Exception>(() => Admin.PostAsync($"/api/servers/{server.Id}/backups/upload", content));

        await Eventually.ReturnsAsync(() => Task.FromResult(Directory.GetFiles(dir).Length), n => n == 0, "the temporary upload removed", Bound);
        Assert.Empty((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups);
    }

    [DockerFact]
    public async Task ViewerCannotDownloadUploadOrClone_OperatorCannotClone()
    {
        var server = await CreateRunningAsync();
        var backup = await BackUpAsync(server);
        var (viewer, viewerId) = await Manager.CreateUserClientAsync(Admin, "transfer-viewer");
        await Admin.GrantAsync(viewerId, "viewer", "server", server.Id);
        var (operatorClient, operatorId) = await Manager.CreateUserClientAsync(Admin, "transfer-operator");
        await Admin.GrantAsync(operatorId, "operator", "server", server.Id);
        var url = $"/api/servers/{server.Id}/backups/{backup.Id}";

        using var download = await viewer.GetAsync($"{url}/download");
        using var upload = await viewer.PostAsync($"/api/servers/{server.Id}/backups/upload", new ByteArrayContent([1, 2, 3]));
        using var clone = await viewer.PostAsJsonAsync($"{url}/clone", new { name = "viewer-clone" });
        using var operatorDownload = await operatorClient.GetAsync($"{url}/download");
        using var operatorClone = await operatorClient.PostAsJsonAsync($"{url}/clone", new { name = "operator-clone" });

        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorDownload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorClone.StatusCode);
    }

    [DockerFact]
    public async Task Clone_NewServerWithFreshPorts_RunsTheBackedUpWorld()
    {
        var source = await CreateRunningAsync();
        await File.WriteAllTextAsync(Path.Combine(WorldDir(source, source.Name), "base.txt"), "the friends' base at the river");
        var backup = await BackUpAsync(source);
        await File.WriteAllTextAsync(Path.Combine(WorldDir(source, source.Name), "after.txt"), "not in the backup");
        var name = "c" + Guid.NewGuid().ToString("N")[..10];

        var clone = await CloneAsync(source, backup, new { name });
        Assert.Equal(source.Name, clone.Config.WorldName);
        Assert.NotEqual(source.DataPath, clone.DataPath);
        Assert.DoesNotContain(clone.GamePort, new[] { source.GamePort, source.UdpPort });
        Assert.NotEqual(source.RconPort, clone.RconPort);
        Assert.Equal("the friends' base at the river", await File.ReadAllTextAsync(Path.Combine(WorldDir(clone, source.Name), "base.txt")));
        Assert.False(File.Exists(Path.Combine(WorldDir(clone, source.Name), "after.txt")));
        Assert.True(File.Exists(Path.Combine(clone.DataPath, "db", source.Name + ".db")));
        var copied = Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{clone.Id}/backups"))!.Backups);
        Assert.Equal(("clone", backup.ArchiveSha256), (copied.Reason, copied.ArchiveSha256));
        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/api/audit?action=backup.clone"))!;
        Assert.Contains(audit.Items, e => e.Target == $"server:{source.Name}" && e.Details!.Contains(name, StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task Clone_OntoAnotherAgent_CopiedThroughTheManager_RunsThere()
    {
        var source = await CreateRunningAsync();
        await File.WriteAllTextAsync(Path.Combine(WorldDir(source, source.Name), "base.txt"), "moved to the other host");
        var backup = await BackUpAsync(source);
        var registered = await Manager.RegisterAgentAsync(Admin, "second-" + Guid.NewGuid().ToString("N")[..6]);
        await using var second = AgentProcess.Start(Manager.BaseAddress, null, null, AgentIdentityFiles.Write(Manager, registered));
        await Manager.WaitOnlineAsync(registered.AgentId);
        var name = "c" + Guid.NewGuid().ToString("N")[..10];

        var clone = await CloneAsync(source, backup, new { name, agentId = registered.AgentId });
        Assert.Equal(registered.AgentId, clone.AgentId);
        Assert.StartsWith(second.StateDir, clone.DataPath, StringComparison.Ordinal);
        Assert.Equal("moved to the other host", await File.ReadAllTextAsync(Path.Combine(WorldDir(clone, source.Name), "base.txt")));
        await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]); // before its agent stops
    }

    /// <summary>Clones and waits for the new server's operation to end; it must end running.</summary>
    private async Task<ServerView> CloneAsync(ServerView source, BackupInfo backup, object body)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/servers/{source.Id}/backups/{backup.Id}/clone", body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        Created.Add(created.Name);
        var clone = await WaitServerAsync(created.Id, v => v.Status is ServerStatuses.Running or ServerStatuses.Failed && v.Operation is null, "the clone finished");
        Assert.True(clone.Status == ServerStatuses.Running, clone.LastError);
        return clone;
    }

    private static string WorldDir(ServerView server, string world) => Path.Combine(server.DataPath, "Saves", "Multiplayer", world);

    private async Task<BackupInfo> BackUpAsync(ServerView server)
    {
        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "transfer" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        return Assert.Single((await WaitBackupsAsync(server.Id, 1)).Backups);
    }

    /// <summary>Announces all its bytes, sends the first chunk's worth, waits until the agent holds the temporary
    /// file, then fails: the connection breaks mid-body as when a browser tab is closed.</summary>
    private sealed class HalfThenGone(byte[] bytes, Func<bool> begun) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, BackupChunks.Size + 1000));
            await stream.FlushAsync();
            await Eventually.ReturnsAsync(() => Task.FromResult(begun()), b => b, "the agent began the upload", TimeSpan.FromSeconds(30));
            throw new IOException("the client went away");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    private Task<HttpResponseMessage> UploadAsync(Guid serverId, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Admin.PostAsync($"/api/servers/{serverId}/backups/upload", content);
    }
}
