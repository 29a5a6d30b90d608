using ZedOps.Manager.Features.Servers;
using ZedOps.PzFacts;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// Which game build a server runs, for the option set its editor offers. An explicit <c>PZ_BUILD</c> in the server's
/// environment (pz-sim reads it; any profile may pass it) decides. Otherwise the ini tells: the server rewrites it with
/// its whole option set on every boot, so a B42 ini holds keys 41.78 never had (AntiCheatMovement, …) and none of the
/// numbered AntiCheatProtectionType switches B42 dropped. The Steam branch cannot tell: B42 went to the public branch.
/// </summary>
public static class SettingsBuild
{
    public const string EnvVariable = "PZ_BUILD";

    public static GameBuild Of(ServerConfig config, IniDocument? ini)
    {
        if (config.ExtraEnv?.GetValueOrDefault(EnvVariable)?.Trim() is { } explicitBuild)
        {
            if (explicitBuild.StartsWith("42", StringComparison.Ordinal))
            {
                return GameBuild.B42;
            }
            if (explicitBuild.StartsWith("41", StringComparison.Ordinal))
            {
                return GameBuild.B41;
            }
        }
        return ini is null ? GameBuild.B41 : FromIni(ini);
    }

    public static GameBuild FromIni(IniDocument ini)
    {
        var keys = ini.Keys.ToHashSet(StringComparer.Ordinal);
        var b42 = IniFacts.For(GameBuild.B42).Count(f => keys.Contains(f.Key) && IniFacts.Find(GameBuild.B41, f.Key) is null);
        var b41 = IniFacts.RemovedInB42.Count(keys.Contains);
        return b42 > b41 ? GameBuild.B42 : GameBuild.B41;
    }

    public static string Label(GameBuild build) => build == GameBuild.B42 ? "42" : "41";
}
