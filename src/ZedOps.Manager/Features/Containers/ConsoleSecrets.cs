using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Containers;

/// <summary>
/// Every catalogued server's secrets, by (agent, container name), in memory so that redacting a console line never
/// waits on the database (lines are delivered on the agent's socket reader). Loaded once before the first console
/// opens; kept current by <see cref="ConsoleSecretsInterceptor"/> as server rows are saved, so a new server or a
/// changed environment is known before its container can print anything.
/// </summary>
public sealed class ConsoleSecrets(IServiceScopeFactory scopes, ServerSpecs specs)
{
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private ImmutableDictionary<(Guid Agent, string Container), string[]> _map = ImmutableDictionary<(Guid, string), string[]>.Empty;
    private volatile bool _loaded;

    public IReadOnlyList<string> For(Guid agentId, string containerName) =>
        _map.TryGetValue((agentId, containerName.TrimStart('/')), out var secrets) ? secrets : [];

    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }
        await _loadGate.WaitAsync(ct);
        try
        {
            if (!_loaded)
            {
                await using var scope = scopes.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking().ToListAsync(ct);
                foreach (var row in rows)
                {
                    Update(row);
                }
                _loaded = true;
            }
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public void Update(ServerEntity row) =>
        ImmutableInterlocked.Update(ref _map, map => map.SetItem((row.AgentId, ServerSpecs.ContainerName(row.Name)), SecretsOf(row)));

    public void Remove(ServerEntity row) =>
        ImmutableInterlocked.Update(ref _map, map => map.Remove((row.AgentId, ServerSpecs.ContainerName(row.Name))));

    private string[] SecretsOf(ServerEntity row)
    {
        var values = new List<string>();
        if (specs.TrySecrets(row) is { } secrets)
        {
            values.AddRange([secrets.AdminPassword, secrets.RconPassword, secrets.ServerPassword ?? ""]);
        }
        var extra = ServerConfig.FromJson(row.ConfigJson).ExtraEnv ?? new Dictionary<string, string>();
        values.AddRange(extra.Where(e => ConsoleRedaction.IsSecretName(e.Key)).Select(e => e.Value ?? ""));
        // Longest first, so a secret that contains another is masked whole.
        return [.. values.Where(v => v.Length >= ConsoleRedaction.MinLiteralLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
    }
}
