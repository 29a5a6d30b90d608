namespace ZedOps.PzSim.Rcon;

/// <summary>How a build writes command replies: B42 splits them into 4086-byte chunks (UTF-8 correct, nothing for an
/// empty reply); B41 writes one packet sized by String.length(), whose non-ASCII overflow <see cref="Utf8Bug"/> imitates.</summary>
internal sealed record RconReplies(bool Split, bool Utf8Bug)
{
    public static RconReplies For(SimSettings settings) => settings.IsB42 ? new(Split: true, Utf8Bug: false) : new(Split: false, settings.RconUtf8Bug);
}
