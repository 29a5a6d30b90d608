using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Containers;

/// <summary>Container requests from the manager, answered from Docker. Runtime failures keep their typed code.</summary>
internal sealed class ContainerCommands(IContainerRuntime runtime, ContainerTable table)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.ListContainers, async (req, ct) => new ListContainersResult(await Run(() => table.ListAsync(req.All, ct))))
        .Handle(Requests.InspectContainer, async (req, ct) => new InspectContainerResult(await InspectOrThrowAsync(req.Id, ct)))
        .Handle(Requests.StartContainer, (req, ct) => ActAsync(req, () => runtime.StartAsync(req.Id, ct), ct))
        .Handle(Requests.StopContainer, (req, ct) => ActAsync(req, () => runtime.StopAsync(req.Id, Grace(req), ct), ct))
        .Handle(Requests.RestartContainer, (req, ct) => ActAsync(req, () => runtime.RestartAsync(req.Id, Grace(req), ct), ct))
        .Handle(Requests.KillContainer, (req, ct) => ActAsync(req, () => runtime.KillAsync(req.Id, ct), ct));

    private async ValueTask<ContainerActionResult> ActAsync(ContainerAction request, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await Run(async () => { await action(); return true; });
        }
        finally
        {
            table.Invalidate(); // the answer to the next list must show this action, even before its Docker event arrives
        }
        return new ContainerActionResult(await InspectOrThrowAsync(request.Id, ct));
    }

    private async Task<ContainerSummary> InspectOrThrowAsync(string id, CancellationToken ct) =>
        await Run(() => runtime.InspectAsync(id, ct)) ?? throw new WireRequestException(ErrorCodes.NotFound, $"no container '{id}' on this host");

    private static TimeSpan Grace(ContainerAction request) =>
        request.GraceSeconds is > 0 ? TimeSpan.FromSeconds(request.GraceSeconds.Value) : DefaultGrace;

    internal static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ContainerRuntimeException ex)
        {
            throw new WireRequestException(ex.Code, ex.Message);
        }
    }
}
