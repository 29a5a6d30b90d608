using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace ZedOps.Manager.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c>/<c>-Proto</c> are believed only from the reverse proxies named in <c>ZedOps:TrustedProxies</c>
/// (addresses or CIDR networks, comma-separated). Then the login rate limit, the audit log and the agent log see the
/// client's address instead of the proxy's, and an HTTPS request at the proxy gets a Secure auth cookie. With none
/// configured the headers are ignored (ASP.NET's default would trust loopback, which a local proxy-less setup must not).
/// </summary>
internal static class TrustedProxies
{
    public static IReadOnlyList<string> Entries(string? setting) =>
        (setting ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IEnumerable<string> Problems(string? setting) =>
        Entries(setting).Where(e => !IPAddress.TryParse(e, out _) && !IPNetwork.TryParse(e, out _))
            .Select(e => $"ZedOps:TrustedProxies (ZEDOPS_TRUSTED_PROXIES) must list IP addresses or CIDR networks; '{e}' is neither");

    public static WebApplication UseZedOpsForwardedHeaders(this WebApplication app, ManagerOptions options)
    {
        var entries = Entries(options.TrustedProxies);
        if (entries.Count == 0)
        {
            return app;
        }
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Walk back through a chain of trusted proxies; the first untrusted hop is the client.
            ForwardLimit = null,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
            else
            {
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(entry));
            }
        }
        app.UseForwardedHeaders(forwarded);
        return app;
    }
}
