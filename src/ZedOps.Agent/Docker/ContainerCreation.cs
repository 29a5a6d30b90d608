using System.Globalization;
using Docker.DotNet.Models;

namespace ZedOps.Agent.Docker;

/// <summary><see cref="ContainerCreateSpec"/> to Docker's create parameters.</summary>
internal static class ContainerCreation
{
    public static CreateContainerParameters ToParameters(ContainerCreateSpec spec)
    {
        var ports = spec.Ports.GroupBy(p => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol.ToLowerInvariant()}").ToList();
        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Env = spec.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal),
            ExposedPorts = ports.ToDictionary(g => g.Key, _ => default(EmptyStruct)),
            StopTimeout = spec.StopTimeout,
            // The console must stay writable after the first writer leaves: open, attachable, never closed after one attach.
            OpenStdin = true,
            AttachStdin = true,
            StdinOnce = false,
            HostConfig = new HostConfig
            {
                // Mounts, not Binds: a host path with a colon cannot break the "src:dst" syntax, and a missing
                // source is an error instead of a root-owned directory Docker would create.
                Mounts = spec.Mounts.Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.ContainerPath }).ToList(),
                PortBindings = ports.ToDictionary(
                    g => g.Key,
                    g => (IList<PortBinding>)g.Select(p => new PortBinding
                    {
                        HostIP = p.HostIp ?? "",
                        HostPort = p.HostPort.ToString(CultureInfo.InvariantCulture),
                    }).ToList()),
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
        };
    }
}
