namespace ZedOps.PzSim.Tests;

/// <summary>A fresh directory under /tmp, removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pzsim-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A container may still hold a file briefly; /tmp is cleaned anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
