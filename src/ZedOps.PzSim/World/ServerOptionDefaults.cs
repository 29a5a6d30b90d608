namespace ZedOps.PzSim.World;

/// <summary>
/// The option keys and defaults of a freshly generated B41 <c>&lt;name&gt;.ini</c>, in file order.
/// <c>ResetID</c> and <c>ServerPlayerID</c> are randomised on first boot, as the real server does.
/// </summary>
internal static class ServerOptionDefaults
{
    public const string WelcomeMessage = "Welcome to Project Zomboid Multiplayer! <LINE> <LINE> To interact with the Chat panel: press Tab, T, or Enter. <LINE> <LINE> The Tab key will change the target stream of the message. <LINE> <LINE> Global Streams: /all <LINE> Local Streams: /say, /yell <LINE> Special Steams: /whisper, /safehouse, /faction. <LINE> <LINE> Press the Up arrow to cycle through your message history. Click the Gear icon to customize chat. <LINE> <LINE> Happy surviving!";

    public static IReadOnlyList<(string Key, string Value)> All { get; } = Build();

    private static List<(string, string)> Build()
    {
        var list = new List<(string, string)>
        {
            ("PVP", "true"), ("PauseEmpty", "true"), ("GlobalChat", "true"), ("ChatStreams", "s,r,a,w,y,sh,f,all"),
            ("Open", "true"), ("ServerWelcomeMessage", WelcomeMessage), ("AutoCreateUserInWhiteList", "false"),
            ("DisplayUserName", "true"), ("ShowFirstAndLastName", "false"), ("SpawnPoint", "0,0,0"),
            ("SafetySystem", "true"), ("ShowSafety", "true"), ("SafetyToggleTimer", "2"), ("SafetyCooldownTimer", "3"),
            ("SpawnItems", ""), ("DefaultPort", "16261"), ("UDPPort", "16262"), ("ResetID", "0"), ("Mods", ""),
            ("Map", "Muldraugh, KY"), ("DoLuaChecksum", "true"), ("DenyLoginOnOverloadedServer", "true"),
            ("Public", "false"), ("PublicName", "My PZ Server"), ("PublicDescription", ""), ("MaxPlayers", "32"),
            ("PingLimit", "400"), ("HoursForLootRespawn", "0"), ("MaxItemsForLootRespawn", "4"),
            ("ConstructionPreventsLootRespawn", "true"), ("DropOffWhiteListAfterDeath", "false"), ("NoFire", "false"),
            ("AnnounceDeath", "false"), ("MinutesPerPage", "1.0"), ("SaveWorldEveryMinutes", "0"),
            ("PlayerSafehouse", "false"), ("AdminSafehouse", "false"), ("SafehouseAllowTrepass", "true"),
            ("SafehouseAllowFire", "true"), ("SafehouseAllowLoot", "true"), ("SafehouseAllowRespawn", "false"),
            ("SafehouseDaySurvivedToClaim", "0"), ("SafeHouseRemovalTime", "144"), ("SafehouseAllowNonResidential", "false"),
            ("AllowDestructionBySledgehammer", "true"), ("SledgehammerOnlyInSafehouse", "false"), ("KickFastPlayers", "false"),
            ("ServerPlayerID", "0"), ("RCONPort", "27015"), ("RCONPassword", ""), ("DiscordEnable", "false"),
            ("DiscordToken", ""), ("DiscordChannel", ""), ("DiscordChannelID", ""), ("Password", ""),
            ("MaxAccountsPerUser", "0"), ("AllowCoop", "true"), ("SleepAllowed", "false"), ("SleepNeeded", "false"),
            ("KnockedDownAllowed", "true"), ("SneakModeHideFromOtherPlayers", "true"), ("WorkshopItems", ""),
            ("SteamScoreboard", "true"), ("SteamVAC", "true"), ("UPnP", "true"), ("VoiceEnable", "true"),
            ("VoiceMinDistance", "10.0"), ("VoiceMaxDistance", "100.0"), ("Voice3D", "true"), ("SpeedLimit", "70.0"),
            ("LoginQueueEnabled", "false"), ("LoginQueueConnectTimeout", "60"), ("server_browser_announced_ip", ""),
            ("PlayerRespawnWithSelf", "false"), ("PlayerRespawnWithOther", "false"), ("FastForwardMultiplier", "40.0"),
            ("DisableSafehouseWhenPlayerConnected", "false"), ("Faction", "true"), ("FactionDaySurvivedToCreateTag", "0"),
            ("FactionPlayersRequiredForTag", "1"), ("DisableRadioStaff", "false"), ("DisableRadioAdmin", "true"),
            ("DisableRadioGM", "true"), ("DisableRadioOverseer", "false"), ("DisableRadioModerator", "false"),
            ("DisableRadioInvisible", "true"),
            ("ClientCommandFilter", "-vehicle.*;+vehicle.damageWindow;+vehicle.fixPart;+vehicle.installPart;+vehicle.uninstallPart"),
            ("ClientActionLogs", "ISEnterVehicle;ISExitVehicle;ISTakeEngineParts;"), ("PerkLogs", "true"),
            ("ItemNumbersLimitPerContainer", "0"), ("BloodSplatLifespanDays", "0"), ("AllowNonAsciiUsername", "false"),
            ("BanKickGlobalSound", "true"), ("RemovePlayerCorpsesOnCorpseRemoval", "false"), ("TrashDeleteAll", "false"),
            ("PVPMeleeWhileHitReaction", "false"), ("MouseOverToSeeDisplayName", "true"), ("HidePlayersBehindYou", "true"),
            ("PVPMeleeDamageModifier", "30.0"), ("PVPFirearmDamageModifier", "50.0"), ("CarEngineAttractionModifier", "0.5"),
            ("PlayerBumpPlayer", "false"), ("MapRemotePlayerVisibility", "1"), ("BackupsCount", "5"),
            ("BackupsOnStart", "true"), ("BackupsOnVersionChange", "true"), ("BackupsPeriod", "0"),
        };
        for (var i = 1; i <= 24; i++)
        {
            list.Add(($"AntiCheatProtectionType{i}", "true"));
        }
        list.AddRange([
            ("AntiCheatProtectionType2ThresholdMultiplier", "3.0"), ("AntiCheatProtectionType3ThresholdMultiplier", "1.0"),
            ("AntiCheatProtectionType4ThresholdMultiplier", "1.0"), ("AntiCheatProtectionType9ThresholdMultiplier", "1.0"),
            ("AntiCheatProtectionType15ThresholdMultiplier", "1.0"), ("AntiCheatProtectionType20ThresholdMultiplier", "1.0"),
            ("AntiCheatProtectionType22ThresholdMultiplier", "1.0"), ("AntiCheatProtectionType24ThresholdMultiplier", "6.0"),
        ]);
        return list;
    }
}
