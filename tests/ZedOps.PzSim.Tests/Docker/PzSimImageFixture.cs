namespace ZedOps.PzSim.Tests.Docker;

/// <summary>
/// Makes sure the pz-sim image matches the sources by running scripts/build-pz-sim-image.sh, which returns at once
/// when the image for this source hash exists; so plain <c>dotnet test</c> works wherever a Docker daemon does.
/// </summary>
public sealed class PzSimImageFixture : IAsyncLifetime
{
    /// <summary>The exact image for these sources (the script's <c>image=</c> line), not :latest, which another checkout may move.</summary>
    public static string Image { get; private set; } = "zedops/pz-sim:latest";

    public async Task InitializeAsync()
    {
        if (Requirements.DockerMissing is not null)
        {
            return;
        }
        var script = Path.Combine(RepoRoot(), "scripts", "build-pz-sim-image.sh");
        var (exit, output, error) = await Cli.RunAsync("bash", [script], TimeSpan.FromMinutes(10));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{script} failed ({exit}):\n{output}\n{error}");
        }
        Image = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("image=", StringComparison.Ordinal))?["image=".Length..] ?? Image;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZedOps.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ZedOps.slnx not found above " + AppContext.BaseDirectory);
    }
}
