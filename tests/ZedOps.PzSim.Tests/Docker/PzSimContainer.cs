using System.Globalization;

namespace ZedOps.PzSim.Tests.Docker;

/// <summary>One pz-sim container: ports published on 127.0.0.1 only, data dir bind-mounted from a temp dir, removed on dispose.</summary>
internal sealed class PzSimContainer : IAsyncDisposable
{
    public const string RconPassword = "s3cret";

    private readonly TempDir _data = new();

    private PzSimContainer(string name) => Name = name;

    public string Name { get; }
    public string DataDir => _data.Path;
    public int RconPort { get; private set; }
    public int GamePort { get; private set; }

    public static async Task<PzSimContainer> StartAsync(IReadOnlyDictionary<string, string>? env = null)
    {
        var container = new PzSimContainer("pzsim-test-" + Guid.NewGuid().ToString("N")[..12]);
        var settings = new Dictionary<string, string> { ["RCON_PASSWORD"] = RconPassword, ["SIM_BOOT_DELAY_SECONDS"] = "0.5" };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        List<string> args = ["run", "-d", "--name", container.Name, "--label", "zedops.test=pz-sim",
            "-p", "127.0.0.1::27015/tcp", "-p", "127.0.0.1::16261/udp", "-v", $"{container.DataDir}:/home/steam/Zomboid"];
        foreach (var (key, value) in settings)
        {
            args.AddRange(["-e", $"{key}={value}"]);
        }
        args.Add(PzSimImageFixture.Image);
        await Cli.DockerAsync([.. args]);
        container.RconPort = await PublishedPortAsync(container.Name, "27015/tcp");
        container.GamePort = await PublishedPortAsync(container.Name, "16261/udp");
        return container;
    }

    public async Task<string> LogsAsync()
    {
        var (_, output, error) = await Cli.RunAsync("docker", ["logs", Name]);
        return output + error;
    }

    public Task<string> WaitForLogAsync(string text) =>
        Eventually.ReturnsAsync(LogsAsync, log => log.Contains(text, StringComparison.Ordinal), $"'{text}' in the logs of {Name}");

    public async Task<RconTestClient> ConnectRconAsync()
    {
        // RCON opens a moment after SERVER STARTED, as on the real server.
        await WaitForLogAsync("RCON: listening on port");
        var client = await RconTestClient.ConnectAsync(RconPort);
        var (_, auth) = await client.AuthenticateAsync(RconPassword);
        Assert.NotEqual(-1, auth.Id);
        return client;
    }

    /// <summary>Waits until the container has exited and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var state = await Eventually.ReturnsAsync(() => Cli.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", Name),
            s => s.StartsWith("exited", StringComparison.Ordinal), $"{Name} to exit");
        return int.Parse(state.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Cli.RunAsync("docker", ["rm", "-f", Name]);
        _data.Dispose();
    }

    private static async Task<int> PublishedPortAsync(string name, string port)
    {
        // "127.0.0.1:49153" (one line per binding).
        var binding = (await Cli.DockerAsync("port", name, port)).Split('\n')[0].Trim();
        Assert.StartsWith("127.0.0.1:", binding);
        return int.Parse(binding[(binding.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }
}
