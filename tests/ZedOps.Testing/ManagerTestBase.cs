using Xunit;

namespace ZedOps.Testing;

/// <summary>Base for tests against one manager (fresh data dir per test) with a logged-in admin client.</summary>
public abstract class ManagerTestBase : IAsyncLifetime
{
    protected ManagerHost Manager { get; private set; } = default!;
    protected HttpClient Admin { get; private set; } = default!;

    protected virtual ManagerHostOptions? HostOptions => null;

    public async Task InitializeAsync()
    {
        Manager = await ManagerHost.StartAsync(HostOptions);
        Admin = await Manager.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Manager.DisposeAsync();
        Manager.DeleteData();
    }
}
