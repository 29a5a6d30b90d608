using ZedOps.PzFacts;
using G = ZedOps.Manager.Features.Settings.OptionGroups;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// The server options per build: every key, type, range and default comes from <see cref="IniFacts"/> (decompiled
/// 41.78 and B42 <c>ServerOptions</c>; sources listed there). This file adds what the game does not say: the group,
/// whether <c>changeoption</c> applies it live, who may change it, whether it is a secret, list and choice forms.
/// A key of the other build only is not offered (a B41 server keeps a B42 key it has as an unknown key).
/// </summary>
public static class OptionCatalog
{
    /// <summary>The options of one build in the server's file order.</summary>
    public static IReadOnlyList<ServerOption> For(GameBuild build) => s_byBuild[build];

    public static ServerOption? Find(string key, GameBuild build) => s_byKey.GetValueOrDefault((build, key));

    /// <summary>The option in 41.78, else in B42: for what does not depend on the build (secret, admin-only).</summary>
    public static ServerOption? Find(string key) => Find(key, GameBuild.B41) ?? Find(key, GameBuild.B42);

    /// <summary>Every key of either build, for checks that must hold whatever the build (admin-only keys of a revert).</summary>
    public static IEnumerable<ServerOption> All => For(GameBuild.B41).Concat(For(GameBuild.B42).Where(o => o.B42Only));

    private static List<ServerOption> Build(GameBuild build) =>
        [.. IniFacts.For(build).Select(f => Annotate(f, build == GameBuild.B42 && IniFacts.Find(GameBuild.B41, f.Key) is null))];

