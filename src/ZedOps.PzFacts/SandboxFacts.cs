using System.Globalization;

namespace ZedOps.PzFacts;

/// <summary>
/// The entries of <c>&lt;name&gt;_SandboxVars.lua</c> per build: top level, ZombieLore, ZombieConfig, Map (B42 adds
/// Basement and MultiplierConfig), in the order the game writes them. Facts from decompiled game code, labels ours.
/// Sources:
/// <list type="bullet">
/// <item>41.78: <c>piromasta/PZDecompiled</c> <c>zombie/SandboxOptions.java</c> at db1d3bde (SANDBOX_VERSION 5; the
/// <c>newEnumOption/newIntegerOption/newDoubleOption/newBooleanOption/newStringOption</c> calls and the Map, ZombieLore and
/// ZombieConfig inner classes).</item>
/// <item>B42: <c>geromet/pz-lua-api</c> <c>zombie/SandboxOptions.java</c> at 58a0d1ab (SANDBOX_VERSION 6). Its Basement
/// group is declared elsewhere: <c>Basement.SpawnFrequency</c> (7 values, default 4) is taken from real B42 files.</item>
/// <item>Enum choice names: the <c>-- N = Name</c> comments of real server-written SandboxVars files (B41 and B42) in
/// the code index.</item>
/// </list>
/// Defaults are the option declarations'. The game then loads its "Apocalypse" preset over them, so a fresh file can
/// differ for a few entries (e.g. B41 writes HoursForCorpseRemoval = 216.0 where the declaration says -1).
/// </summary>
public static partial class SandboxFacts
{
    public static IReadOnlyList<SandboxFact> For(GameBuild build) => build == GameBuild.B42 ? s_b42 : s_b41;

    public static SandboxFact? Find(GameBuild build, string path) => (build == GameBuild.B42 ? s_b42ByPath : s_b41ByPath).GetValueOrDefault(path);

    /// <summary>The <c>VERSION = N</c> line the game writes first.</summary>
    public static int Version(GameBuild build) => build == GameBuild.B42 ? 6 : 5;

    private const double IntMax = int.MaxValue;

    private static readonly string[] s_zombieCount = ["Insane", "Very High", "High", "Normal", "Low", "None"];
    private static readonly string[] s_rarity6 = ["Never", "Extremely Rare", "Rare", "Sometimes", "Often", "Very Often"];
    private static readonly string[] s_time = ["Instant", "0-30 Seconds", "0-1 Minutes", "0-12 Hours", "2-3 Days", "1-2 Weeks"];

    // After the name arrays: static fields initialise in textual order.
    private static readonly List<SandboxFact> s_b41 = B41();
    private static readonly List<SandboxFact> s_b42 = B42();
    private static readonly Dictionary<string, SandboxFact> s_b41ByPath = s_b41.ToDictionary(f => f.Path, StringComparer.Ordinal);
    private static readonly Dictionary<string, SandboxFact> s_b42ByPath = s_b42.ToDictionary(f => f.Path, StringComparer.Ordinal);

    private static SandboxFact E(string path, int values, int value, string label, IReadOnlyList<string>? names = null) =>
        new(path, FactKind.Choice, Int(value), 1, values, values, label, names);

    private static SandboxFact I(string path, double min, double max, int value, string label) => new(path, FactKind.Whole, Int(value), min, max, 0, label);

    private static SandboxFact D(string path, double min, double max, double value, string label) => new(path, FactKind.Number, F.Number(value), min, max, 0, label);

    private static SandboxFact B(string path, bool value, string label) => new(path, FactKind.Toggle, value ? "true" : "false", null, null, 0, label);

