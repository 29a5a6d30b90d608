using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Tests.Servers;
using ZedOps.Protocol;
using ZedOps.Testing;
using static ZedOps.Agent.Tests.Rcon.RconDockerTests;

namespace ZedOps.Agent.Tests.Rcon;

/// <summary>The agent's RCON path against pz-sim in real Docker as B41 and as B42: refusals typed, long replies whole,
/// the first command after the ready line answered although RCON opens a moment later.</summary>
[Trait("Category", "Docker")]
public sealed class RconBuildsDockerTests
{
    [DockerTheory]
    [InlineData("41")]
    [InlineData("42")]
    public async Task Execute_RefusedAccountCommands_TypedRefusals(string build)
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("PZ_BUILD", build), ("SIM_PLAYERS", "alice"));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);

        Assert.StartsWith("User dave created with the password ", (await Run(rcon, spec, "adduser \"dave\" \"s3cret\"")).Reply, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.RconUserExists, (await Refused(rcon, spec, "adduser \"Dave\" \"x\"")).Code);
        Assert.Equal(ErrorCodes.RconWrongArguments, (await Refused(rcon, spec, "adduser \" dave\" \"x\"")).Code);
        Assert.Equal(ErrorCodes.RconUserNotFound, (await Refused(rcon, spec, "unbanuser \"nobody\"")).Code);
        Assert.Equal(ErrorCodes.RconWrongArguments, (await Refused(rcon, spec, "unbanuser")).Code);
        Assert.Equal(ErrorCodes.RconWrongArguments, (await Refused(rcon, spec, "setaccesslevel \"alice\"")).Code);
        Assert.Equal(ErrorCodes.RconWrongArguments, (await Refused(rcon, spec, "setaccesslevel \"alice\" king")).Code);
        Assert.Equal(ErrorCodes.RconUnknownCommand, (await Refused(rcon, spec, "addusertowhitelist \"alice\"")).Code);
        if (build == "41")
        {
            Assert.Equal(ErrorCodes.RconUserNotFound, (await Refused(rcon, spec, "banuser \"nobody\"")).Code);
        }
        else
        {
            Assert.Equal(ErrorCodes.RconNotAllowed, (await Refused(rcon, spec, "banuser \"alice\" -ip")).Code);
            Assert.Equal(ErrorCodes.RconUserNotFound, (await Refused(rcon, spec, "setaccesslevel \"nobody\" admin")).Code);
        }
    }

    [DockerTheory]
    [InlineData("41")]
    [InlineData("42")]
    public async Task Execute_ShowOptionsOver4KB_WholeReplyThenNextCommandItsOwn(string build)
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("PZ_BUILD", build), ("SERVER_PUBLIC_DESCRIPTION", "Zoë's server " + new string('d', 3000)));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);

        var options = (await Run(rcon, spec, "showoptions")).Reply;
        var next = (await Run(rcon, spec, "servermsg \"after\"")).Reply;

        Assert.True(Encoding.UTF8.GetByteCount(options) > ReplyAssembly.ChunkBytes, $"{Encoding.UTF8.GetByteCount(options)} bytes");
        Assert.StartsWith("List of Server Options:\n", options, StringComparison.Ordinal);
        Assert.Contains("* PublicDescription=Zoë's server " + new string('d', 3000) + "\n", options, StringComparison.Ordinal);
        Assert.Contains("\n* ServerWelcomeMessage=", options, StringComparison.Ordinal);
        Assert.Equal("Message sent.", next);
    }

    [DockerTheory]
    [InlineData("41")]
    [InlineData("42")]
    public async Task Execute_FirstCommandRightAfterReady_Answered(string build)
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("PZ_BUILD", build), ("SIM_RCON_DELAY_SECONDS", "2"));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);

        Assert.StartsWith("Players connected (0)", (await Run(rcon, spec, "players")).Reply, StringComparison.Ordinal);
    }
}
