using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Settings;

namespace ZedOps.Manager.Tests.Features.Settings;

/// <summary>The settings editor against a running pz-sim server through the real agent: typed saves rewrite single
/// lines, invalid values come back as problem details naming the key, <c>changeoption</c> + <c>reloadoptions</c> show in
/// <c>showoptions</c>, the mod list stays consistent, the sandbox is locked while running and a revert is byte-exact.</summary>
[Trait("Category", "Docker")]
public sealed class SettingsDockerTests : ManagerWithAgentTestBase
{
    private Task<SettingsView> GetAsync(Guid id) => Admin.GetFromJsonAsync<SettingsView>($"/api/servers/{id}/settings")!;

    private static string IniPath(ServerView server) => Path.Combine(server.DataPath, "Server", server.Name + ".ini");

    [DockerFact]
    public async Task SaveApplyModsRevert_OnARunningServer()
    {
        var server = await CreateRunningPzSimAsync("st");
        var originalBytes = await File.ReadAllBytesAsync(IniPath(server));
        var view = (await GetAsync(server.Id))!;
        var maxPlayers = view.Options.Single(o => o.Key == "MaxPlayers");
        Assert.Equal(("16", "MAX_PLAYERS", "config"), (maxPlayers.Value, maxPlayers.Env?.Variable, maxPlayers.Env?.Source));
        Assert.False(view.Sandbox.Editable);

        using (var bad = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/settings/ini", new SaveIniRequest(view.IniHash, new Dictionary<string, string> { ["MaxPlayers"] = "lots", ["PVP"] = "false" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Contains("MaxPlayers", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("MaxPlayers", out _));
        }
        Assert.Equal(originalBytes, await File.ReadAllBytesAsync(IniPath(server)));

        var saved = await PutAsync<SaveSettingsResult>($"/api/servers/{server.Id}/settings/ini", new SaveIniRequest(view.IniHash, new Dictionary<string, string> { ["MaxPlayers"] = "10", ["PVP"] = "false" }));
        Assert.Equal(["MaxPlayers", "PVP"], saved.LiveKeys.Order());
        Assert.Equal(["MaxPlayers"], saved.EnvKeys);
        var lines = ChangedLines(originalBytes, await File.ReadAllBytesAsync(IniPath(server)));
        Assert.Equal([("MaxPlayers=16", "MaxPlayers=10"), ("PVP=true", "PVP=false")], lines.Order());
        Assert.Equal(10, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.Config.MaxPlayers);

        using var applyResponse = await Admin.PostAsync($"/api/servers/{server.Id}/settings/apply", null);
        Assert.Equal(HttpStatusCode.OK, applyResponse.StatusCode);
        var applied = (await applyResponse.Content.ReadFromJsonAsync<ApplySettingsResult>())!;
        Assert.Equal(["MaxPlayers", "PVP"], applied.Applied.Order());
        var options = await RconAsync(server.Id, "showoptions");
        Assert.Contains("* MaxPlayers=10\n", options, StringComparison.Ordinal);
        Assert.Contains("* PVP=false\n", options, StringComparison.Ordinal);

        using (var sandbox = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/settings/sandbox", new SaveSandboxRequest(null, new Dictionary<string, string> { ["Zombies"] = "3" })))
        {
            Assert.Equal(HttpStatusCode.Conflict, sandbox.StatusCode);
            Assert.Contains("stopped", await sandbox.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var mods = new ModListState([new ModItem("2392709985", ["ModA", "ModB"], []), new ModItem("2200148440", ["ModC"], ["MapC"])], [], ["Muldraugh, KY"]);
        await PutAsync<SaveSettingsResult>($"/api/servers/{server.Id}/settings/mods", new SaveModsRequest(null, mods));
        var afterMods = (await GetAsync(server.Id))!;
        Assert.Equal(("ModA;ModB;ModC", "2392709985;2200148440", "MapC;Muldraugh, KY"), Ini(afterMods));
        await PutAsync<SaveSettingsResult>($"/api/servers/{server.Id}/settings/mods", new SaveModsRequest(null, afterMods.Mods.State with { Items = [afterMods.Mods.State.Items[1]] }));
        var removed = (await GetAsync(server.Id))!;
        Assert.Equal(("ModC", "2200148440", "MapC;Muldraugh, KY"), Ini(removed));
        Assert.Equal(["ModC"], removed.Mods.State.Items.Single().ModIds);

        var history = (await Admin.GetFromJsonAsync<List<SettingsVersionView>>($"/api/servers/{server.Id}/settings/history"))!;
        var first = history.Last();
        Assert.Equal(SettingsHistory.Observed, first.Action);
        Assert.Contains(history, v => v.Action == SettingsHistory.Edit && v.Diff.Contains("+MaxPlayers=10", StringComparison.Ordinal));
        Assert.DoesNotContain(history, v => v.Diff.Contains("RCONPassword=" + "secret", StringComparison.Ordinal));

        await PutAsync<SaveSettingsResult>($"/api/servers/{server.Id}/settings/history/{first.Id}/revert", null, post: true);

        Assert.Equal(originalBytes, await File.ReadAllBytesAsync(IniPath(server)));
    }

    [DockerFact]
    public async Task Rights_OperatorEditsGameSettings_AdminOnlyKeysAndViewersRefused_SecretsMasked()
    {
        var server = await CreateRunningPzSimAsync("sr");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (op, opId) = await Manager.CreateUserClientAsync(Admin, "op-" + suffix);
        await Admin.GrantAsync(opId, "operator", "server", server.Id);
        var (viewer, viewerId) = await Manager.CreateUserClientAsync(Admin, "vw-" + suffix);
        await Admin.GrantAsync(viewerId, "viewer", "server", server.Id);
        var url = $"/api/servers/{server.Id}/settings/ini";

        var seen = (await op.GetFromJsonAsync<SettingsView>($"/api/servers/{server.Id}/settings"))!;
        Assert.Equal(SecretMask.MaskText, seen.Options.Single(o => o.Key == "RCONPassword").Value);
        Assert.False(seen.CanEditAdminOptions);

        using (var refused = await op.PutAsJsonAsync(url, new SaveIniRequest(null, new Dictionary<string, string> { ["RCONPort"] = "27999", ["PVP"] = "false" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("RCONPort", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var viewed = await viewer.PutAsJsonAsync(url, new SaveIniRequest(null, new Dictionary<string, string> { ["PVP"] = "false" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewed.StatusCode);
        }
        using (var allowed = await op.PutAsJsonAsync(url, new SaveIniRequest(null, new Dictionary<string, string> { ["PVP"] = "false", ["SafetySystem"] = "false" })))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        // The image writes RCONPort from the server row on every boot: even an admin changes it in the configuration.
        using (var fromEnv = await Admin.PutAsJsonAsync(url, new SaveIniRequest(null, new Dictionary<string, string> { ["RCONPort"] = "27999" })))
        {
            Assert.Equal(HttpStatusCode.Conflict, fromEnv.StatusCode);
            Assert.Contains("RCON_PORT", await fromEnv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var audit = await Admin.GetStringAsync("/api/audit?action=server.settings");
        Assert.Contains("PVP: true → false", audit, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Sandbox_EditableWhenStopped_OneTokenPerChange_InvalidNamesThePath_RevertIsExact()
    {
        var server = await CreateRunningPzSimAsync("sb");
        using (var stop = await Admin.PostAsync($"/api/servers/{server.Id}/stop", null))
        {
            Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Stopped && v.Operation is null, "server stopped", TimeSpan.FromSeconds(90));
        var path = Path.Combine(server.DataPath, "Server", server.Name + "_SandboxVars.lua");
        // A file without one catalogued entry (as an older build or a hand edit leaves it): the form offers to add it.
        var lines = (await File.ReadAllTextAsync(path)).Split('\n').Where(l => l.Trim() != "TriggerHouseAlarm = false,").ToArray();
        await File.WriteAllTextAsync(path, string.Join('\n', lines));
        var original = await File.ReadAllBytesAsync(path);
        var view = (await GetAsync(server.Id))!;
        var missing = view.Sandbox.Entries.Single(e => e.Path == "ZombieLore.TriggerHouseAlarm");
        Assert.False(missing.InFile);
        var speed = view.Sandbox.Entries.Single(e => e.Path == "ZombieLore.Speed");
        Assert.Equal(("choice", "Sprinters"), (speed.Type, speed.Choices![0].Name));
        Assert.True(view.Sandbox.Editable);
        var url = $"/api/servers/{server.Id}/settings/sandbox";

        using (var bad = await Admin.PutAsJsonAsync(url, new SaveSandboxRequest(view.Sandbox.Hash, new Dictionary<string, string> { ["ZombieLore.Speed"] = "fast" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("ZombieLore.Speed", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var (key, value) in new[] { ("ZombieLore.Speed", "5"), ("ZombieConfig.PopulationPeakDay", "400") })
        {
            using var outOfRange = await Admin.PutAsJsonAsync(url, new SaveSandboxRequest(view.Sandbox.Hash, new Dictionary<string, string> { [key] = value }));
            Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
            using var problem = JsonDocument.Parse(await outOfRange.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(key, out _), key);
        }
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
        await PutAsync<SaveSettingsResult>(url, new SaveSandboxRequest(view.Sandbox.Hash, new Dictionary<string, string> { ["ZombieLore.Speed"] = "1", ["Zombies"] = "3" }));

        Assert.Equal([("        Speed = 2,", "        Speed = 1,"), ("    Zombies = 4,", "    Zombies = 3,")],
            ChangedLines(original, await File.ReadAllBytesAsync(path)).Order());
        var edited = await File.ReadAllTextAsync(path);
        await PutAsync<SaveSettingsResult>(url, new SaveSandboxRequest(null, new Dictionary<string, string> { ["ZombieLore.TriggerHouseAlarm"] = "true" }));
        var added = (await File.ReadAllTextAsync(path)).Split('\n');
        Assert.Equal(["        TriggerHouseAlarm = true,"], added.Except(edited.Split('\n')));
        Assert.Equal(edited.Split('\n').Length + 1, added.Length);
        var first = (await Admin.GetFromJsonAsync<List<SettingsVersionView>>($"/api/servers/{server.Id}/settings/history"))!.Last(v => v.Kind == "sandbox");
        await PutAsync<SaveSettingsResult>($"/api/servers/{server.Id}/settings/history/{first.Id}/revert", null, post: true);
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
    }

    private static (string?, string?, string?) Ini(SettingsView view)
    {
        var mods = ModList.Write(view.Mods.State, view.Mods.BackslashForm);
        return (mods.Mods, mods.WorkshopItems, mods.Map);
    }

    private async Task<T> PutAsync<T>(string url, object? body, bool post = false)
    {
        using var response = post ? await Admin.PostAsync(url, null) : await Admin.PutAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private async Task<string> RconAsync(Guid id, string command)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/servers/{id}/rcon", new RconRequest(command));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RconReply>())!.Reply;
    }

    private static List<(string, string)> ChangedLines(byte[] before, byte[] after)
    {
        var (a, b) = (System.Text.Encoding.UTF8.GetString(before).Split('\n'), System.Text.Encoding.UTF8.GetString(after).Split('\n'));
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Where(p => p.First != p.Second).Select(p => (p.First, p.Second)).ToList();
    }
}
