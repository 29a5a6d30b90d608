using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>Data Protection keys in the shared database (multi-replica mode), so every replica reads the cookies and the
/// protected secrets (RCON passwords, target credentials, the agent signing key) that another one wrote. The context
/// factory is resolved on first use: the database's own interceptors need Data Protection, so resolving it while the
/// key manager is being built would be a cycle.</summary>
internal sealed class DatabaseKeyRepository(Func<IDbContextFactory<ZedOpsDbContext>> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory().CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory().CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyEntity { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
