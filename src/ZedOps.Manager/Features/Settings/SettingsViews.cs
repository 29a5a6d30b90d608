namespace ZedOps.Manager.Features.Settings;

/// <summary>One ini option as the editor shows it. <see cref="Value"/> is null when the key is not in the file (PZ then
/// uses <see cref="Default"/>), a mask for a secret the viewer may not see. <see cref="Env"/>: the image overwrites it on boot.</summary>
public sealed record OptionView(
    string Key, string Type, string Group, string Description, string? Value, string Default, bool ChangedFromDefault,
    double? Min, double? Max, IReadOnlyList<string>? Choices, bool Live, bool AdminOnly, bool Secret, bool B42Only, bool InFile,
    EnvOverrideView? Env);

public sealed record EnvOverrideView(string Variable, string Value, string Source);

public sealed record UnknownOptionView(string Key, string Value);

/// <summary>One SandboxVars entry. The catalogue fields are null for an entry ZedOps does not know (a mod's): it is
/// edited as the file has it. <see cref="InFile"/> false: catalogued, the file lacks it, saving a value adds it.</summary>
public sealed record SandboxEntryView(string Path, string Group, string Key, string Kind, string Value, IReadOnlyList<string> Comments,
    string? Label = null, string? Type = null, double? Min = null, double? Max = null, IReadOnlyList<SandboxChoice>? Choices = null,
    string? Default = null, bool ChangedFromDefault = false, bool B42Only = false, bool InFile = true);

public sealed record SandboxView(bool Exists, string Hash, bool Editable, string? EditableReason, string? ParseError, IReadOnlyList<SandboxEntryView> Entries);

public sealed record ModsView(ModListState State, bool BackslashForm, IReadOnlyList<string> Warnings);

public sealed record SettingsView(
    Guid ServerId, string Status, string Build, bool IniExists, string IniHash, bool CanEditAdminOptions,
    IReadOnlyList<OptionView> Options, IReadOnlyList<UnknownOptionView> UnknownOptions, SandboxView Sandbox, ModsView Mods);

/// <summary><see cref="Values"/>: key → new value (as typed; decimals with '.' or ',').</summary>
public sealed record SaveIniRequest(string? Hash, IReadOnlyDictionary<string, string>? Values);

public sealed record SaveSandboxRequest(string? Hash, IReadOnlyDictionary<string, string>? Values);

public sealed record SaveModsRequest(string? Hash, ModListState? Mods);

/// <summary>After a save: <see cref="LiveKeys"/> can be applied now with changeoption (the server runs),
/// <see cref="RestartKeys"/> take effect on the next start, <see cref="EnvKeys"/> were also written to the environment.</summary>
public sealed record SaveSettingsResult(string Hash, IReadOnlyList<string> Changed, IReadOnlyList<string> LiveKeys, IReadOnlyList<string> RestartKeys,
    IReadOnlyList<string> EnvKeys, long? VersionId);

public sealed record ApplySettingsResult(IReadOnlyList<string> Applied, IReadOnlyList<string> RestartPending, IReadOnlyList<string> Replies);

public sealed record ImportCollectionRequest(string? Text);
