using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;
using ZedOps.PzFacts;

namespace ZedOps.Manager.Features.Settings;

public sealed partial class ServerSettings
{
    private static SandboxView Sandbox(ServerEntity server, ServerFile file, GameBuild build)
    {
        var reason = SandboxLockReason(server);
        if (!file.Exists)
        {
            return new SandboxView(false, "", false, "The game has not written SandboxVars.lua yet: start the server once.", null, []);
        }
        try
        {
            var document = SandboxDocument.Parse(file.Content);
            var entries = document.Entries.Select(e => EntryView(e, SandboxCatalog.Find(e.Path, build))).ToList();
            entries.AddRange(SandboxCatalog.For(build).Where(o => !document.Contains(o.Path)).Select(MissingView));
            return new SandboxView(true, file.Hash, reason is null, reason, null, entries);
        }
        catch (LuaSyntaxException ex)
        {
            return new SandboxView(true, file.Hash, false, "The file could not be parsed; edit it by hand.", ex.Message, []);
        }
    }

    private static SandboxEntryView EntryView(SandboxEntry e, SandboxOption? o)
    {
        var value = SandboxDocument.Display(e);
        var view = new SandboxEntryView(e.Path, e.Group, e.Key, e.Kind.ToString().ToLowerInvariant(), value, e.Comments);
        return o is null ? view : view with
        {
            Label = o.Label, Type = o.Type.ToString().ToLowerInvariant(), Min = o.Min, Max = o.Max, Choices = SandboxCatalog.ChoicesFor(o, e.Comments),
            Default = o.Default, ChangedFromDefault = !SandboxCatalog.SameValue(o, value, o.Default), B42Only = o.B42Only,
        };
    }

    private static SandboxEntryView MissingView(SandboxOption o) =>
        new(o.Path, o.Group, o.Key, o.Type switch { OptionType.Toggle => "bool", OptionType.Text => "text", _ => "number" }, o.Default, [],
            o.Label, o.Type.ToString().ToLowerInvariant(), o.Min, o.Max, o.Choices, o.Default, false, o.B42Only, InFile: false);

    /// <summary>Edits SandboxVars values (only their characters change) and adds catalogued entries the file lacks (one
    /// new line each); values are checked against the game's ranges and choices first. Refused with 409 while the server runs.</summary>
    public async Task<SaveSettingsResult> SaveSandboxAsync(Guid id, SaveSandboxRequest request, AuditActor actor, CancellationToken ct)
    {
        var server = await FindAsync(id, ct);
        if (SandboxLockReason(server) is { } locked)
        {
            throw ServerCommandException.Conflict(locked);
        }
        if (request.Values is not { Count: > 0 } values)
        {
            throw ServerCommandException.Invalid("No values", "Send values: an object of entry path (ZombieLore.Speed) → new value.");
        }
        var read = await files.ReadAsync(server, ct);
        var file = read[ServerFileKinds.Sandbox];
        if (!file.Exists)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' has no {file.RelativePath} yet: start the server once so that the game writes it.");
        }
        if (request.Hash is not null && request.Hash != file.Hash)
        {
            throw Stale(file.RelativePath);
        }
        SandboxDocument document;
        try
        {
            document = SandboxDocument.Parse(file.Content);
        }
        catch (LuaSyntaxException ex)
        {
            throw ServerCommandException.Conflict($"{file.RelativePath} cannot be parsed ({ex.Message}); edit it by hand.");
        }
        var ini = read[ServerFileKinds.Ini];
        var build = SettingsBuild.Of(ServerConfig.FromJson(server.ConfigJson), ini.Exists ? IniDocument.Parse(ini.Content) : null);
        var added = new List<string>();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, value) in values)
        {
            var option = SandboxCatalog.Find(path, build);
            var problem = option is null ? null : SandboxCatalog.Problem(option, value);
            if (problem is null && option is not null && !document.Contains(path))
            {
                problem = document.Add(path, SandboxCatalog.Literal(option, value));
                added.Add(path);
            }
            else
            {
                problem ??= document.Set(path, value);
            }
            if (problem is not null)
            {
                errors[path] = problem;
            }
        }
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }
        var content = document.ToString();
        if (content == file.Content)
        {
            return new SaveSettingsResult(file.Hash, [], [], [], [], null);
        }
        var summary = string.Join("; ", values.Select(v => added.Contains(v.Key) ? $"{v.Key} added: {v.Value}" : $"{v.Key} → {v.Value}"));
        return await WriteAndRecordAsync(server, file, content, actor, SettingsHistory.Edit, "sandbox: " + summary, ct);
    }
}
