using Microsoft.Playwright;

namespace ZedOps.EndToEnd.Tests;

/// <summary>Headless Debian Chromium driven by Playwright (no browser download: TOOLING.md), one context per test.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly string ScreenshotDir = Path.Combine(FindRoot(), "artifacts", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<BrowserSession> StartAsync(Uri baseAddress)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Requirements.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        // CI machines have 2 busy cores: give assertions the same generous bound as actions.
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(playwright, browser, context, page);
    }

    public async Task LoginAsync(string user = "admin", string password = ManagerHost.AdminPassword)
    {
        await Page.GotoAsync("/");
        await Page.WaitForURLAsync("**/login**");
        await Page.FillAsync("#username", user);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("button[type=submit]");
    }

    /// <summary>Opens a server's page, waits for its circuit, and selects one of its tabs.</summary>
    public async Task OpenServerTabAsync(Guid serverId, string tab)
    {
        await Page.GotoAsync($"/servers/{serverId}");
        await WaitInteractiveAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
    }

    /// <summary>A prerendered Blazor page ignores clicks until its circuit connects.</summary>
    public Task WaitInteractiveAsync() => Assertions.Expect(Page.Locator("[data-interactive]")).ToHaveAttributeAsync("data-interactive", "yes");

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZedOps.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Path.GetTempPath();
    }
}
