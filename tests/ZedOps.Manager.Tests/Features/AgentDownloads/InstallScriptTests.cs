using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.AgentDownloads;

/// <summary>The one-line install as a host runs it (<c>curl … /install.sh | sh -s -- …</c>), into a throwaway root:
/// files, modes, unit text, upgrade in place, uninstall, and refusal of a download that fails its checksum.</summary>
public sealed class InstallScriptTests : IAsyncLifetime
{
    private readonly string _builds = AgentBuilds.NewRoot();
    private readonly string _root = Directory.CreateTempSubdirectory("zedops-root-").FullName;
    private string _build = "";
    private ManagerHost _manager = null!;

    public async Task InitializeAsync()
    {
        _build = AgentBuilds.WriteFake(_builds, "1.2.3+abc1234");
        _manager = await ManagerHost.StartAsync(new ManagerHostOptions { Settings = new Dictionary<string, string> { ["ZedOps:AgentBinariesPath"] = _builds } });
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
        Directory.Delete(_builds, recursive: true);
        Directory.Delete(_root, recursive: true);
    }

    private Task<(int Code, string Output)> InstallAsync(params string[] args) =>
        Processes.RunAsync("sh", ["-c", $"curl -fsSL {_manager.BaseAddress}install.sh | sh -s -- --root {_root} {string.Join(' ', args)}"]);

    private string Installed(string path) => Path.Combine(_root, path.TrimStart('/'));

