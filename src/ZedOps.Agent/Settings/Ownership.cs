using System.Runtime.InteropServices;

namespace ZedOps.Agent.Settings;

/// <summary>Gives a replacement file the owner of the file it replaces (the game runs as its own user and must be able
/// to rewrite its ini). Only root can; an unprivileged agent writes as itself, which is the game's user then.</summary>
internal static partial class Ownership
{
    public static void CopyFrom(string original, string target)
    {
        if (!Environment.IsPrivilegedProcess || !OperatingSystem.IsLinux())
        {
            return;
        }
        if (Stat(original, out var uid, out var gid))
        {
            _ = Chown(target, uid, gid);
        }
    }

    private static bool Stat(string path, out uint uid, out uint gid)
    {
        (uid, gid) = (0, 0);
        var fd = File.OpenHandle(path);
        try
        {
            var buffer = new byte[256];
            if (Fstat(fd.DangerousGetHandle().ToInt32(), buffer) != 0)
            {
                return false;
            }
            // x86_64 and aarch64 struct stat: st_uid at 28, st_gid at 32 (x86_64) / 24, 28 (aarch64).
            var (uidAt, gidAt) = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? (28, 32) : (24, 28);
            uid = BitConverter.ToUInt32(buffer, uidAt);
            gid = BitConverter.ToUInt32(buffer, gidAt);
            return true;
        }
        finally
        {
            fd.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int Fstat(int fd, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);
}
