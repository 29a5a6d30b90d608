using System.Buffers.Binary;
using System.Diagnostics;
using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.World;

/// <summary>
/// Writes the world the way a save leaves it on disk: map_t.bin (time + save counter), map_meta/zone/sand.bin,
/// a chunk file per occupied cell, zpop and reanimated files, and every online character into players.db.
/// A configured save duration (SIM_SAVE_SECONDS) is spent before the files change, so a stop that gives up early
/// leaves the previous save intact, as a killed JVM would.
/// </summary>
internal sealed class WorldSaver(DataLayout layout, PlayersDb players, TimeProvider time, TimeSpan saveDuration)
{
    public const int WorldVersion = 195;

    public int SaveCount { get; private set; } = ReadSaveCount(Path.Combine(layout.SaveDir, "map_t.bin"));

    public bool WorldExists => File.Exists(Path.Combine(layout.SaveDir, "map_t.bin"));

    public async Task<TimeSpan> SaveAsync(IReadOnlyCollection<OnlinePlayer> online, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        if (saveDuration > TimeSpan.Zero)
        {
            await Task.Delay(saveDuration, time, ct);
        }
        SaveCount++;
        var header = new byte[24];
        "GMTM"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), WorldVersion);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), SaveCount);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(12), time.GetUtcNow().ToUnixTimeMilliseconds());
        Write("map_t.bin", header);
        Write("map_meta.bin", Filler("META", 2048));
        Write("map_zone.bin", Filler("ZONE", 1024));
        Write("map_sand.bin", Filler("SAND", 512));
        Write("zpop_35_33.bin", Filler("ZPOP", 4096));
        Write("reanimated.bin", Filler("REAN", 64));
        Write("map_1000_900.bin", Filler("CHNK", 8192));
        foreach (var player in online)
        {
            Write($"map_{(int)player.X / 10}_{(int)player.Y / 10}.bin", Filler("CHNK", 8192));
            players.Save(player, WorldVersion);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private void Write(string name, byte[] content)
    {
        var path = Path.Combine(layout.SaveDir, name);
        File.WriteAllBytes(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private byte[] Filler(string magic, int size)
    {
        var bytes = new byte[size];
        System.Text.Encoding.ASCII.GetBytes(magic, bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), WorldVersion);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), SaveCount);
        return bytes;
    }

    private static int ReadSaveCount(string mapT)
    {
        if (!File.Exists(mapT))
        {
            return 0;
        }
        var bytes = File.ReadAllBytes(mapT);
        return bytes.Length >= 12 ? BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)) : 0;
    }
}
