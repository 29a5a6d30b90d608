using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZedOps.Agent;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Identity;
using ZedOps.Agent.Link;
using ZedOps.Agent.Update;

if (args is ["--version"])
{
    Console.WriteLine($"{AgentBuild.BinaryName} {AgentVersion.Current} {AgentBuild.Rid}");
    return AgentExitCodes.Ok;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss "));
builder.Configuration.AddEnvironmentVariables("ZEDOPS_");
builder.Configuration.AddCommandLine(args, AgentOptions.SwitchMappings);
builder.Services.AddZedOpsAgent(builder.Configuration);

using var host = builder.Build();
var updates = host.Services.GetRequiredService<UpdateGuardFactory>().ForThisBinary();
if (updates?.OnStart() == StartVerdict.RolledBack)
{
    return RestartInto(AgentBuild.ExecutablePath!);
}
try
{
    _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"zedops-agent: invalid configuration:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", ex.Failures)}");
    return AgentExitCodes.InvalidConfiguration;
}
// RunAsync disposes the host: take what is needed after it first.
var result = host.Services.GetRequiredService<AgentRunResult>();
await host.RunAsync();
return result.RestartInto is { } binary ? RestartInto(binary) : result.ExitCode;

// Self-update and rollback: the same PID runs the other binary with the same arguments.
int RestartInto(string binary)
{
    var errno = ProcessImage.Replace(binary, args);
    Console.Error.WriteLine($"zedops-agent: could not restart into {binary} (errno {errno})");
    return AgentExitCodes.RestartFailed;
}
