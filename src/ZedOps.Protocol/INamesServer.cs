namespace ZedOps.Protocol;

/// <summary>A message an agent sends about one of its game servers. The manager acts on it only when that server
/// belongs to the sending agent: one check for every such subject, so a new message cannot skip it.</summary>
public interface INamesServer
{
    Guid ServerId { get; }
}
