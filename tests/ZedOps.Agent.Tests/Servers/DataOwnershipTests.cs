using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

public sealed class DataOwnershipTests
{
    [Fact]
    public async Task Apply_AsRoot_GivesTheDirectoryAway_OtherwiseLeavesIt()
    {
        var dir = Directory.CreateTempSubdirectory("zedops-owner-").FullName;
        try
        {
            var before = (await Processes.RunAsync("stat", ["-c", "%u:%g", dir])).Output.Trim();

            DataOwnership.Apply(dir, "1234:4321");

            var after = (await Processes.RunAsync("stat", ["-c", "%u:%g", dir])).Output.Trim();
            Assert.Equal(Environment.IsPrivilegedProcess ? "1234:4321" : before, after);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [RootTheory]
    [InlineData("steam")]
    [InlineData("1000")]
    [InlineData("-1:5")]
    public void Apply_OwnerNotUidGid_TypedBadRequest(string owner)
    {
        var error = Assert.Throws<WireRequestException>(() => DataOwnership.Apply(Path.GetTempPath(), owner));
        Assert.Equal(ErrorCodes.BadRequest, error.Code);
    }
}
