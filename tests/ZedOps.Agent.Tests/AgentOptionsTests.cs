using ZedOps.Agent.Identity;
using ZedOps.Agent.Link;

namespace ZedOps.Agent.Tests;

public sealed class AgentOptionsTests
{
    [Fact]
    public void Validate_EveryProblem_ReportedWithItsSwitch()
    {
        var result = new ValidateAgentOptions().Validate(null, new AgentOptions
        {
            ManagerUrl = "ftp://nope",
            Name = "Bad Name",
            HeartbeatInterval = TimeSpan.Zero,
        });
        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("--manager", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("--name 'Bad Name'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HeartbeatInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Good_Succeeds() =>
        Assert.True(new ValidateAgentOptions().Validate(null, new AgentOptions { ManagerUrl = "https://zedops.example.net", Name = "alice-pc" }).Succeeded);

    [Theory]
    [InlineData("http://127.0.0.1:5080", "ws://127.0.0.1:5080/ws/agent")]
    [InlineData("https://zed.example.net/", "wss://zed.example.net/ws/agent")]
    public void ToSocketUri_MapsSchemeAndPath(string manager, string expected) =>
        Assert.Equal(new Uri(expected), ManagerLink.ToSocketUri(manager));

    [Fact]
    public void IdentityStore_SavesOwnerOnlyAndLoadsBack()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zedops-id-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new AgentIdentityStore(dir);
            Assert.Null(store.Load());
            var identity = new AgentIdentity(Guid.NewGuid(), "alice-pc", "http://m", "zagt_secret");
            store.Save(identity);
            store.Save(identity with { AgentToken = "zagt_rotated" });

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
            Assert.Equal("zagt_rotated", store.Load()!.AgentToken);
            Assert.False(File.Exists(store.FilePath + ".tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
