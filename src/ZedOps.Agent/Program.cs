using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZedOps.Agent;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Identity;
using ZedOps.Agent.Link;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss "));
builder.Configuration.AddEnvironmentVariables("ZEDOPS_");
builder.Configuration.AddCommandLine(args, AgentOptions.SwitchMappings);
builder.Services.AddZedOpsAgent(builder.Configuration);

using var host = builder.Build();
try
{
    _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"zedops-agent: invalid configuration:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", ex.Failures)}");
    return AgentExitCodes.InvalidConfiguration;
}
await host.RunAsync();
return host.Services.GetRequiredService<AgentRunResult>().ExitCode;
