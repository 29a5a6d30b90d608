using System.Collections.Concurrent;

namespace ZedOps.Manager.Features.Rcon;

/// <summary>Each user's recent terminal commands (redacted, newest last), kept in memory across page visits and
/// servers so the arrow keys recall them. Not persisted: a manager restart starts a fresh history.</summary>
public sealed class RconHistory
{
    public const int Capacity = 100;

    private readonly ConcurrentDictionary<string, List<string>> _byUser = new(StringComparer.Ordinal);

    public IReadOnlyList<string> For(string user)
    {
        var list = _byUser.GetOrAdd(user, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public void Add(string user, string command)
    {
        var list = _byUser.GetOrAdd(user, _ => []);
        lock (list)
        {
            list.Remove(command);
            list.Add(command);
            if (list.Count > Capacity)
            {
                list.RemoveAt(0);
            }
        }
    }
}
