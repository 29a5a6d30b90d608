namespace ZedOps.Manager.Data.Entities;

/// <summary>
/// One version of a server's settings file (<c>ini</c> or <c>sandbox</c>): what a user saved, or what ZedOps found on
/// disk before an edit (the game rewrites its files). <see cref="ProtectedContent"/> is the whole file, encrypted (it
/// holds passwords), so a revert restores it byte for byte; <see cref="Diff"/> against the version before has the
/// secrets masked and is what the history shows.
/// </summary>
public sealed class SettingsVersionEntity
{
    public long Id { get; set; }
    public Guid ServerId { get; set; }
    public required string Kind { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>User name, or "disk" for a version found on disk.</summary>
    public required string Actor { get; set; }

    /// <summary><c>observed</c>, <c>edit</c> or <c>revert</c>.</summary>
    public required string Action { get; set; }
    public required string Summary { get; set; }
    public required string Diff { get; set; }
    public required string Hash { get; set; }
    public required string ProtectedContent { get; set; }
}
