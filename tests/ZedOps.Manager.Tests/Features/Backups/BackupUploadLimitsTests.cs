using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>An upload the manager can refuse from its headers alone is refused before any byte reaches an agent.</summary>
public sealed class BackupUploadLimitsTests : ManagerTestBase
{
    protected override ManagerHostOptions? HostOptions => new() { Settings = new Dictionary<string, string> { ["ZedOps:MaxBackupUploadBytes"] = "1024" } };

    [Fact]
    public async Task Upload_OverTheLimit413_Empty400_Form415_EachSaysWhy()
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        var serverId = await Manager.AddServerRowAsync(agent.AgentId, "up" + Guid.NewGuid().ToString("N")[..8]);
        var url = $"/api/servers/{serverId}/backups/upload";

        using var tooLarge = await Admin.PostAsync(url, Raw(new byte[2048]));
        using var empty = await Admin.PostAsync(url, Raw([]));
        using var form = await Admin.PostAsync(url, new MultipartFormDataContent { { Raw(new byte[10]), "file", "b.tar.zst" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("at most 1024", (await tooLarge.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("body is empty", (await empty.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("raw request body", (await form.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
    }

    private static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
