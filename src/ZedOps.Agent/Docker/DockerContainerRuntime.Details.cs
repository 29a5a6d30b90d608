using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Docker;

/// <summary>Env and mounts of a container, for adopting one ZedOps did not create.</summary>
internal sealed partial class DockerContainerRuntime
{
    public async Task<ContainerDetails?> InspectDetailsAsync(string idOrName, CancellationToken ct)
    {
        try
        {
            return await CallAsync(idOrName, async () =>
            {
                var c = await _client.Containers.InspectContainerAsync(idOrName, ct);
                var env = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in c.Config?.Env ?? [])
                {
                    var eq = entry.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        env[entry[..eq]] = entry[(eq + 1)..];
                    }
                }
                var mounts = (c.Mounts ?? [])
                    .Where(m => m.Type == "bind" && !string.IsNullOrEmpty(m.Source) && !string.IsNullOrEmpty(m.Destination))
                    .Select(m => new ServerMount(m.Source, m.Destination))
                    .ToList();
                return new ContainerDetails(ContainerMapping.FromInspect(c, _time.GetUtcNow()), env, mounts);
            }, ct);
        }
        catch (ContainerRuntimeException ex) when (ex.Code == ErrorCodes.NotFound)
        {
            return null;
        }
    }
}
