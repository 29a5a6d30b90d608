using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>Backups cover the directory the game uses as its cache dir, which is not the server's data directory for
/// every image: the Renegade image keeps the game install beside it, under the same data directory.</summary>
public sealed class GameDataPathTests
{
    [Theory]
    [InlineData("pz-sim", "/srv/zedops/alpha")]
    [InlineData("renegade-pz", "/srv/zedops/alpha/Zomboid")]
    public void GameDataPath_IsTheHostDirectoryMountedAsTheGameCacheDir(string profile, string expected)
    {
        var server = new ServerEntity
        {
            Name = "alpha", ProfileId = profile, Image = "i", Tag = "t", DataPath = "/srv/zedops/alpha",
            ConfigJson = "{}", ProtectedSecrets = "", Status = ServerStatuses.Stopped,
        };

        Assert.Equal(expected, ServerSpecs.GameDataPath(server));
    }
}
