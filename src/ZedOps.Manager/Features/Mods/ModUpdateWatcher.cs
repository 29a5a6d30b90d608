using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Notifications;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Mods;

/// <summary>
/// Workshop mod updates: every running server with the watch on is asked <c>checkModsNeedUpdate</c> over RCON at its
/// interval. PZ's RCON reply only says the check started; the agent reads the answer from the console and sends it as
/// <see cref="ModsUpdateChecked"/> (whoever asked). "Mods need update" → reported (activity + audit, for alerts) and,
/// by policy, a warned restart or a restart once the server is empty; a mod still outdated after that restart is
/// reported once, not restarted again. Checks and restarts run in this process; the audit rows carry the outcome.
/// </summary>
public sealed partial class ModUpdateWatcher(
    IServiceScopeFactory scopes, IAgentLink link, ServerActivity activity, PlayerRoster roster, ServerCountdowns countdowns,
    TimeProvider time, ILogger<ModUpdateWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    public static readonly AuditActor Actor = new(null, "system:mod-watcher", null, null);

    private readonly ConcurrentDictionary<Guid, ModWatchState> _states = new();

    public ModWatchState State(Guid serverId) => _states.GetValueOrDefault(serverId) ?? new ModWatchState();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await CheckDueServersAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckDueServersAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var running = await db.Servers.AsNoTracking().Where(s => s.Status == ServerStatuses.Running && s.DeletedAt == null).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var server in running)
        {
            // A server that just booted downloaded its Workshop items then: its first check is one interval later.
            _states.TryAdd(server.Id, new ModWatchState(LastCheckAt: now));
        }
        foreach (var server in running.Where(s => ModUpdateRules.IsDue(PolicyOf(s), State(s.Id), now)))
        {
            await CheckNowAsync(server.Id, ct);
        }
    }

    /// <summary>The second source: an item updated on the Workshop after the server started is treated as PZ's
    /// "Mods need update". After the restart the server started later than the item, so the answer clears by itself.</summary>
    internal async Task CheckSteamAsync(Data.Entities.ServerEntity server, CancellationToken ct)
    {
        var ids = SteamWorkshop.ParseIds(ServerConfig.FromJson(server.ConfigJson).WorkshopItems);
        if (ids.Count == 0 || server.StartedAt is not { } startedAt)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var items = await scope.ServiceProvider.GetRequiredService<SteamWorkshop>().GetAsync(ids, ct);
            var newer = SteamWorkshop.NewerThan(items, startedAt);
            var text = newer.Count == 0 ? "Steam Workshop: every item is older than the server's start"
                : $"Steam Workshop: updated since the server started: {string.Join(", ", newer.Select(i => $"{i.Title ?? i.Id} ({i.Updated:u})"))}";
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "mods", text));
            await OnAnswerAsync(new ModsUpdateChecked(server.Id, newer.Count == 0 ? ModsCheckResults.UpToDate : ModsCheckResults.NeedUpdate, text, time.GetUtcNow()), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "mods", $"Steam Workshop query failed: {ex.Message}"));
        }
    }

    public static ModUpdatePolicy PolicyOf(Data.Entities.ServerEntity server) => ServerConfig.FromJson(server.ConfigJson).ModUpdates ?? new ModUpdatePolicy();

    /// <summary>Sends <c>checkModsNeedUpdate</c>; the answer arrives later through <see cref="OnAnswerAsync"/>.</summary>
    public async Task CheckNowAsync(Guid serverId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serverId, ct) ?? throw ServerCommandException.NotFound(serverId);
        if (server.Status != ServerStatuses.Running)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is {server.Status}; a mod check needs a running server.");
        }
        _states.AddOrUpdate(serverId, _ => new ModWatchState(LastCheckAt: time.GetUtcNow()), (_, s) => s with { LastCheckAt = time.GetUtcNow() });
        var rcon = scope.ServiceProvider.GetRequiredService<ServerSpecs>().Rcon(server);
        try
        {
            await link.RequestAsync(server.AgentId, Requests.ExecuteRcon,
                new ExecuteRcon(server.Id, server.Name, rcon is { Port: > 0, Password.Length: > 0 } ? rcon : null, "checkModsNeedUpdate", RconConsole.CommandTimeoutSeconds),
                TimeSpan.FromSeconds(RconConsole.CommandTimeoutSeconds + 10), ct);
        }
        catch (WireRequestException ex)
        {
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "mods", $"Mod check could not be sent: {ex.Message}"));
        }
        if (PolicyOf(server).UseSteamApi)
        {
            await CheckSteamAsync(server, ct);
        }
    }

    public async ValueTask OnAnswerAsync(ModsUpdateChecked check, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == check.ServerId, ct);
        if (server is null)
        {
            return;
        }
        var policy = PolicyOf(server);
        var state = State(server.Id);
        var (decision, next) = ModUpdateRules.OnAnswer(policy, state, check.Result, check.At);
        _states[server.Id] = next;
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var notifications = scope.ServiceProvider.GetRequiredService<Notifications.Notifications>();
        var target = $"server:{server.Name}";
        switch (decision)
        {
            case ModDecision.Notify:
                await audit.WriteAsync(Actor, "server.mods.outdated", target, details: "Workshop mods changed; policy: notify only", ct: ct);
                notifications.Publish(ModEvent(NotificationEventTypes.ModsOutdated, server, $"Mod update for '{server.Name}'",
                    "Workshop mods changed; players cannot join until the server restarts. Policy: notify only.", NotificationSeverities.Warning));
                break;
            case ModDecision.Stuck:
                await audit.WriteAsync(Actor, "server.mods.stuck", target, succeeded: false,
                    details: $"mods still need an update after the restart at {state.RestartedForModsAt:u}; not restarting again", ct: ct);
                notifications.Publish(ModEvent(NotificationEventTypes.ModsStuck, server, $"Mods still outdated on '{server.Name}'",
                    "Mods still need an update after the restart: a Workshop item may fail to download. Not restarting again.", NotificationSeverities.Error));
                activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "mods",
                    "Mods still need an update after the restart: a Workshop item may fail to download. Not restarting again until a check finds them current."));
                break;
            case ModDecision.Restart:
                await audit.WriteAsync(Actor, "server.mods.outdated", target, details: $"Workshop mods changed; policy: {policy.Action}", ct: ct);
                notifications.Publish(ModEvent(NotificationEventTypes.ModsOutdated, server, $"Mod update for '{server.Name}'",
                    $"Workshop mods changed; restarting per policy ({policy.Action}).", NotificationSeverities.Warning));
                _ = Task.Run(() => RestartAsync(server.Id, server.Name, policy, CancellationToken.None), CancellationToken.None);
                break;
        }
    }

    private NotificationEvent ModEvent(string type, Data.Entities.ServerEntity server, string title, string text, string severity) =>
        new(type, server.Id, server.AgentId, title, text, time.GetUtcNow(), severity);

    private async Task RestartAsync(Guid serverId, string name, ModUpdatePolicy policy, CancellationToken ct)
    {
        try
        {
            if (policy.Action == ModUpdateActions.RestartWhenEmpty && !await WaitEmptyAsync(serverId, TimeSpan.FromMinutes(policy.EmptyWaitMinutes), ct))
            {
                activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "mods",
                    $"Still {roster.Count(serverId)} player(s) after {policy.EmptyWaitMinutes} min: restarting with a {policy.WarningMinutes} min warning instead"));
            }
            var empty = roster.Count(serverId) == 0;
            var delay = empty && policy.Action == ModUpdateActions.RestartWhenEmpty ? TimeSpan.Zero : TimeSpan.FromMinutes(policy.WarningMinutes);
            SetPending(serverId, null);
            _states.AddOrUpdate(serverId, _ => new ModWatchState(RestartedForModsAt: time.GetUtcNow()), (_, s) => s with { RestartedForModsAt = time.GetUtcNow() });
            countdowns.Start(serverId, "restart", delay, Actor);
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "mods", delay == TimeSpan.Zero
                ? "Mods need update: restarting now (no players online)"
                : $"Mods need update: restarting in {policy.WarningMinutes} min (players are warned)"));
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(Actor, "server.mods.restart", $"server:{name}", details: $"in {delay.TotalMinutes:0} min", ct: ct);
            scope.ServiceProvider.GetRequiredService<Notifications.Notifications>().Publish(new NotificationEvent(NotificationEventTypes.ModsRestarted, serverId, null,
                $"Restarting '{name}' for mod updates", delay == TimeSpan.Zero ? "Restarting now (no players online)." : $"Restarting in {delay.TotalMinutes:0} min; players are warned.",
                time.GetUtcNow()));
        }
        catch (ServerCommandException ex)
        {
            SetPending(serverId, null);
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "mods", $"Mods need update, but the restart was not started: {ex.Message}"));
        }
    }

    private async Task<bool> WaitEmptyAsync(Guid serverId, TimeSpan bound, CancellationToken ct)
    {
        var empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Guid id)
        {
            if (id == serverId && roster.Count(serverId) == 0)
            {
                empty.TrySetResult();
            }
        }
        roster.Changed += OnChanged;
        try
        {
            OnChanged(serverId);
            if (!empty.Task.IsCompleted)
            {
                SetPending(serverId, $"waiting for {roster.Count(serverId)} player(s) to leave (up to {bound.TotalMinutes:0} min)");
                activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "mods", $"Mods need update: restarting once the server is empty (up to {bound.TotalMinutes:0} min)"));
            }
            await empty.Task.WaitAsync(bound, time, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            roster.Changed -= OnChanged;
        }
    }

    private void SetPending(Guid serverId, string? pending) =>
        _states.AddOrUpdate(serverId, _ => new ModWatchState(Pending: pending), (_, s) => s with { Pending = pending });

    [LoggerMessage(LogLevel.Warning, "Mod update watch failed this round: {Reason}")]
    private static partial void LogTickFailed(ILogger logger, string reason);
}
