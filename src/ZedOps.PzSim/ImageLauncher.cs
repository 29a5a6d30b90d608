using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>
/// What the container's entry script does around the server. With <c>SIM_FIRST_RUN_TIMEOUT_SECONDS</c> and a data dir
/// without an ini, it copies the Renegade-Master image's first run: the server starts once on the defaults (so RCON
/// is off: the image's variables are not in the ini yet) under <c>timeout</c>, which ends it with SIGTERM, and then
/// the real start follows in the same container. That throwaway boot prints SERVER STARTED too.
/// </summary>
internal sealed class ImageLauncher(SimSettings settings, TimeProvider time, TextWriter stdout, TextReader? stdin)
{
    private readonly Lock _gate = new();
    private SimServer? _current;
    private string? _stopRequested;

    public void RequestStop(string why)
    {
        SimServer? current;
        lock (_gate)
        {
            _stopRequested ??= why;
            current = _current;
        }
        current?.RequestStop(why);
    }

    public async Task<int> RunAsync()
    {
        var layout = new DataLayout(settings.DataDir, settings.ServerName);
        if (settings.FirstRunTimeout > TimeSpan.Zero && !File.Exists(layout.IniFile))
        {
            stdout.WriteLine($"pz-sim: first run: starting the server under a {settings.FirstRunTimeout.TotalSeconds:0.#} s timeout to generate its files");
            var first = Begin(settings with { IniOverrides = new Dictionary<string, string>(), Players = [] }, input: null);
            using (time.CreateTimer(_ => first?.RequestStop("SIGTERM"), null, settings.FirstRunTimeout, Timeout.InfiniteTimeSpan))
            {
                if (first is null)
                {
                    return 0;
                }
                await first.RunAsync();
            }
            stdout.WriteLine("pz-sim: first run done; starting the server");
        }
        var server = Begin(settings, stdin);
        return server is null ? 0 : await server.RunAsync();
    }

    /// <summary>Null when a stop came in before this start: the entry script exits instead.</summary>
    private SimServer? Begin(SimSettings run, TextReader? input)
    {
        lock (_gate)
        {
            if (_stopRequested is not null)
            {
                return null;
            }
            _current = new SimServer(run, time, stdout, input);
            return _current;
        }
    }
}
