using ZedOps.PzFacts;

namespace ZedOps.Manager.Features.Settings;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OptionType>))]
public enum OptionType { Toggle, Whole, Number, Text, Choice, TextList }

/// <summary>
/// One server option of <c>&lt;name&gt;.ini</c> for one build: the game's facts (<see cref="IniFacts"/>: type, range,
/// default) plus ZedOps' own knowledge. <see cref="Live"/>: PZ applies it on <c>changeoption</c> + <c>reloadoptions</c>;
/// otherwise it needs a restart. <see cref="AdminOnly"/>: ports, RCON, passwords, Discord, identity — operators may not
/// change them. <see cref="Secret"/>: masked in views, diffs and audit rows. <see cref="B42Only"/>: the key does not exist
/// in 41.78. <see cref="Generated"/>: drawn at random on first boot, so never "changed from default".
/// </summary>
public sealed record ServerOption(
    string Key,
    OptionType Type,
    string Default,
    string Group,
    string Description,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Choices = null,
    bool Live = true,
    bool AdminOnly = false,
    bool Secret = false,
    bool B42Only = false,
    string ListSeparator = ";",
    bool Generated = false);

public static class OptionGroups
{
    public const string General = "General";
    public const string Players = "Players";
    public const string Pvp = "PVP & safety";
    public const string Chat = "Chat";
    public const string Network = "Network";
    public const string Rcon = "RCON";
    public const string Discord = "Discord";
    public const string Mods = "Mods & maps";
    public const string Backups = "Backups";
    public const string Safehouse = "Safehouses & factions";
    public const string Loot = "Loot & world";
    public const string Voice = "Voice & radio";
    public const string AntiCheat = "Anti-cheat";
    public const string Logging = "Logging & admin";

    public static readonly IReadOnlyList<string> Order = [General, Players, Pvp, Chat, Network, Rcon, Discord, Mods, Backups, Safehouse, Loot, Voice, AntiCheat, Logging];
}
