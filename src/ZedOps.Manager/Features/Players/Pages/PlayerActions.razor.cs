using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Players.Pages;

/// <summary>Kick (with reason), ban/unban, whitelist and access level for one player, each one RCON command
/// run through <see cref="RconConsole"/> (so it is audited); the reply or the typed refusal shows as a snackbar.</summary>
public sealed partial class PlayerActions
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private string? _pending;
    private string? _reason;
    private string _level = "moderator";

    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter, EditorRequired] public string Player { get; set; } = "";
    [Parameter] public bool Offline { get; set; }
    [Parameter] public EventCallback OnDone { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContext { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private async Task RunAsync(string action)
    {
        var command = PlayerCommands.Build(action, Player, _reason, _level);
        (_pending, _reason) = (null, null);
        if (command is null)
        {
            return;
        }
        var actor = AuditActor.From((await AuthState).User, Client);
        try
        {
            await RconPermissions.EnsureControlAsync(ScopeFactory, (await AuthState).User, ServerId);
            await using var scope = ScopeFactory.CreateAsyncScope();
            var reply = await scope.ServiceProvider.GetRequiredService<RconConsole>().ExecuteAsync(ServerId, command, actor, CancellationToken.None);
            Snackbar.Add(reply.Reply.Trim(), Severity.Success);
        }
        catch (WireRequestException ex)
        {
            Snackbar.Add($"{ex.Code}: {ex.Message}", Severity.Error);
        }
        catch (ServerCommandException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await OnDone.InvokeAsync();
    }
}
