using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Rcon;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The Settings tab against a running pz-sim server: change MaxPlayers and PVP, save, apply over RCON; add a
/// mod; see the history with the diff.</summary>
[Trait("Category", "E2E")]
public sealed class SettingsPageTests : ManagerWithAgentTestBase
{
    [DockerChromiumFact]
    public async Task ChangeMaxPlayersAndPvp_SaveApply_AddMod_SeeHistory()
    {
        var server = await CreateRunningPzSimAsync("ui");
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.OpenServerTabAsync(server.Id, "Settings");
        var page = browser.Page;

        var maxPlayers = page.GetByTestId("opt-MaxPlayers").Locator("input");
        await Expect(maxPlayers).ToHaveValueAsync("16");
        await maxPlayers.FillAsync("12");
        await page.GetByTestId("opt-PVP").Locator("label").First.ClickAsync();
        await Expect(page.GetByTestId("settings-save")).ToContainTextAsync("(2)");
        await page.GetByTestId("settings-save").ClickAsync();
        await Expect(page.GetByTestId("settings-message")).ToContainTextAsync("Saved: MaxPlayers, PVP");
        await Expect(page.GetByTestId("opt-MaxPlayers")).ToHaveAttributeAsync("data-changed", "yes");
        await browser.ScreenshotAsync("settings-saved");

        await page.GetByTestId("settings-apply").ClickAsync();
        await Expect(page.GetByTestId("settings-message")).ToContainTextAsync("Applied live: PVP, MaxPlayers");
        var options = await RconAsync(server.Id, "showoptions");
        Assert.Contains("* MaxPlayers=12\n", options, StringComparison.Ordinal);
        Assert.Contains("* PVP=false\n", options, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Mods", Exact = true }).ClickAsync();
        await page.GetByTestId("mods-new-id").FillAsync("https://steamcommunity.com/sharedfiles/filedetails/?id=2392709985");
        await page.GetByTestId("mods-new-modids").FillAsync("ModA");
        await page.GetByTestId("mods-add").ClickAsync();
        await Expect(page.GetByTestId("mods-row")).ToHaveCountAsync(1);
        await page.GetByTestId("mods-save").ClickAsync();
        await Expect(page.GetByTestId("settings-message")).ToContainTextAsync("Saved: Mods, WorkshopItems");
        var ini = await File.ReadAllTextAsync(Path.Combine(server.DataPath, "Server", server.Name + ".ini"));
        Assert.Contains("\nMods=ModA\n", ini, StringComparison.Ordinal);
        Assert.Contains("\nWorkshopItems=2392709985\n", ini, StringComparison.Ordinal);
        await browser.ScreenshotAsync("settings-mods");

        await page.GetByRole(AriaRole.Tab, new() { Name = "History", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("history-summary").Filter(new() { HasText = "MaxPlayers: 16 → 12" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("history-summary").Filter(new() { HasText = "WorkshopItems:" })).ToHaveCountAsync(1);
        await page.GetByTestId("history-row").First.GetByText("Show diff").ClickAsync();
        await Expect(page.GetByTestId("history-diff")).ToContainTextAsync("+WorkshopItems=2392709985");
        await browser.ScreenshotAsync("settings-history");
    }

    [DockerChromiumFact]
    public async Task B42Server_IniShowsB42Badges_SandboxEnumIsASelect()
    {
        var server = await CreateRunningPzSimAsync("ui42", build: "42");
        using (var stop = await Admin.PostAsync($"/api/servers/{server.Id}/stop", null))
        {
            Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        }
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.OpenServerTabAsync(server.Id, "Settings");
        var page = browser.Page;

        await Expect(page.GetByTestId("settings-build")).ToContainTextAsync("Build 42");
        await Expect(page.GetByTestId("opt-ChatMessageCharacterLimit").GetByTestId("b42-badge")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("opt-MaxPlayers").GetByTestId("b42-badge")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("opt-AntiCheatProtectionType1")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("settings-b42");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Sandbox", Exact = true }).ClickAsync();
        // The sandbox is editable once the stop has gone through (the panel reloads on the status change).
        var speed = page.GetByTestId("sandbox-ZombieLore.Speed");
        await Expect(speed.GetByTestId("sandbox-select")).ToBeVisibleAsync();
        await Expect(speed).ToContainTextAsync("2 = Fast Shamblers");
        await browser.ScreenshotAsync("settings-sandbox-select");
    }

    private async Task<string> RconAsync(Guid id, string command)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/servers/{id}/rcon", new RconRequest(command));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RconReply>())!.Reply;
    }
}
