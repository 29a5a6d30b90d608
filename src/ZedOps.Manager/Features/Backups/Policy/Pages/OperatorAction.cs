using System.Security.Claims;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups.Policy.Pages;

/// <summary>An operator's action from a component: checks the user's Control right on the server again, runs the action
/// in its own scope with the user as the audit actor, and shows a refusal or failure as a snackbar.</summary>
internal static class OperatorAction
{
    public static async Task<bool> RunAsync(IServiceScopeFactory scopes, ClaimsPrincipal user, ClientInfo? client, Guid serverId, ISnackbar snackbar,
        string refusal, Func<IServiceProvider, AuditActor, Task> action)
    {
        try
        {
            if (!await RconPermissions.CanControlAsync(scopes, user, serverId))
            {
                snackbar.Add(refusal, Severity.Error);
                return false;
            }
            await using var scope = scopes.CreateAsyncScope();
            await action(scope.ServiceProvider, AuditActor.From(user, client));
            return true;
        }
        catch (Exception ex) when (ex is WireRequestException or ServerCommandException)
        {
            snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
    }
}