    private static ServerOption Annotate(IniFact fact, bool b42Only)
    {
        var a = Annotation(fact.Key);
        // The list and choice forms refine the game's plain strings only (SteamScoreboard is a string in 41.78, a boolean in B42).
        var refine = fact.Kind == FactKind.Text ? a.Type : null;
        var type = refine ?? fact.Kind switch
        {
            FactKind.Toggle => OptionType.Toggle,
            FactKind.Whole => OptionType.Whole,
            FactKind.Number => OptionType.Number,
            FactKind.Choice => OptionType.Choice,
            _ => OptionType.Text,
        };
        var choices = refine == OptionType.Choice ? a.Choices
            : fact.Kind == FactKind.Choice ? [.. Enumerable.Range(1, fact.Values).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : null;
        return new ServerOption(fact.Key, type, fact.Default, a.Group, fact.Description, fact.Min, fact.Max, choices, a.Live, a.AdminOnly, a.Secret,
            b42Only, a.Separator, fact.Generated);
    }

    private sealed record Note(string Group, bool Live = true, bool AdminOnly = false, bool Secret = false, OptionType? Type = null,
        IReadOnlyList<string>? Choices = null, string Separator = ";");

    private static Note Annotation(string key) => s_notes.GetValueOrDefault(key) ?? (key.StartsWith("AntiCheat", StringComparison.Ordinal)
        ? new Note(G.AntiCheat)
        : new Note(G.General));

    private static readonly Note s_restart = new(G.Network, Live: false);
    private static readonly Note s_admin = new(G.Network, Live: false, AdminOnly: true);

    private static readonly Dictionary<string, Note> s_notes = new(StringComparer.Ordinal)
    {
        ["PVP"] = new(G.Pvp), ["PVPLogToolChat"] = new(G.Pvp), ["PVPLogToolFile"] = new(G.Pvp), ["SafetySystem"] = new(G.Pvp),
        ["ShowSafety"] = new(G.Pvp), ["SafetyToggleTimer"] = new(G.Pvp), ["SafetyCooldownTimer"] = new(G.Pvp), ["SafetyDisconnectDelay"] = new(G.Pvp),
        ["KnockedDownAllowed"] = new(G.Pvp), ["SneakModeHideFromOtherPlayers"] = new(G.Pvp), ["PVPMeleeWhileHitReaction"] = new(G.Pvp),
        ["PVPMeleeDamageModifier"] = new(G.Pvp), ["PVPFirearmDamageModifier"] = new(G.Pvp), ["PlayerBumpPlayer"] = new(G.Pvp),
        ["UsePhysicsHitReaction"] = new(G.Pvp),
        ["GlobalChat"] = new(G.Chat), ["ChatStreams"] = new(G.Chat, Type: OptionType.TextList, Separator: ","), ["ServerWelcomeMessage"] = new(G.Chat),
        ["AnnounceDeath"] = new(G.Chat), ["BanKickGlobalSound"] = new(G.Chat), ["BadWordListFile"] = new(G.Chat), ["GoodWordListFile"] = new(G.Chat),
        ["BadWordPolicy"] = new(G.Chat), ["BadWordReplacement"] = new(G.Chat), ["ChatMessageCharacterLimit"] = new(G.Chat), ["ChatMessageSlowModeTime"] = new(G.Chat),
        ["Open"] = new(G.Players), ["AutoCreateUserInWhiteList"] = new(G.Players), ["DisplayUserName"] = new(G.Players),
        ["ShowFirstAndLastName"] = new(G.Players), ["UsernameDisguises"] = new(G.Players), ["HideDisguisedUserName"] = new(G.Players),
        ["SpawnPoint"] = new(G.Players), ["SpawnItems"] = new(G.Players, Type: OptionType.TextList, Separator: ","), ["MaxPlayers"] = new(G.Players),
        ["DropOffWhiteListAfterDeath"] = new(G.Players), ["Password"] = new(G.Players, Live: false, AdminOnly: true, Secret: true),
        ["MaxAccountsPerUser"] = new(G.Players), ["AllowCoop"] = new(G.Players), ["SleepAllowed"] = new(G.Players), ["SleepNeeded"] = new(G.Players),
        ["SteamScoreboard"] = new(G.Players, Type: OptionType.Choice, Choices: ["true", "false", "admin"]), ["PlayerRespawnWithSelf"] = new(G.Players), ["PlayerRespawnWithOther"] = new(G.Players),
        ["AllowNonAsciiUsername"] = new(G.Players), ["MouseOverToSeeDisplayName"] = new(G.Players), ["HidePlayersBehindYou"] = new(G.Players),
        ["MapRemotePlayerVisibility"] = new(G.Players), ["DisableScoreboard"] = new(G.Players), ["HideAdminsInPlayerList"] = new(G.Players),
        ["DefaultPort"] = s_admin, ["UDPPort"] = s_admin, ["server_browser_announced_ip"] = s_admin,
        ["DoLuaChecksum"] = s_restart, ["Public"] = s_restart, ["SteamVAC"] = s_restart, ["UPnP"] = s_restart, ["LoginQueueEnabled"] = s_restart,
        ["LoginQueueConnectTimeout"] = s_restart, ["DenyLoginOnOverloadedServer"] = new(G.Network), ["PingLimit"] = new(G.Network),
        ["SwitchZombiesOwnershipEachUpdate"] = new(G.Network), ["MultiplayerStatisticsPeriod"] = new(G.Network),
        ["ResetID"] = new(G.General, Live: false, AdminOnly: true), ["ServerPlayerID"] = new(G.General, Live: false, AdminOnly: true),
        ["Seed"] = new(G.General, Live: false, AdminOnly: true),
        ["RCONPort"] = new(G.Rcon, Live: false, AdminOnly: true), ["RCONPassword"] = new(G.Rcon, Live: false, AdminOnly: true, Secret: true),
        ["DiscordEnable"] = new(G.Discord, Live: false, AdminOnly: true), ["DiscordToken"] = new(G.Discord, Live: false, AdminOnly: true, Secret: true),
        ["DiscordChannel"] = new(G.Discord, Live: false, AdminOnly: true), ["DiscordChannelID"] = new(G.Discord, Live: false, AdminOnly: true),
        ["WebhookAddress"] = new(G.Discord, Live: false, AdminOnly: true, Secret: true),
        ["Mods"] = new(G.Mods, Live: false, Type: OptionType.TextList), ["Map"] = new(G.Mods, Live: false, Type: OptionType.TextList),
        ["WorkshopItems"] = new(G.Mods, Live: false, Type: OptionType.TextList),
        ["BackupsCount"] = new(G.Backups), ["BackupsOnStart"] = new(G.Backups), ["BackupsOnVersionChange"] = new(G.Backups), ["BackupsPeriod"] = new(G.Backups),
        ["PlayerSafehouse"] = new(G.Safehouse), ["AdminSafehouse"] = new(G.Safehouse), ["SafehouseAllowTrepass"] = new(G.Safehouse),
        ["SafehouseAllowFire"] = new(G.Safehouse), ["SafehouseAllowLoot"] = new(G.Safehouse), ["SafehouseAllowRespawn"] = new(G.Safehouse),
        ["SafehouseDaySurvivedToClaim"] = new(G.Safehouse), ["SafeHouseRemovalTime"] = new(G.Safehouse), ["SafehouseAllowNonResidential"] = new(G.Safehouse),
        ["SafehouseDisableDisguises"] = new(G.Safehouse), ["MaxSafezoneSize"] = new(G.Safehouse), ["SafehousePreventsLootRespawn"] = new(G.Safehouse),
        ["DisableSafehouseWhenPlayerConnected"] = new(G.Safehouse), ["Faction"] = new(G.Safehouse), ["FactionDaySurvivedToCreate"] = new(G.Safehouse),
        ["FactionPlayersRequiredForTag"] = new(G.Safehouse), ["WarStartDelay"] = new(G.Safehouse), ["WarDuration"] = new(G.Safehouse),
        ["WarSafehouseHitPoints"] = new(G.Safehouse),
        ["HoursForLootRespawn"] = new(G.Loot), ["MaxItemsForLootRespawn"] = new(G.Loot), ["ConstructionPreventsLootRespawn"] = new(G.Loot),
        ["NoFire"] = new(G.Loot), ["MinutesPerPage"] = new(G.Loot), ["AllowDestructionBySledgehammer"] = new(G.Loot),
        ["SledgehammerOnlyInSafehouse"] = new(G.Loot), ["ItemNumbersLimitPerContainer"] = new(G.Loot), ["BloodSplatLifespanDays"] = new(G.Loot),
        ["RemovePlayerCorpsesOnCorpseRemoval"] = new(G.Loot), ["TrashDeleteAll"] = new(G.Loot), ["CarEngineAttractionModifier"] = new(G.Loot),
        ["UltraSpeedDoesnotAffectToAnimals"] = new(G.Loot), ["DisableVehicleTowing"] = new(G.Loot), ["DisableTrailerTowing"] = new(G.Loot),
        ["DisableBurntTowing"] = new(G.Loot),
        ["VoiceEnable"] = new(G.Voice), ["VoiceMinDistance"] = new(G.Voice), ["VoiceMaxDistance"] = new(G.Voice), ["Voice3D"] = new(G.Voice),
        ["DisableRadioStaff"] = new(G.Voice), ["DisableRadioAdmin"] = new(G.Voice), ["DisableRadioGM"] = new(G.Voice),
        ["DisableRadioOverseer"] = new(G.Voice), ["DisableRadioModerator"] = new(G.Voice), ["DisableRadioInvisible"] = new(G.Voice),
        ["KickFastPlayers"] = new(G.AntiCheat), ["SpeedLimit"] = new(G.AntiCheat),
        ["ClientCommandFilter"] = new(G.Logging, Type: OptionType.TextList), ["ClientActionLogs"] = new(G.Logging, Type: OptionType.TextList),
        ["PerkLogs"] = new(G.Logging),
    };

    // Last: static fields initialise in textual order, and these need the notes above.
    private static readonly Dictionary<GameBuild, List<ServerOption>> s_byBuild = new()
    {
        [GameBuild.B41] = Build(GameBuild.B41),
        [GameBuild.B42] = Build(GameBuild.B42),
    };

    private static readonly Dictionary<(GameBuild, string), ServerOption> s_byKey =
        s_byBuild.SelectMany(b => b.Value.Select(o => ((b.Key, o.Key), o))).ToDictionary(e => e.Item1, e => e.o);
}
