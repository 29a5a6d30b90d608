using System.Diagnostics;
using ZedOps.Agent.Backups;

namespace ZedOps.Bench;

/// <summary>Backup and restore throughput of a generated world of many small files, with this process's memory
/// during them, against <c>tar | zstd -3</c> of the same data on the same machine.</summary>
internal static class BackupBenchmark
{
    public static async Task RunAsync(int megabytes)
    {
        var root = Directory.CreateTempSubdirectory("zedops-backup-bench-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            var (files, bytes) = Generate(Path.Combine(data, "Saves", "Multiplayer", "bench"), megabytes);
            Directory.CreateDirectory(Path.Combine(data, "Server"));
            File.WriteAllText(Path.Combine(data, "Server", "bench.ini"), "PublicName=bench\n");
            Console.WriteLine($"backup: world of {files:N0} files, {bytes / 1e6:N0} MB (map chunks 8-64 KB, about half compressible)");
            var archive = Path.Combine(root, "b.tar.zst");

            var (created, createSeconds, createPeak) = await MeasureAsync(() => BackupArchive.CreateAsync(data, "bench", "bench", archive,
                DateTimeOffset.UtcNow, new BackupLabels("bench", true, null), CancellationToken.None));
            Console.WriteLine($"backup: create  {bytes / 1e6 / createSeconds,7:N1} MB/s ({createSeconds:N1} s), archive {created.ArchiveBytes / 1e6:N0} MB, peak working set {createPeak / 1e6:N0} MB");

            var (_, restoreSeconds, restorePeak) = await MeasureAsync(() => BackupExtraction.ExtractAsync(archive, Path.Combine(root, "restored"), CancellationToken.None));
            Console.WriteLine($"backup: restore {bytes / 1e6 / restoreSeconds,7:N1} MB/s ({restoreSeconds:N1} s), peak working set {restorePeak / 1e6:N0} MB");

            var watch = Stopwatch.StartNew();
            using var tar = Process.Start(new ProcessStartInfo("sh", ["-c", $"tar -C '{data}' -cf - . | zstd -q -3 -T1 -o '{root}/ref.tar.zst'"]))!;
            await tar.WaitForExitAsync();
            var tarSeconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"backup: tar | zstd -3 -T1 {bytes / 1e6 / tarSeconds,7:N1} MB/s ({tarSeconds:N1} s), archive {new FileInfo(Path.Combine(root, "ref.tar.zst")).Length / 1e6:N0} MB");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(T, double Seconds, long PeakBytes)> MeasureAsync<T>(Func<Task<T>> action)
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(50);
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await action();
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (result, seconds, peak);
    }

    /// <summary>Map chunks of 8-64 KB, about half compressible, in folders of 1,000, into a world directory.</summary>
    internal static (int Files, long Bytes) Generate(string map, int megabytes)
    {
        var random = new Random(42);
        var target = megabytes * 1_000_000L;
        long bytes = 0;
        var files = 0;
        while (bytes < target)
        {
            var dir = Path.Combine(map, $"map_{files / 1000}");
            Directory.CreateDirectory(dir);
            var chunk = new byte[random.Next(8, 65) * 1024];
            random.NextBytes(chunk.AsSpan(0, chunk.Length / 2)); // the other half stays zero, as in sparse chunk data
            File.WriteAllBytes(Path.Combine(dir, $"map_{files % 1000}_{files / 1000}.bin"), chunk);
            bytes += chunk.Length;
            files++;
        }
        return (files, bytes);
    }
}
