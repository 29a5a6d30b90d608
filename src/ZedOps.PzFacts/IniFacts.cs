using static ZedOps.PzFacts.F;

namespace ZedOps.PzFacts;

/// <summary>
/// Every option of the dedicated server's <c>Server/&lt;name&gt;.ini</c>, per build, in the order the server writes them.
/// Facts (keys, types, ranges, defaults, enum value counts) were read from decompiled game code; descriptions are ours.
/// Sources:
/// <list type="bullet">
/// <item>41.78: <c>piromasta/PZDecompiled</c> <c>zombie/network/ServerOptions.java</c> at db1d3bde (decompiled B41
/// ServerOptions: 139 options incl. AntiCheatProtectionType1..24 and eight threshold multipliers; the two decoy keys spelt with a Cyrillic "е" are left out) and
/// <c>zombie/config/ConfigFile.java</c> at the same commit (file layout: tooltip comment, <c>Key=value</c>, blank line,
/// no newline after the last option).</item>
/// <item>B42: a Vineflower decompile of 42.x <c>zombie/network/ServerOptions.java</c> held by the code index (lower-case
/// field names, <c>ChatMessageSlowModeTime</c> last; the index names no repository for it), cross-checked against
/// <c>piromasta/PZDecompiled</c> <c>zombie/network/ServerOptions.java</c> at 8032006b (an early 42.x: same keys, anti-cheat
/// enums with 3 values instead of 4) and <c>zombie/config/ConfigFile.java</c> at 8032006b.</item>
/// <item>The <c># Minimum=… Maximum=… Default=…</c> comment line: <c>IntegerServerOption/DoubleServerOption.getTooltip()</c>
/// (the "Sandbox_MinMaxDefault" text, doubles with <c>%.02f</c>), as seen in real files (e.g. <c># Minimum=1 Maximum=100 Default=32</c>).</item>
/// </list>
/// </summary>
public static partial class IniFacts
{
    public static IReadOnlyList<IniFact> For(GameBuild build) => build == GameBuild.B42 ? s_b42 : s_b41;

    public static IniFact? Find(GameBuild build, string key) => (build == GameBuild.B42 ? s_b42ByKey : s_b41ByKey).GetValueOrDefault(key);

    public const string WelcomeMessage = "Welcome to Project Zomboid Multiplayer! <LINE> <LINE> To interact with the Chat panel: press Tab, T, or Enter. <LINE> <LINE> The Tab key will change the target stream of the message. <LINE> <LINE> Global Streams: /all <LINE> Local Streams: /say, /yell <LINE> Special Steams: /whisper, /safehouse, /faction. <LINE> <LINE> Press the Up arrow to cycle through your message history. Click the Gear icon to customize chat. <LINE> <LINE> Happy surviving!";
    public const string ClientCommandFilter = "-vehicle.*;+vehicle.damageWindow;+vehicle.fixPart;+vehicle.installPart;+vehicle.uninstallPart";

    private static readonly List<IniFact> s_b41 = B41();
    private static readonly List<IniFact> s_b42 = B42();
    private static readonly Dictionary<string, IniFact> s_b41ByKey = s_b41.ToDictionary(f => f.Key, StringComparer.Ordinal);
    private static readonly Dictionary<string, IniFact> s_b42ByKey = s_b42.ToDictionary(f => f.Key, StringComparer.Ordinal);

