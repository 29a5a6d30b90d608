using System.Runtime.InteropServices;
using ZedOps.PzSim;

SimSettings settings;
try
{
    settings = SimSettings.FromEnvironment();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

// Explicit, because Microsoft.Data.Sqlite's own discovery of the native bundle uses reflection that trimming removes.
SQLitePCL.Batteries_V2.Init();

var launcher = new ImageLauncher(settings, TimeProvider.System, Console.Out, Console.In);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await launcher.RunAsync();

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    launcher.RequestStop(context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT");
}
