using System.Net;
using System.Net.Sockets;
using ZedOps.PzSim.Console;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Udp;

/// <summary>The game port and the direct-connect port, bound together at RakNet start-up like the real peer.</summary>
internal sealed class UdpPorts(UdpResponder game, UdpResponder direct) : IDisposable
{
    public UdpResponder Game { get; } = game;
    public UdpResponder Direct { get; } = direct;

    /// <summary>Null (after PZ's failure lines) when a port is taken; the real server then exits.</summary>
    public static UdpPorts? Bind(IPAddress address, ServerOptions options, ServerConsole console)
    {
        var guid = Random.Shared.NextInt64();
        UdpResponder? game = null;
        try
        {
            game = UdpResponder.Bind(address, options.GetInt("DefaultPort"), guid, options["PublicName"]);
            var direct = UdpResponder.Bind(address, options.GetInt("UDPPort"), guid, options["PublicName"]);
            console.Network("RakNet.Startup() return code: 0 (0 means success)");
            return new UdpPorts(game, direct);
        }
        catch (SocketException ex)
        {
            game?.Dispose();
            console.Network("RakNet.Startup() return code: 5 (0 means success)");
            console.General($"ConnectException: Failed to start RakNet peer: {ex.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        Game.Dispose();
        Direct.Dispose();
    }
}
