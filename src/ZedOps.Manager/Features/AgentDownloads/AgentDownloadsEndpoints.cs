using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.AgentDownloads;

/// <summary>What a new host fetches without an account: the install script, the agent build and its checksums.
/// None of it is secret; the registration token in the install command is what admits a host.</summary>
public static class AgentDownloadsEndpoints
{
    public const string SumsFile = "SHA256SUMS";
    public const string SignatureFile = "SHA256SUMS.sig";

    public static IEndpointRouteBuilder MapAgentDownloadsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().WithTags("Agent downloads");
        group.MapGet("/install.sh", GetInstallScript);
        group.MapGet("/agent/signing-key.pem", (AgentSigningKey key) => TypedResults.Text(key.PublicKeyPem, "application/x-pem-file"));
        group.MapGet("/agent/{rid}", (string rid, AgentReleases releases) => GetFile(rid, AgentReleases.BinaryName, releases, null));
        group.MapGet("/agent/{rid}/{file}", (string rid, string file, AgentReleases releases, AgentSigningKey key) => GetFile(rid, file, releases, key));
        return app;
    }

    internal static string ManagerUrl(HttpContext http, ManagerOptions options) =>
        (options.PublicUrl ?? $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');

    private static ContentHttpResult GetInstallScript(HttpContext http, IOptions<ManagerOptions> options)
    {
        using var stream = typeof(AgentDownloadsEndpoints).Assembly.GetManifestResourceStream("install.sh")!;
        var script = new StreamReader(stream).ReadToEnd().Replace("@MANAGER_URL@", ManagerUrl(http, options.Value), StringComparison.Ordinal);
        return TypedResults.Text(script, "text/x-shellscript");
    }

    private static IResult GetFile(string rid, string file, AgentReleases releases, AgentSigningKey? key)
    {
        if (releases.Find(rid) is not { } release)
        {
            return TypedResults.Problem(statusCode: 404, title: "No agent build",
                detail: AgentReleases.Rids.Contains(rid)
                    ? $"This manager serves no {rid} agent build. On the manager's machine run scripts/publish-agent.sh {rid} (or set ZEDOPS_AGENT_BINARIES to the folder holding {rid}/)."
                    : $"'{rid}' is not an agent runtime; use one of {string.Join(", ", AgentReleases.Rids)}.");
        }
        return file switch
        {
            SumsFile => TypedResults.Text(release.Manifest, "text/plain"),
            SignatureFile when key is not null => TypedResults.Text(key.Sign(release.Manifest), "text/plain"),
            "VERSION" => TypedResults.Text(release.Version + "\n", "text/plain"),
            _ when release.Files.Contains(file) => TypedResults.PhysicalFile(release.PathOf(file), "application/octet-stream", file),
            _ => TypedResults.Problem(statusCode: 404, title: "No such agent file", detail: $"The {rid} build has no file '{file}'; it has {string.Join(", ", release.Files)}."),
        };
    }
}
