using System.Security.Claims;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Settings;

/// <summary>An answer for the UI: the value, or the message to show.</summary>
public sealed record UiResult<T>(T? Value, string? Error);

/// <summary>
/// The settings editor for the web UI. The circuit is the trust boundary, so every call checks the user's rights here
/// (view to read, control to change; admin-only keys in <see cref="ServerSettings"/>) and turns refusals into messages.
/// </summary>
public sealed class SettingsUi(ServerSettings settings, SettingsApply apply, SettingsHistory history, AccessControl access)
{
    public Task<UiResult<SettingsView>> LoadAsync(Guid id, ClaimsPrincipal user) =>
        RunAsync(user, id, Capability.View, () => settings.GetAsync(id, AdminRights.Has(user), AdminRights.Has(user), CancellationToken.None));

    public Task<UiResult<IReadOnlyList<SettingsVersionView>>> HistoryAsync(Guid id, ClaimsPrincipal user) =>
        RunAsync(user, id, Capability.View, () => history.ListAsync(id, 100, CancellationToken.None));

    public Task<UiResult<SaveSettingsResult>> SaveIniAsync(Guid id, string hash, IReadOnlyDictionary<string, string> values, ClaimsPrincipal user, ClientInfo? client) =>
        RunAsync(user, id, Capability.Control, () => settings.SaveIniAsync(id, new SaveIniRequest(hash, values), AuditActor.From(user, client), AdminRights.Has(user), CancellationToken.None));

    public Task<UiResult<SaveSettingsResult>> SaveSandboxAsync(Guid id, string hash, IReadOnlyDictionary<string, string> values, ClaimsPrincipal user, ClientInfo? client) =>
        RunAsync(user, id, Capability.Control, () => settings.SaveSandboxAsync(id, new SaveSandboxRequest(hash, values), AuditActor.From(user, client), CancellationToken.None));

    public Task<UiResult<SaveSettingsResult>> SaveModsAsync(Guid id, string hash, ModListState mods, ClaimsPrincipal user, ClientInfo? client) =>
        RunAsync(user, id, Capability.Control, () => settings.SaveModsAsync(id, new SaveModsRequest(hash, mods), AuditActor.From(user, client), AdminRights.Has(user), CancellationToken.None));

    public Task<UiResult<ApplySettingsResult>> ApplyAsync(Guid id, ClaimsPrincipal user, ClientInfo? client) =>
        RunAsync(user, id, Capability.Control, () => apply.ApplyAsync(id, AuditActor.From(user, client), CancellationToken.None));

    public Task<UiResult<SaveSettingsResult>> RevertAsync(Guid id, long versionId, ClaimsPrincipal user, ClientInfo? client) =>
        RunAsync(user, id, Capability.Control, () => settings.RevertAsync(id, versionId, AuditActor.From(user, client), AdminRights.Has(user), CancellationToken.None));

    private async Task<UiResult<T>> RunAsync<T>(ClaimsPrincipal user, Guid id, Capability capability, Func<Task<T>> action)
    {
        if (!await access.CanAsync(user, capability, null, id))
        {
            return new(default, capability == Capability.View ? "You have no access to this server." : "You need operator rights on this server to change its settings.");
        }
        try
        {
            return new(await action(), null);
        }
        catch (ServerCommandException ex)
        {
            return new(default, ex.Message);
        }
        catch (WireRequestException ex)
        {
            return new(default, $"The agent could not do it: {ex.Message}");
        }
    }
}
