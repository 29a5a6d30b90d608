using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Features.Containers;

[Trait("Category", "Docker")]
public sealed class DockerAvailabilityTests
{
    [DockerFact]
    public async Task DockerGone_ClearErrorAndAgentStaysOnline_ThenRecoversWhenItReturns()
    {
        await using var proxy = new UnixSocketProxy(Requirements.DockerSocket);
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(300) });
        using var admin = await manager.CreateAdminClientAsync();
        var registered = await manager.RegisterAgentAsync(admin);
        await using var agent = AgentProcess.Start(manager.BaseAddress, null, null, AgentIdentityFiles.Write(manager, registered),
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<IContainerRuntime>(sp =>
                new DockerContainerRuntime(proxy.Endpoint, TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance))));
        await manager.WaitOnlineAsync(registered.AgentId);

        using (var down = await admin.GetAsync($"/api/agents/{registered.AgentId}/containers"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            var problem = await down.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal("Docker unavailable on the agent", problem!.Title);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        }
        var view = await admin.GetAgentAsync(registered.AgentId);
        Assert.Equal("online", view.Status);
        Assert.False(view.Docker!.Available);

        proxy.Start();

        await Eventually.ReturnsAsync(async () => (await admin.GetAsync($"/api/agents/{registered.AgentId}/containers")).StatusCode,
            s => s == HttpStatusCode.OK, "container list once Docker is back");
        await Eventually.ReturnsAsync(() => admin.GetAgentAsync(registered.AgentId), a => a.Docker?.Available == true, "heartbeat reporting Docker available");
        manager.DeleteData();
    }
}
