using G = ZedOps.Manager.Features.Settings.OptionGroups;
using T = ZedOps.Manager.Features.Settings.OptionType;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// The server options of PZ 41.78. Keys, order and defaults are the 41.78 set pz-sim writes (its
/// <c>ServerOptionDefaults</c>, 129 keys with the 24 anti-cheat switches and 8 thresholds) plus PZ.md; types follow the
/// defaults. Descriptions are ours, written from PZ.md and the option names. B42 adds options we hold no list of: they
/// show as "not in the catalogue" keys, kept and editable as text.
/// </summary>
public static class OptionCatalog
{
    private const double IntMax = int.MaxValue;

    public static readonly IReadOnlyList<ServerOption> All = Build();

    private static readonly Dictionary<string, ServerOption> s_byKey = All.ToDictionary(o => o.Key, StringComparer.Ordinal);

    public static ServerOption? Find(string key) => s_byKey.GetValueOrDefault(key);

    private static List<ServerOption> Build()
    {
        var list = new List<ServerOption>
        {
            new("PVP", T.Toggle, "true", G.Pvp, "Players can hurt and kill each other."),
            new("PauseEmpty", T.Toggle, "true", G.General, "Game time stops while no player is connected."),
            new("GlobalChat", T.Toggle, "true", G.Chat, "Allow the global chat (/all)."),
            new("ChatStreams", T.TextList, "s,r,a,w,y,sh,f,all", G.Chat, "Chat streams players may use, comma-separated (s say, r radio, a admin, w whisper, y yell, sh safehouse, f faction, all).", ListSeparator: ","),
            new("Open", T.Toggle, "true", G.Players, "Anyone may join; false = whitelist only (accounts must exist)."),
            new("ServerWelcomeMessage", T.Text, Defaults.WelcomeMessage, G.Chat, "Shown to players when they join; <LINE> breaks a line, <RGB:r,g,b> colours."),
            new("AutoCreateUserInWhiteList", T.Toggle, "false", G.Players, "Add a joining player to the whitelist automatically (with Open=true)."),
            new("DisplayUserName", T.Toggle, "true", G.Players, "Show user names above players."),
            new("ShowFirstAndLastName", T.Toggle, "false", G.Players, "Show characters' first and last names above players."),
            new("SpawnPoint", T.Text, "0,0,0", G.Players, "Force every new player to spawn at x,y,z; 0,0,0 = the spawn regions."),
            new("SafetySystem", T.Toggle, "true", G.Pvp, "Players choose whether they can be hurt by others (the PVP safety toggle)."),
            new("ShowSafety", T.Toggle, "true", G.Pvp, "Show the PVP safety icon above players."),
            new("SafetyToggleTimer", T.Whole, "2", G.Pvp, "Seconds the safety toggle takes.", 0, 1000, RangeUncertain: true),
            new("SafetyCooldownTimer", T.Whole, "3", G.Pvp, "Seconds before the safety can be toggled again.", 0, 1000, RangeUncertain: true),
            new("SpawnItems", T.TextList, "", G.Players, "Item types every new character gets, comma-separated (e.g. Base.Axe).", ListSeparator: ","),
            new("DefaultPort", T.Whole, "16261", G.Network, "Game/Steam UDP port.", 0, 65535, Live: false, AdminOnly: true),
            new("UDPPort", T.Whole, "16262", G.Network, "Direct-connect UDP port.", 0, 65535, Live: false, AdminOnly: true),
            new("ResetID", T.Whole, "0", G.General, "Changing it makes clients drop their local data of this world (a soft reset marker).", 0, IntMax, Live: false, AdminOnly: true),
            new("Mods", T.TextList, "", G.Mods, "Mod IDs in load order, ';'-separated (B42: each prefixed with \\).", Live: false),
            new("Map", T.TextList, "Muldraugh, KY", G.Mods, "Map folders, ';'-separated; map mods first, Muldraugh, KY last.", Live: false),
            new("DoLuaChecksum", T.Toggle, "true", G.Network, "Kick clients whose Lua files differ from the server's.", Live: false),
            new("DenyLoginOnOverloadedServer", T.Toggle, "true", G.Network, "Refuse logins while the server is overloaded."),
            new("Public", T.Toggle, "false", G.Network, "List the server in the in-game browser.", Live: false),
            new("PublicName", T.Text, "My PZ Server", G.General, "Name in the server browser."),
            new("PublicDescription", T.Text, "", G.General, "Description in the server browser; <LINE> breaks a line."),
            new("MaxPlayers", T.Whole, "32", G.Players, "Most players online at once.", 1, 100, RangeUncertain: true),
            new("PingLimit", T.Whole, "400", G.Network, "Kick players whose ping stays above this many ms; 0 = off.", 0, IntMax, RangeUncertain: true),
            new("HoursForLootRespawn", T.Whole, "0", G.Loot, "In-game hours before looted containers refill; 0 = never.", 0, IntMax),
            new("MaxItemsForLootRespawn", T.Whole, "4", G.Loot, "A container with at least this many items does not refill.", 1, IntMax, RangeUncertain: true),
            new("ConstructionPreventsLootRespawn", T.Toggle, "true", G.Loot, "No loot respawn in buildings players have built in."),
            new("DropOffWhiteListAfterDeath", T.Toggle, "false", G.Players, "Remove a player's account when their character dies."),
            new("NoFire", T.Toggle, "false", G.Loot, "Fire does not spread or burn (except campfires)."),
            new("AnnounceDeath", T.Toggle, "false", G.Chat, "Announce player deaths in chat."),
            new("MinutesPerPage", T.Number, "1.0", G.Loot, "Real minutes to read one page of a book.", 0, 60, RangeUncertain: true),
            new("SaveWorldEveryMinutes", T.Whole, "0", G.General, "Save the world every N real minutes; 0 = only on quit.", 0, IntMax),
            new("PlayerSafehouse", T.Toggle, "false", G.Safehouse, "Players may claim safehouses."),
            new("AdminSafehouse", T.Toggle, "false", G.Safehouse, "Only admins may claim safehouses."),
            new("SafehouseAllowTrepass", T.Toggle, "true", G.Safehouse, "Non-members may enter safehouses."),
            new("SafehouseAllowFire", T.Toggle, "true", G.Safehouse, "Fire can damage safehouses."),
            new("SafehouseAllowLoot", T.Toggle, "true", G.Safehouse, "Non-members may take items from safehouses."),
            new("SafehouseAllowRespawn", T.Toggle, "false", G.Safehouse, "Members respawn in their safehouse."),
            new("SafehouseDaySurvivedToClaim", T.Whole, "0", G.Safehouse, "In-game days a player must survive before claiming.", 0, IntMax),
            new("SafeHouseRemovalTime", T.Whole, "144", G.Safehouse, "Real hours without a member visiting before a safehouse is released.", 0, IntMax),
            new("SafehouseAllowNonResidential", T.Toggle, "false", G.Safehouse, "Non-residential buildings may be claimed."),
            new("AllowDestructionBySledgehammer", T.Toggle, "true", G.Loot, "Sledgehammers can destroy walls and objects."),
            new("SledgehammerOnlyInSafehouse", T.Toggle, "false", G.Loot, "Sledgehammer destruction only inside one's safehouse."),
            new("KickFastPlayers", T.Toggle, "false", G.AntiCheat, "Kick players that move faster than possible."),
            new("ServerPlayerID", T.Whole, "0", G.General, "Random id of this world given to clients; set on first boot.", int.MinValue, IntMax, Live: false, AdminOnly: true),
            new("RCONPort", T.Whole, "27015", G.Rcon, "RCON TCP port (ZedOps publishes it on 127.0.0.1 only).", 0, 65535, Live: false, AdminOnly: true),
            new("RCONPassword", T.Text, "", G.Rcon, "RCON password; RCON is off when empty.", Live: false, AdminOnly: true, Secret: true),
            new("DiscordEnable", T.Toggle, "false", G.Discord, "Relay the global chat to a Discord channel.", Live: false, AdminOnly: true),
            new("DiscordToken", T.Text, "", G.Discord, "Discord bot token.", Live: false, AdminOnly: true, Secret: true),
            new("DiscordChannel", T.Text, "", G.Discord, "Discord channel name.", Live: false, AdminOnly: true),
            new("DiscordChannelID", T.Text, "", G.Discord, "Discord channel id (when the name is ambiguous).", Live: false, AdminOnly: true),
            new("Password", T.Text, "", G.Players, "Password players need to join; empty = none.", Live: false, AdminOnly: true, Secret: true),
            new("MaxAccountsPerUser", T.Whole, "0", G.Players, "Accounts one Steam user may create; 0 = unlimited.", 0, IntMax),
            new("AllowCoop", T.Toggle, "true", G.Players, "Split-screen co-op players may join."),
            new("SleepAllowed", T.Toggle, "false", G.Players, "Players may sleep."),
            new("SleepNeeded", T.Toggle, "false", G.Players, "Players get tired and must sleep."),
            new("KnockedDownAllowed", T.Toggle, "true", G.Pvp, "Players can be knocked down."),
            new("SneakModeHideFromOtherPlayers", T.Toggle, "true", G.Pvp, "Sneaking hides players from other players."),
            new("WorkshopItems", T.TextList, "", G.Mods, "Steam Workshop item IDs, ';'-separated; the server downloads them on boot.", Live: false),
            new("SteamScoreboard", T.Choice, "true", G.Players, "Show Steam names and avatars in the player list: true, false or admin.", Choices: ["true", "false", "admin"]),
            new("SteamVAC", T.Toggle, "true", G.Network, "Valve Anti-Cheat.", Live: false),
            new("UPnP", T.Toggle, "true", G.Network, "Open the ports on the router with UPnP.", Live: false),
            new("VoiceEnable", T.Toggle, "true", G.Voice, "Built-in voice chat."),
            new("VoiceMinDistance", T.Number, "10.0", G.Voice, "Voice is heard at full volume within this many tiles.", 0, 100000, RangeUncertain: true),
            new("VoiceMaxDistance", T.Number, "100.0", G.Voice, "Voice is not heard beyond this many tiles.", 0, 100000, RangeUncertain: true),
            new("Voice3D", T.Toggle, "true", G.Voice, "Directional voice."),
            new("SpeedLimit", T.Number, "70.0", G.AntiCheat, "Speed (km/h) above which a player is considered cheating.", 10, 150, RangeUncertain: true),
            new("LoginQueueEnabled", T.Toggle, "false", G.Network, "Queue players while the server is full.", Live: false),
            new("LoginQueueConnectTimeout", T.Whole, "60", G.Network, "Seconds a queued player has to connect.", 20, 1200, Live: false, RangeUncertain: true),
            new("server_browser_announced_ip", T.Text, "", G.Network, "IP address announced to the server browser (multi-homed hosts).", Live: false, AdminOnly: true),
            new("PlayerRespawnWithSelf", T.Toggle, "false", G.Players, "Players may respawn where they died."),
            new("PlayerRespawnWithOther", T.Toggle, "false", G.Players, "Players may respawn at a split-screen partner."),
            new("FastForwardMultiplier", T.Number, "40.0", G.General, "Game speed while all players sleep.", 1, 100, RangeUncertain: true),
            new("DisableSafehouseWhenPlayerConnected", T.Toggle, "false", G.Safehouse, "A safehouse is open while one of its members is online."),
            new("Faction", T.Toggle, "true", G.Safehouse, "Players may create factions."),
            new("FactionDaySurvivedToCreateTag", T.Whole, "0", G.Safehouse, "In-game days survived before a faction can have a tag.", 0, IntMax),
            new("FactionPlayersRequiredForTag", T.Whole, "1", G.Safehouse, "Members a faction needs before it can have a tag.", 1, IntMax),
            new("DisableRadioStaff", T.Toggle, "false", G.Voice, "Staff radio is not transmitted."),
            new("DisableRadioAdmin", T.Toggle, "true", G.Voice, "Admins' radio is not transmitted."),
            new("DisableRadioGM", T.Toggle, "true", G.Voice, "GMs' radio is not transmitted."),
            new("DisableRadioOverseer", T.Toggle, "false", G.Voice, "Overseers' radio is not transmitted."),
            new("DisableRadioModerator", T.Toggle, "false", G.Voice, "Moderators' radio is not transmitted."),
            new("DisableRadioInvisible", T.Toggle, "true", G.Voice, "Invisible players' radio is not transmitted."),
            new("ClientCommandFilter", T.TextList, Defaults.ClientCommandFilter, G.Logging, "Client commands not written to cmd.txt: ';'-separated, - excludes, + includes."),
            new("ClientActionLogs", T.TextList, "ISEnterVehicle;ISExitVehicle;ISTakeEngineParts;", G.Logging, "Client actions written to ClientActionLogs.txt, ';'-separated."),
            new("PerkLogs", T.Toggle, "true", G.Logging, "Log perk (skill) changes to PerkLog.txt."),
            new("ItemNumbersLimitPerContainer", T.Whole, "0", G.Loot, "Most items in one container; 0 = no limit.", 0, 9000, RangeUncertain: true),
            new("BloodSplatLifespanDays", T.Whole, "0", G.Loot, "Days before blood splats disappear; 0 = never.", 0, 365, RangeUncertain: true),
            new("AllowNonAsciiUsername", T.Toggle, "false", G.Players, "Allow non-ASCII characters in user names."),
            new("BanKickGlobalSound", T.Toggle, "true", G.Chat, "Everyone hears a sound when someone is banned or kicked."),
            new("RemovePlayerCorpsesOnCorpseRemoval", T.Toggle, "false", G.Loot, "Player corpses are removed with zombie corpses."),
            new("TrashDeleteAll", T.Toggle, "false", G.Loot, "Players may use 'delete all' on trash cans."),
            new("PVPMeleeWhileHitReaction", T.Toggle, "false", G.Pvp, "Players can hit again while reacting to a hit."),
            new("MouseOverToSeeDisplayName", T.Toggle, "true", G.Players, "Names show only when the mouse is over a player."),
            new("HidePlayersBehindYou", T.Toggle, "true", G.Players, "Players behind you are hidden."),
            new("PVPMeleeDamageModifier", T.Number, "30.0", G.Pvp, "Melee damage between players, in percent.", 0, 500, RangeUncertain: true),
            new("PVPFirearmDamageModifier", T.Number, "50.0", G.Pvp, "Firearm damage between players, in percent.", 0, 500, RangeUncertain: true),
            new("CarEngineAttractionModifier", T.Number, "0.5", G.Loot, "How far a running engine attracts zombies (multiplier).", 0, 10, RangeUncertain: true),
            new("PlayerBumpPlayer", T.Toggle, "false", G.Pvp, "Running players bump into each other."),
            new("MapRemotePlayerVisibility", T.Choice, "1", G.Players, "Other players on the map: 1 hidden, 2 friends, 3 everyone.", Choices: ["1", "2", "3"]),
            new("BackupsCount", T.Whole, "5", G.Backups, "How many of PZ's own backups to keep.", 1, 300, RangeUncertain: true),
            new("BackupsOnStart", T.Toggle, "true", G.Backups, "PZ backs up the world on every start."),
            new("BackupsOnVersionChange", T.Toggle, "true", G.Backups, "PZ backs up the world when the game version changes."),
            new("BackupsPeriod", T.Whole, "0", G.Backups, "PZ backs up every N real minutes; 0 = off.", 0, 1500, RangeUncertain: true),
        };
        for (var i = 1; i <= 24; i++)
        {
            list.Add(new($"AntiCheatProtectionType{i}", T.Toggle, "true", G.AntiCheat, $"Anti-cheat check number {i} (PZ does not document the individual checks)."));
        }
        foreach (var (n, value) in new[] { (2, "3.0"), (3, "1.0"), (4, "1.0"), (9, "1.0"), (15, "1.0"), (20, "1.0"), (22, "1.0"), (24, "6.0") })
        {
            list.Add(new($"AntiCheatProtectionType{n}ThresholdMultiplier", T.Number, value, G.AntiCheat, $"Tolerance of anti-cheat check {n} (higher = more lenient).", 1, 10, RangeUncertain: true));
        }
        return list;
    }

    private static class Defaults
    {
        public const string WelcomeMessage = "Welcome to Project Zomboid Multiplayer! <LINE> <LINE> To interact with the Chat panel: press Tab, T, or Enter. <LINE> <LINE> The Tab key will change the target stream of the message. <LINE> <LINE> Global Streams: /all <LINE> Local Streams: /say, /yell <LINE> Special Steams: /whisper, /safehouse, /faction. <LINE> <LINE> Press the Up arrow to cycle through your message history. Click the Gear icon to customize chat. <LINE> <LINE> Happy surviving!";
        public const string ClientCommandFilter = "-vehicle.*;+vehicle.damageWindow;+vehicle.fixPart;+vehicle.installPart;+vehicle.uninstallPart";
    }
}
