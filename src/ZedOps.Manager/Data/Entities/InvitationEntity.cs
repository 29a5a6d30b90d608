namespace ZedOps.Manager.Data.Entities;

/// <summary>A single-use invitation link (stored as the SHA-256 of its token) that creates an account with a role.</summary>
public sealed class InvitationEntity
{
    public Guid Id { get; set; }
    public required string TokenHash { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public string? ScopeType { get; set; }
    public Guid? ScopeId { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
}
