using ZedOps.Protocol.Containers;

namespace ZedOps.Protocol.Servers;

/// <summary>Lists every container that ZedOps does not manage but that looks like a PZ server (image name, the PZ
/// game port, or PZ env variables), with what adoption needs to infer a catalogue row.</summary>
public sealed record ListAdoptable();

/// <summary><see cref="DataRoot"/> is the agent's resolved data root, so the manager can tell which data already lies inside it.</summary>
public sealed record ListAdoptableResult(IReadOnlyList<AdoptableContainer> Containers, string DataRoot);

/// <summary>An unmanaged PZ-looking container. <see cref="Env"/> holds its passwords: the manager shows it to admins only.
/// <see cref="Mounts"/> lists bind mounts only (host path → container path); named volumes cannot be adopted.</summary>
public sealed record AdoptableContainer(
    string Id,
    string Name,
    string Image,
    string State,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<ServerMount> Mounts,
    IReadOnlyList<PortBinding> Ports);

/// <summary>
/// Takes an unmanaged container into ZedOps: stop it gracefully, place its data (with <see cref="MoveData"/>, move
/// <see cref="SourcePath"/> — one of its bind-mount sources — to the spec's mount for the same container path; without
/// it, the spec's mounts must already lie inside the data root), create <c>zedops-&lt;name&gt;</c> from the spec over
/// that data, start it if the old one ran, and only then remove the old container. Any failure restores the data and
/// keeps the old container.
/// </summary>
public sealed record AdoptServer(ServerSpec Spec, string OldContainerId, bool MoveData, string SourcePath);
