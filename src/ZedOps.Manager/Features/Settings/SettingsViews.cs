namespace ZedOps.Manager.Features.Settings;

/// <summary>One ini option as the editor shows it. <see cref="Value"/> is null when the key is not in the file (PZ then
/// uses <see cref="Default"/>), a mask for a secret the viewer may not see. <see cref="Env"/>: the image overwrites it on boot.</summary>
public sealed record OptionView(
    string Key, string Type, string Group, string Description, string? Value, string Default, bool ChangedFromDefault,
    double? Min, double? Max, IReadOnlyList<string>? Choices, bool Live, bool AdminOnly, bool Secret, bool B42Only, bool InFile,
    EnvOverrideView? Env);

public sealed record EnvOverrideView(string Variable, string Value, string Source);

public sealed record UnknownOptionView(string Key, string Value);

public sealed record SandboxEntryView(string Path, string Group, string Key, string Kind, string Value, IReadOnlyList<string> Comments);

public sealed record SandboxView(bool Exists, string Hash, bool Editable, string? EditableReason, string? ParseError, IReadOnlyList<SandboxEntryView> Entries);

public sealed record ModsView(ModListState State, bool BackslashForm, IReadOnlyList<string> Warnings);

public sealed record SettingsView(
    Guid ServerId, string Status, bool IniExists, string IniHash, bool CanEditAdminOptions,
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
