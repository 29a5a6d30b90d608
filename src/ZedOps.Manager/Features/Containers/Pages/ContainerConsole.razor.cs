using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers.Pages;

/// <summary>A live container console: the last lines then live ones, virtualized (tens of thousands of lines stay
/// smooth), batched renders, filter, auto-scroll toggle and download.</summary>
public sealed partial class ContainerConsole
{
    public const int MaxLines = 50_000;

    private readonly CancellationTokenSource _disposed = new();
    private readonly string _elementId = "console-" + Guid.NewGuid().ToString("N");
    private readonly List<LogLine> _lines = [];
    private List<LogLine> _visible = [];
    private string _filter = "";
    private bool _follow = true;
    private string? _error;
    private LogViewer? _viewer;
    private ContainerSummary? _container;
    private Task? _loop;
    private bool _dirty;

    [Parameter, EditorRequired] public Guid AgentId { get; set; }
    [Parameter, EditorRequired] public string ContainerId { get; set; } = "";
    [Parameter] public string ContainerName { get; set; } = "";

    /// <summary>Set on a server's page: the console is that server's, so the right checked is the right on the server.
    /// Without it the container is resolved by the agent and checked by <see cref="ContainerAccess"/>.</summary>
    [Parameter] public Guid? ServerId { get; set; }
    [Parameter] public EventCallback OnClose { get; set; }

    [Inject] private ContainerLogHub Hub { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private Agents.IAgentLink Link { get; set; } = default!;
    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        try
        {
            var feedId = ContainerId;
            if (ServerId is null)
            {
                _container = (await Link.RequestAsync(AgentId, ZedOps.Protocol.Requests.InspectContainer, new InspectContainer(ContainerId), ct: _disposed.Token)).Container;
                feedId = _container.Name.TrimStart('/');
            }
            if (!await AllowedAsync())
            {
                _error = "You have no access to this console.";
                return;
            }
            _viewer = await Hub.OpenAsync(AgentId, feedId, ContainerLogHub.DefaultTail, _disposed.Token);
            Add(_viewer.Snapshot);
            _loop = ReadAsync(_viewer, _disposed.Token);
            _ = WatchAccessAsync(_viewer, _disposed.Token);
        }
        catch (WireRequestException ex)
        {
            _error = $"Console unavailable: {ex.Message}";
        }
    }

    private async Task ReadAsync(LogViewer viewer, CancellationToken ct)
    {
        var lastRender = DateTime.MinValue;
        await foreach (var batch in viewer.ReadBatchesAsync(ct: ct))
        {
            lock (_lines)
            {
                Add(batch);
            }
            // At most ten renders a second however fast lines come.
            var wait = TimeSpan.FromMilliseconds(100) - (DateTime.UtcNow - lastRender);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            lastRender = DateTime.UtcNow;
            await InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>Re-reads the grants every few seconds: a revoked viewer's console stops, as the SSE stream does.</summary>
    private async Task WatchAccessAsync(LogViewer viewer, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ContainerLogStream.AccessRecheck);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (!await AllowedAsync())
                {
                    _error = "Your access to this console was revoked.";
                    await viewer.DisposeAsync();
                    await InvokeAsync(StateHasChanged);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The same rule as the API: the server's right on a server page, the container rule elsewhere.</summary>
    private async Task<bool> AllowedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var user = (await AuthState).User;
        return _container is not null
            ? await scope.ServiceProvider.GetRequiredService<ContainerAccess>().CanAsync(user, Auth.Capability.View, AgentId, _container)
            : ServerId is { } serverId && await scope.ServiceProvider.GetRequiredService<Auth.AccessControl>().CanAsync(user, Auth.Capability.View, AgentId, serverId);
    }

    private void Add(IReadOnlyList<LogLine> batch)
    {
        _lines.AddRange(batch);
        if (_lines.Count > MaxLines)
        {
            _lines.RemoveRange(0, _lines.Count - MaxLines);
        }
        _dirty = true;
    }

    protected override void OnParametersSet() => _dirty = true;

    protected override bool ShouldRender()
    {
        if (_dirty)
        {
            lock (_lines)
            {
                _visible = _filter.Length == 0 ? [.. _lines] : [.. _lines.Where(l => l.Text.Contains(_filter, StringComparison.OrdinalIgnoreCase))];
            }
            _dirty = false;
        }
        return true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_follow && RendererInfo.IsInteractive)
        {
            await Js.InvokeVoidAsync("zedops.scrollToBottom", _elementId);
        }
    }

    private void SetFilter(string value)
    {
        _filter = value ?? "";
        _dirty = true;
    }

    private async Task DownloadAsync()
    {
        string text;
        lock (_lines)
        {
            text = string.Join('\n', _lines.Select(l => $"{l.At:O} {l.Stream} {l.Text}"));
        }
        await Js.InvokeVoidAsync("zedops.download", $"{ContainerName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log", text);
    }

    private static string StreamClass(string stream) => stream switch
    {
        LogStreams.Stderr => "console-stderr",
        LogStreams.Marker => "console-marker",
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_viewer is not null)
        {
            await _viewer.DisposeAsync();
        }
        _disposed.Dispose();
    }
}
