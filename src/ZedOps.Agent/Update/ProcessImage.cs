using System.Runtime.InteropServices;

namespace ZedOps.Agent.Update;

/// <summary>Replaces this process with another binary (execv): same PID, so systemd (Type=simple) and a shell that
/// started the agent by hand both keep it; stdout/stderr stay attached.</summary>
internal static partial class ProcessImage
{
    /// <summary>Returns only when execv failed, with the errno.</summary>
    public static int Replace(string path, IReadOnlyList<string> args)
    {
        var argv = new string?[args.Count + 2];
        argv[0] = path;
        for (var i = 0; i < args.Count; i++)
        {
            argv[i + 1] = args[i];
        }
        System.Console.Out.Flush();
        System.Console.Error.Flush();
        _ = Execv(path, argv);
        return Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, string?[] argv);
}
