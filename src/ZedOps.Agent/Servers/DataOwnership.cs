using System.Globalization;
using System.Runtime.InteropServices;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Servers;

/// <summary>chown(2) for freshly created data directories (.NET has no managed chown). Only root may give files away;
/// an unprivileged agent leaves them to itself, which is right when it runs as the game's user.</summary>
internal static partial class DataOwnership
{
    public static void Apply(string path, string? owner)
    {
        if (owner is null || !Environment.IsPrivilegedProcess)
        {
            return;
        }
        var parts = owner.Split(':');
        if (parts.Length != 2 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"data owner '{owner}' is not uid:gid");
        }
        if (Chown(path, uid, gid) != 0)
        {
            throw new WireRequestException(ErrorCodes.InvalidPath, $"could not give {path} to {owner} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);
}
