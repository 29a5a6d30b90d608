using ZedOps.Agent.Link;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

public sealed class DataPlacementTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("zedops-placement-").FullName;
    private readonly ActionSteps _steps = new(Guid.NewGuid(), new ManagerChannel(), TimeProvider.System);

    private string Root => Path.Combine(_temp, "servers");

    [Fact]
    public async Task MoveAsync_SameFilesystem_Renames_RollbackPutsItBack()
    {
        var source = World("by-hand");
        var destination = Path.Combine(Root, "alpha");

        var placement = await DataPlacement.MoveAsync(source, destination, Root, _steps, CancellationToken.None).DefaultTimeout();

        Assert.True(File.Exists(Path.Combine(destination, "Saves", "map_t.bin")));
        Assert.False(Directory.Exists(source));
        placement.Rollback();
        Assert.True(File.Exists(Path.Combine(source, "Saves", "map_t.bin")));
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task MoveAsync_DestinationNotEmpty_ConflictAndNothingMoved()
    {
        var source = World("by-hand");
        var destination = World(Path.Combine("servers", "alpha"));

        var ex = await Assert.ThrowsAsync<WireRequestException>(() => DataPlacement.MoveAsync(source, destination, Root, _steps, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.Conflict, ex.Code);
        Assert.True(File.Exists(Path.Combine(source, "Saves", "map_t.bin")));
    }

    [Fact]
    public async Task MoveAsync_SourceHoldsTheDataRoot_Refused()
    {
        Directory.CreateDirectory(Root);

        var ex = await Assert.ThrowsAsync<WireRequestException>(() => DataPlacement.MoveAsync(_temp, Path.Combine(Root, "alpha"), Root, _steps, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.InvalidPath, ex.Code);
        Assert.True(Directory.Exists(Root));
    }

    private string World(string relative)
    {
        var dir = Path.Combine(_temp, relative);
        Directory.CreateDirectory(Path.Combine(dir, "Saves"));
        File.WriteAllText(Path.Combine(dir, "Saves", "map_t.bin"), "world");
        return dir;
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