    private static SandboxFact S(string path, string value, string label) => new(path, FactKind.Text, value, null, null, 0, label);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<SandboxFact> B41() =>
    [
        E("Zombies", 6, 4, "Zombie count", s_zombieCount),
        E("Distribution", 2, 1, "Zombie distribution", ["Urban Focused", "Uniform"]),
        E("DayLength", 26, 2, "Day length"),
        E("StartYear", 100, 1, "Start year (1 = 1993)"),
        E("StartMonth", 12, 7, "Start month"),
        E("StartDay", 31, 23, "Start day"),
        E("StartTime", 9, 2, "Start time of day"),
        E("WaterShut", 8, 2, "Water shut-off"),
        E("ElecShut", 8, 2, "Electricity shut-off"),
        I("WaterShutModifier", -1, IntMax, 14, "Days until the water goes off"),
        I("ElecShutModifier", -1, IntMax, 14, "Days until the power goes off"),
        E("FoodLoot", 7, 4, "Food loot rarity"),
        E("LiteratureLoot", 7, 4, "Literature loot rarity"),
        E("MedicalLoot", 7, 4, "Medical loot rarity"),
        E("SurvivalGearsLoot", 7, 4, "Survival gear loot rarity"),
        E("CannedFoodLoot", 7, 4, "Canned food loot rarity"),
        E("WeaponLoot", 7, 4, "Melee weapon loot rarity"),
        E("RangedWeaponLoot", 7, 4, "Ranged weapon loot rarity"),
        E("AmmoLoot", 7, 4, "Ammo loot rarity"),
        E("MechanicsLoot", 7, 4, "Mechanics loot rarity"),
        E("OtherLoot", 7, 4, "Other loot rarity"),
        E("Temperature", 5, 3, "World temperature"),
        E("Rain", 5, 3, "Rain amount"),
        E("ErosionSpeed", 5, 3, "Erosion (overgrowth) speed"),
        I("ErosionDays", -1, 36500, 0, "Erosion days (overrides the speed; -1 off, 0 use speed)"),
        D("XpMultiplier", 0.001, 1000, 1.0, "XP multiplier"),
        B("XpMultiplierAffectsPassive", false, "XP multiplier also applies to passive skills"),
        E("Farming", 5, 3, "Farming speed"),
        E("CompostTime", 8, 2, "Compost time"),
        E("StatsDecrease", 5, 3, "Hunger/thirst/fatigue decrease speed"),
        E("NatureAbundance", 5, 3, "Foraging abundance"),
        E("Alarm", 6, 4, "House alarm frequency", s_rarity6),
        E("LockedHouses", 6, 4, "Locked house frequency", s_rarity6),
        B("StarterKit", false, "Spawn with a starter kit"),
        B("Nutrition", false, "Nutrition system"),
        E("FoodRotSpeed", 5, 3, "Food spoil speed"),
        E("FridgeFactor", 5, 3, "Fridge effectiveness"),
        E("LootRespawn", 5, 1, "Loot respawn"),
        I("SeenHoursPreventLootRespawn", 0, IntMax, 0, "Hours a seen container is kept from respawning loot"),
        S("WorldItemRemovalList", "Base.Hat,Base.Glasses", "Item types removed from the ground"),
        D("HoursForWorldItemRemoval", 0, IntMax, 24.0, "Hours before ground items are removed"),
        B("ItemRemovalListBlacklistToggle", false, "Removal list is a blacklist (remove all but these)"),
        E("TimeSinceApo", 13, 1, "Months since the apocalypse"),
        E("PlantResilience", 5, 3, "Plant resilience"),
        E("PlantAbundance", 5, 3, "Farming yield"),
        E("EndRegen", 5, 3, "Endurance regeneration"),
        E("Helicopter", 4, 2, "Helicopter event"),
        E("MetaEvent", 3, 2, "Meta events (distant gunshots etc.)"),
        E("SleepingEvent", 3, 1, "Events while sleeping"),
        D("GeneratorFuelConsumption", 0, 100, 1.0, "Generator fuel consumption"),
        E("GeneratorSpawning", 5, 3, "Generator spawn rate"),
        E("SurvivorHouseChance", 6, 3, "Randomised survivor houses"),
        E("AnnotatedMapChance", 6, 4, "Annotated map chance"),
        I("CharacterFreePoints", -100, 100, 0, "Free trait points"),
        E("ConstructionBonusPoints", 5, 3, "Construction health bonus"),
        E("NightDarkness", 4, 3, "Night darkness"),
        E("NightLength", 5, 3, "Night length"),
        B("BoneFracture", true, "Bones can fracture"),
        E("InjurySeverity", 3, 2, "Injury severity"),
        D("HoursForCorpseRemoval", -1, IntMax, -1.0, "Hours before corpses are removed (-1 never)"),
        E("DecayingCorpseHealthImpact", 4, 3, "Health impact of decaying corpses"),
        E("BloodLevel", 5, 3, "Blood level"),
        E("ClothingDegradation", 4, 3, "Clothing degradation"),
        B("FireSpread", true, "Fire spreads"),
        I("DaysForRottenFoodRemoval", -1, IntMax, -1, "Days before rotten food is removed (-1 never)"),
        B("AllowExteriorGenerator", true, "Generators power buildings from outside"),
        E("MaxFogIntensity", 3, 1, "Maximum fog intensity"),
        E("MaxRainFxIntensity", 3, 1, "Maximum rain effect intensity"),
        B("EnableSnowOnGround", true, "Snow settles on the ground"),
        B("AttackBlockMovements", true, "Attacking slows the player"),
        E("VehicleStoryChance", 6, 3, "Vehicle story chance"),
        E("ZoneStoryChance", 6, 3, "Zone story chance"),
        B("AllClothesUnlocked", false, "All clothes available at character creation"),
        B("EnableTaintedWaterText", true, "Tainted water is labelled"),
        B("EnableVehicles", true, "Vehicles spawn"),
        E("CarSpawnRate", 5, 4, "Vehicle spawn rate"),
        D("ZombieAttractionMultiplier", 0, 100, 1.0, "Vehicle noise zombie attraction"),
        B("VehicleEasyUse", false, "Vehicles need no keys"),
        E("InitialGas", 6, 3, "Initial vehicle fuel"),
        E("FuelStationGas", 9, 5, "Fuel in fuel stations"),
        E("LockedCar", 6, 4, "Locked vehicle frequency", s_rarity6),
        D("CarGasConsumption", 0, 100, 1.0, "Vehicle fuel consumption"),
        E("CarGeneralCondition", 5, 3, "Vehicle condition"),
        E("CarDamageOnImpact", 5, 3, "Vehicle damage on impact"),
        E("DamageToPlayerFromHitByACar", 5, 1, "Damage to a player hit by a vehicle"),
        B("TrafficJam", true, "Traffic jams on main roads"),
        E("CarAlarm", 6, 4, "Vehicle alarm frequency", s_rarity6),
        B("PlayerDamageFromCrash", true, "Players are hurt in crashes"),
        D("SirenShutoffHours", 0, 168, 0.0, "Hours before a siren shuts off (0 never)"),
        E("ChanceHasGas", 3, 2, "Chance a vehicle has fuel"),
        E("RecentlySurvivorVehicles", 4, 3, "Well-kept survivor vehicles"),
        B("MultiHitZombies", false, "Melee hits several zombies"),
        E("RearVulnerability", 3, 3, "Vulnerability to attacks from behind"),
        E("EnablePoisoning", 3, 1, "Food poisoning"),
        E("MaggotSpawn", 3, 1, "Where maggots spawn"),
        D("LightBulbLifespan", 0, 1000, 1.0, "Light bulb lifespan (0 never break)"),
        B("Map.AllowMiniMap", false, "Mini-map available"),
        B("Map.AllowWorldMap", true, "World map available"),
        B("Map.MapAllKnown", false, "World map fully revealed"),
        E("ZombieLore.Speed", 4, 2, "Zombie speed", ["Sprinters", "Fast Shamblers", "Shamblers", "Random"]),
        E("ZombieLore.Strength", 4, 2, "Zombie strength", ["Superhuman", "Normal", "Weak", "Random"]),
        E("ZombieLore.Toughness", 4, 2, "Zombie toughness", ["Tough", "Normal", "Fragile", "Random"]),
        E("ZombieLore.Transmission", 4, 1, "Infection transmission", ["Blood and Saliva", "Saliva Only", "Everyone's Infected", "None"]),
        E("ZombieLore.Mortality", 7, 5, "Infection mortality", [.. s_time, "Never"]),
        E("ZombieLore.Reanimate", 6, 3, "Reanimation time", s_time),
        E("ZombieLore.Cognition", 4, 3, "Zombie cognition", ["Navigate and Use Doors", "Navigate", "Basic Navigation", "Random"]),
        E("ZombieLore.CrawlUnderVehicle", 7, 5, "Zombies crawl under vehicles", ["Crawlers Only", "Extremely Rare", "Rare", "Sometimes", "Often", "Very Often", "Always"]),
        E("ZombieLore.Memory", 5, 2, "Zombie memory", ["Long", "Normal", "Short", "None", "Random"]),
        E("ZombieLore.Sight", 4, 2, "Zombie sight", ["Eagle", "Normal", "Poor", "Random"]),
        E("ZombieLore.Hearing", 4, 2, "Zombie hearing", ["Pinpoint", "Normal", "Poor", "Random"]),
        B("ZombieLore.ThumpNoChasing", false, "Roaming zombies attack doors and walls"),
        B("ZombieLore.ThumpOnConstruction", true, "Zombies damage player constructions"),
        E("ZombieLore.ActiveOnly", 3, 1, "When zombies are active", ["Both", "Night", "Day"]),
        B("ZombieLore.TriggerHouseAlarm", false, "Zombies trigger house alarms"),
        B("ZombieLore.ZombiesDragDown", true, "Groups of zombies drag players down"),
        B("ZombieLore.ZombiesFenceLunge", true, "Zombies lunge after climbing a fence"),
        E("ZombieLore.DisableFakeDead", 3, 1, "Fake-dead zombies", ["World Zombies", "World and Combat Zombies", "Never"]),
        D("ZombieConfig.PopulationMultiplier", 0, 4, 1.0, "Population multiplier"),
        D("ZombieConfig.PopulationStartMultiplier", 0, 4, 1.0, "Population at start (multiplier)"),
        D("ZombieConfig.PopulationPeakMultiplier", 0, 4, 1.5, "Population at peak (multiplier)"),
        I("ZombieConfig.PopulationPeakDay", 1, 365, 28, "Day the population peaks"),
        D("ZombieConfig.RespawnHours", 0, 8760, 72.0, "Hours before zombies respawn in a cell (0 off)"),
        D("ZombieConfig.RespawnUnseenHours", 0, 8760, 16.0, "Hours a chunk must be unseen before respawn"),
        D("ZombieConfig.RespawnMultiplier", 0, 1, 0.1, "Share of the population that respawns"),
        D("ZombieConfig.RedistributeHours", 0, 8760, 12.0, "Hours before zombies migrate (0 off)"),
        I("ZombieConfig.FollowSoundDistance", 10, 1000, 100, "Distance zombies follow a sound"),
        I("ZombieConfig.RallyGroupSize", 0, 1000, 20, "Idle group size (0 no groups)"),
        I("ZombieConfig.RallyTravelDistance", 5, 50, 20, "Distance travelled to form groups"),
        I("ZombieConfig.RallyGroupSeparation", 5, 25, 15, "Distance between groups"),
        I("ZombieConfig.RallyGroupRadius", 1, 10, 3, "How close group members stay"),
    ];
}
