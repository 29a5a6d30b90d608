using System.Text.RegularExpressions;

namespace ZedOps.Manager.Features.Settings;

/// <summary>A Workshop item with the mod ids it provides (to load, in order) and the map folders it adds.</summary>
public sealed record ModItem(string WorkshopId, IReadOnlyList<string> ModIds, IReadOnlyList<string> Maps);

/// <summary>The mods of a server as one list: Workshop items with their mod ids, mod ids without a Workshop item
/// (a local mod in <c>mods/</c>) and the map order.</summary>
public sealed record ModListState(IReadOnlyList<ModItem> Items, IReadOnlyList<string> LocalModIds, IReadOnlyList<string> Maps);

/// <summary>
/// Keeps <c>Mods=</c>, <c>WorkshopItems=</c> and <c>Map=</c> consistent. The ini holds no link between a Workshop item
/// and its mod ids, so ZedOps remembers it (<c>ServerConfig.ModLinks</c>); what the file has that no link
/// explains shows as local mod ids. B42 writes <c>Mods=\A;\B</c>: whichever form the file uses is kept.
/// </summary>
public static partial class ModList
{
    public const string BaseMap = "Muldraugh, KY";

    public static IReadOnlyList<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string ModId(string entry) => entry.TrimStart('\\');

    public static bool UsesBackslashForm(string? mods) => Split(mods).Any(m => m.StartsWith('\\'));

    public static ModListState Read(string? mods, string? workshopItems, string? map, IReadOnlyDictionary<string, IReadOnlyList<string>>? links)
    {
        var modIds = Split(mods).Select(ModId).Distinct(StringComparer.Ordinal).ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var maps = Split(map);
        var items = Split(workshopItems).Distinct(StringComparer.Ordinal).Select(id =>
        {
            var linked = links?.GetValueOrDefault(id) ?? [];
            var ids = linked.Where(m => modIds.Contains(m, StringComparer.Ordinal) && claimed.Add(m)).ToList();
            return new ModItem(id, ids, []);
        }).ToList();
        return new ModListState(items, modIds.Where(m => !claimed.Contains(m)).ToList(), maps);
    }

    /// <summary>The three ini values for <paramref name="state"/>: mod ids in item order then local ones, each once; an
    /// item's maps are added before the base map when missing.</summary>
    public static (string Mods, string WorkshopItems, string Map) Write(ModListState state, bool backslashForm)
    {
        var modIds = state.Items.SelectMany(i => i.ModIds).Concat(state.LocalModIds).Select(ModId)
            .Where(m => m.Length > 0).Distinct(StringComparer.Ordinal);
        var maps = state.Maps.ToList();
        foreach (var itemMap in state.Items.SelectMany(i => i.Maps).Where(m => !maps.Contains(m, StringComparer.Ordinal)))
        {
            var baseAt = maps.IndexOf(BaseMap);
            maps.Insert(baseAt < 0 ? maps.Count : baseAt, itemMap);
        }
        return (
            string.Join(';', modIds.Select(m => backslashForm ? "\\" + m : m)),
            string.Join(';', state.Items.Select(i => i.WorkshopId).Distinct(StringComparer.Ordinal)),
            string.Join(';', maps));
    }

    public static IEnumerable<string> Problems(ModListState state)
    {
        foreach (var item in state.Items.Where(i => !WorkshopIdPattern().IsMatch(i.WorkshopId)))
        {
            yield return $"WorkshopItems: '{item.WorkshopId}' is not a Workshop item id (digits only).";
        }
        foreach (var id in state.Items.SelectMany(i => i.ModIds).Concat(state.LocalModIds).Where(m => ModIdProblem(m)))
        {
            yield return $"Mods: '{id}' is not a mod id (no ';', no line breaks, not empty).";
        }
        foreach (var map in state.Maps.Where(m => m.Contains(';', StringComparison.Ordinal) || m.Length == 0))
        {
            yield return $"Map: '{map}' is not a map folder name.";
        }
    }

    /// <summary>Warnings: the list is valid but probably not what was meant.</summary>
    public static IEnumerable<string> Warnings(ModListState state)
    {
        foreach (var id in state.LocalModIds)
        {
            yield return $"Mod id '{id}' has no Workshop item: it loads only if it is installed in the server's mods/ folder.";
        }
        foreach (var item in state.Items.Where(i => i.ModIds.Count == 0))
        {
            yield return $"Workshop item {item.WorkshopId} has no mod id: it is downloaded but nothing of it is loaded.";
        }
        if (state.Maps.Count > 0 && state.Maps[^1] != BaseMap)
        {
            yield return state.Maps.Contains(BaseMap)
                ? $"Map: '{BaseMap}' should be last; maps listed after it do not override it."
                : $"Map: '{BaseMap}' is missing; the base map is normally last.";
        }
        foreach (var dup in state.Items.GroupBy(i => i.WorkshopId).Where(g => g.Count() > 1))
        {
            yield return $"Workshop item {dup.Key} is listed twice.";
        }
    }

    /// <summary>Workshop ids from a pasted collection: bare ids, item URLs (<c>?id=123</c>) or a list of either.</summary>
    public static IReadOnlyList<string> ParseCollection(string text) =>
        CollectionId().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    private static bool ModIdProblem(string id) => id.Trim().Length == 0 || id.Any(c => c is ';' or '\n' or '\r' or '\0');

    [GeneratedRegex(@"^\d{1,20}$")]
    private static partial Regex WorkshopIdPattern();

    [GeneratedRegex(@"(?:id=|\b)(\d{6,20})\b")]
    private static partial Regex CollectionId();
}
