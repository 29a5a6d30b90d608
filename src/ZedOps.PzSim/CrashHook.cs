using ZedOps.PzSim.Console;

namespace ZedOps.PzSim;

/// <summary>
/// A test hook, not PZ behaviour: it makes the server crash on command so crash handling can be tested against a real
/// container. While the server runs, a file <c>pz-sim-crash</c> in the data dir makes it print a Java-style exception and
/// exit with code 1 at once, saving nothing. With the word <c>once</c> in the file, the file is deleted first (the next
/// boot runs normally); any other content (e.g. <c>always</c>) stays, so every boot crashes — a crash loop.
/// </summary>
internal sealed class CrashHook(string flagFile, TimeProvider time, ServerConsole console, Action crash) : IDisposable
{
    public const string FileName = "pz-sim-crash";
    public const int ExitCode = 1;
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    private ITimer? _timer;
    private int _fired;

    public void Start() => _timer = time.CreateTimer(_ => Check(), null, PollEvery, PollEvery);

    private void Check()
    {
        string content;
        try
        {
            if (!File.Exists(flagFile))
            {
                return;
            }
            content = File.ReadAllText(flagFile).Trim();
            if (content.Equals("once", StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(flagFile);
            }
        }
        catch (IOException)
        {
            return;
        }
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            console.Raw("Exception in thread \"main\" java.lang.NullPointerException: pz-sim crash hook (" + FileName + ")");
            console.Raw("\tat zombie.network.GameServer.main(GameServer.java:1042)");
            crash();
        }
    }

    public void Dispose() => _timer?.Dispose();
}
