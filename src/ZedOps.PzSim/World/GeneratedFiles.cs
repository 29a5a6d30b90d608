using System.Text;

namespace ZedOps.PzSim.World;

/// <summary>The Lua files a real first boot writes next to the ini; written once, never overwritten.</summary>
internal static class GeneratedFiles
{
    public static void EnsureLuaFiles(DataLayout layout, PzFacts.GameBuild build = PzFacts.GameBuild.B41)
    {
        WriteIfMissing(layout.SandboxVarsFile, SandboxVarsWriter.Write(build));
        WriteIfMissing(layout.SpawnRegionsFile, SpawnRegions);
    }

    private static void WriteIfMissing(string path, string content)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        }
    }

    private const string SpawnRegions = """
        function SpawnRegions()
        	return {
        		{ name = "Muldraugh, KY", file = "media/maps/Muldraugh, KY/spawnpoints.lua" },
        		{ name = "Riverside, KY", file = "media/maps/Riverside, KY/spawnpoints.lua" },
        		{ name = "Rosewood, KY", file = "media/maps/Rosewood, KY/spawnpoints.lua" },
        		{ name = "West Point, KY", file = "media/maps/West Point, KY/spawnpoints.lua" },
        	}
        end
        """;
}
