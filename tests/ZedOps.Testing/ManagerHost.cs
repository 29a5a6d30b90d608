using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Testing;

/// <summary>Settings for one in-process manager.</summary>
public sealed record ManagerHostOptions
{
    public string DataDir { get; init; } = Path.Combine(Path.GetTempPath(), "zedops-test-" + Guid.NewGuid().ToString("N"));
    public string? PostgresConnectionString { get; init; }
    public int Port { get; init; }
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxFailedLogins { get; init; } = 5;
    public int LoginsPerMinute { get; init; } = 1000;
    public Action<IServiceCollection>? ConfigureServices { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>The real manager on a real Kestrel socket on 127.0.0.1 (port 0 unless given), with its own data dir.</summary>
public sealed class ManagerHost : WebApplicationFactory<AgentRegistry>
{
    public const string AdminPassword = "test-admin-password";

    private readonly ManagerHostOptions _options;

    private ManagerHost(ManagerHostOptions options)
    {
        _options = options;
        UseKestrel(o => o.Listen(IPAddress.Loopback, options.Port));
    }

    public ManagerHostOptions Options => _options;

    public Uri BaseAddress => ClientOptions.BaseAddress;

    public AgentRegistry Registry => Services.GetRequiredService<AgentRegistry>();

    public static Task<ManagerHost> StartAsync(ManagerHostOptions? options = null)
    {
        var host = new ManagerHost(options ?? new ManagerHostOptions());
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.ClientOptions.BaseAddress = new Uri(address);
        return Task.FromResult(host);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ZedOps:DataDir", _options.DataDir);
        builder.UseSetting("ZedOps:AdminPassword", AdminPassword);
        builder.UseSetting("ZedOps:HeartbeatInterval", _options.HeartbeatInterval.ToString());
        builder.UseSetting("ZedOps:Login:MaxFailedAttempts", _options.MaxFailedLogins.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ZedOps:Login:AttemptsPerMinutePerClient", _options.LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ZedOps:LocalAgent:Enabled", "false");
        if (_options.PostgresConnectionString is { } pg)
        {
            builder.UseSetting("ZedOps:Database:Provider", "Postgres");
            builder.UseSetting("ZedOps:Database:ConnectionString", pg);
        }
        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => _options.ConfigureServices?.Invoke(services));
    }

    /// <summary>An HTTP client with a cookie jar (not logged in).</summary>
    public HttpClient CreateAnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, HandleCookies = true, AllowAutoRedirect = false });

    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public async Task<string> CreateRegistrationTokenAsync(HttpClient admin, string? name = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/agents/registration-tokens", new { name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<RegistrationTokenResponse>();
        return body!.Token;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes the data dir (call when the test no longer needs to restart on it).</summary>
    public void DeleteData()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_options.DataDir))
            {
                Directory.Delete(_options.DataDir, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temp-dir cleanup only: a manager still shutting down may write a last file (SQLite WAL, a key) meanwhile.
            // Leaving the directory behind is harmless; failing the test for it would hide what the test checks.
        }
    }
}
