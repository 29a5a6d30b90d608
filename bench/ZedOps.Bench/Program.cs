using ZedOps.Bench;

// Usage: dotnet run -c Release --project bench/ZedOps.Bench -- [link|console|lifecycle|idle|backup|backup-e2e|transfer|http|metrics|replicas|all] [--agents N] [--backup-mb N] [--servers N]
//        http only: [--route health|ping|containers] [--variant cookie|token|viewer|anonymous] [--concurrency C] [--requests N per round]
//        (one line, longer, e.g. to attach dotnet-trace)
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var agents = args.SkipWhile(a => a != "--agents").Skip(1).Select(int.Parse).DefaultIfEmpty(2000).First();
Console.WriteLine($"ZedOps bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (mode is "link" or "all")
{
    await LinkBenchmark.RunAsync();
}
if (mode is "console" or "all")
{
    await ConsoleBenchmark.RunAsync();
}
if (mode is "lifecycle" or "all")
{
    await LifecycleBenchmark.RunAsync();
}
if (mode is "backup" or "all")
{
    await BackupBenchmark.RunAsync(args.SkipWhile(a => a != "--backup-mb").Skip(1).Select(int.Parse).DefaultIfEmpty(2000).First());
}
if (mode is "backup-e2e" or "all")
{
    await BackupThroughManagerBenchmark.RunAsync(args.SkipWhile(a => a != "--backup-mb").Skip(1).Select(int.Parse).DefaultIfEmpty(2000).First());
}
if (mode is "transfer")
{
    // About 200 MB of archive: the generated world compresses to about half.
    await BackupThroughManagerBenchmark.RunAsync(args.SkipWhile(a => a != "--backup-mb").Skip(1).Select(int.Parse).DefaultIfEmpty(400).First(), transfer: true);
}
if (mode is "replicas" or "all")
{
    await ReplicaBenchmark.RunAsync();
}
if (mode is "http" or "all")
{
    await HttpApiBenchmark.RunAsync(Option("--route"), Option("--variant"),
        Option("--concurrency") is { } c ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : null,
        Option("--requests") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 2_000);
}
if (mode is "metrics" or "all")
{
    await MetricsBenchmark.RunAsync(args.SkipWhile(a => a != "--servers").Skip(1).Select(int.Parse).DefaultIfEmpty(20).First());
}
if (mode is "idle" or "all")
{
    await IdleAgentsBenchmark.RunAsync(agents);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
