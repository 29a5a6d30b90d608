using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The admin's Notifications page: a Discord channel pointed at a real local receiver, "Send test", the delivery log.</summary>
[Trait("Category", "E2E")]
public sealed class NotificationsPageTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpReceiver _discord = default!;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _discord = await HttpReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [ChromiumFact]
    public async Task NotificationsPage_AddDiscordChannel_SendTest_ReceiverGetsEmbedAndLogShowsSent()
    {
        const string secretPath = "/api/webhooks/123/s3cr3t-token";
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        await browser.Page.GetByTestId("nav-notifications").ClickAsync();
        await browser.WaitInteractiveAsync();

        var page = browser.Page;
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ops-discord");
        await page.GetByLabel("Webhook URL").FillAsync(_discord.Url(secretPath).ToString());
        await page.GetByTestId("channel-save").ClickAsync();
        await Expect(page.GetByTestId("channels-table")).ToContainTextAsync("ops-discord");
        await Expect(page.GetByTestId("channels-table")).ToContainTextAsync("URL set (….0.1)");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("s3cr3t-token");

        await page.GetByTestId("channel-test-ops-discord").ClickAsync();
        await Expect(page.GetByTestId("channel-test-result")).ToContainTextAsync("Test message delivered");
        await Expect(page.GetByTestId("deliveries-table")).ToContainTextAsync("ZedOps test notification");
        await Expect(page.GetByTestId("delivery-status").First).ToContainTextAsync("sent");
        await browser.ScreenshotAsync("notifications");

        var request = Assert.Single(_discord.Requests);
        Assert.Equal(secretPath, request.Path);
        using var json = JsonDocument.Parse(request.Body);
        var embed = json.RootElement.GetProperty("embeds")[0];
        Assert.Equal("ZedOps test notification", embed.GetProperty("title").GetString());
        Assert.Contains("ops-discord", embed.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
