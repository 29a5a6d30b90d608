namespace ZedOps.Manager.Data.Entities;

/// <summary>A non-admin grant: <c>operator</c> or <c>viewer</c> at global, agent or server scope. A user's rights on a
/// server are the union of all their grants that cover it.</summary>
public sealed class RoleAssignmentEntity
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Role { get; set; }
    public required string ScopeType { get; set; }
    public Guid? ScopeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
