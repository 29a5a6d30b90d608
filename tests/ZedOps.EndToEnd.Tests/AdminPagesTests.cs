using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

[Trait("Category", "E2E")]
public sealed class AdminPagesTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;

    public async Task InitializeAsync() => _manager = await ManagerHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [ChromiumFact]
    public async Task Users_CreateAndGrant_AuditShowsIt_AccountPageRenders()
    {
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();

        await browser.Page.GetByTestId("nav-users").ClickAsync();
        await browser.WaitInteractiveAsync();
        await browser.Page.GetByLabel("New user's name").FillAsync("friend");
        await browser.Page.GetByTestId("new-user-create").ClickAsync();
        await Expect(browser.Page.GetByTestId("user-password")).ToContainTextAsync("Password for friend");
        await browser.Page.GetByTestId("grants-friend").ClickAsync();
        var dialog = browser.Page.Locator(".mud-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Expect(dialog.Locator("tbody")).ToContainTextAsync("viewer");
        await browser.ScreenshotAsync("users-grants");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await using (var scope = _manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOps.Manager.Data.ZedOpsDbContext>();
            var created = db.AuditEvents.Single(e => e.Action == "user.create");
            Assert.Equal("127.0.0.1", created.RemoteIp); // UI actions carry the browser's address and agent
            Assert.Contains("Chrome", created.UserAgent, StringComparison.Ordinal);
        }

        await browser.Page.GetByTestId("nav-audit").ClickAsync();
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("audit-table")).ToContainTextAsync("user.grant");
        await browser.ScreenshotAsync("audit-log");

        await browser.Page.GetByTestId("current-user").ClickAsync();
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("two-factor")).ToContainTextAsync("Two-factor authentication");
        await browser.Page.GetByLabel("Token name").FillAsync("ui script");
        await browser.Page.GetByTestId("token-create").ClickAsync();
        await Expect(browser.Page.GetByTestId("token-error")).ToContainTextAsync("currentPassword"); // minting needs the password
        await browser.Page.GetByLabel("Your password").FillAsync(ManagerHost.AdminPassword);
        await browser.Page.GetByTestId("token-create").ClickAsync();
        await Expect(browser.Page.GetByTestId("token-secret")).ToContainTextAsync("expires");
        await browser.ScreenshotAsync("account");
    }
}
