using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace ZedOps.Manager.Features.Backups.Pages;

/// <summary>"Upload backup…": the browser streams the picked archive to <c>POST /api/servers/{id}/backups/upload</c>
/// (cookie auth) with its progress shown here; the manager streams it on to the agent, which verifies it.</summary>
public sealed partial class BackupUploadButton
{
    private readonly string _inputId = "backup-upload-" + Guid.NewGuid().ToString("N")[..8];
    private ElementReference _input;
    private DotNetObjectReference<BackupUploadButton>? _self;
    private string? _file;
    private long? _total;
    private long _sent;

    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter] public EventCallback OnUploaded { get; set; }

    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            await Js.InvokeVoidAsync("zedops.bindUpload", _input, $"/api/servers/{ServerId}/backups/upload", _self);
        }
    }

    [JSInvokable]
    public Task OnUploadStarted(string file, long size) => InvokeAsync(() =>
    {
        (_file, _total, _sent) = (file, size, 0);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(long sent, long total) => InvokeAsync(() =>
    {
        (_sent, _total) = (sent, total);
        StateHasChanged();
    });

    [JSInvokable]
    public async Task OnUploadDone(int status, string body)
    {
        var file = _file;
        (_file, _total, _sent) = (null, null, 0);
        if (status == 201)
        {
            Snackbar.Add($"{file} uploaded and verified; it is in the list as an \"upload\" backup, ready to restore.", Severity.Success);
            await OnUploaded.InvokeAsync();
        }
        else
        {
            Snackbar.Add($"Upload of {file} failed: {Describe(status, body)}", Severity.Error);
        }
        await InvokeAsync(StateHasChanged);
    }

    private static string Describe(int status, string body)
    {
        if (status == 0)
        {
            return "the connection to the manager was lost.";
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? $"HTTP {status}" : $"HTTP {status}";
        }
        catch (JsonException)
        {
            return $"HTTP {status}";
        }
    }

    public void Dispose() => _self?.Dispose();
}
