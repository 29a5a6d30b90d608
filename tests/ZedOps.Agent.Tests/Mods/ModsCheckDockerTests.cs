using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Mods;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Tests.Servers;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Mods;

/// <summary>checkModsNeedUpdate through the agent's RCON handler against pz-sim: the log answer becomes a typed event.</summary>
[Trait("Category", "Docker")]
public sealed class ModsCheckDockerTests
{
    [DockerFact]
    public async Task CheckModsNeedUpdate_ModsOutdated_NeedUpdateEventPublished()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await h.StartPzSimAsync(("SIM_MODS_NEED_UPDATE", "true"));
        var mods = new ModsCheckWatcher(h.Runtime, h.Channel, TimeProvider.System, NullLogger<ModsCheckWatcher>.Instance);
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System, mods);

        var reply = await rcon.ExecuteAsync(new ExecuteRcon(spec.ServerId, spec.Name, spec.Rcon, "checkModsNeedUpdate", 10), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.StartsWith("Checking started", reply.Reply, StringComparison.Ordinal);
        var check = await Eventually.ReturnsAsync(() => Task.FromResult(h.ModsChecks.FirstOrDefault(c => c.ServerId == spec.ServerId)), c => c is not null, "the mods check event");
        Assert.Equal(ModsCheckResults.NeedUpdate, check!.Result);
        Assert.StartsWith("CheckModsNeedUpdate: ", check.Line[check.Line.IndexOf("CheckModsNeedUpdate", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LOG  : General     , 1> 1> CheckModsNeedUpdate: Mods need update", ModsCheckResults.NeedUpdate)]
    [InlineData("CheckModsNeedUpdate: Mods updated", ModsCheckResults.UpToDate)]
    [InlineData("CheckModsNeedUpdate: Check not completed", ModsCheckResults.NotCompleted)]
    [InlineData("CheckModsNeedUpdate: Checking...", null)]
    [InlineData("World saved", null)]
    public void Answer_LogLine_Classified(string line, string? expected) => Assert.Equal(expected, ModsCheckLines.Answer(line));
}
