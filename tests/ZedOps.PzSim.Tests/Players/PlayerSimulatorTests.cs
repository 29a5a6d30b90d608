using Microsoft.Extensions.Time.Testing;
using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.Tests.Players;

public sealed class PlayerSimulatorTests : IDisposable
{
    private readonly SimWorld _world = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Start_Schedule_JoinsAndLeavesOnTime()
    {
        using var simulator = new PlayerSimulator([new("alice", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), new("bob", TimeSpan.FromSeconds(7), null)],
            _world.Sessions, _world.Loop, _time);
        var loop = _world.Loop.RunAsync();
        simulator.Start();

        Assert.Equal("", await OnlineAsync());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("alice", await OnlineAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("alice,bob", await OnlineAsync());
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("bob", await OnlineAsync());

        _world.Loop.Stop();
        await loop.DefaultTimeout();
        Assert.Contains("Disconnected player \"alice\"", _world.Log.ToString());
    }

    [Fact]
    public async Task Start_BannedPlayer_RefusedWithAccessDenied()
    {
        _world.Accounts.Add("mallory", "", null);
        _world.Accounts.SetBanned("mallory", true);
        using var simulator = new PlayerSimulator([new("mallory", TimeSpan.Zero, null)], _world.Sessions, _world.Loop, _time);
        var loop = _world.Loop.RunAsync();
        simulator.Start();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("", await OnlineAsync());
        _world.Loop.Stop();
        await loop.DefaultTimeout();
        Assert.Contains("ConnectionManager: [access-denied] \"Banned\"", _world.Log.ToString());
    }

    // Read on the loop itself, so every join or leave queued before this has run.
    private Task<string> OnlineAsync() =>
        _world.Loop.InvokeAsync(() => Task.FromResult(string.Join(',', _world.Sessions.Online.Select(p => p.Name)))).DefaultTimeout();
}
