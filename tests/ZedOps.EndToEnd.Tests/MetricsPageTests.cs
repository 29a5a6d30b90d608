using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Metrics;
using ZedOps.Protocol.Metrics;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The server page's Metrics tab in Chromium: the empty state, then charts with data points from samples that
/// entered through the manager's ingest (as an agent's batch does), a tooltip on hover, live growth while the tab is
/// open, the range buttons; and the host charts on the agent page.</summary>
[Trait("Category", "E2E")]
public sealed class MetricsPageTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _admin = await _manager.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [ChromiumFact]
    public async Task MetricsTab_ChartsShowSamples_AndGrowLive()
    {
        var agent = await _manager.RegisterAgentAsync(_admin, "chart-host");
        var serverId = await _manager.AddServerRowAsync(agent.AgentId, "charted");
        var ingest = _manager.Services.GetRequiredService<MetricsIngest>();
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync();
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        await browser.OpenServerTabAsync(serverId, "Metrics");
        await Expect(browser.Page.GetByTestId("metrics-empty")).ToContainTextAsync("No samples yet");

        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, 30).Select(i => Sample(serverId, now.AddSeconds(-10 * (30 - i)), i)).ToList();
        Assert.Equal(30, await ingest.IngestAsync(agent.AgentId, samples, CancellationToken.None));

        // The tab refreshes the newest window every 10 s while open.
        var cpu = browser.Page.GetByTestId("chart-cpu");
        await Expect(cpu).ToHaveAttributeAsync("data-points", "30", new() { Timeout = 30_000 });
        foreach (var chart in new[] { "chart-cpu", "chart-memory", "chart-players", "chart-network" })
        {
            await Expect(browser.Page.GetByTestId(chart).Locator("svg path.mud-chart-line").First).ToBeVisibleAsync();
        }
        var markers = cpu.Locator("svg circle.mud-chart-point");
        Assert.True(await markers.CountAsync() >= 30, $"data markers on the CPU chart: {await markers.CountAsync()}");
        await markers.Last.HoverAsync(new() { Force = true });
        await Expect(cpu.Locator(".mud-charts-tooltip")).ToContainTextAsync("UTC");
        await browser.ScreenshotAsync("server-metrics");

        await ingest.IngestAsync(agent.AgentId, [Sample(serverId, DateTimeOffset.UtcNow, 30)], CancellationToken.None);
        await Expect(cpu).ToHaveAttributeAsync("data-points", "31", new() { Timeout = 30_000 });

        await browser.Page.GetByTestId("metrics-range-7d").ClickAsync();
        await Expect(browser.Page.GetByTestId("metrics-tier")).ToContainTextAsync("28 min per point");
        // Five minutes of samples fall in one or two 28-minute points: markers, maybe no line yet.
        await Expect(cpu.Locator("svg circle.mud-chart-point").First).ToBeAttachedAsync();

        // A heartbeat as the agent sends it (one host point per 10 s is kept), written at once instead of on the job's next tick.
        ingest.RecordHeartbeat(agent.AgentId, new ZedOps.Protocol.Agents.Heartbeat(DateTimeOffset.UtcNow,
            new ZedOps.Protocol.Agents.HostMetrics(25, 8L << 30, 3L << 30, 100L << 30, 40L << 30, 0.5, 100), new(true, "20.10", null)));
        await ingest.FlushHostsAsync(CancellationToken.None);
        await browser.Page.GotoAsync($"/agents/{agent.AgentId}");
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("host-chart-memory")).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[1-9]"));
        await Expect(browser.Page.GetByTestId("host-shares")).ToContainTextAsync("charted");
        await browser.ScreenshotAsync("host-metrics");
    }

    private static ServerMetricsSample Sample(Guid serverId, DateTimeOffset at, int i) =>
        new(serverId, at, 20 + i % 7 * 5, (400 + i * 3) * 1024L * 1024, 2L << 30, 2048 + i * 100, 1024 + i * 50, 0, 8192, i / 10);
}
