using Microsoft.Extensions.Options;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Tests.Servers;

public sealed class PathGuardTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pathguard-").FullName;
    private readonly string _root;
    private readonly PathGuard _guard;

    public PathGuardTests()
    {
        _root = Path.Combine(_temp, "data");
        _guard = new PathGuard(Options.Create(new AgentOptions { DataRoot = _root }));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void DataRoot_Missing_IsCreated()
    {
        Assert.Equal(_root, _guard.DataRoot);
        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public void Validate_InsideRoot_ReturnsPathEvenWhenMissing()
    {
        var path = Path.Combine(_root, "alpha", "Zomboid");
        Assert.Equal(path, _guard.Validate(path));
        Assert.Equal(path, _guard.Validate(path + "/"));
        Assert.Equal(path, _guard.Validate(Path.Combine(_root, "alpha", ".", "Zomboid")));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("servers/alpha", "absolute")]
    [InlineData("/", "'/'")]
    [InlineData("/etc/zedops", "system directory /etc")]
    [InlineData("/usr", "system directory /usr")]
    [InlineData("/proc/1/root", "system directory /proc")]
    [InlineData("/var/lib/elsewhere", "inside the agent's data root")]
    public void Validate_Forbidden_ThrowsInvalidPath(string path, string because)
    {
        var error = Assert.Throws<WireRequestException>(() => _guard.Validate(path));
        Assert.Equal(ErrorCodes.InvalidPath, error.Code);
        Assert.Contains(because, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DotDotEscape_ThrowsInvalidPath()
    {
        var error = Assert.Throws<WireRequestException>(() => _guard.Validate(_root + "/alpha/../../escape"));
        Assert.Equal(ErrorCodes.InvalidPath, error.Code);
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RootItselfOrSiblingPrefix_ThrowsInvalidPath()
    {
        Assert.Throws<WireRequestException>(() => _guard.Validate(_root));
        Assert.Throws<WireRequestException>(() => _guard.Validate(_root + "-evil/alpha"));
    }

    [Fact]
    public void Validate_SymlinkOutOfRoot_ThrowsInvalidPath()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        Directory.CreateDirectory(_root);
        File.CreateSymbolicLink(Path.Combine(_root, "link"), outside);

        var error = Assert.Throws<WireRequestException>(() => _guard.Validate(Path.Combine(_root, "link", "world")));

        Assert.Equal(ErrorCodes.InvalidPath, error.Code);
        Assert.Contains($"resolves to {outside}/world", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelativeSymlinkClimbingOut_ThrowsInvalidPath()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a"));
        File.CreateSymbolicLink(Path.Combine(_root, "a", "up"), "../../");

        Assert.Throws<WireRequestException>(() => _guard.Validate(Path.Combine(_root, "a", "up", "x")));
    }

    [Fact]
    public void Validate_SymlinkWithinRoot_ReturnsResolvedTarget()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        File.CreateSymbolicLink(Path.Combine(_root, "alias"), "real");

        Assert.Equal(Path.Combine(real, "Zomboid"), _guard.Validate(Path.Combine(_root, "alias", "Zomboid")));
    }

    [Fact]
    public void Validate_SymlinkLoop_ThrowsInvalidPath()
    {
        Directory.CreateDirectory(_root);
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), Path.Combine(_root, "loop"));

        var error = Assert.Throws<WireRequestException>(() => _guard.Validate(Path.Combine(_root, "loop", "x")));
        Assert.Contains("symbolic links", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DataRootBehindSymlink_AcceptsPathsThroughEitherName()
    {
        var real = Directory.CreateDirectory(Path.Combine(_temp, "real-root")).FullName;
        var linked = Path.Combine(_temp, "linked-root");
        File.CreateSymbolicLink(linked, real);
        var guard = new PathGuard(Options.Create(new AgentOptions { DataRoot = linked }));

        Assert.Equal(real, guard.DataRoot);
        Assert.Equal(Path.Combine(real, "a"), guard.Validate(Path.Combine(linked, "a")));
        Assert.Equal(Path.Combine(real, "b"), guard.Validate(Path.Combine(real, "b")));
    }
}
