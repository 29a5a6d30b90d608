using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Containers;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Features.Containers;

/// <summary>The container API through the real manager, the real agent and the real Docker daemon.</summary>
[Trait("Category", "Docker")]
public sealed class ContainersApiTests : ManagerWithAgentTestBase
{
    [DockerFact]
    public async Task List_ManagedByDefault_AllOnRequest()
    {
        var managed = await Docker.CreateAsync(DockerTestContainers.Forever);
        var unmanaged = await Docker.CreateAsync(DockerTestContainers.Forever, managed: false);

        var defaultList = await Admin.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers");
        var allList = await Admin.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers?all=true");

        Assert.Contains(defaultList!, c => c.Name == managed && c.State == ContainerStates.Running && c.Managed);
        Assert.DoesNotContain(defaultList!, c => c.Name == unmanaged);
        Assert.Contains(allList!, c => c.Name == unmanaged && !c.Managed);
    }

    /// <summary>The agent answers lists from its live table; a change made behind its back (docker CLI) reaches the next
    /// lists through Docker's event stream, not after a timed refresh.</summary>
    [DockerFact]
    public async Task List_AfterAChangeOutsideZedOps_ShowsItOnceDockerReportsIt()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever);
        var before = await Admin.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers");
        Assert.Contains(before!, c => c.Name == name && c.State == ContainerStates.Running);

        await DockerTestContainers.DockerCliAsync("kill", name);

        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers"))!,
            list => list.Any(c => c.Name == name && c.State == ContainerStates.Exited), "the killed container listed as exited", TimeSpan.FromSeconds(10));
    }

    [DockerFact]
    public async Task Actions_StopStartRestartKill_ChangeState()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever);

        Assert.Equal(ContainerStates.Exited, (await ActAsync(name, "stop?graceSeconds=5")).State);
        Assert.Equal(ContainerStates.Running, (await ActAsync(name, "start")).State);
        var restarted = await ActAsync(name, "restart?graceSeconds=5");
        Assert.Equal(ContainerStates.Running, restarted.State);
        Assert.Equal(ContainerStates.Exited, (await ActAsync(name, "kill")).State);

        using var again = await Admin.PostAsync($"/api/agents/{AgentId}/containers/{name}/kill", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("not running", problem!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [DockerFact]
    public async Task Action_UnknownContainer_Returns404Problem()
    {
        using var response = await Admin.PostAsync($"/api/agents/{AgentId}/containers/zedtest-nope-{Guid.NewGuid():N}/start", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [DockerFact]
    public async Task DockerStopByHand_SeenThroughEventsWithinTwoSeconds()
    {
        var name = await Docker.CreateAsync(DockerTestContainers.Forever);
        var fleet = Manager.Services.GetRequiredService<ContainerFleet>();
        await Eventually.TrueAsync(() => fleet.Containers(AgentId).Any(c => c.Name == name && c.State == ContainerStates.Running), "container known as running");

        var stopwatch = Stopwatch.StartNew();
        await DockerTestContainers.DockerCliAsync("stop", "-t", "1", name);
        var cliDone = stopwatch.Elapsed;
        await Eventually.TrueAsync(() => fleet.Containers(AgentId).Any(c => c.Name == name && c.State == ContainerStates.Exited), "exited state via events", TimeSpan.FromSeconds(10));

        Assert.True(stopwatch.Elapsed - cliDone < TimeSpan.FromSeconds(2), $"state arrived {(stopwatch.Elapsed - cliDone).TotalMilliseconds:0} ms after docker stop returned");
        await DockerTestContainers.DockerCliAsync("rm", "-f", name);
        await Eventually.TrueAsync(() => fleet.Containers(AgentId).All(c => c.Name != name), "removal via events", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task List_AgentOffline_Returns503WithMessage()
    {
        await Host.Agent.DisposeAsync();
        await Manager.WaitOnlineAsync(AgentId, online: false);

        using var response = await Admin.GetAsync($"/api/agents/{AgentId}/containers").DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("offline", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("bad id!")]
    [InlineData("-leading-dash")]
    public async Task Action_InvalidContainerId_Returns400(string id)
    {
        using var response = await Admin.PostAsync($"/api/agents/{AgentId}/containers/{Uri.EscapeDataString(id)}/start", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<ContainerSummary> ActAsync(string name, string action)
    {
        using var response = await Admin.PostAsync($"/api/agents/{AgentId}/containers/{name}/{action}", null).DefaultTimeout();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ContainerSummary>())!;
    }
}
