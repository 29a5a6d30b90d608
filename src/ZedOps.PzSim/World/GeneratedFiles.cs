using System.Text;

namespace ZedOps.PzSim.World;

/// <summary>The Lua files a real first boot writes next to the ini; written once, never overwritten.</summary>
internal static class GeneratedFiles
{
    public static void EnsureLuaFiles(DataLayout layout)
    {
        WriteIfMissing(layout.SandboxVarsFile, SandboxVars);
        WriteIfMissing(layout.SpawnRegionsFile, SpawnRegions);
    }

    private static void WriteIfMissing(string path, string content)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        }
    }

    private const string SandboxVars = """
        SandboxVars = {
            VERSION = 5,
            -- Changing this also sets the "Population Multiplier" in Advanced Zombie Options. Default = Normal
            -- 1 = Insane
            -- 2 = Very High
            -- 3 = High
            -- 4 = Normal
            -- 5 = Low
            -- 6 = None
            Zombies = 4,
            Distribution = 1,
            DayLength = 3,
            StartYear = 1,
            StartMonth = 7,
            StartDay = 9,
            StartTime = 2,
            WaterShut = 2,
            ElecShut = 2,
            WaterShutModifier = 14,
            ElecShutModifier = 14,
            FoodLoot = 4,
            CannedFoodLoot = 4,
            WeaponLoot = 2,
            OtherLoot = 4,
            Temperature = 3,
            Rain = 3,
            ErosionSpeed = 3,
            XpMultiplier = 1.0,
            Farming = 3,
            StatsDecrease = 3,
            NatureAbundance = 3,
            Alarm = 4,
            LockedHouses = 6,
            StarterKit = false,
            Nutrition = true,
            FoodRotSpeed = 3,
            FridgeFactor = 3,
            LootRespawn = 1,
            TimeSinceApo = 1,
            PlantResilience = 3,
            PlantAbundance = 3,
            EndRegen = 3,
            Helicopter = 2,
            MetaEvent = 2,
            SleepingEvent = 1,
            CharacterFreePoints = 0,
            ConstructionBonusPoints = 3,
            NightDarkness = 3,
            InjurySeverity = 2,
            BoneFracture = true,
            HoursForCorpseRemoval = 216.0,
            DecayingCorpseHealthImpact = 3,
            BloodLevel = 3,
            ClothingDegradation = 3,
            FireSpread = true,
            DaysForRottenFoodRemoval = -1,
            AllowExteriorGenerator = true,
            MaxFogIntensity = 1,
            MaxRainFxIntensity = 1,
            EnableSnowOnGround = true,
            ZombieLore = {
                Speed = 2,
                Strength = 2,
                Toughness = 2,
                Transmission = 1,
                Mortality = 5,
                Reanimate = 3,
                Cognition = 3,
                Memory = 2,
                Sight = 2,
                Hearing = 2,
            },
            ZombieConfig = {
                PopulationMultiplier = 1.0,
                PopulationStartMultiplier = 1.0,
                PopulationPeakMultiplier = 1.5,
                PopulationPeakDay = 28,
                RespawnHours = 72.0,
                RespawnUnseenHours = 16.0,
                RespawnMultiplier = 0.1,
                RedistributeHours = 12.0,
                FollowSoundDistance = 100,
                RallyGroupSize = 20,
                RallyTravelDistance = 20,
                RallyGroupSeparation = 15,
                RallyGroupRadius = 3,
            },
        }
        """;

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
