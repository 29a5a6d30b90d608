using System.Diagnostics;

namespace ZedOps.Testing;

public static class TaskTimeoutExtensions
{
    /// <summary>Generous bound for any single await in a test; a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan DefaultTimeoutSpan = Debugger.IsAttached ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout) => task.WaitAsync(timeout);
}
