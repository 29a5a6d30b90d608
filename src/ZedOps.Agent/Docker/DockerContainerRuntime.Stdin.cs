using System.Text;
using Docker.DotNet.Models;

namespace ZedOps.Agent.Docker;

/// <summary>Typing into a game server's console: an attach with stdin only, as <c>docker attach</c> does.</summary>
internal sealed partial class DockerContainerRuntime
{
    public async Task<bool> WriteStdinAsync(string idOrName, string text, CancellationToken ct)
    {
        var container = await CallAsync(idOrName, () => _client.Containers.InspectContainerAsync(idOrName, ct), ct);
        // Without OpenStdin (a container adopted from elsewhere) an attach accepts the bytes and drops them.
        if (container.Config?.OpenStdin != true || container.State?.Running != true)
        {
            return false;
        }
        return await CallAsync(idOrName, async () =>
        {
            using var stream = await _client.Containers.AttachContainerAsync(idOrName,
                new ContainerAttachParameters { Stream = true, Stdin = true }, ct);
            var bytes = Encoding.UTF8.GetBytes(text);
            await stream.WriteAsync(bytes, 0, bytes.Length, ct);
            // Ends this attach only: with StdinOnce off the container's stdin stays open for the next writer.
            stream.CloseWrite();
            return true;
        }, ct);
    }
}
