using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Agent.Update;

namespace ZedOps.Agent.Tests.Update;

/// <summary>The probation of an installed update, on real files in a temp folder with an injected clock.</summary>
public sealed class UpdateGuardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zedops-update-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly UpdateGuard _guard;

    public UpdateGuardTests()
    {
        _guard = new UpdateGuard(_dir, _time, NullLogger.Instance);
        File.WriteAllText(Path.Combine(_dir, "zedops-agent"), "old binary");
        File.WriteAllText(Path.Combine(_dir, "libe_sqlite3.so"), "old lib");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Read(string file) => File.ReadAllText(Path.Combine(_dir, file));

    private void StageAndInstall()
    {
        Directory.CreateDirectory(_guard.StagingDir);
        File.WriteAllText(Path.Combine(_guard.StagingDir, "zedops-agent"), "new binary");
        File.WriteAllText(Path.Combine(_guard.StagingDir, "libe_sqlite3.so"), "new lib");
        _guard.Install(["zedops-agent", "libe_sqlite3.so"], new string('a', 64), new string('b', 64), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Install_SwapsFilesKeepsPreviousAndPutsUpdateOnProbation()
    {
        StageAndInstall();

        Assert.Equal("new binary", Read("zedops-agent"));
        Assert.Equal("new lib", Read("libe_sqlite3.so"));
        Assert.Equal("old binary", Read("zedops-agent.prev"));
        Assert.False(Directory.Exists(_guard.StagingDir));
        Assert.Equal(new string('b', 64), _guard.Pending!.ToSha256);
    }

    [Fact]
    public void Confirm_AfterHello_KeepsTheUpdate()
    {
        StageAndInstall();
        Assert.Equal(StartVerdict.OnProbation, _guard.OnStart());

        _guard.Confirm();

        Assert.Null(_guard.Pending);
        Assert.False(_guard.RollBackIfUnconfirmed());
        Assert.Equal("new binary", Read("zedops-agent"));
        Assert.Equal(StartVerdict.NoUpdate, _guard.OnStart());
    }

    [Fact]
    public void NotConfirmedByDeadline_RestoresPreviousFiles()
    {
        StageAndInstall();
        Assert.Equal(StartVerdict.OnProbation, _guard.OnStart());
        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.True(_guard.RollBackIfUnconfirmed());

        Assert.Equal("old binary", Read("zedops-agent"));
        Assert.Equal("old lib", Read("libe_sqlite3.so"));
        Assert.Null(_guard.Pending);
    }

    [Fact]
    public void StartAfterDeadline_RollsBackBeforeRunning()
    {
        StageAndInstall();
        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.Equal(StartVerdict.RolledBack, _guard.OnStart());

        Assert.Equal("old binary", Read("zedops-agent"));
    }

    [Fact]
    public void CrashLoopingNewBuild_RolledBackAfterMaxStarts()
    {
        StageAndInstall();
        for (var i = 0; i < UpdateGuard.MaxStarts; i++)
        {
            Assert.Equal(StartVerdict.OnProbation, _guard.OnStart());
        }

        Assert.Equal(StartVerdict.RolledBack, _guard.OnStart());
        Assert.Equal("old binary", Read("zedops-agent"));
    }
}
