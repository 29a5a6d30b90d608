using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZedOps.Manager.Features.Mods;

public sealed class SteamOptions
{
    public const string SectionName = "ZedOps:Steam";

    /// <summary>Where ISteamRemoteStorage lives; a test points it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.steampowered.com";
}

public sealed record WorkshopItemInfo(string Id, string? Title, DateTimeOffset? Updated);

/// <summary>The second source for mod updates: the public Steam Web API <c>GetPublishedFileDetails</c> (no key needed)
/// gives each Workshop item's <c>time_updated</c>; an item updated after the server started means it runs an old copy.
/// Off by default per server (<see cref="ModUpdatePolicy.UseSteamApi"/>): PZ's own check is the first source.</summary>
public sealed class SteamWorkshop(HttpClient http, IOptions<SteamOptions> options)
{
    public const int MaxItems = 100;

    public static IReadOnlyList<string> ParseIds(string? workshopItems) =>
        (workshopItems ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(id => id.Length is > 0 and <= 20 && id.All(char.IsAsciiDigit)).Distinct().Take(MaxItems).ToList();

    public async Task<IReadOnlyList<WorkshopItemInfo>> GetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>> { new("itemcount", ids.Count.ToString(CultureInfo.InvariantCulture)) };
        form.AddRange(ids.Select((id, i) => new KeyValuePair<string, string>($"publishedfileids[{i}]", id)));
        var url = $"{options.Value.ApiBaseUrl.TrimEnd('/')}/ISteamRemoteStorage/GetPublishedFileDetails/v1/";
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(form), ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the Steam Web API answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        if (!json.RootElement.TryGetProperty("response", out var body) || !body.TryGetProperty("publishedfiledetails", out var details))
        {
            throw new HttpRequestException("the Steam Web API answer has no response.publishedfiledetails");
        }
        return [.. details.EnumerateArray().Select(Read)];
    }

    // Each entry: {"publishedfileid":"2169435993","result":1,"title":"…","time_updated":1700000000,…}; result 9 = not found.
    private static WorkshopItemInfo Read(JsonElement item) => new(
        item.TryGetProperty("publishedfileid", out var id) ? id.ToString() : "?",
        item.TryGetProperty("title", out var title) ? title.GetString() : null,
        item.TryGetProperty("time_updated", out var updated) && updated.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null);

    /// <summary>The items updated after <paramref name="startedAt"/>: the server loaded an older copy of them.</summary>
    public static IReadOnlyList<WorkshopItemInfo> NewerThan(IEnumerable<WorkshopItemInfo> items, DateTimeOffset startedAt) =>
        [.. items.Where(i => i.Updated > startedAt)];
}
