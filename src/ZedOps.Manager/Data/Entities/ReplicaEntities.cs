namespace ZedOps.Manager.Data.Entities;

/// <summary>A fleet-wide lease (multi-replica mode): the replica named <see cref="Holder"/> runs the once-per-fleet loop
/// <see cref="Name"/> until <see cref="ExpiresAt"/>; it renews well before, and another replica takes it after.</summary>
public sealed class FleetLeaseEntity
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One ASP.NET Core Data Protection key (XML), shared by every replica so a cookie or a protected secret made
/// on one is readable on all.</summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}

/// <summary>A secret every replica needs (the agent signing key), protected with Data Protection.</summary>
public sealed class SharedSecretEntity
{
    public required string Name { get; set; }
    public required string ProtectedValue { get; set; }
}
