using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>The agent signing key in multi-replica mode: one PEM for the whole fleet, kept in <c>shared_secrets</c>
/// protected with Data Protection (whose keys are in the database too). The first replica to need it creates it; a
/// concurrent creator loses on the primary key and reads the winner's.</summary>
internal static class SharedSigningKey
{
    public const string SecretName = "agent-signing-key";

    public static string LoadOrCreate(IServiceProvider services, Func<string> create)
    {
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ZedOps.SharedSecrets.v1");
        var dbFactory = services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>();
        using (var db = dbFactory.CreateDbContext())
        {
            if (db.SharedSecrets.AsNoTracking().FirstOrDefault(s => s.Name == SecretName) is { } existing)
            {
                return protector.Unprotect(existing.ProtectedValue);
            }
        }
        var pem = create();
        try
        {
            using var db = dbFactory.CreateDbContext();
            db.SharedSecrets.Add(new SharedSecretEntity { Name = SecretName, ProtectedValue = protector.Protect(pem) });
            db.SaveChanges();
            return pem;
        }
        catch (DbUpdateException)
        {
            using var db = dbFactory.CreateDbContext();
            return protector.Unprotect(db.SharedSecrets.AsNoTracking().First(s => s.Name == SecretName).ProtectedValue);
        }
    }
}
