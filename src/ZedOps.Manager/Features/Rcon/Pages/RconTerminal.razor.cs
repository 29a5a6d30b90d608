using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Rcon.Pages;

/// <summary>The RCON terminal: one line in, the reply below; ↑/↓ walk the user's history (kept across visits),
/// the first word completes from PZ's command set with argument hints, and long replies wrap and scroll.</summary>
public sealed partial class RconTerminal
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    public const int MaxEntries = 200;

    private readonly string _outputId = "rcon-" + Guid.NewGuid().ToString("N");
    private readonly List<Entry> _entries = [];
    private string _input = "";
    private bool _busy;
    private int _historyIndex = -1;
    private string _user = "";

    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter] public bool Running { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private RconHistory History { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContext { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<RconCommandInfo> Suggestions =>
        _input.Contains(' ', StringComparison.Ordinal) ? [] : [.. RconCatalog.Complete(_input).Take(8)];

    protected override async Task OnInitializedAsync() => _user = (await AuthState).User.Identity?.Name ?? "";

    private void OnKeyDown(KeyboardEventArgs e)
    {
        var history = History.For(_user);
        if (history.Count == 0 || e.Key is not ("ArrowUp" or "ArrowDown"))
        {
            return;
        }
        _historyIndex = e.Key == "ArrowUp"
            ? (_historyIndex < 0 ? history.Count - 1 : Math.Max(0, _historyIndex - 1))
            : (_historyIndex < 0 ? -1 : _historyIndex + 1);
        if (_historyIndex >= history.Count)
        {
            _historyIndex = -1;
        }
        _input = _historyIndex < 0 ? "" : history[_historyIndex];
    }

    private void Complete(RconCommandInfo command) => _input = command.Name + " ";

    private async Task SendAsync()
    {
        var command = _input.Trim();
        if (command.Length == 0 || _busy)
        {
            return;
        }
        (_busy, _input, _historyIndex) = (true, "", -1);
        var user = (await AuthState).User;
        var actor = AuditActor.From(user, Client);
        try
        {
            await RconPermissions.EnsureControlAsync(ScopeFactory, user, ServerId);
            await using var scope = ScopeFactory.CreateAsyncScope();
            var reply = await scope.ServiceProvider.GetRequiredService<RconConsole>().ExecuteAsync(ServerId, command, actor, CancellationToken.None);
            History.Add(_user, reply.Command);
            Add(new Entry(reply.Command, reply.Reply.Length == 0 ? "(no reply)" : reply.Reply.TrimEnd(), false));
        }
        catch (WireRequestException ex)
        {
            History.Add(_user, RconRedaction.Redact(command));
            Add(new Entry(RconRedaction.Redact(command), $"{ex.Code}: {ex.Message}", true));
        }
        catch (ServerCommandException ex)
        {
            Add(new Entry(RconRedaction.Redact(command), ex.Message, true));
        }
        finally
        {
            _busy = false;
        }
        StateHasChanged();
        await Js.InvokeVoidAsync("zedops.scrollToBottom", _outputId);
    }

    private void Add(Entry entry)
    {
        _entries.Add(entry);
        if (_entries.Count > MaxEntries)
        {
            _entries.RemoveAt(0);
        }
    }

    private sealed record Entry(string Command, string Text, bool Failed);
}
