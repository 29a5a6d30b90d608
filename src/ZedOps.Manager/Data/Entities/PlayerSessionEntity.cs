namespace ZedOps.Manager.Data.Entities;

/// <summary>One stay of a player on a game server; <see cref="LeftAt"/> is null while the player is online.</summary>
public sealed class PlayerSessionEntity
{
    public long Id { get; set; }
    public Guid ServerId { get; set; }
    public required string Player { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset? LeftAt { get; set; }
}
