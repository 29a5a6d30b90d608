using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Agents.Pages;

public sealed partial class AddAgentDialog
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private string? _name;
    private string? _error;
    private bool _busy;
    private RegistrationTokenIssued? _issued;
    private AgentCommand? _command;
    [Inject] private AgentDownloads.AgentReleases Releases { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IOptions<ManagerOptions> Options { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) || AgentNames.IsValid(name.Trim()) ? null : $"Invalid name: {AgentNames.Rule}.";

    private async Task CreateAsync()
    {
        var name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim();
        if (ValidateName(name) is { } problem)
        {
            _error = problem;
            return;
        }
        var user = (await AuthState).User;
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            _error = "Only admins can add agents.";
            return;
        }
        _busy = true;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var registrations = scope.ServiceProvider.GetRequiredService<AgentRegistrations>();
            _issued = await registrations.IssueTokenAsync(name, AuditActor.From(user, Client), CancellationToken.None);
            var managerUrl = Options.Value.PublicUrl ?? Navigation.BaseUri;
            _command = AgentCommand.For(managerUrl, _issued.Token, name, Releases);
            _error = null;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        var ok = await Js.InvokeAsync<bool>("zedops.copyText", _command?.Primary ?? "");
        Snackbar.Add(ok ? "Command copied." : "Could not copy; select the command and copy it by hand.", ok ? Severity.Success : Severity.Warning);
    }
}
