using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Containers;

/// <summary>Keeps <see cref="ConsoleSecrets"/> in step with the servers table: whatever code path adds a server or
/// changes its name, secrets or configuration, the console redaction knows it as soon as the row is saved.</summary>
public sealed class ConsoleSecretsInterceptor(ConsoleSecrets secrets) : SaveChangesInterceptor
{
    private static readonly string[] s_watched = [nameof(ServerEntity.Name), nameof(ServerEntity.AgentId), nameof(ServerEntity.ConfigJson), nameof(ServerEntity.ProtectedSecrets)];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // Applied before the save: redacting a secret a moment early is harmless; a moment late could leak it.
    private void Apply(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries<ServerEntity>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    secrets.Update(entry.Entity);
                    break;
                case EntityState.Modified when s_watched.Any(p => entry.Property(p).IsModified):
                    // A renamed server's old entry stays: masking its secrets in an old container's console is harmless.
                    secrets.Update(entry.Entity);
                    break;
                case EntityState.Deleted:
                    secrets.Remove(entry.Entity);
                    break;
            }
        }
    }
}
