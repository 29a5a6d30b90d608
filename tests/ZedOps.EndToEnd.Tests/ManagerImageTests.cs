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
        await using (var first = await ManagerContainer.StartAsync(image, _volume, new Dictionary<string, string> { ["ZEDOPS_ADMIN_PASSWORD"] = Password }))
        {
            using var admin = first.CreateClient(cookies);
            await LoginAsync(admin, first);
            using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "before-upgrade", currentPassword = Password }).DefaultTimeout();
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            token = (await created.Content.ReadFromJsonAsync<CreatedToken>())!;
            Assert.Equal("10001:10001", (await Processes.RunAsync("docker", ["inspect", "-f", "{{.Config.User}}", first.Name])).Output.Trim());
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
        Assert.DoesNotContain("Created user 'admin'", await second.LogsAsync(), StringComparison.Ordinal);
    }

    private static async Task LoginAsync(HttpClient client, ManagerContainer container)
    {
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = Password }).DefaultTimeout();
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"login on {container.Name}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
    }
}
