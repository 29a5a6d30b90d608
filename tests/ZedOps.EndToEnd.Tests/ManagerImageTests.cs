using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Tokens;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The manager image from scripts/build-manager-image.sh, run as a real container on a named volume.</summary>
[Trait("Category", "E2E")]
public sealed class ManagerImageTests : IAsyncLifetime
{
    private const string Password = "upgrade-test-password";
    private readonly string _volume = $"zedops-manager-test-{Guid.NewGuid():N}"[..32];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Requirements.DockerMissing is null)
        {
            await Processes.RunAsync("docker", ["volume", "rm", "-f", _volume]);
        }
    }

    [DockerFact]
    public async Task NewContainer_SameVolume_KeepsUsersTokensAndKeys()
    {
        var image = await ManagerImage.EnsureAsync();
        var cookies = new CookieContainer();
        CreatedToken token;
        string signingKey;
        await using (var first = await ManagerContainer.StartAsync(image, _volume, new Dictionary<string, string> { ["ZEDOPS_ADMIN_PASSWORD"] = Password }))
        {
            using var admin = first.CreateClient(cookies);
            await LoginAsync(admin, first);
            using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "before-upgrade", currentPassword = Password }).DefaultTimeout();
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            token = (await created.Content.ReadFromJsonAsync<CreatedToken>())!;
            Assert.Equal("10001:10001", (await Processes.RunAsync("docker", ["inspect", "-f", "{{.Config.User}}", first.Name])).Output.Trim());
            signingKey = await admin.GetStringAsync("/agent/signing-key.pem").DefaultTimeout();
        }

        // No admin password this time: a lost database would get a fresh admin with a random one.
        await using var second = await ManagerContainer.StartAsync(image, _volume, new Dictionary<string, string>());

        using (var sameCookie = second.CreateClient(cookies))
        {
            using var me = await sameCookie.GetAsync("/api/auth/me").DefaultTimeout();
            Assert.True(me.StatusCode == HttpStatusCode.OK, $"the old session cookie needs the old Data Protection keys: {(int)me.StatusCode}");
        }
        using (var bearer = second.CreateClient())
        {
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            var tokens = await bearer.GetFromJsonAsync<List<TokenView>>("/api/tokens").DefaultTimeout();
            Assert.Contains(tokens!, t => t.Id == token.Id && t.Name == "before-upgrade");
        }
        using var fresh = second.CreateClient();
        await LoginAsync(fresh, second);
        Assert.Equal(signingKey, await fresh.GetStringAsync("/agent/signing-key.pem").DefaultTimeout());
        var logs = await second.LogsAsync();
        Assert.DoesNotContain("Created user 'admin'", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Created the agent signing key", logs, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Image_ServesTheAgentBuildsItWasBuiltWith()
    {
        var image = await ManagerImage.EnsureAsync();
        var (_, label) = await Processes.RunAsync("docker", ["image", "inspect", "-f", "{{index .Config.Labels \"org.zedops.manager.agent-builds\"}}", image]);
        await using var manager = await ManagerContainer.StartAsync(image, _volume, new Dictionary<string, string>());
        using var client = manager.CreateClient();

        using var sums = await client.GetAsync("/agent/linux-x64/SHA256SUMS").DefaultTimeout();

        var included = label.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains("linux-x64");
        Assert.True(sums.StatusCode == (included ? HttpStatusCode.OK : HttpStatusCode.NotFound),
            $"agent builds in the image: '{label.Trim()}'; GET /agent/linux-x64/SHA256SUMS: {(int)sums.StatusCode} {await sums.Content.ReadAsStringAsync()}");
    }

    private static async Task LoginAsync(HttpClient client, ManagerContainer container)
    {
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = Password }).DefaultTimeout();
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"login on {container.Name}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
    }
}
