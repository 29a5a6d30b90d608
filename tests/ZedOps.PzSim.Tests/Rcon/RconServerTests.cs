using System.Net;
using ZedOps.PzSim.Console;
using ZedOps.PzSim.Rcon;

namespace ZedOps.PzSim.Tests.Rcon;

public sealed class RconServerTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private ServerConsole _console = null!;
    private RconServer _server = null!;

    public Task InitializeAsync() => StartAsync(new RconReplies(Split: false, Utf8Bug: false));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync().DefaultTimeout();
        _console.Dispose();
    }

    [Fact]
    public async Task Authenticate_RightPassword_EmptyValueThenAuthResponseWithId()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);

        var (empty, auth) = await client.AuthenticateAsync("pw");

        Assert.Equal((100, RconPacket.ResponseValue, ""), (empty.Id, empty.Type, empty.Body));
        Assert.Equal((100, RconPacket.AuthResponse), (auth.Id, auth.Type));
        Assert.Equal("echo:players", await client.ExecuteAsync("players"));
    }

    [Fact]
    public async Task Authenticate_WrongPassword_MinusOneThenSocketClosed()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);

        var (_, auth) = await client.AuthenticateAsync("nope");

        Assert.Equal(-1, auth.Id);
        Assert.True(await client.IsClosedByServerAsync());
        await Eventually.TrueAsync(() => _log.ToString().Contains("RCON: password doesn't match"), "the refusal in the log");
    }

    [Fact]
    public async Task Execute_NotAuthenticated_RefusedAndClosed()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);

        await client.SendAsync(new RconPacket(5, RconPacket.ExecCommand, "save"));

        Assert.Equal(new RconPacket(-1, RconPacket.AuthResponse, ""), await client.ReadAsync());
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Execute_LongReply_ArrivesAsOnePacket()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);
        await client.AuthenticateAsync("pw");

        var reply = await client.ExecuteAsync("long");

        Assert.Equal(20_000, reply.Length);
        Assert.Equal("echo:after", await client.ExecuteAsync("after"));
    }

    [Fact]
    public async Task Execute_B42LongReply_SplitInto4086ByteChunksWithTheCommandId()
    {
        await using var client = await RestartAuthenticatedAsync(new RconReplies(Split: true, Utf8Bug: false));

        await client.SendAsync(new RconPacket(7, RconPacket.ExecCommand, "longutf8"));
        var sizes = new List<int>();
        var bytes = new List<byte>();
        while (bytes.Count < 12_000)
        {
            var (id, type, body) = await client.ReadRawAsync();
            Assert.Equal((7, RconPacket.ResponseValue), (id, type));
            sizes.Add(body.Length);
            bytes.AddRange(body);
        }

        Assert.Equal([4086, 4086, 3828], sizes);
        Assert.Equal(string.Concat(Enumerable.Repeat("abcdé", 2_000)), System.Text.Encoding.UTF8.GetString([.. bytes]));
        Assert.Equal("echo:after", await client.ExecuteAsync("after"));
    }

    [Fact]
    public async Task Execute_B42EmptyReply_NoPacketThenMarkerAnswered()
    {
        await using var client = await RestartAuthenticatedAsync(new RconReplies(Split: true, Utf8Bug: false));

        await client.SendAsync(new RconPacket(8, RconPacket.ExecCommand, "empty"));
        await client.SendAsync(new RconPacket(9, RconPacket.ResponseValue, ""));

        Assert.Equal(new RconPacket(9, RconPacket.ResponseValue, ""), await client.ReadAsync());
    }

    [Fact]
    public async Task Execute_CommandThenMarkerInOneWrite_ReplyBeforeBothMarkerPackets()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);
        await client.AuthenticateAsync("pw");

        await client.SendAsync([new RconPacket(10, RconPacket.ExecCommand, "long"), new RconPacket(11, RconPacket.ResponseValue, "")]);

        Assert.Equal((10, 20_000), await client.ReadAsync() is { } reply ? (reply.Id, reply.Body.Length) : default);
        Assert.Equal(new RconPacket(11, RconPacket.ResponseValue, ""), await client.ReadAsync());
        Assert.Equal(new RconPacket(11, RconPacket.ResponseValue, ""), await client.ReadAsync());
    }

    [Fact]
    public async Task ResponseValue_FromClient_AnsweredWithTwoEmptyPackets()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);
        await client.AuthenticateAsync("pw");

        await client.SendAsync(new RconPacket(42, RconPacket.ResponseValue, ""));

        Assert.Equal(new RconPacket(42, RconPacket.ResponseValue, ""), await client.ReadAsync());
        Assert.Equal(new RconPacket(42, RconPacket.ResponseValue, ""), await client.ReadAsync());
    }

    [Fact]
    public async Task Connect_SixthConnection_ClosedImmediatelyAndSlotFreedLater()
    {
        var clients = new List<RconTestClient>();
        for (var i = 0; i < RconServer.MaxConnections; i++)
        {
            var c = await RconTestClient.ConnectAsync(_server.Port);
            await c.AuthenticateAsync("pw");
            clients.Add(c);
        }

        await using (var sixth = await RconTestClient.ConnectAsync(_server.Port))
        {
            Assert.True(await sixth.IsClosedByServerAsync());
        }
        await clients[0].DisposeAsync();
        var replacement = await Eventually.ReturnsAsync(TryAuthenticateAsync, ok => ok, "a free slot after one client left");

        Assert.True(replacement);
        foreach (var c in clients.Skip(1))
        {
            Assert.Equal("echo:still", await c.ExecuteAsync("still"));
            await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task Execute_PlayersCommand_NotLoggedButOthersAre()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);
        await client.AuthenticateAsync("pw");

        await client.ExecuteAsync("players");
        await client.ExecuteAsync("save");

        await Eventually.TrueAsync(() => _log.ToString().Contains("Body='save'"), "the save command in the log");
        Assert.DoesNotContain("Body='players'", _log.ToString());
        Assert.Contains("Body='pw'", _log.ToString());
    }

    [Fact]
    public async Task Execute_Utf8BugAndNonAsciiReply_NoReplyConnectionStaysOpen()
    {
        await using var client = await RestartAuthenticatedAsync(new RconReplies(Split: false, Utf8Bug: true));

        await client.SendAsync(new RconPacket(1, RconPacket.ExecCommand, "Zoë"));
        var next = await client.ExecuteAsync("plain");

        Assert.Equal("echo:plain", next);
        Assert.Contains("java.nio.BufferOverflowException", _log.ToString());
    }

    private async Task<bool> TryAuthenticateAsync()
    {
        await using var client = await RconTestClient.ConnectAsync(_server.Port);
        try
        {
            return (await client.AuthenticateAsync("pw")).Auth.Id == 100;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            return false;
        }
    }

    private async Task<RconTestClient> RestartAuthenticatedAsync(RconReplies replies)
    {
        await _server.DisposeAsync();
        await StartAsync(replies);
        var client = await RconTestClient.ConnectAsync(_server.Port);
        await client.AuthenticateAsync("pw");
        return client;
    }

    private Task StartAsync(RconReplies replies)
    {
        _console?.Dispose();
        _console = new ServerConsole(_log, TimeProvider.System);
        _server = RconServer.Start(IPAddress.Loopback, 0, "pw", cmd => Task.FromResult(cmd switch
        {
            "long" => new string('x', 20_000),
            "longutf8" => string.Concat(Enumerable.Repeat("abcdé", 2_000)),
            "empty" => "",
            _ => "echo:" + cmd,
        }), _console, replies)!;
        return Task.CompletedTask;
    }
}
