using ZedOps.Manager.Components;
using ZedOps.Manager.Features.AgentDownloads;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.BackupTargets;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Containers;
using ZedOps.Manager.Features.Health;
using ZedOps.Manager.Features.Invitations;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Tokens;
using ZedOps.Manager.Features.Users;
using ZedOps.Manager.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss "));
builder.WebHost.UseStaticWebAssets();
var options = builder.AddZedOpsOptions();
builder.Services.AddZedOpsData(options);
builder.Services.AddZedOpsAuth(options);
builder.Services.AddZedOpsAgents();
builder.Services.AddZedOpsBackupPolicies();
builder.Services.AddZedOpsRcon(builder.Configuration);
builder.Services.AddZedOpsUi();

var app = builder.Build();
app.UseZedOpsPipeline();

app.MapHealthEndpoints();
app.MapAuthEndpoints();
app.MapTwoFactorEndpoints();
app.MapTokensEndpoints();
app.MapAgentsEndpoints();
app.MapAgentDownloadsEndpoints();
app.MapAgentUpdatesEndpoints();
app.MapContainersEndpoints();
app.MapServersEndpoints();
app.MapRconEndpoints();
app.MapBackupsEndpoints();
app.MapBackupPolicyEndpoints();
app.MapBackupTargetsEndpoints();
app.MapPlayersEndpoints();
app.MapAuditEndpoints();
app.MapUsersEndpoints();
app.MapRoleAssignmentEndpoints();
app.MapInvitationsEndpoints();
app.MapAgentHub();
app.MapOpenApi();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