    [Fact]
    public async Task Install_IntoThrowawayRoot_WritesCheckedFilesConfigAndHardenedUnit()
    {
        var (code, output) = await InstallAsync("--token", "zreg_abc", "--name", "alice-pc");

        Assert.True(code == 0, output);
        Assert.Contains("installed zedops-agent 1.2.3+abc1234 linux-x64", output, StringComparison.Ordinal);
        var binary = Installed("/opt/zedops-agent/zedops-agent");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_build, "zedops-agent")), File.ReadAllBytes(binary));
        Assert.True(File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_build, "libe_sqlite3.so")), File.ReadAllBytes(Installed("/opt/zedops-agent/libe_sqlite3.so")));

        var env = Installed("/etc/zedops-agent/agent.env");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env));
        var settings = File.ReadAllText(env);
        Assert.Contains($"ZEDOPS_Agent__ManagerUrl={_manager.BaseAddress.ToString().TrimEnd('/')}\n", settings, StringComparison.Ordinal);
        Assert.Contains("ZEDOPS_Agent__Name=alice-pc\n", settings, StringComparison.Ordinal);
        Assert.Contains("ZEDOPS_Agent__Token=zreg_abc\n", settings, StringComparison.Ordinal);

        var unit = File.ReadAllText(Installed("/etc/systemd/system/zedops-agent.service"));
        foreach (var line in new[]
        {
            "ExecStart=/opt/zedops-agent/zedops-agent", "EnvironmentFile=/etc/zedops-agent/agent.env", "Restart=always",
            "RestartPreventExitStatus=2 3 4 5", "After=network-online.target docker.service", "NoNewPrivileges=yes", "ProtectSystem=strict",
            "ReadWritePaths=/opt/zedops-agent /var/lib/zedops", "PrivateTmp=yes", "WantedBy=multi-user.target",
        })
        {
            Assert.Contains(line + "\n", unit, StringComparison.Ordinal);
        }
        Assert.Contains("not started", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_WithoutToken_UpgradesInPlaceAndKeepsSettings()
    {
        Assert.Equal(0, (await InstallAsync("--token", "zreg_abc", "--name", "alice-pc", "--data-root", "/srv/pz")).Code);
        var settings = File.ReadAllText(Installed("/etc/zedops-agent/agent.env"));
        AgentBuilds.WriteFake(_builds, "1.2.4+def5678");

        var (code, output) = await InstallAsync();

        Assert.True(code == 0, output);
        Assert.Contains("upgrading in place", output, StringComparison.Ordinal);
        Assert.Contains("1.2.4+def5678", File.ReadAllText(Installed("/opt/zedops-agent/zedops-agent")), StringComparison.Ordinal);
        Assert.Equal(settings, File.ReadAllText(Installed("/etc/zedops-agent/agent.env")));
        Assert.Contains("ReadWritePaths=/opt/zedops-agent /var/lib/zedops /srv/pz /srv/pz-backups\n", File.ReadAllText(Installed("/etc/systemd/system/zedops-agent.service")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedBinary_FailsChecksum_NothingInstalledOrChanged()
    {
        File.AppendAllText(Path.Combine(_build, "zedops-agent"), "# tampered\n");

        var (code, output) = await InstallAsync("--token", "zreg_abc", "--name", "alice-pc");

        Assert.NotEqual(0, code);
        Assert.Contains("checksum mismatch", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Installed("/opt/zedops-agent")));
        Assert.False(File.Exists(Installed("/etc/systemd/system/zedops-agent.service")));
    }

    [Fact]
    public async Task TamperedUpgrade_KeepsTheInstalledBinary()
    {
        Assert.Equal(0, (await InstallAsync("--token", "zreg_abc", "--name", "alice-pc")).Code);
        var before = File.ReadAllBytes(Installed("/opt/zedops-agent/zedops-agent"));
        AgentBuilds.WriteFake(_builds, "6.6.6");
        File.AppendAllText(Path.Combine(_build, "libe_sqlite3.so"), "tampered");

        var (code, output) = await InstallAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("checksum mismatch", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Installed("/opt/zedops-agent/zedops-agent")));
    }

    [Fact]
    public async Task FirstInstall_WithoutToken_SaysWhatIsNeeded()
    {
        var (code, output) = await InstallAsync("--name", "alice-pc");

        Assert.NotEqual(0, code);
        Assert.Contains("the first install needs --token", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Installed("/etc/zedops-agent/agent.env")));
    }

    [Fact]
    public async Task Uninstall_RemovesServiceAndBinary_KeepsGameData()
    {
        Assert.Equal(0, (await InstallAsync("--token", "zreg_abc", "--name", "alice-pc")).Code);
        var save = Installed("/var/lib/zedops/servers/world1/Saves/map_1_1.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(save)!);
        File.WriteAllText(save, "the world");

        var (code, output) = await InstallAsync("--uninstall");

        Assert.True(code == 0, output);
        Assert.False(Directory.Exists(Installed("/opt/zedops-agent")));
        Assert.False(File.Exists(Installed("/etc/systemd/system/zedops-agent.service")));
        Assert.False(Directory.Exists(Installed("/etc/zedops-agent")));
        Assert.Equal("the world", File.ReadAllText(save));
        Assert.Contains("kept /var/lib/zedops", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_ServeTheBuild_AndExplainWhatIsMissing()
    {
        using var client = _manager.CreateAnonymousClient();

        Assert.Equal(File.ReadAllBytes(Path.Combine(_build, "zedops-agent")), await client.GetByteArrayAsync("/agent/linux-x64"));
        Assert.Equal(File.ReadAllText(Path.Combine(_build, "SHA256SUMS")), await client.GetStringAsync("/agent/linux-x64/SHA256SUMS"));
        Assert.Contains($"MANAGER_URL=\"{_manager.BaseAddress.ToString().TrimEnd('/')}\"", await client.GetStringAsync("/install.sh"), StringComparison.Ordinal);

        using var arm = await client.GetAsync("/agent/linux-arm64");
        Assert.Equal(HttpStatusCode.NotFound, arm.StatusCode);
        Assert.Contains("scripts/publish-agent.sh linux-arm64", (await arm.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        using var other = await client.GetAsync("/agent/linux-x64/agent.json");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var traversal = await client.GetAsync("/agent/linux-x64/..%2F..%2Fzedops.db");
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
        using var windows = await client.GetAsync("/agent/win-x64");
        Assert.Contains("not an agent runtime", (await windows.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
    }
}
