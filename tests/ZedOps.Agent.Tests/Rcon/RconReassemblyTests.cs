using System.Text;
using ZedOps.Agent.Rcon;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Rcon;

/// <summary>Auth answers however they are cut, and B42's chunked replies put back together, against a fake PZ.</summary>
public sealed class RconReassemblyTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ConnectAsync_AuthAnswerInOneReadOrInPieces_Authenticates(int writes)
    {
        await using var server = new FakeRconServer("pw") { AuthWrites = (AuthWrites)writes };
        await using var client = await ConnectAsync(server);

        Assert.Equal("echo save", await client.ExecuteAsync("save", null, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task ExecuteAsync_B42SplitReply_WholeTextThenNextCommandGetsItsOwn()
    {
        // é straddles the first 4086-byte boundary: the chunks must be joined as bytes, not as strings.
        var longReply = new string('x', ReplyAssembly.ChunkBytes - 1) + "é" + string.Concat(Enumerable.Repeat("line é\n", 900));
        await using var server = new FakeRconServer("pw") { SplitReplies = true, Reply = c => c == "showoptions" ? longReply : $"echo {c}" };
        await using var client = await ConnectAsync(server);

        var reply = await client.ExecuteAsync("showoptions", null, CancellationToken.None).DefaultTimeout();
        var next = await client.ExecuteAsync("servermsg \"hi\"", null, CancellationToken.None).DefaultTimeout();

        Assert.True(Encoding.UTF8.GetByteCount(longReply) > 2 * ReplyAssembly.ChunkBytes);
        Assert.Equal(longReply, reply);
        Assert.Equal("echo servermsg \"hi\"", next);
    }

    [Fact]
    public async Task ExecuteAsync_B42EmptyReply_EmptyTextNotATimeout()
    {
        await using var server = new FakeRconServer("pw") { SplitReplies = true, Reply = c => c == "quiet" ? "" : $"echo {c}" };
        await using var client = await ConnectAsync(server);

        Assert.Equal("", await client.ExecuteAsync("quiet", TimeSpan.FromSeconds(3), CancellationToken.None).DefaultTimeout());
        Assert.Equal("echo after", await client.ExecuteAsync("after", null, CancellationToken.None).DefaultTimeout());
    }

    [Theory]
    [InlineData(true, 9_000)]
    [InlineData(false, ReplyAssembly.ChunkBytes)]
    public async Task ExecuteAsync_PlayersFullSizeChunk_MarkerSentOnlyThenReplyWhole(bool split, int length)
    {
        var list = "Players connected (1): \n-" + new string('p', length - 26) + "\n";
        await using var server = new FakeRconServer("pw") { SplitReplies = split, Reply = c => c == "players" ? list : "Players connected (0): \n" };
        await using var client = await ConnectAsync(server);

        var whole = await client.ExecuteAsync("players", null, CancellationToken.None).DefaultTimeout();
        var markersAfterLong = server.Markers;
        var shortList = await client.ExecuteAsync("PLAYERS ", null, CancellationToken.None).DefaultTimeout();

        Assert.Equal(length, Encoding.UTF8.GetByteCount(whole));
        Assert.Equal(list, whole);
        Assert.Equal(1, markersAfterLong);
        Assert.Equal("Players connected (0): \n", shortList);
        Assert.Equal(1, server.Markers);
    }

    [Fact]
    public async Task ExecuteAsync_ServerClosesAfterReplyBeforeMarker_ReplyReturned()
    {
        await using var server = new FakeRconServer("pw") { CloseAfter = "quit", Reply = c => c == "quit" ? "Quit" : $"echo {c}" };
        await using var client = await ConnectAsync(server);

        Assert.Equal("Quit", await client.ExecuteAsync("quit", null, CancellationToken.None).DefaultTimeout());
        Assert.Equal(ZedOps.Protocol.ErrorCodes.RconUnavailable,
            (await Assert.ThrowsAsync<RconException>(() => client.ExecuteAsync("players", null, CancellationToken.None)).DefaultTimeout()).Code);
    }

    private static Task<RconClient> ConnectAsync(FakeRconServer server) =>
        RconClient.ConnectAsync(server.Port, server.Password, TimeProvider.System, s_timeout, CancellationToken.None).DefaultTimeout();
}
