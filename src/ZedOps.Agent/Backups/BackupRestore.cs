namespace ZedOps.Agent.Backups;

/// <summary>
/// Swaps a server's world for an unpacked backup, keeping what it replaces aside: <c>&lt;data&gt;.restoring</c> is the
/// staging directory, <c>&lt;data&gt;.pre-restore</c> holds the replaced paths until <see cref="Finish"/> either
/// discards them (the restored server came up) or puts them back (it did not). Both sit beside the data directory,
/// on the same filesystem, so every swap is a rename. Only the paths a backup covers are touched.
/// </summary>
internal static class BackupRestore
{
    public static string StagingDir(string dataPath) => dataPath.TrimEnd('/') + ".restoring";

    public static string AsideDir(string dataPath) => dataPath.TrimEnd('/') + ".pre-restore";

    /// <summary>Moves the staged world in and the current one aside; the staging directory is removed.</summary>
    public static void Swap(string dataPath, string world, List<string> steps)
    {
        var staging = StagingDir(dataPath);
        var aside = AsideDir(dataPath);
        Directory.CreateDirectory(aside);
        foreach (var selected in BackupSelection.For(world))
        {
            var live = Path.Combine(dataPath, selected);
            if (Exists(live))
            {
                Move(live, Path.Combine(aside, selected));
            }
            var restored = Path.Combine(staging, selected);
            if (Exists(restored))
            {
                Move(restored, live);
            }
        }
        Directory.Delete(staging, recursive: true);
        steps.Add($"world swapped in; the replaced files wait in {aside} until the server is back");
    }

    /// <summary>Keep: the replaced files are deleted. Roll back: the restored paths are removed and the replaced
    /// ones moved back. Returns whether it rolled back.</summary>
    public static bool Finish(string dataPath, string world, bool keep, List<string> steps)
    {
        var aside = AsideDir(dataPath);
        if (!Directory.Exists(aside))
        {
            steps.Add("no restore to finish");
            return false;
        }
        if (!keep)
        {
            // Swap moved every path that existed aside, so a path with nothing aside did not exist before the
            // restore: the restored copy goes too.
            foreach (var selected in BackupSelection.For(world))
            {
                var live = Path.Combine(dataPath, selected);
                var kept = Path.Combine(aside, selected);
                if (Exists(live))
                {
                    Delete(live);
                }
                if (Exists(kept))
                {
                    Move(kept, live);
                }
            }
            steps.Add("restore rolled back: the world from before the restore is back");
        }
        Directory.Delete(aside, recursive: true);
        if (keep)
        {
            steps.Add("restore kept; the replaced files were removed");
        }
        return !keep;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
