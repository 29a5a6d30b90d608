using System.Text;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Servers;
using ZedOps.Agent.Settings;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Tests.Settings;

public sealed class ServerFilesTests : IDisposable
{
    private static readonly Guid s_id = Guid.NewGuid();
    private readonly string _temp = Directory.CreateTempSubdirectory("serverfiles-").FullName;
    private readonly string _data;
    private readonly ServerFiles _files;

    public ServerFilesTests()
    {
        var root = Path.Combine(_temp, "data");
        _data = Path.Combine(root, "alpha");
        Directory.CreateDirectory(Path.Combine(_data, "Server"));
        _files = new ServerFiles(new PathGuard(Options.Create(new AgentOptions { DataRoot = root })));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Ini => Path.Combine(_data, "Server", "alpha.ini");

    [Fact]
    public async Task Read_KeepsBomAndCrLf_HashesBytes()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# c\r\nPVP=true\r\n")).ToArray();
        await File.WriteAllBytesAsync(Ini, bytes);

        var result = await _files.ReadAsync(new ReadServerFiles(s_id, _data, "alpha"), CancellationToken.None);

        var ini = result.Files.Single(f => f.Kind == ServerFileKinds.Ini);
        Assert.Equal(bytes, new UTF8Encoding(false).GetBytes(ini.Content));
        Assert.Equal(ServerFiles.Hash(bytes), ini.Hash);
        Assert.False(result.Files.Single(f => f.Kind == ServerFileKinds.Sandbox).Exists);
    }

    [Fact]
    public async Task Write_MatchingHash_ReplacesAndKeepsBak_StaleHashIsConflict()
    {
        await File.WriteAllTextAsync(Ini, "PVP=true\n");
        var read = (await _files.ReadAsync(new ReadServerFiles(s_id, _data, "alpha"), CancellationToken.None)).Files[0];

        var written = await _files.WriteAsync(new WriteServerFile(s_id, _data, "alpha", ServerFileKinds.Ini, "PVP=false\n", read.Hash), CancellationToken.None);

        Assert.Equal("PVP=false\n", await File.ReadAllTextAsync(Ini));
        Assert.Equal("PVP=true\n", await File.ReadAllTextAsync(Ini + ".bak"));
        Assert.NotEqual(read.Hash, written.File.Hash);
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, "Server"), "*.tmp"));
        var stale = await Assert.ThrowsAsync<WireRequestException>(async () =>
            await _files.WriteAsync(new WriteServerFile(s_id, _data, "alpha", ServerFileKinds.Ini, "PVP=true\n", read.Hash), CancellationToken.None));
        Assert.Equal(ErrorCodes.Conflict, stale.Code);
        Assert.Equal("PVP=false\n", await File.ReadAllTextAsync(Ini));
    }

    [Theory]
    [InlineData("../alpha", ServerFileKinds.Ini, ErrorCodes.BadRequest)]
    [InlineData("alpha", "passwd", ErrorCodes.BadRequest)]
    public async Task Write_BadWorldOrKind_Refused(string world, string kind, string code)
    {
        var ex = await Assert.ThrowsAsync<WireRequestException>(async () =>
            await _files.WriteAsync(new WriteServerFile(s_id, _data, world, kind, "x", ""), CancellationToken.None));

        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public async Task Write_ServerFolderLinkedOutsideTheDataDir_Refused()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        Directory.Delete(Path.Combine(_data, "Server"));
        Directory.CreateSymbolicLink(Path.Combine(_data, "Server"), outside);

        var ex = await Assert.ThrowsAsync<WireRequestException>(async () =>
            await _files.WriteAsync(new WriteServerFile(s_id, _data, "alpha", ServerFileKinds.Ini, "x", ""), CancellationToken.None));

        Assert.Equal(ErrorCodes.InvalidPath, ex.Code);
        Assert.Empty(Directory.GetFiles(outside));
    }
}
