using static ZedOps.PzFacts.F;

namespace ZedOps.PzFacts;

public static partial class IniFacts
{
    /// <summary>Keys of 41.78 that B42 no longer has: loot respawn moved to SandboxVars, MinutesPerPage too, the numbered
    /// anti-cheat switches became the AntiCheat* enums, KickFastPlayers went with them.</summary>
    public static IReadOnlyList<string> RemovedInB42 => [.. s_b41.Select(f => f.Key).Except(s_b42ByKey.Keys)];

    /// <summary>B42's list in the server's order: the 41.78 options it kept (by key) and the new ones in place.</summary>
    private static List<IniFact> B42()
    {
        var b41 = s_b41.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var order = new List<object>
        {
            "PVP",
            B("PVPLogToolChat", true, "Announce PVP hits in the admin chat."),
            B("PVPLogToolFile", true, "Write PVP hits to the pvp log file."),
            "PauseEmpty", "GlobalChat", "ChatStreams", "Open", "ServerWelcomeMessage",
            S("ServerImageLoginScreen", "", "Image shown on the login screen (a file or URL)."),
            S("ServerImageLoadingScreen", "", "Image shown while the world loads."),
            S("ServerImageIcon", "", "Server icon in the browser."),
            "AutoCreateUserInWhiteList", "DisplayUserName", "ShowFirstAndLastName",
            B("UsernameDisguises", false, "Masks and helmets hide the wearer's user name."),
            B("HideDisguisedUserName", false, "A disguised player's name is hidden entirely."),
            B("SwitchZombiesOwnershipEachUpdate", false, "Hand zombie control between clients on every update (network tuning)."),
            "SpawnPoint", "SafetySystem", "ShowSafety", "SafetyToggleTimer", "SafetyCooldownTimer",
            I("SafetyDisconnectDelay", 0, 60, 60, "Seconds a player who leaves with safety off stays in the world."),
            "SpawnItems", "DefaultPort", "UDPPort", "ResetID", "Mods", "Map", "DoLuaChecksum", "DenyLoginOnOverloadedServer",
            "Public", "PublicName", "PublicDescription", "MaxPlayers",
            I("PingLimit", 0, IntMax, 0, "Kick players whose ping stays above this many ms; 0 = off."),
            B("SafehousePreventsLootRespawn", true, "No loot respawn inside safehouses."),
            "DropOffWhiteListAfterDeath", "NoFire", "AnnounceDeath", "SaveWorldEveryMinutes", "PlayerSafehouse", "AdminSafehouse",
            "SafehouseAllowTrepass", "SafehouseAllowFire", "SafehouseAllowLoot", "SafehouseAllowRespawn", "SafehouseDaySurvivedToClaim",
            "SafeHouseRemovalTime", "SafehouseAllowNonResidential",
            B("SafehouseDisableDisguises", true, "Disguises do not work inside safehouses."),
            I("MaxSafezoneSize", 0, IntMax, 20000, "Largest safehouse area (in tiles) a player may claim."),
            "AllowDestructionBySledgehammer", "SledgehammerOnlyInSafehouse",
            I("WarStartDelay", 60, IntMax, 600, "Seconds between declaring a safehouse war and its start."),
            I("WarDuration", 60, IntMax, 3600, "Seconds a safehouse war lasts."),
            I("WarSafehouseHitPoints", 0, IntMax, 3, "Hits a safehouse takes in a war before it falls."),
            "ServerPlayerID", "RCONPort", "RCONPassword", "DiscordEnable", "DiscordToken", "DiscordChannel", "DiscordChannelID",
            S("WebhookAddress", "", "Discord webhook URL the server posts to."),
            "Password", "MaxAccountsPerUser", "AllowCoop", "SleepAllowed", "SleepNeeded",
            B("KnockedDownAllowed", false, "Players can be knocked down."),
            "SneakModeHideFromOtherPlayers",
            B("UltraSpeedDoesnotAffectToAnimals", false, "The fastest game speed does not speed up animals."),
            "WorkshopItems",
            B("SteamScoreboard", false, "Show Steam names and avatars in the player list."),
            "SteamVAC", "UPnP", "VoiceEnable", "VoiceMinDistance", "VoiceMaxDistance", "Voice3D", "SpeedLimit", "LoginQueueEnabled",
            "LoginQueueConnectTimeout", "server_browser_announced_ip", "PlayerRespawnWithSelf", "PlayerRespawnWithOther",
            "FastForwardMultiplier", "DisableSafehouseWhenPlayerConnected", "Faction", "FactionDaySurvivedToCreate",
            "FactionPlayersRequiredForTag", "DisableRadioStaff", "DisableRadioAdmin", "DisableRadioGM", "DisableRadioOverseer",
            "DisableRadioModerator", "DisableRadioInvisible", "ClientCommandFilter", "ClientActionLogs", "PerkLogs",
            "ItemNumbersLimitPerContainer", "BloodSplatLifespanDays", "AllowNonAsciiUsername", "BanKickGlobalSound",
            "RemovePlayerCorpsesOnCorpseRemoval", "TrashDeleteAll", "PVPMeleeWhileHitReaction", "MouseOverToSeeDisplayName",
            "HidePlayersBehindYou", "PVPMeleeDamageModifier", "PVPFirearmDamageModifier", "CarEngineAttractionModifier",
            "PlayerBumpPlayer", "MapRemotePlayerVisibility", "BackupsCount", "BackupsOnStart", "BackupsOnVersionChange", "BackupsPeriod",
            B("DisableVehicleTowing", false, "Vehicles cannot tow vehicles."),
            B("DisableTrailerTowing", false, "Vehicles cannot tow trailers."),
            B("DisableBurntTowing", false, "Burnt wrecks cannot be towed."),
            S("BadWordListFile", "", "File of words the chat filter catches."),
            S("GoodWordListFile", "", "File of words the chat filter always lets through."),
            E("BadWordPolicy", 3, 3, "What the chat filter does with a caught word (1..3)."),
            S("BadWordReplacement", "[HIDDEN]", "Text that replaces a caught word.", 16),
        };
        foreach (var check in new[] { "Safety", "Movement", "Hit", "Packet", "Permission", "XP", "Fire", "SafeHouse", "Recipe", "Player", "Checksum", "Item", "ServerCustomization" })
        {
            order.Add(E("AntiCheat" + check, 4, 4, $"What the {check} anti-cheat does on a violation (1..4; higher is more lenient)."));
        }
        order.AddRange([
            I("MultiplayerStatisticsPeriod", 0, 10, 1, "Seconds between multiplayer statistics samples; 0 = off."),
            B("DisableScoreboard", false, "Hide the player list."),
            B("HideAdminsInPlayerList", false, "Admins do not appear in the player list."),
            S("Seed", "", "World generation seed; set on first boot.") with { Generated = true },
            B("UsePhysicsHitReaction", false, "Physics-based reactions to hits."),
            I("ChatMessageCharacterLimit", 64, 1024, 200, "Longest chat message, in characters."),
            I("ChatMessageSlowModeTime", 1, 30, 3, "Seconds a player waits between chat messages."),
        ]);
        return [.. order.Select(o => o as IniFact ?? b41[(string)o])];
    }
}
