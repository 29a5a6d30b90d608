using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Users;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The agent page applies the API's container rule: a viewer of one server sees that server's container (and
/// its console, passwords masked) and nothing else on the host, even with "show all containers".</summary>
[Trait("Category", "E2E")]
public sealed class ServerScopedViewerPageTests : ManagerWithAgentTestBase
{
    [DockerChromiumFact]
    public async Task AgentPage_ServerViewer_SeesOnlyItsServerAndMaskedConsole()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var secrets = new ServerSecrets("adm-" + suffix + "-pw", "rcon-" + suffix + "-pw", null);
        var mine = await Manager.AddServerRowAsync(AgentId, $"mine-{suffix}", secrets);
        await Manager.AddServerRowAsync(AgentId, $"other-{suffix}", status: ServerStatuses.Missing);
        var mineContainer = await Docker.CreateAsync(["sh", "-c", $"echo 'command line: -servername x -adminpassword {secrets.AdminPassword}'; echo ready; trap 'exit 0' TERM; while true; do sleep 0.1; done"],
            name: ServerSpecs.ContainerName($"mine-{suffix}"), extraLabels: new Dictionary<string, string> { ["zedops.server.id"] = mine.ToString() });
        var otherContainer = await Docker.CreateAsync(DockerTestContainers.Forever, name: ServerSpecs.ContainerName($"other-{suffix}"));
        var unrelated = await Docker.CreateAsync(DockerTestContainers.Forever, managed: false);
        var created = (await (await Admin.PostAsJsonAsync("/api/users", new { username = "eve-" + suffix })).Content.ReadFromJsonAsync<CreatedUser>())!;
        await Admin.GrantAsync(created.User.Id, "viewer", "server", mine);

        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync("eve-" + suffix, created.GeneratedPassword!);
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await browser.Page.GotoAsync($"/agents/{AgentId}");
        await browser.WaitInteractiveAsync();

        await Expect(browser.Page.GetByTestId($"state-{mineContainer}")).ToHaveTextAsync("running");
        await browser.Page.GetByLabel("Show all containers on the host").CheckAsync();
        await Expect(browser.Page.GetByLabel("Show all containers on the host")).ToBeCheckedAsync();
        await Expect(browser.Page.GetByTestId($"state-{mineContainer}")).ToBeVisibleAsync();
        await Expect(browser.Page.GetByTestId("containers-table")).Not.ToContainTextAsync(otherContainer);
        await Expect(browser.Page.GetByTestId("containers-table")).Not.ToContainTextAsync(unrelated);
        await Expect(browser.Page.GetByTestId("recovery-panel")).Not.ToContainTextAsync($"other-{suffix}");
        await browser.Page.GetByTestId($"console-{mineContainer}").ClickAsync();
        await Expect(browser.Page.GetByTestId("console-lines")).ToContainTextAsync("-adminpassword ***");
        await Expect(browser.Page.GetByTestId("console-lines")).Not.ToContainTextAsync(secrets.AdminPassword);
        await browser.ScreenshotAsync("agent-page-server-viewer");
    }
}
