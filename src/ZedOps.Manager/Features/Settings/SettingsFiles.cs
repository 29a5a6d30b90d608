using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Settings;

/// <summary>The agent holds the files: read them, and write one with the hash the edit started from.</summary>
public sealed class SettingsFiles(IAgentLink link, ServerSpecs specs)
{
    public async Task<IReadOnlyDictionary<string, ServerFile>> ReadAsync(ServerEntity server, CancellationToken ct)
    {
        var result = await link.RequestAsync(server.AgentId, Requests.ReadServerFiles,
            new ReadServerFiles(server.Id, ServerSpecs.GameDataPath(server), specs.WorldName(server)), ct: ct);
        return result.Files.ToDictionary(f => f.Kind, StringComparer.Ordinal);
    }

    public async Task<ServerFile> WriteAsync(ServerEntity server, string kind, string content, string expectedHash, CancellationToken ct)
    {
        var result = await link.RequestAsync(server.AgentId, Requests.WriteServerFile,
            new WriteServerFile(server.Id, ServerSpecs.GameDataPath(server), specs.WorldName(server), kind, content, expectedHash), ct: ct);
        return result.File;
    }
}
