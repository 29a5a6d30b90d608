namespace ZedOps.Protocol;

public static class ProtocolVersion
{
    public const int Major = 1;
    public const int Minor = 0;
    public static readonly string Current = $"{Major}.{Minor}";

    /// <summary>Peers are compatible when their major versions match; minor versions only add optional fields.</summary>
    public static bool IsCompatible(string? peerVersion, out string reason)
    {
        var parts = (peerVersion ?? "").Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out _))
        {
            reason = $"peer sent an unreadable protocol version '{peerVersion}'; this side speaks {Current}";
            return false;
        }
        if (major != Major)
        {
            reason = $"protocol version mismatch: peer speaks {peerVersion}, this side speaks {Current} (major versions must match; upgrade the older side)";
            return false;
        }
        reason = "";
        return true;
    }
}