    private static List<IniFact> B41()
    {
        var list = new List<IniFact>
        {
            B("PVP", true, "Players can hurt and kill each other."),
            B("PauseEmpty", true, "Game time stops while no player is connected."),
            B("GlobalChat", true, "Allow the global chat (/all)."),
            S("ChatStreams", "s,r,a,w,y,sh,f,all", "Chat streams players may use, comma-separated (s say, r radio, a admin, w whisper, y yell, sh safehouse, f faction, all)."),
            B("Open", true, "Anyone may join; false = whitelist only (accounts must exist)."),
            S("ServerWelcomeMessage", WelcomeMessage, "Shown to players when they join; <LINE> breaks a line, <RGB:r,g,b> colours."),
            B("AutoCreateUserInWhiteList", false, "Add a joining player to the whitelist automatically (with Open=true)."),
            B("DisplayUserName", true, "Show user names above players."),
            B("ShowFirstAndLastName", false, "Show characters' first and last names above players."),
            S("SpawnPoint", "0,0,0", "Force every new player to spawn at x,y,z; 0,0,0 = the spawn regions."),
            B("SafetySystem", true, "Players choose whether they can be hurt by others (the PVP safety toggle)."),
            B("ShowSafety", true, "Show the PVP safety icon above players."),
            I("SafetyToggleTimer", 0, 1000, 2, "Seconds the safety toggle takes."),
            I("SafetyCooldownTimer", 0, 1000, 3, "Seconds before the safety can be toggled again."),
            S("SpawnItems", "", "Item types every new character gets, comma-separated (e.g. Base.Axe)."),
            I("DefaultPort", 0, 65535, 16261, "Game/Steam UDP port."),
            I("UDPPort", 0, 65535, 16262, "Direct-connect UDP port."),
            I("ResetID", 0, IntMax, 0, "Changing it makes clients drop their local data of this world (a soft reset marker).") with { Generated = true },
            S("Mods", "", "Mod IDs in load order, ';'-separated (B42: each prefixed with \\)."),
            S("Map", "Muldraugh, KY", "Map folders, ';'-separated; map mods first, Muldraugh, KY last."),
            B("DoLuaChecksum", true, "Kick clients whose Lua files differ from the server's."),
            B("DenyLoginOnOverloadedServer", true, "Refuse logins while the server is overloaded."),
            B("Public", false, "List the server in the in-game browser."),
            S("PublicName", "My PZ Server", "Name in the server browser.", 64),
            S("PublicDescription", "", "Description in the server browser; <LINE> breaks a line.", 256),
            I("MaxPlayers", 1, 100, 32, "Most players online at once."),
            I("PingLimit", 100, IntMax, 400, "Kick players whose ping stays above this many ms."),
            I("HoursForLootRespawn", 0, IntMax, 0, "In-game hours before looted containers refill; 0 = never."),
            I("MaxItemsForLootRespawn", 1, IntMax, 4, "A container with at least this many items does not refill."),
            B("ConstructionPreventsLootRespawn", true, "No loot respawn in buildings players have built in."),
            B("DropOffWhiteListAfterDeath", false, "Remove a player's account when their character dies."),
            B("NoFire", false, "Fire does not spread or burn (except campfires)."),
            B("AnnounceDeath", false, "Announce player deaths in chat."),
            D("MinutesPerPage", 0, 60, 1.0, "Real minutes to read one page of a book."),
            I("SaveWorldEveryMinutes", 0, IntMax, 0, "Save the world every N real minutes; 0 = only on quit."),
            B("PlayerSafehouse", false, "Players may claim safehouses."),
            B("AdminSafehouse", false, "Only admins may claim safehouses."),
            B("SafehouseAllowTrepass", true, "Non-members may enter safehouses."),
            B("SafehouseAllowFire", true, "Fire can damage safehouses."),
            B("SafehouseAllowLoot", true, "Non-members may take items from safehouses."),
            B("SafehouseAllowRespawn", false, "Members respawn in their safehouse."),
            I("SafehouseDaySurvivedToClaim", 0, IntMax, 0, "In-game days a player must survive before claiming."),
            I("SafeHouseRemovalTime", 0, IntMax, 144, "Real hours without a member visiting before a safehouse is released."),
            B("SafehouseAllowNonResidential", false, "Non-residential buildings may be claimed."),
            B("AllowDestructionBySledgehammer", true, "Sledgehammers can destroy walls and objects."),
            B("SledgehammerOnlyInSafehouse", false, "Sledgehammer destruction only inside one's safehouse."),
            B("KickFastPlayers", false, "Kick players that move faster than possible."),
            S("ServerPlayerID", "0", "Random id of this world given to clients; set on first boot.") with { Generated = true },
            I("RCONPort", 0, 65535, 27015, "RCON TCP port (ZedOps publishes it on 127.0.0.1 only)."),
            S("RCONPassword", "", "RCON password; RCON is off when empty."),
            B("DiscordEnable", false, "Relay the global chat to a Discord channel."),
            S("DiscordToken", "", "Discord bot token."),
            S("DiscordChannel", "", "Discord channel name."),
            S("DiscordChannelID", "", "Discord channel id (when the name is ambiguous)."),
            S("Password", "", "Password players need to join; empty = none."),
            I("MaxAccountsPerUser", 0, IntMax, 0, "Accounts one Steam user may create; 0 = unlimited."),
            B("AllowCoop", true, "Split-screen co-op players may join."),
            B("SleepAllowed", false, "Players may sleep."),
            B("SleepNeeded", false, "Players get tired and must sleep."),
            B("KnockedDownAllowed", true, "Players can be knocked down."),
            B("SneakModeHideFromOtherPlayers", true, "Sneaking hides players from other players."),
            S("WorkshopItems", "", "Steam Workshop item IDs, ';'-separated; the server downloads them on boot."),
            S("SteamScoreboard", "true", "Show Steam names and avatars in the player list: true, false or admin."),
            B("SteamVAC", true, "Valve Anti-Cheat."),
            B("UPnP", true, "Open the ports on the router with UPnP."),
            B("VoiceEnable", true, "Built-in voice chat."),
            D("VoiceMinDistance", 0, 100000, 10.0, "Voice is heard at full volume within this many tiles."),
            D("VoiceMaxDistance", 0, 100000, 100.0, "Voice is not heard beyond this many tiles."),
            B("Voice3D", true, "Directional voice."),
            D("SpeedLimit", 10, 150, 70.0, "Speed (km/h) above which a player is considered cheating."),
            B("LoginQueueEnabled", false, "Queue players while the server is full."),
            I("LoginQueueConnectTimeout", 20, 1200, 60, "Seconds a queued player has to connect."),
            S("server_browser_announced_ip", "", "IP address announced to the server browser (multi-homed hosts)."),
            B("PlayerRespawnWithSelf", false, "Players may respawn where they died."),
            B("PlayerRespawnWithOther", false, "Players may respawn at a split-screen partner."),
            D("FastForwardMultiplier", 1, 100, 40.0, "Game speed while all players sleep."),
            B("DisableSafehouseWhenPlayerConnected", false, "A safehouse is open while one of its members is online."),
            B("Faction", true, "Players may create factions."),
            I("FactionDaySurvivedToCreate", 0, IntMax, 0, "In-game days survived before a player can create a faction."),
            I("FactionPlayersRequiredForTag", 1, IntMax, 1, "Members a faction needs before it can have a tag."),
            B("DisableRadioStaff", false, "Staff radio is not transmitted."),
            B("DisableRadioAdmin", true, "Admins' radio is not transmitted."),
            B("DisableRadioGM", true, "GMs' radio is not transmitted."),
            B("DisableRadioOverseer", false, "Overseers' radio is not transmitted."),
            B("DisableRadioModerator", false, "Moderators' radio is not transmitted."),
            B("DisableRadioInvisible", true, "Invisible players' radio is not transmitted."),
            S("ClientCommandFilter", ClientCommandFilter, "Client commands not written to cmd.txt: ';'-separated, - excludes, + includes."),
            S("ClientActionLogs", "ISEnterVehicle;ISExitVehicle;ISTakeEngineParts;", "Client actions written to ClientActionLogs.txt, ';'-separated."),
            B("PerkLogs", true, "Log perk (skill) changes to PerkLog.txt."),
            I("ItemNumbersLimitPerContainer", 0, 9000, 0, "Most items in one container; 0 = no limit."),
            I("BloodSplatLifespanDays", 0, 365, 0, "Days before blood splats disappear; 0 = never."),
            B("AllowNonAsciiUsername", false, "Allow non-ASCII characters in user names."),
            B("BanKickGlobalSound", true, "Everyone hears a sound when someone is banned or kicked."),
            B("RemovePlayerCorpsesOnCorpseRemoval", false, "Player corpses are removed with zombie corpses."),
            B("TrashDeleteAll", false, "Players may use 'delete all' on trash cans."),
            B("PVPMeleeWhileHitReaction", false, "Players can hit again while reacting to a hit."),
            B("MouseOverToSeeDisplayName", true, "Names show only when the mouse is over a player."),
            B("HidePlayersBehindYou", true, "Players behind you are hidden."),
            D("PVPMeleeDamageModifier", 0, 500, 30.0, "Melee damage between players, in percent."),
            D("PVPFirearmDamageModifier", 0, 500, 50.0, "Firearm damage between players, in percent."),
            D("CarEngineAttractionModifier", 0, 10, 0.5, "How far a running engine attracts zombies (multiplier)."),
            B("PlayerBumpPlayer", false, "Running players bump into each other."),
            I("MapRemotePlayerVisibility", 1, 3, 1, "Other players on the map: 1 hidden, 2 friends, 3 everyone."),
            I("BackupsCount", 1, 300, 5, "How many of PZ's own backups to keep."),
            B("BackupsOnStart", true, "PZ backs up the world on every start."),
            B("BackupsOnVersionChange", true, "PZ backs up the world when the game version changes."),
            I("BackupsPeriod", 0, 1500, 0, "PZ backs up every N real minutes; 0 = off."),
        };
        for (var i = 1; i <= 24; i++)
        {
            // 12 is the one check the game ships switched off.
            list.Add(B($"AntiCheatProtectionType{i}", i != 12, $"Anti-cheat check number {i} (PZ does not document the individual checks)."));
        }
        foreach (var (n, value) in new[] { (2, 3.0), (3, 1.0), (4, 1.0), (9, 1.0), (15, 1.0), (20, 1.0), (22, 1.0), (24, 6.0) })
        {
            list.Add(D($"AntiCheatProtectionType{n}ThresholdMultiplier", 1, 10, value, $"Tolerance of anti-cheat check {n} (higher = more lenient)."));
        }
        return list;
    }
}
